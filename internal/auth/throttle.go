package auth

import (
	"sync"
	"time"
)

// Throttle slows down password guessing: after a few failures for a key
// (a login, or a client address) each further attempt must wait, doubling
// up to a cap. A key's failures are forgotten after Forget without one
// (an hour by default), not by a success elsewhere. It is in memory; a
// restart forgives, which is acceptable for an intranet service with
// bcrypt hashes (and forgets the attacker's count just as well).
type Throttle struct {
	mu    sync.Mutex
	fails map[string]*failure
	free  int
	base  time.Duration
	cap   time.Duration
	// Forget is how long a key must go without a failure to start afresh.
	Forget time.Duration
}

type failure struct {
	n    int
	last time.Time
}

// NewThrottle allows free failures before delays start at base.
func NewThrottle(free int, base, cap time.Duration) *Throttle {
	return &Throttle{fails: map[string]*failure{}, free: free, base: base, cap: cap, Forget: time.Hour}
}

// Wait returns how long key must still wait before another attempt.
func (t *Throttle) Wait(key string, now time.Time) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.fails[key]
	if f == nil || f.n < t.free || t.forgotten(f, now) {
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
	if len(t.fails) >= maxKeys {
		t.prune(now)
	}
	f := t.fails[key]
	if f == nil || t.forgotten(f, now) {
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

func (t *Throttle) forgotten(f *failure, now time.Time) bool {
	return t.Forget > 0 && now.Sub(f.last) > t.Forget
}

// Failures returns how many failures key has on record at now.
func (t *Throttle) Failures(key string, now time.Time) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	if f := t.fails[key]; f != nil && !t.forgotten(f, now) {
		return f.n
	}
	return 0
}

// maxKeys bounds memory under a spray of random logins and addresses.
const maxKeys = 100000

// prune makes room: keys that are forgotten or still within their free
// failures go first, so a spray cannot wipe the count of an account under
// attack; only if that is not enough does everything go.
func (t *Throttle) prune(now time.Time) {
	for k, f := range t.fails {
		if f.n < t.free || t.forgotten(f, now) {
			delete(t.fails, k)
		}
	}
	if len(t.fails) >= maxKeys {
		t.fails = map[string]*failure{}
	}
}
