package api

import (
	"context"
	"time"

	"portfolio/models"
)

// SignInWindow is how long failed sign-ins count: attempts older than it
// are forgotten (the janitor removes them from the database).
const SignInWindow = 15 * time.Minute

// Sign-in limits: 5 failures for one account, or 20 from one address,
// within SignInWindow lock further attempts until the window passes.
const (
	maxAccountFailures = 5
	maxAddressFailures = 20
)

// limiter counts sign-in attempts per account and per address in the
// database, so the limit holds across every app server sharing it and
// across restarts. An attempt is reserved before its password is checked,
// so a burst of parallel guesses gets no more checks than the limit; a
// success releases its reservation, a failure keeps it.
type limiter struct {
	store *models.Store
	rule  models.SignInLimits
}

func newLimiter(store *models.Store) *limiter {
	return &limiter{store: store, rule: models.SignInLimits{Window: SignInWindow, PerUser: maxAccountFailures, PerAddress: maxAddressFailures}}
}

// reservation is the attempt reserve counted; release takes it back.
type reservation struct{ id int64 }

// reserve counts an attempt of username from addr, or refuses it (ok
// false: the caller must not check the password).
func (l *limiter) reserve(ctx context.Context, now time.Time, username, addr string) (reservation, bool, error) {
	id, ok, err := l.store.ReserveSignIn(ctx, username, addr, l.rule, now)
	return reservation{id}, ok, err
}

// release takes back a reservation (the password was right, or could
// not be checked), even when the request has been given up.
func (l *limiter) release(ctx context.Context, r reservation) error {
	return l.store.ReleaseSignIn(context.WithoutCancel(ctx), r.id)
}
