package models

import (
	"context"
	"fmt"
	"hash/fnv"
	"sort"
	"time"

	"gorm.io/gorm"
)

// SignInLimits is the sign-in rule: within Window, at most PerUser
// attempts name one account and at most PerAddress come from one address.
type SignInLimits struct {
	Window     time.Duration
	PerUser    int
	PerAddress int
}

// signInKey is a username as the attempts table keys it: no account has
// a longer name than MaxUsername, so a longer one is cut (it names no
// account either way) and a flood of huge names stores little.
func signInKey(name string) string {
	runes := 0
	for i := range name {
		if runes == MaxUsername+1 {
			return name[:i]
		}
		runes++
	}
	return name
}

// ReserveSignIn counts an attempt of username from address before its
// password is checked, or refuses it (ok false) when either has reached
// its limit in the window; a refused attempt is not counted. The count
// and the insert are one transaction under a lock of both keys (SQLite's
// one writer; PostgreSQL advisory locks), so a burst of parallel guesses,
// on one server or many, gets no more checks than the limit. The id is
// the reservation, for ReleaseSignIn.
func (s *Store) ReserveSignIn(ctx context.Context, username, address string, lim SignInLimits, now time.Time) (id int64, ok bool, err error) {
	username = signInKey(username)
	since := now.Add(-lim.Window).UTC()
	err = s.Tx(ctx, func(tx *gorm.DB) error {
		if err := s.lockKeys(tx, "sign-in user "+username, "sign-in addr "+address); err != nil {
			return err
		}
		var n struct{ Users, Addrs int }
		if err := tx.Raw(`SELECT (SELECT COUNT(*) FROM sign_in_attempts WHERE username = ? AND at > ?) AS users,
			(SELECT COUNT(*) FROM sign_in_attempts WHERE address = ? AND at > ?) AS addrs`,
			username, since, address, since).Scan(&n).Error; err != nil {
			return err
		}
		if n.Users >= lim.PerUser || n.Addrs >= lim.PerAddress {
			return nil
		}
		ok = true
		return tx.Raw(`INSERT INTO sign_in_attempts (username, address, at) VALUES (?, ?, ?) RETURNING id`,
			username, address, now.UTC()).Scan(&id).Error
	})
	if err != nil {
		return 0, false, fmt.Errorf("models: reserve sign-in: %w", err)
	}
	return id, ok, nil
}

// lockKeys takes a transaction-long PostgreSQL advisory lock of each key,
// in one order so two transactions never wait on each other in a circle.
// SQLite needs none: its transactions take the one write lock at BEGIN.
func (s *Store) lockKeys(tx *gorm.DB, keys ...string) error {
	if s.dialect != Postgres {
		return nil
	}
	ids := make([]int64, len(keys))
	for i, k := range keys {
		ids[i] = lockID(k)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		if err := tx.Exec(`SELECT pg_advisory_xact_lock(?)`, id).Error; err != nil {
			return err
		}
	}
	return nil
}

// lockID is a key's advisory lock number. Two keys of one number only
// wait on each other, which is harmless.
func lockID(key string) int64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(key))
	return int64(h.Sum64()) // #nosec G115 -- any 64 bits make a lock number
}

// ReleaseSignIn takes back a reservation: the password was right, or it
// could not be checked.
func (s *Store) ReleaseSignIn(ctx context.Context, id int64) error {
	if err := s.db.WithContext(ctx).Exec(`DELETE FROM sign_in_attempts WHERE id = ?`, id).Error; err != nil {
		return fmt.Errorf("models: release sign-in: %w", err)
	}
	return nil
}

// DeleteSignInsBefore forgets the attempts made before t (outside every
// window) and returns how many.
func (s *Store) DeleteSignInsBefore(ctx context.Context, t time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Exec(`DELETE FROM sign_in_attempts WHERE at < ?`, t.UTC())
	if res.Error != nil {
		return 0, fmt.Errorf("models: sweep sign-in attempts: %w", res.Error)
	}
	return res.RowsAffected, nil
}
