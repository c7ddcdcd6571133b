package store

import (
	"sync"
	"sync/atomic"
	"time"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// sessionCache remembers recently checked tokens, so that authenticating
// a request is a map lookup instead of a read transaction and two
// decodes. Every write that can end a session or change a user (logout,
// password change, disabling, role or branch change, a new user) bumps a
// generation when it commits — the users' generation, which the People
// snapshot also keys on — which makes every cached entry stale at once: a
// revoked token stops working as soon as the revoking request returns.
type sessionCache struct {
	gen     atomic.Uint64
	mu      sync.RWMutex
	entries map[string]cachedSession
}

type cachedSession struct {
	gen     uint64
	user    ledger.User
	expires time.Time
}

// maxCachedSessions bounds memory under a spray of tokens.
const maxCachedSessions = 10000

func (c *sessionCache) get(hash []byte, now time.Time) (*ledger.User, bool) {
	c.mu.RLock()
	e, ok := c.entries[string(hash)]
	c.mu.RUnlock()
	if !ok || e.gen != c.gen.Load() || !now.Before(e.expires) {
		return nil, false
	}
	u := e.user
	return &u, true
}

// put stores an entry read at generation gen (taken before the read, so a
// revocation racing with the read leaves the entry already stale).
func (c *sessionCache) put(hash []byte, gen uint64, u *ledger.User, expires time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxCachedSessions {
		c.entries = map[string]cachedSession{}
	}
	c.entries[string(hash)] = cachedSession{gen: gen, user: *u, expires: expires}
}

// invalidateOnCommit makes every cached session stale once tx commits.
func (c *sessionCache) invalidateOnCommit(tx *bbolt.Tx) {
	tx.OnCommit(func() { c.gen.Add(1) })
}
