package auth

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPasswordHashRoundTrip(t *testing.T) {
	Cost = 4
	h, err := HashPassword("correct horse")
	require.NoError(t, err)
	assert.True(t, CheckPassword(h, "correct horse"))
	assert.False(t, CheckPassword(h, "wrong horse"))
	assert.False(t, CheckPassword("", "anything"), "an unknown user never matches")
}

func TestTokensAreRandomAndStoredHashed(t *testing.T) {
	a, ha := NewToken()
	b, _ := NewToken()
	assert.NotEqual(t, a, b)
	assert.Equal(t, ha, HashToken(a))
	assert.NotContains(t, string(ha), a)
}

func TestThrottleDelaysAfterFreeFailures(t *testing.T) {
	th := NewThrottle(3, time.Second, 30*time.Second)
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	for range 3 {
		assert.Zero(t, th.Wait("alice", now))
		th.Fail("alice", now)
	}
	assert.Equal(t, time.Second, th.Wait("alice", now), "the fourth attempt waits")
	th.Fail("alice", now)
	assert.Equal(t, 2*time.Second, th.Wait("alice", now), "each failure doubles the wait")
	assert.Zero(t, th.Wait("alice", now.Add(3*time.Second)))
	assert.Zero(t, th.Wait("bob", now), "other logins are not affected")
	for range 20 {
		th.Fail("alice", now)
	}
	assert.Equal(t, 30*time.Second, th.Wait("alice", now), "the wait is capped")
	th.Succeed("alice")
	assert.Zero(t, th.Wait("alice", now))
}
