package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

func TestWithdrawAndHandoverKeepIndexesAndCountersEqualAScan(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-10")
	o := newOrg(t, s)
	a := mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-03-01") // overdue
	b := mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-03-15") // due soon
	c := mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-06-30")
	extra := mustUser(t, s, o.admin, "zhou", "周五", ledger.RoleMember, o.first.ID)
	_, err := s.RequestExtension(o.member, c.ID, date("2026-07-31"), "需协调")
	require.NoError(t, err)

	_, err = s.WithdrawTask(o.officer, a.ID, "重复录入")
	require.NoError(t, err)
	moved, err := s.ReassignTasks(o.officer, Handover{From: o.member.ID, To: extra.ID, Reason: "岗位调整"})
	require.NoError(t, err)
	assert.ElementsMatch(t, []int64{b.ID, c.ID}, moved)
	assertIndexesMatchScan(t, s)

	rows, err := s.Dashboard(s.Scope(o.admin), DashboardFilter{Today: s.Today()})
	require.NoError(t, err)
	for _, r := range rows {
		if r.BranchID == o.first.ID {
			assert.EqualValues(t, 2, r.Total)
			assert.EqualValues(t, 0, r.Overdue, "the withdrawn overdue measure is not counted")
		}
	}
	mine, err := s.FindTasks(s.Scope(o.member), ledger.TaskFilter{OwnerID: o.member.ID})
	require.NoError(t, err)
	assert.Empty(t, mine.Tasks)
}

func TestAProblemWithMeasuresIsCreatedWholeOrNotAtAll(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-10")
	o := newOrg(t, s)
	before := eventCount(t, s)
	p := &ledger.Problem{BatchID: o.batch.ID, BranchID: o.first.ID, Description: "学习制度落实不到位"}
	err := s.CreateProblemWithTasks(o.officer, p, []*ledger.Task{
		{Description: "制定学习计划", DueOn: date("2026-04-30"), OwnerID: o.member.ID},
		{Description: "外单位的人", DueOn: date("2026-04-30"), OwnerID: o.member2.ID},
	})
	require.Error(t, err)
	assert.Equal(t, "tasks.1.owner_id", ledger.ErrorField(err))
	assert.Equal(t, before, eventCount(t, s), "nothing written")

	p = &ledger.Problem{BatchID: o.batch.ID, BranchID: o.first.ID, Description: "学习制度落实不到位"}
	ts := []*ledger.Task{{Description: "制定学习计划", DueOn: date("2026-04-30"), OwnerID: o.member.ID},
		{Description: "每月专题研讨", Kind: ledger.KindLongTerm}}
	require.NoError(t, s.CreateProblemWithTasks(o.officer, p, ts))
	assert.Equal(t, p.ID, ts[1].ProblemID)
	assert.Equal(t, 30, ts[1].ReportEveryDays)
	assertIndexesMatchScan(t, s)
}
