package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

func TestForEachTaskInScopeVisitsEveryTaskInProblemOrderAcrossChunks(t *testing.T) {
	s, _ := newTestStore(t, "2026-06-15")
	require.NoError(t, s.Generate(GenerateOptions{Branches: 5, Tasks: 2500, Seed: 7}))
	admin := &ledger.User{Role: ledger.RoleAdmin}
	var seen, open int
	var lastProblem, lastTask int64
	err := s.ForEachTaskInScope(s.Scope(admin), ExportFilter{}, func(r *ExportRow) error {
		require.NotNil(t, r.Task)
		require.Equal(t, r.Problem.ID, r.Task.ProblemID)
		require.Equal(t, r.Problem.BatchID, r.Batch.ID)
		if r.Problem.ID == lastProblem {
			require.Greater(t, r.Task.ID, lastTask, "tasks of a problem in id order")
		} else {
			require.Greater(t, r.Problem.ID, lastProblem, "problems in id order")
		}
		lastProblem, lastTask = r.Problem.ID, r.Task.ID
		if r.Task.Status == ledger.StatusClosed {
			require.NotEmpty(t, r.Reviews, "a closed task has its 回头看")
		} else {
			open++
		}
		seen++
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, 2500, seen, "more than two chunks, nothing lost or repeated")

	unfinished := 0
	require.NoError(t, s.ForEachTaskInScope(s.Scope(admin), ExportFilter{Unfinished: true}, func(r *ExportRow) error {
		assert.NotEqual(t, ledger.StatusClosed, r.Task.Status)
		unfinished++
		return nil
	}))
	assert.Equal(t, open, unfinished)
}

func TestForEachTaskInScopeKeepsToTheScopeAndCarriesHistory(t *testing.T) {
	s, _ := newTestStore(t, "2026-06-15")
	o := newOrg(t, s)
	task := mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-06-30")
	_, err := s.AddProgress(o.member, task.ID, "第一次进展", 10)
	require.NoError(t, err)
	_, err = s.AddProgress(o.member, task.ID, "最新进展", 50)
	require.NoError(t, err)
	_, err = s.RequestExtension(o.member, task.ID, date("2026-07-31"), "人手不足")
	require.NoError(t, err)
	_, err = s.DecideExtension(o.officer, task.ID, true, "")
	require.NoError(t, err)
	other := mustTask(t, s, o.officer2, o.problem2, 0, "2026-06-30")

	var rows []*ExportRow
	require.NoError(t, s.ForEachTaskInScope(s.Scope(o.officer), ExportFilter{BatchID: o.batch.ID}, func(r *ExportRow) error {
		rows = append(rows, r)
		return nil
	}))
	require.Len(t, rows, 1, "第一支部's officer sees only 第一支部")
	assert.Equal(t, "最新进展", rows[0].Progress.Note)
	assert.Equal(t, "人手不足", rows[0].ExtensionReason)

	var ids []int64
	require.NoError(t, s.ForEachTaskInScope(s.Scope(o.admin), ExportFilter{BranchID: o.second.ID}, func(r *ExportRow) error {
		ids = append(ids, r.Task.ID)
		return nil
	}))
	assert.Equal(t, []int64{other.ID}, ids)

	err = s.ForEachTaskInScope(s.Scope(o.officer), ExportFilter{BranchID: o.second.ID}, func(*ExportRow) error { return nil })
	assert.Equal(t, ledger.ENOTFOUND, ledger.ErrorCode(err))
}
