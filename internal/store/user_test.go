package store

import (
	"crypto/sha256"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

func TestDeleteBranchIsRefusedWhileInUse(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-02")
	o := newOrg(t, s)
	withBatch := mustBranch(t, s, o.admin, o.party.ID, "第三支部")
	require.NoError(t, s.CreateBatch(o.admin, &ledger.Batch{Title: "自查", SourceType: ledger.SourceSelfCheck,
		BranchID: withBatch.ID, StartedOn: date("2026-02-01")}))
	withProblem := mustBranch(t, s, o.admin, o.party.ID, "第四支部")
	mustProblem(t, s, o.admin, o.batch.ID, withProblem.ID, "问题")
	tests := []struct {
		name   string
		branch int64
	}{
		{"a branch with sub-branches stays", o.party.ID},
		{"a branch with users and tasks stays", o.first.ID},
		{"a branch with only a batch stays", withBatch.ID},
		{"a branch with only a problem stays", withProblem.ID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := s.DeleteBranch(o.admin, tt.branch)
			assert.Equal(t, ledger.ECONFLICT, ledger.ErrorCode(err))
			assert.NotNil(t, s.Tree().Get(tt.branch))
		})
	}
	t.Run("only an admin may delete a branch", func(t *testing.T) {
		empty := mustBranch(t, s, o.admin, o.party.ID, "临时支部")
		assert.Equal(t, ledger.EFORBIDDEN, ledger.ErrorCode(s.DeleteBranch(o.partyOfficer, empty.ID)))
		assert.NotNil(t, s.Tree().Get(empty.ID))
	})
	t.Run("an empty branch is deleted, from the database and the tree", func(t *testing.T) {
		empty := mustBranch(t, s, o.admin, o.party.ID, "待撤销支部")
		require.NoError(t, s.DeleteBranch(o.admin, empty.ID))
		assert.Nil(t, s.Tree().Get(empty.ID))
		assert.Equal(t, ledger.ActDelete, lastEvent(t, s).Action)
		assert.Equal(t, ledger.ENOTFOUND, ledger.ErrorCode(s.DeleteBranch(o.admin, empty.ID)))
	})
}

func TestLoginsAreUniqueWhateverTheirCase(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-02")
	o := newOrg(t, s)
	users, _ := s.CountUsers()
	for _, login := range []string{"zhang", "Zhang", "ZHANG"} {
		t.Run(login+" is taken by zhang", func(t *testing.T) {
			err := s.CreateUser(o.admin, &ledger.User{Login: login, Name: "另一个张三", Role: ledger.RoleMember, BranchID: o.second.ID}, "h")
			assert.Equal(t, ledger.ECONFLICT, ledger.ErrorCode(err))
			assert.Equal(t, "login", ledger.ErrorField(err))
		})
	}
	n, err := s.CountUsers()
	require.NoError(t, err)
	assert.Equal(t, users, n, "no user was added")
	t.Run("a login is found whatever its case", func(t *testing.T) {
		u, hash, err := s.FindUserByLogin("ZhAnG")
		require.NoError(t, err)
		assert.Equal(t, o.member.ID, u.ID)
		assert.Equal(t, "hash-zhang", hash)
	})
	t.Run("an unknown login is not found", func(t *testing.T) {
		_, _, err := s.FindUserByLogin("nobody")
		assert.Equal(t, ledger.ENOTFOUND, ledger.ErrorCode(err))
	})
}

func TestSessions(t *testing.T) {
	s, clock := newTestStore(t, "2026-03-02")
	o := newOrg(t, s)
	start := func(t *testing.T, u *ledger.User, token string, ttl time.Duration) []byte {
		h := sha256.Sum256([]byte(token))
		require.NoError(t, s.CreateSession(h[:], Session{UserID: u.ID, CreatedAt: s.Now(), ExpiresAt: s.Now().Add(ttl)}))
		return h[:]
	}
	live := func(h []byte) bool { _, err := s.FindSession(h); return err == nil }

	t.Run("a live session finds its user", func(t *testing.T) {
		h := start(t, o.member, "t1", time.Hour)
		u, err := s.FindSession(h)
		require.NoError(t, err)
		assert.Equal(t, o.member.ID, u.ID)
	})
	t.Run("a session expires when the clock passes its end, and pruning deletes it", func(t *testing.T) {
		h := start(t, o.member, "t2", time.Hour)
		other := start(t, o.officer, "t3", 3*time.Hour)
		clock.Advance(time.Hour)
		_, err := s.FindSession(h)
		assert.Equal(t, ledger.EUNAUTHORIZED, ledger.ErrorCode(err))
		assert.True(t, live(other))
		n, err := s.PruneSessions()
		require.NoError(t, err)
		assert.Equal(t, 2, n, "t1 and t2 had expired")
		assert.True(t, live(other))
	})
	t.Run("disabling a user deletes their sessions for good", func(t *testing.T) {
		h := start(t, o.member2, "t4", time.Hour)
		bystander := start(t, o.officer2, "t5", time.Hour)
		yes, no := true, false
		_, err := s.UpdateUser(o.admin, o.member2.ID, UserUpdate{Disabled: &yes})
		require.NoError(t, err)
		assert.False(t, live(h))
		_, err = s.UpdateUser(o.admin, o.member2.ID, UserUpdate{Disabled: &no})
		require.NoError(t, err)
		assert.False(t, live(h), "enabling the user again does not revive the old session")
		assert.True(t, live(bystander))
	})
	t.Run("a password change deletes the user's sessions", func(t *testing.T) {
		h := start(t, o.leader1, "t6", time.Hour)
		hash := "new-hash"
		_, err := s.UpdateUser(o.leader1, o.leader1.ID, UserUpdate{PasswordHash: &hash})
		require.NoError(t, err)
		assert.False(t, live(h))
		_, got, err := s.FindUserByLogin(o.leader1.Login)
		require.NoError(t, err)
		assert.Equal(t, "new-hash", got)
	})
	t.Run("a name change keeps the user's sessions", func(t *testing.T) {
		h := start(t, o.leader, "t7", time.Hour)
		name := "赵书记（新）"
		_, err := s.UpdateUser(o.leader, o.leader.ID, UserUpdate{Name: &name})
		require.NoError(t, err)
		assert.True(t, live(h))
	})
	t.Run("logout deletes the session", func(t *testing.T) {
		h := start(t, o.leader, "t8", time.Hour)
		require.NoError(t, s.DeleteSession(h))
		assert.False(t, live(h))
	})
}
