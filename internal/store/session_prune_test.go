package store

import (
	"crypto/sha256"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"
)

// Issue 12 item 13: expired sessions were never deleted. A login now
// deletes them, at most once an hour, in its own transaction; serve also
// prunes at start (PruneSessions).
func TestLoginsPruneExpiredSessionsHourly(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	s := db.s
	o := newOrg(t, s)
	stored := func() int {
		n := 0
		require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error { n = tx.Bucket(bSessions).Stats().KeyN; return nil }))
		return n
	}
	login := func(token string, ttl time.Duration) {
		h := sha256.Sum256([]byte(token))
		require.NoError(t, s.CreateSession(h[:], Session{UserID: o.member.ID, CreatedAt: s.Now(), ExpiresAt: s.Now().Add(ttl)}))
	}
	login("a", 10*time.Minute)
	login("b", 10*time.Minute)
	login("c", 3*time.Hour)
	db.clock.Advance(30 * time.Minute)
	login("d", time.Hour)
	assert.Equal(t, 4, stored(), "within the hour a login does not scan the sessions")
	db.clock.Advance(31 * time.Minute)
	login("e", time.Hour)
	assert.Equal(t, 3, stored(), "an hour after the last pruning, a login deletes a and b")
	db.clock.Advance(5 * time.Hour)
	n, err := s.PruneSessions()
	require.NoError(t, err)
	assert.Equal(t, 3, n, "pruning at start deletes what expired meanwhile")
	assert.Zero(t, stored())
}
