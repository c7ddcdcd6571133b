package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

func TestCachedSessionsFollowEveryRevocationAndUserChange(t *testing.T) {
	s, clock := newTestStore(t, "2026-03-02")
	o := newOrg(t, s)
	hash := []byte("token-hash-of-member-000000000000")
	require.NoError(t, s.CreateSession(hash, Session{UserID: o.member.ID, ExpiresAt: s.Now().Add(time.Hour)}))
	for range 2 { // the second lookup is served from the cache
		u, err := s.FindSession(hash)
		require.NoError(t, err)
		assert.Equal(t, ledger.RoleMember, u.Role)
	}

	officer := ledger.RoleOfficer
	_, err := s.UpdateUser(o.admin, o.member.ID, UserUpdate{Role: &officer})
	require.NoError(t, err)
	u, err := s.FindSession(hash)
	require.NoError(t, err)
	assert.Equal(t, ledger.RoleOfficer, u.Role, "a role change is seen at once")

	clock.Advance(2 * time.Hour)
	_, err = s.FindSession(hash)
	assert.Equal(t, ledger.EUNAUTHORIZED, ledger.ErrorCode(err), "a cached session still expires")

	other := []byte("token-hash-of-member-111111111111")
	require.NoError(t, s.CreateSession(other, Session{UserID: o.member.ID, ExpiresAt: s.Now().Add(time.Hour)}))
	_, err = s.FindSession(other)
	require.NoError(t, err)
	require.NoError(t, s.DeleteSession(other))
	_, err = s.FindSession(other)
	assert.Equal(t, ledger.EUNAUTHORIZED, ledger.ErrorCode(err), "logout ends a cached session")

	third := []byte("token-hash-of-member-222222222222")
	require.NoError(t, s.CreateSession(third, Session{UserID: o.member.ID, ExpiresAt: s.Now().Add(time.Hour)}))
	_, err = s.FindSession(third)
	require.NoError(t, err)
	disabled := true
	_, err = s.UpdateUser(o.admin, o.member.ID, UserUpdate{Disabled: &disabled})
	require.NoError(t, err)
	_, err = s.FindSession(third)
	assert.Equal(t, ledger.EUNAUTHORIZED, ledger.ErrorCode(err), "disabling ends a cached session")
}
