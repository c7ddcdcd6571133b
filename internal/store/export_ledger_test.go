package store_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/benchgen"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

func TestForEachTaskInScopeVisitsEveryTaskInProblemOrderAcrossChunks(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 6, 15, 10, 0, 0, 0, benchZone) }
	s, err := store.Open(t.TempDir(), store.Options{Now: now, Location: benchZone, NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s.Check()); require.NoError(t, s.Close()) })
	require.NoError(t, benchgen.Generate(s, benchgen.Options{Branches: 5, Tasks: 2500, Seed: 7}))
	admin := &ledger.User{Role: ledger.RoleAdmin}
	var seen, open int
	var lastProblem, lastTask int64
	err = s.ForEachTaskInScope(s.Scope(admin), store.ExportFilter{}, func(r *store.ExportRow) error {
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
	require.NoError(t, s.ForEachTaskInScope(s.Scope(admin), store.ExportFilter{Unfinished: true}, func(r *store.ExportRow) error {
		assert.NotEqual(t, ledger.StatusClosed, r.Task.Status)
		unfinished++
		return nil
	}))
	assert.Equal(t, open, unfinished)
}
