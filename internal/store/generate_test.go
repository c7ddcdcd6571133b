package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

func TestGenerateWritesARealisticLedgerWithConsistentIndexes(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-02")
	opt := GenerateOptions{Branches: 12, Tasks: 6000, Seed: 7}
	require.NoError(t, s.Generate(opt))

	assertIndexesMatchScan(t, s)
	root := s.Tree().Children(0)
	require.Len(t, root, 1, "one generated 党委")
	assert.Len(t, s.Tree().Children(root[0]), 12)

	admin := &ledger.User{Role: ledger.RoleAdmin}
	rows, err := s.Dashboard(s.Scope(admin), DashboardFilter{})
	require.NoError(t, err)
	all := rows[0]
	share := func(n int64) float64 { return float64(n) / float64(all.Total) }
	assert.Equal(t, int64(6000), all.Total)
	assert.Equal(t, int64(2000), all.Problems, "a problem per three tasks")
	assert.InDelta(t, 0.40, share(all.Closed), 0.03, "closed")
	assert.InDelta(t, 0.10, share(all.Submitted), 0.02, "submitted")
	assert.InDelta(t, 0.10, share(all.Overdue), 0.02, "overdue")
	assert.InDelta(t, 0.05, share(all.DueSoon), 0.015, "due soon")
	assert.Positive(t, all.ReviewsDue, "some 回头看 are due")

	users, err := s.Users(s.Scope(admin))
	require.NoError(t, err)
	branchOf := map[int64]int64{}
	for _, u := range users {
		assert.Equal(t, ledger.RoleMember, u.Role)
		branchOf[u.ID] = u.BranchID
	}
	assert.Len(t, users, 12, "one member per 支部")
	tasks := allTasks(t, s)
	longTerm := 0
	for _, task := range tasks {
		require.Equal(t, task.BranchID, branchOf[task.OwnerID], "each 支部's member owns its tasks")
		if task.Kind == ledger.KindLongTerm {
			longTerm++
		}
	}
	assert.InDelta(t, 0.05, float64(longTerm)/float64(len(tasks)), 0.015, "long-term")

	t.Run("closed tasks carry their whole trail, chained", func(t *testing.T) {
		requireChainOK(t, s)
		for _, task := range tasks {
			if task.Status != ledger.StatusClosed {
				continue
			}
			evs, err := s.TaskEvents(s.Scope(admin), task.ID)
			require.NoError(t, err)
			var actions []ledger.Action
			for _, e := range evs {
				actions = append(actions, e.Action)
			}
			assert.Equal(t, []ledger.Action{ledger.ActCreate, ledger.ActProgress, ledger.ActSubmit, ledger.ActApprove}, actions[:4])
			last := evs[3]
			assert.Equal(t, task.ClosedOn, decodeTask(t, last.After).ClosedOn, "the replayed trail ends in the record")
			assert.Equal(t, ledger.StatusClosed, decodeTask(t, last.After).Status)
			break
		}
	})
	t.Run("the same seed and day give the same ledger", func(t *testing.T) {
		again, _ := newTestStore(t, "2026-03-02")
		require.NoError(t, again.Generate(opt))
		assert.Equal(t, bucketContents(t, s.DB(), bTasks), bucketContents(t, again.DB(), bTasks))
	})
}
