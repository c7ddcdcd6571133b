package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

func TestFindTasksPagesByCursor(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-02")
	o := newOrg(t, s)
	var first, all []int64
	for i := range 10 {
		p, who := o.problem1, o.officer
		if i%3 == 2 {
			p, who = o.problem2, o.officer2
		}
		task := mustTask(t, s, who, p, 0, "2026-04-01")
		all = append(all, task.ID)
		if p == o.problem1 {
			first = append(first, task.ID)
		}
	}
	require.Len(t, first, 7)
	tests := []struct {
		name   string
		viewer *ledger.User
		want   []int64
	}{
		{"an admin pages through every task, the total read from the counters", o.admin, all},
		{"an officer of 第一支部 pages through that branch only", o.officer, first},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			scope := s.Scope(tt.viewer)
			p1, err := s.FindTasks(scope, ledger.TaskFilter{Limit: 3})
			require.NoError(t, err)
			assert.Equal(t, len(tt.want), p1.Total)
			assert.Equal(t, tt.want[:3], ids(p1.Tasks))
			assert.Equal(t, tt.want[2], p1.NextCursor, "next_cursor is the last id on the page")

			p2, err := s.FindTasks(scope, ledger.TaskFilter{Limit: 3, Cursor: p1.NextCursor})
			require.NoError(t, err)
			assert.Equal(t, tt.want[3:6], ids(p2.Tasks))
			assert.Equal(t, len(tt.want), p2.Total, "the total is of all matches, not what is left")

			got, total := pageThrough(t, s, scope, ledger.TaskFilter{Today: s.Today()}, 3)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, len(tt.want), total)
		})
		t.Run(tt.name+", and a page that holds the rest has no next_cursor", func(t *testing.T) {
			page, err := s.FindTasks(s.Scope(tt.viewer), ledger.TaskFilter{Limit: len(tt.want)})
			require.NoError(t, err)
			assert.Len(t, page.Tasks, len(tt.want))
			assert.Zero(t, page.NextCursor)
		})
	}
}

func ids(tasks []*ledger.Task) []int64 {
	out := []int64{}
	for _, t := range tasks {
		out = append(out, t.ID)
	}
	return out
}

func TestFindTasksByText(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-02")
	o := newOrg(t, s)
	dues := &ledger.Task{ProblemID: o.problem1.ID, Description: "修订《党费收缴管理办法》", DueOn: date("2026-04-01")}
	require.NoError(t, s.CreateTask(o.officer, dues))
	owned := mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-04-01")
	dept := &ledger.Task{ProblemID: o.problem2.ID, Description: "完善台账", LeadDept: "OA Office", DueOn: date("2026-04-01")}
	require.NoError(t, s.CreateTask(o.officer2, dept))
	remark := &ledger.Task{ProblemID: o.problem2.ID, Description: "开展谈心谈话", Remark: "结合主题党日", DueOn: date("2026-04-01")}
	require.NoError(t, s.CreateTask(o.officer2, remark))
	tests := []struct {
		name   string
		viewer *ledger.User
		query  string
		want   []int64
	}{
		{"words of the description find the task", o.admin, "管理办法", []int64{dues.ID}},
		{"the owner's name finds their tasks", o.admin, "张三", []int64{owned.ID}},
		{"the lead department matches whatever its case", o.admin, "oa office", []int64{dept.ID}},
		{"the remark is searched too", o.admin, " 主题党日 ", []int64{remark.ID}},
		{"a query matching nothing finds nothing", o.admin, "不存在的内容", []int64{}},
		{"a query never reaches outside the viewer's branch", o.officer, "谈心谈话", []int64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := s.FindTasks(s.Scope(tt.viewer), ledger.TaskFilter{Query: tt.query})
			require.NoError(t, err)
			assert.Equal(t, tt.want, ids(page.Tasks))
			assert.Equal(t, len(tt.want), page.Total)
		})
	}
}

// TestATaskKeepsItsWarningWindowAfterItsBatchIsNarrowed covers a task
// whose batch warned 30 days ahead when it was created and 3 days ahead
// now: the task keeps its 30 days, and it must still show yellow in the
// dashboard and lists after a restart, as it does on its own page.
func TestATaskKeepsItsWarningWindowAfterItsBatchIsNarrowed(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	o := newOrg(t, db.s)
	wide := &ledger.Batch{Title: "专项督查", SourceType: ledger.SourceSupervision, BranchID: o.first.ID,
		StartedOn: date("2026-02-01"), WarnDays: 30}
	require.NoError(t, db.s.CreateBatch(o.officer, wide))
	p := mustProblem(t, db.s, o.officer, wide.ID, o.first.ID, "督查发现的问题")
	task := mustTask(t, db.s, o.officer, p, o.member.ID, "2026-03-22")
	_, err := db.s.UpdateBatch(o.officer, wide.ID, func(b *ledger.Batch) { b.WarnDays = 3 })
	require.NoError(t, err)

	s := db.Reopen()
	scope := s.Scope(o.officer)
	got, err := s.FindTask(scope, task.ID)
	require.NoError(t, err)
	require.Equal(t, ledger.LightYellow, got.Light, "20 days ahead is inside the task's 30-day window")
	rows, err := s.Dashboard(scope, DashboardFilter{})
	require.NoError(t, err)
	assert.Equal(t, int64(1), rows[0].DueSoon)
	assert.Equal(t, int64(1), rows[0].Lights.Yellow)
	page, err := s.FindTasks(scope, ledger.TaskFilter{Light: ledger.LightYellow})
	require.NoError(t, err)
	assert.Equal(t, []int64{task.ID}, ids(page.Tasks))
}
