package auth

import (
	"sync"
	"time"
)

// Throttle slows down password guessing: after a few failures for a key
// (a login, or a client address) each further attempt must wait, doubling
// up to a cap. It is in memory; a restart forgives, which is acceptable
// for an intranet service with bcrypt hashes.
type Throttle struct {
	mu    sync.Mutex
	fails map[string]*failure
	free  int
	base  time.Duration
	cap   time.Duration
}

type failure struct {
	n    int
	last time.Time
}

// NewThrottle allows free failures before delays start at base.
func NewThrottle(free int, base, cap time.Duration) *Throttle {
	return &Throttle{fails: map[string]*failure{}, free: free, base: base, cap: cap}
}

// Wait returns how long key must still wait before another attempt.
func (t *Throttle) Wait(key string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.fails[key]
	if f == nil || f.n < t.free {
		return 0
	}
	d := t.base << min(f.n-t.free, 16)
	if d > t.cap || d <= 0 {
		d = t.cap
	}
	if w := f.last.Add(d).Sub(now); w > 0 {
		return w
	}
	return 0
}

// Fail records a failed attempt.
func (t *Throttle) Fail(key string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.fails) > 100000 {
		// Bound memory under a spray of random logins.
		t.fails = map[string]*failure{}
	}
	f := t.fails[key]
	if f == nil {
		f = &failure{}
		t.fails[key] = f
	}
	f.n++
	f.last = now
}

// Succeed forgets the failures of key.
func (t *Throttle) Succeed(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, key)
}
