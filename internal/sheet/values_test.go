package sheet

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"rectify/internal/ledger"
)

func TestParseDueReadsTheWaysLedgersWriteDeadlines(t *testing.T) {
	cases := []struct {
		text, raw string
		date      string
		kind      ledger.Kind
		ok        bool
	}{
		{"2023年6月30日", "45107", "2023-06-30", "", true}, // a real Excel date, formatted
		{"06-30-23", "45107", "2023-06-30", "", true},   // another format of the same date
		{"2023-06-30", "2023-06-30", "2023-06-30", "", true},
		{"2023/6/30", "", "2023-06-30", "", true},
		{"2023.6.30", "", "2023-06-30", "", true},
		{"２０２３年６月３０日", "", "2023-06-30", "", true},
		{"20230630", "20230630", "2023-06-30", "", true},
		{"2023年6月30日前", "", "2023-06-30", "", true},
		{"2023年6月底", "", "2023-06-30", "", true},
		{"2023年6月底前完成", "", "2023-06-30", "", true},
		{"2024年2月", "", "2024-02-29", "", true},
		{"2023.6", "2023.6", "2023-06-30", "", true}, // typed into a number cell
		{"2023年底", "", "2023-12-31", "", true},
		{"2023年上半年", "", "2023-06-30", "", true},
		{"2023年第三季度", "", "2023-09-30", "", true},
		{"立行立改", "", "", ledger.KindImmediate, true},
		{"长期坚持", "", "", ledger.KindLongTerm, true},
		{"立行立改，2023年7月15日前", "", "2023-07-15", ledger.KindImmediate, true},
		{"2023年13月", "", "", "", false},
		{"2023-02-30", "", "", "", false},
		{"长期坚持，2023年13月", "", "", ledger.KindLongTerm, false},
		{"尽快", "", "", "", false},
		{"2023", "2023", "", "", false}, // a year alone (serial 2023 is 1905)
	}
	for _, tc := range cases {
		t.Run(tc.text, func(t *testing.T) {
			v, ok := parseDue(tc.text, tc.raw, false)
			assert.Equal(t, tc.ok, ok)
			if ok {
				assert.Equal(t, tc.date, v.Date.String())
				assert.Equal(t, tc.kind, v.Kind)
			}
		})
	}
}

func TestStatusWordsMapToTheLifecycle(t *testing.T) {
	for in, want := range map[string]ledger.Status{"": ledger.StatusOpen, "已完成": ledger.StatusClosed, "已销号": ledger.StatusClosed,
		"正在整改": ledger.StatusInProgress, "整改中": ledger.StatusInProgress, "待审核": ledger.StatusSubmitted, " 已完成。": ledger.StatusClosed} {
		got, ok := parseStatus(in)
		assert.True(t, ok, in)
		assert.Equal(t, want, got, in)
	}
	_, ok := parseStatus("差不多")
	assert.False(t, ok)
}

func TestReviewsAreWrittenAndDepartmentsReadBack(t *testing.T) {
	d := func(s string) ledger.Date { v, _ := ledger.ParseDate(s); return v }
	rs := []*ledger.Review{
		{Done: true, Outcome: ledger.OutcomeRebound, DecidedOn: d("2026-06-15"), Note: "发现新问题", NewDueOn: d("2026-08-31")},
		{Done: true, Outcome: ledger.OutcomeConsolidated, DecidedOn: d("2026-09-01")},
		{Done: true, Note: "superseded"}, // dropped when the task was reopened: not shown
		{DueOn: d("2026-12-01")},
	}
	text := formatReviews(rs)
	assert.Equal(t, "反弹（2026年6月15日）：发现新问题；重新整改时限2026年8月31日\n巩固（2026年9月1日）\n待回头看（2026年12月1日）", text)
	lead, support := parseLeadDept(formatLeadDept("办公室", []string{"组织部", "宣传部"}))
	assert.Equal(t, "办公室", lead)
	assert.Equal(t, []string{"组织部", "宣传部"}, support)
}

func TestHeadersAreRecognisedThroughDecoration(t *testing.T) {
	cols := columnsOf([]string{"序 号", "问题\n描述", "*整改措施", "完成时限（年月日）", "责任人:"})
	assert.Equal(t, map[field]int{fSeq: 0, fProblem: 1, fMeasure: 2, fDue: 3, fOwner: 4}, cols)
	cols = columnsOf([]string{"存在的主要问题", "整改责任单位", "具体整改责任人", "整改措施及成效", "计划完成时限", "问题数"})
	assert.Equal(t, map[field]int{fProblem: 0, fBranch: 1, fOwner: 2, fMeasure: 3, fDue: 4}, cols, "the first column of a field wins")
	assert.False(t, isHeader(statsHeader), "the statistics sheet is not a ledger")
}

func TestTheStatusCellSaysReturnedOrLateAndStillImports(t *testing.T) {
	late := &ledger.Task{Status: ledger.StatusClosed, DueOn: 20261020, SubmittedOn: 20261204}
	returned := &ledger.Task{Status: ledger.StatusInProgress, Returned: &ledger.Returned{Reason: "材料不全"}}
	plain := &ledger.Task{Status: ledger.StatusOpen}
	for _, tt := range []struct {
		task *ledger.Task
		cell string
	}{{late, "已销号（逾期提交45天）"}, {returned, "整改中（已退回）"}, {plain, "未开始"}} {
		assert.Equal(t, tt.cell, formatStatus(tt.task))
		st, ok := parseStatus(tt.cell)
		assert.True(t, ok, tt.cell)
		assert.Equal(t, tt.task.Status, st, tt.cell)
	}
}
