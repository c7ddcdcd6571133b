package web_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

// TestWeeklyChartAndExtensionListFollowEveryChange checks the dashboard's
// weekly chart and the pending extension requests, read from their
// indexes, against a scan of every task after a sequence of changes.
func TestWeeklyChartAndExtensionListFollowEveryChange(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	scope := a.st.Scope(system)

	officer, lisi := a.user("jiwei"), a.user("lisi")
	added := addTasks(t, a, "办公室党支部", 6)
	today := a.st.Today()
	step := func(_ *ledger.Task, err error) { require.NoError(t, err) }
	step(a.st.Submit(lisi, added[0].ID, "完成"))
	step(a.st.Approve(officer, added[0].ID, ""))
	step(a.st.Submit(lisi, added[1].ID, "完成"))
	step(a.st.Reject(officer, added[1].ID, "不充分"))
	step(a.st.RequestExtension(lisi, added[2].ID, today.AddDays(90), "等待"))
	step(a.st.RequestExtension(lisi, added[3].ID, today.AddDays(95), "等待"))
	step(a.st.DecideExtension(officer, added[3].ID, true, ""))
	step(a.st.Submit(lisi, added[4].ID, "完成"))
	step(a.st.Approve(officer, added[4].ID, ""))
	step(a.st.Reopen(officer, added[4].ID, today.AddDays(20), "反弹"))
	require.NoError(t, a.st.DeleteTask(officer, added[5].ID))
	due := today.AddDays(40)
	_, err := a.st.UpdateTask(officer, added[1].ID, store.TaskUpdate{DueOn: &due})
	require.NoError(t, err)

	from, to := today.AddDays(-400), today.AddDays(400)
	for _, f := range []store.DashboardFilter{{}, {BatchID: 1}, {SourceType: ledger.SourceOrgLife},
		{BranchID: a.branchID("办公室党支部")}} {
		got, err := a.st.Weekly(scope, f, from, to)
		require.NoError(t, err)
		assert.Equal(t, scanWeeks(t, a, f, from, to), got, "filter %+v", f)
	}
	pending, err := a.st.PendingExtensionTasks(scope, 0)
	require.NoError(t, err)
	assert.Equal(t, []int64{a.task("严格执行考勤制度").ID, added[2].ID}, ids(pending))
	inOffice, err := a.st.PendingExtensionTasks(scope, a.branchID("办公室党支部"))
	require.NoError(t, err)
	assert.Equal(t, []int64{added[2].ID}, ids(inOffice))
}

// scanWeeks counts due and closed per week over every task.
func scanWeeks(t *testing.T, a *testApp, f store.DashboardFilter, from, to ledger.Date) []store.WeekPoint {
	t.Helper()
	scope := a.st.Scope(system)
	page, err := a.st.FindTasks(scope, ledger.TaskFilter{BranchID: f.BranchID, BatchID: f.BatchID, Limit: store.MaxPageSize})
	require.NoError(t, err)
	w0 := store.WeekOf(from)
	out := make([]store.WeekPoint, store.WeekOf(to)-w0+1)
	for i := range out {
		out[i].Start = store.WeekStart(w0 + int32(i))
	}
	for _, task := range page.Tasks {
		if f.SourceType != "" {
			b, err := a.st.FindBatch(scope, task.BatchID)
			require.NoError(t, err)
			if b.SourceType != f.SourceType {
				continue
			}
		}
		if i := int(store.WeekOf(task.DueOn) - w0); task.DueOn != 0 && i >= 0 && i < len(out) {
			out[i].Due++
		}
		if i := int(store.WeekOf(task.ClosedOn) - w0); task.ClosedOn != 0 && i >= 0 && i < len(out) {
			out[i].Closed++
		}
	}
	return out
}

func TestWeeksStartOnMonday(t *testing.T) {
	t.Parallel()
	for d, monday := range map[ledger.Date]ledger.Date{20261126: 20261123, 20261123: 20261123, 20261129: 20261123,
		20261130: 20261130, 19700101: 19691229, 20240101: 20240101} {
		assert.Equal(t, monday, store.WeekStart(store.WeekOf(d)), "%v", d)
	}
}

// TestIndexBackedListsAgreeWithTheTaskQuery checks the lists of 我的待办,
// read from the date and status indexes, against FindTasks.
func TestIndexBackedListsAgreeWithTheTaskQuery(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	today := a.st.Today()
	for _, login := range []string{"jiwei", "bgs_jw", "lingdao", "wangwu"} {
		scope := a.st.Scope(a.user(login))
		red, err := a.st.FindTasks(scope, ledger.TaskFilter{Light: ledger.LightRed, Limit: store.MaxPageSize})
		require.NoError(t, err)
		late, total, err := a.st.LateTasks(scope, 0, 0, today.AddDays(-1), nil, 3)
		require.NoError(t, err)
		assert.Equal(t, red.Total, total, login)
		assert.Len(t, late, min(3, total), "at most the limit is decoded")
		for i := 1; i < len(late); i++ {
			assert.LessOrEqual(t, late[i-1].DueOn, late[i].DueOn, "longest overdue first")
		}

		submitted, err := a.st.FindTasks(scope, ledger.TaskFilter{Status: ledger.StatusSubmitted, Limit: store.MaxPageSize})
		require.NoError(t, err)
		got, n, err := a.st.SubmittedTasks(scope, 0, 100)
		require.NoError(t, err)
		assert.Equal(t, submitted.Total, n, login)
		assert.Equal(t, ids(submitted.Tasks), ids(got), login)

		yellow, err := a.st.FindTasks(scope, ledger.TaskFilter{Light: ledger.LightYellow, Limit: store.MaxPageSize})
		require.NoError(t, err)
		soon, m, err := a.st.LateTasks(scope, 0, today, today.AddDays(a.st.MaxWarnDays()),
			func(due ledger.Date, warn int) bool { return today.DaysUntil(due) <= warn }, 100)
		require.NoError(t, err)
		assert.Equal(t, yellow.Total, m, login)
		assert.ElementsMatch(t, ids(yellow.Tasks), ids(soon), login)
	}
}

func TestDueReviewsComeFromTheReviewIndex(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	today := a.st.Today()
	all, n, err := a.st.DueReviewTasks(a.st.Scope(a.user("jiwei")), 0, today.AddDays(365), 100)
	require.NoError(t, err)
	assert.Equal(t, 7, n, "every closed demo task has its 回头看 pending")
	for _, task := range all {
		assert.Equal(t, ledger.StatusClosed, task.Status)
	}
	none, n, err := a.st.DueReviewTasks(a.st.Scope(a.user("jiwei")), 0, today, 100)
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.Empty(t, none)
	office, n, err := a.st.DueReviewTasks(a.st.Scope(a.user("bgs_jw")), 0, today.AddDays(365), 1)
	require.NoError(t, err)
	assert.Equal(t, 2, n, "办公室党支部 has two closed tasks")
	assert.Len(t, office, 1, "the limit")
}

func ids(ts []*ledger.Task) []int64 {
	out := make([]int64, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}
