package report

import (
	"fmt"
	"strings"

	"rectify/internal/ledger"
)

// openCells describes one unfinished measure: where it stands, its
// deadline (and any new one) and why it is not done.
func (r *writer) openCells(row *ledger.ExportRow) []string {
	t := row.Task
	return []string{fmt.Sprint(r.sum.Open), r.branchName(t.BranchID),
		t.Description + "\n（问题：" + clip(row.Problem.Description, 40) + "）",
		t.OwnerName, deadline(t), r.state(t), reason(row)}
}

func (r *writer) branchName(id int64) string {
	if b := r.opt.Scope.Tree.Get(id); b != nil {
		return b.Name
	}
	return ""
}

// deadline shows the due date, and where it moved or is asked to move,
// the original and the new one.
func deadline(t *ledger.Task) string {
	due := t.DueOn.Chinese()
	if t.DueOn.IsZero() {
		due = ledger.KindLongTerm.Label()
	}
	switch {
	case t.Extension != nil:
		return due + "\n（申请延期至" + t.Extension.DueOn.Chinese() + "）"
	case !t.OriginalDueOn.IsZero() && t.OriginalDueOn != t.DueOn:
		return "原定" + t.OriginalDueOn.Chinese() + "\n延期至" + t.DueOn.Chinese()
	}
	return due
}

func (r *writer) state(t *ledger.Task) string {
	today := r.opt.Today
	switch {
	case t.PastDue(today):
		return fmt.Sprintf("逾期%d天", t.DaysOverdue(today))
	case t.ReportMissed(today):
		return "未按期报告进展"
	case t.Kind == ledger.KindLongTerm && t.Status.Unfinished():
		return "长期坚持"
	}
	return t.Status.Label()
}

// reason is why a measure is still open, in the owner's and reviewers'
// own words: the extension reason, a 回头看 rebound, the latest progress.
func reason(row *ledger.ExportRow) string {
	var parts []string
	if row.ExtensionReason != "" {
		parts = append(parts, "延期原因："+row.ExtensionReason)
	}
	if n := len(row.Reviews); n > 0 && row.Reviews[n-1].Outcome == ledger.OutcomeRebound {
		parts = append(parts, "回头看发现反弹："+row.Reviews[n-1].Note)
	}
	if p := row.Progress; p != nil {
		parts = append(parts, "最新进展："+p.Note)
	}
	if len(parts) == 0 {
		return "暂无进展报告"
	}
	return strings.Join(parts, "\n")
}

// clip shortens s to n characters.
func clip(s string, n int) string {
	rs := []rune(strings.Join(strings.Fields(s), " "))
	if len(rs) <= n {
		return string(rs)
	}
	return string(rs[:n]) + "…"
}

// tally counts the 回头看 of one measure and keeps its rebounds.
func (r *writer) tally(row *ledger.ExportRow) {
	for _, v := range row.Reviews {
		switch {
		case !v.Done:
			r.reviewed.pending++
			if v.DueOn <= r.opt.Today {
				r.reviewed.due++
			}
		case v.Outcome == ledger.OutcomeConsolidated:
			r.reviewed.consolidated++
		case v.Outcome == ledger.OutcomeRebound:
			r.reviewed.rebound++
			r.sum.Rebounds++
			r.rebounds = append(r.rebounds, []string{fmt.Sprint(len(r.rebounds) + 1), r.branchName(row.Task.BranchID),
				row.Task.Description, v.DecidedOn.Chinese(), v.Note, v.NewDueOn.Chinese()})
		}
	}
}

var reboundColumns = []column{{"序号", 600, "center"}, {"责任单位", 1250, "center"}, {"整改措施", 2200, "left"},
	{"回头看日期", 1540, "center"}, {"反弹情况", 1714, "left"}, {"重新整改时限", 1540, "center"}}

// reviews writes section 四 from the tallies.
func (r *writer) reviews() {
	v := r.reviewed
	r.d.para("Heading1", "四、“回头看”情况")
	done := v.consolidated + v.rebound
	r.d.para("Normal", fmt.Sprintf("对已销号的整改措施，已开展“回头看”%d项，其中巩固%d项、反弹%d项；待开展“回头看”%d项，其中已到期%d项。",
		done, v.consolidated, v.rebound, v.pending, v.due))
	switch {
	case v.rebound > 0:
		r.d.para("Normal", "“回头看”发现反弹的问题已重新整改，情况如下：")
		r.d.table(reboundColumns)
		for _, cells := range r.rebounds {
			r.d.row(reboundColumns, cells, false)
		}
		r.d.endTable()
	case done > 0:
		r.d.para("Normal", "经“回头看”，未发现问题反弹。")
	default:
		r.d.para("Normal", "本批次暂未开展“回头看”。")
	}
}
