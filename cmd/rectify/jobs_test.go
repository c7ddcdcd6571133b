package main

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

// seedOverdue writes a ledger with one task due 2026-11-25 into dir.
func seedOverdue(t *testing.T, dir string) {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	st, err := store.Open(dir, store.Options{Location: loc, Now: func() time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, loc) }})
	require.NoError(t, err)
	defer st.Close()
	admin := &ledger.User{Login: "admin", Name: "管理员", Role: ledger.RoleAdmin}
	require.NoError(t, st.CreateUser(nil, admin, "x"))
	b := &ledger.Branch{Name: "第一支部"}
	require.NoError(t, st.CreateBranch(admin, b))
	owner := &ledger.User{Login: "zhang", Name: "张三", Role: ledger.RoleMember, BranchID: b.ID}
	require.NoError(t, st.CreateUser(admin, owner, "x"))
	batch := &ledger.Batch{Title: "巡察", SourceType: ledger.SourcePatrol, BranchID: b.ID, StartedOn: 20261101}
	require.NoError(t, st.CreateBatch(admin, batch))
	p := &ledger.Problem{BatchID: batch.ID, BranchID: b.ID, Description: "问题"}
	require.NoError(t, st.CreateProblem(admin, p))
	require.NoError(t, st.CreateTask(admin, &ledger.Task{ProblemID: p.ID, Description: "措施", OwnerID: owner.ID, DueOn: 20261125}))
}

func TestJobsCommandListsAndRunsOffline(t *testing.T) {
	dir := t.TempDir()
	seedOverdue(t, dir)
	ctx := context.Background()
	var out, errs syncBuffer
	require.NoError(t, run(ctx, []string{"jobs", "list", "--data", dir}, &out, &errs))
	for _, name := range []string{"due-soon", "overdue", "escalation", "reviews", "long-term", "digest", "delivery", "backup"} {
		assert.Contains(t, out.String(), name)
	}
	assert.Contains(t, out.String(), "0 8 * * 1")
	assert.Contains(t, out.String(), "never")

	err := run(ctx, []string{"jobs", "run", "overdue", "--data", dir, "--at", "2099-01-01"}, &out, &errs)
	assert.ErrorContains(t, err, "--dry-run", "a run as of another time is refused without --dry-run")
	for range 2 {
		out = syncBuffer{}
		require.NoError(t, run(ctx, []string{"jobs", "run", "overdue", "--data", dir, "--at", "2026-11-26 08:30", "--dry-run"}, &out, &errs))
		assert.Contains(t, out.String(), "dry run of overdue as of 2026-11-26 08:30:00 CST, on a copy of the ledger: it would write 1 notifications")
	}
	assertNothingRan(t, dir)

	t.Setenv("RECTIFY_SCHEDULE_OVERDUE", "15 7 * * *")
	out = syncBuffer{}
	require.NoError(t, run(ctx, []string{"jobs", "list", "--data", dir}, &out, &errs))
	assert.Contains(t, out.String(), "15 7 * * *")
	assert.NotContains(t, out.String(), "2026-11-26 08:30", "a run --at is not recorded as the last run")

	assert.ErrorContains(t, run(ctx, []string{"jobs", "run", "cleanup", "--data", dir}, &out, &errs), `unknown job "cleanup"`)
	assert.Error(t, run(ctx, []string{"jobs", "run", "overdue", "--data", dir, "--at", "tomorrow"}, &out, &errs))
	assert.Error(t, run(ctx, []string{"jobs"}, &out, &errs))
}

// assertNothingRan checks that the live ledger shows no trace of a run:
// no task marked overdue, no notification, no job run recorded.
func assertNothingRan(t *testing.T, dir string) {
	t.Helper()
	st, err := store.Open(dir, store.Options{MustExist: true})
	require.NoError(t, err)
	defer st.Close()
	page, err := st.FindTasks(st.Scope(&ledger.User{Role: ledger.RoleAdmin}), ledger.TaskFilter{})
	require.NoError(t, err)
	for _, task := range page.Tasks {
		assert.Zero(t, task.FirstOverdueOn, "the live task was not stamped overdue")
	}
	runs, err := st.JobRuns()
	require.NoError(t, err)
	assert.Empty(t, runs)
	for id := int64(1); id <= 3; id++ {
		ns, err := st.Notifications(id, false, 0)
		require.NoError(t, err)
		assert.Empty(t, ns)
	}
}
