package benchgen_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/benchgen"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	now := func() time.Time { return time.Date(2026, 3, 2, 10, 0, 0, 0, loc) }
	s, err := store.Open(t.TempDir(), store.Options{Now: now, Location: loc, NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s.Check()); require.NoError(t, s.Close()) })
	return s
}

func allTasks(t *testing.T, s *store.Store, scope ledger.Scope) []*ledger.Task {
	t.Helper()
	var out []*ledger.Task
	f := ledger.TaskFilter{Limit: store.MaxPageSize}
	for {
		page, err := s.FindTasks(scope, f)
		require.NoError(t, err)
		out = append(out, page.Tasks...)
		if page.NextCursor == 0 || len(page.Tasks) == 0 {
			return out
		}
		f.Cursor = page.NextCursor
	}
}

func TestGenerateWritesARealisticLedger(t *testing.T) {
	s := openStore(t)
	opt := benchgen.Options{Branches: 12, Tasks: 6000, Seed: 7}
	require.NoError(t, benchgen.Generate(s, opt))

	root := s.Tree().Children(0)
	require.Len(t, root, 1, "one generated 党委")
	assert.Len(t, s.Tree().Children(root[0]), 12)

	admin := &ledger.User{Role: ledger.RoleAdmin}
	rows, err := s.Dashboard(s.Scope(admin), store.DashboardFilter{})
	require.NoError(t, err)
	all := rows[0]
	share := func(n int64) float64 { return float64(n) / float64(all.Total) }
	assert.Equal(t, int64(6000), all.Total)
	assert.Equal(t, int64(2000), all.Problems, "a problem per three tasks")
	last, err := s.ProblemsAfter(0, 1<<20)
	require.NoError(t, err)
	checked, err := s.ReboundChecked()
	require.NoError(t, err)
	assert.Equal(t, last[len(last)-1].ID, checked, "the generated problems count as checked for rebounds")
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
	tasks := allTasks(t, s, s.Scope(admin))
	require.Len(t, tasks, 6000, "the task indexes list every task the counters count")
	longTerm := 0
	for _, task := range tasks {
		require.Equal(t, task.BranchID, branchOf[task.OwnerID], "each 支部's member owns its tasks")
		if task.Kind == ledger.KindLongTerm {
			longTerm++
		}
	}
	assert.InDelta(t, 0.05, float64(longTerm)/float64(len(tasks)), 0.015, "long-term")

	t.Run("closed tasks carry their whole trail, chained", func(t *testing.T) {
		v, err := s.VerifyChain()
		require.NoError(t, err)
		require.True(t, v.OK, "%v", v.Break)
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
			require.GreaterOrEqual(t, len(actions), 4)
			assert.Equal(t, []ledger.Action{ledger.ActCreate, ledger.ActProgress, ledger.ActSubmit, ledger.ActApprove}, actions[:4])
			var last ledger.Task
			require.NoError(t, json.Unmarshal(evs[3].After, &last))
			assert.Equal(t, task.ClosedOn, last.ClosedOn, "the replayed trail ends in the record")
			assert.Equal(t, ledger.StatusClosed, last.Status)
			break
		}
	})
	t.Run("the same seed and day give the same ledger, to the last hash", func(t *testing.T) {
		again := openStore(t)
		require.NoError(t, benchgen.Generate(again, opt))
		h1, err := s.ChainHead()
		require.NoError(t, err)
		h2, err := again.ChainHead()
		require.NoError(t, err)
		assert.Equal(t, h1, h2)
	})
}
