package models

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// tokenPrefix marks the project's tokens, so a leaked one is recognisable.
const tokenPrefix = "pft_"

// CreateToken makes a personal access token for a user and returns it:
// the only time it is seen; the store keeps its SHA-256.
func (s *Store) CreateToken(ctx context.Context, userID int64, name string, who Who) (string, *APIToken, error) {
	if utf8.RuneCountInString(name) > MaxTokenLabel {
		return "", nil, &FieldError{"label", fmt.Sprintf("令牌说明最长 %d 个字符", MaxTokenLabel)}
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	token := tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	t := &APIToken{UserID: userID, Name: name, TokenHash: tokenID(token), CreatedAt: time.Now().UTC()}
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(t).Error; err != nil {
			return err
		}
		return WriteAudit(tx, []AuditEntry{{At: t.CreatedAt, Actor: who.Actor, Source: who.Source, RemoteAddr: who.RemoteAddr,
			Action: ActionCreate, Entity: "api_tokens", EntityID: t.ID, AfterJSON: AuditJSON(map[string]any{"user_id": userID, "name": name})}})
	})
	if err != nil {
		return "", nil, err
	}
	return token, t, nil
}

// TokenUser returns the enabled user of a live (unrevoked) token.
func (s *Store) TokenUser(ctx context.Context, token string, now time.Time) (*User, error) {
	var t APIToken
	err := s.read.WithContext(ctx).Where("token_hash = ? AND revoked_at IS NULL", tokenID(token)).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNoSession
	}
	if err != nil {
		return nil, err
	}
	var u User
	if err := s.read.WithContext(ctx).Take(&u, t.UserID).Error; err != nil || u.Disabled {
		return nil, ErrNoSession
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		_ = s.db.WithContext(ctx).Model(&APIToken{}).Where("id = ?", t.ID).Update("last_used_at", now).Error
	}
	return &u, nil
}

// Tokens lists a user's tokens, newest first (hashes only).
func (s *Store) Tokens(ctx context.Context, userID int64) ([]APIToken, error) {
	var ts []APIToken
	err := s.read.WithContext(ctx).Where("user_id = ?", userID).Order("id DESC").Find(&ts).Error
	return ts, err
}

// RevokeToken ends a token for good.
func (s *Store) RevokeToken(ctx context.Context, id int64, who Who) error {
	return s.Tx(ctx, func(tx *gorm.DB) error {
		now := time.Now().UTC()
		res := tx.Model(&APIToken{}).Where("id = ? AND revoked_at IS NULL", id).Update("revoked_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return WriteAudit(tx, []AuditEntry{{At: now, Actor: who.Actor, Source: who.Source, RemoteAddr: who.RemoteAddr,
			Action: "revoke", Entity: "api_tokens", EntityID: id}})
	})
}

// AllTokens maps each user with tokens to them, newest first, as Tokens
// lists one user's: one query for a page listing all users.
func (s *Store) AllTokens(ctx context.Context) (map[int64][]APIToken, error) {
	var ts []APIToken
	if err := s.read.WithContext(ctx).Order("user_id, id DESC").Find(&ts).Error; err != nil {
		return nil, err
	}
	out := map[int64][]APIToken{}
	for _, t := range ts {
		out[t.UserID] = append(out[t.UserID], t)
	}
	return out, nil
}
