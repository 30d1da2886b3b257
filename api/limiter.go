package api

import (
	"sync"
	"time"
)

// limiter counts sign-in attempts per key (an account, an address) in a
// sliding window. An attempt is reserved before its password is checked,
// so a burst of parallel guesses gets no more checks than the limit; a
// success releases its reservation, a failure keeps it. It lives in the
// server (one per process): several app servers each count their own.
type limiter struct {
	mu       sync.Mutex
	window   time.Duration
	maxKeys  int // the map is swept of expired keys beyond this, then trimmed
	attempts map[string][]time.Time
}

// limiterKeys bounds the keys kept: far more than the accounts and
// addresses of a province, small enough to be no memory threat.
const limiterKeys = 50_000

func newLimiter(window time.Duration) *limiter {
	return &limiter{window: window, maxKeys: limiterKeys, attempts: map[string][]time.Time{}}
}

// limit is one key and the attempts it may have in the window.
type limit struct {
	key string
	max int
}

// reservation is the attempt reserve made; release takes it back.
type reservation struct {
	at   time.Time
	keys []string
}

// recent drops a key's attempts older than the window and counts the rest.
func (l *limiter) recent(key string, now time.Time) int {
	ts := l.attempts[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.window {
		i++
	}
	if i == len(ts) {
		delete(l.attempts, key)
		return 0
	}
	if i > 0 {
		l.attempts[key] = append([]time.Time(nil), ts[i:]...)
	}
	return len(ts) - i
}

// reserve counts an attempt against every key, or against none when one
// of them has reached its limit (ok false: the caller must not check the
// password).
func (l *limiter) reserve(now time.Time, limits ...limit) (r reservation, ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, lim := range limits {
		if l.recent(lim.key, now) >= lim.max {
			return reservation{}, false
		}
	}
	l.makeRoom(now, len(limits))
	r.at = now
	for _, lim := range limits {
		l.attempts[lim.key] = append(l.attempts[lim.key], now)
		r.keys = append(r.keys, lim.key)
	}
	return r, true
}

// release takes back a reservation (the password was right).
func (l *limiter) release(r reservation) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range r.keys {
		ts := l.attempts[k]
		for i := len(ts) - 1; i >= 0; i-- {
			if ts[i].Equal(r.at) {
				ts = append(ts[:i], ts[i+1:]...)
				break
			}
		}
		if len(ts) == 0 {
			delete(l.attempts, k)
		} else {
			l.attempts[k] = ts
		}
	}
}

// makeRoom keeps the map bounded: past maxKeys it forgets every expired
// key, and if a flood of fresh keys still fills it, the oldest-touched
// keys go first, so the map never grows without end.
func (l *limiter) makeRoom(now time.Time, need int) {
	if len(l.attempts)+need <= l.maxKeys {
		return
	}
	for k := range l.attempts {
		l.recent(k, now)
	}
	for len(l.attempts)+need > l.maxKeys {
		oldest, at := "", now
		for k, ts := range l.attempts {
			if last := ts[len(ts)-1]; !last.After(at) {
				oldest, at = k, last
			}
		}
		delete(l.attempts, oldest)
	}
}

// size is how many keys the limiter holds.
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.attempts)
}
