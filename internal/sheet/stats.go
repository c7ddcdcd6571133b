package sheet

import (
	"github.com/xuri/excelize/v2"

	"rectify/internal/ledger"
)

// statsHeader is the header of the per-branch statistics sheet.
var statsHeader = []string{"单位", "问题数", "整改措施", "已销号", "待审核", "整改中", "未开始", "逾期", "临期",
	"完成率", "按时完成率"}

var statsWidths = []float64{30, 9, 10, 9, 9, 9, 9, 9, 9, 11, 12}

// writeStats writes one row per branch of the dashboard, sub-branches
// indented under their parents, each rolled up over its subtree.
func writeStats(f *excelize.File, st *styles, title string, rows []*ledger.BranchRow) error {
	if _, err := f.NewSheet(StatsSheet); err != nil {
		return err
	}
	if err := pageSetup(f, StatsSheet, 2); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(StatsSheet)
	if err != nil {
		return err
	}
	for i, w := range statsWidths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(frozen(2)); err != nil {
		return err
	}
	if title == "" {
		title = "整改台账"
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: title + "统计"}}, excelize.RowOpts{Height: 36}); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(statsHeader), 1)
	if err := sw.MergeCell("A1", last); err != nil {
		return err
	}
	head := make([]any, len(statsHeader))
	for i, h := range statsHeader {
		head[i] = excelize.Cell{StyleID: st.header, Value: h}
	}
	if err := sw.SetRow("A2", head, excelize.RowOpts{Height: 24}); err != nil {
		return err
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := sw.SetRow(cell, statsRow(st, r)); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func statsRow(st *styles, r *ledger.BranchRow) []any {
	n := func(v int64) any { return excelize.Cell{StyleID: st.number, Value: v} }
	pct := func(v float64) any { return excelize.Cell{StyleID: st.percent, Value: v} }
	return []any{excelize.Cell{StyleID: st.branch[min(r.Depth, maxIndent)], Value: r.Name},
		n(r.Problems), n(r.Total), n(r.Closed), n(r.Submitted), n(r.InProgress), n(r.Open), n(r.Overdue), n(r.DueSoon),
		pct(r.CompletionRate), pct(r.OnTimeRate)}
}
