package report

import (
	"fmt"
	"strconv"
	"strings"

	"rectify/internal/ledger"
)

// effectSource is a source that counts 整改成效 (docs/SIMILAR.md); a
// report on another source leaves the figures out.
type effectSource interface {
	Effects(scope ledger.Scope, root int64) (ledger.Effect, []ledger.Effect, error)
}

var effectColumns = []column{{"单位", 2424, "left"}, {"已销号", 1200, "center"}, {"确认反弹", 1200, "center"},
	{"反弹率", 1200, "center"}, {"销号用时中位数", 1810, "center"}, {"按时完成率", 1810, "center"}}

// effect writes the 整改成效 of the branch reported on: every batch, not
// only this one, since a rebound shows only across rounds.
func (r *writer) effect(src Source) error {
	es, ok := src.(effectSource)
	if !ok {
		return nil
	}
	total, rows, err := es.Effects(r.opt.Scope, r.opt.BranchID)
	if err != nil {
		return err
	}
	r.d.para("Normal", fmt.Sprintf("从各批次累计看，%s已销号整改措施%d项，确认反弹问题%d个，反弹率%s；从录入措施到销号用时中位数%s，按时完成率%s。",
		unitOf(total), total.Closed, total.ConfirmedRebounds, pct(total.ReboundRate), medianOf(total), onTimeOf(total)))
	if len(rows) == 0 {
		return nil
	}
	r.d.table(effectColumns)
	for _, e := range append(rows, total) {
		name := e.Name
		if e.BranchID == total.BranchID {
			name = "合计"
		}
		r.d.row(effectColumns, []string{name, num(e.Closed), num(e.ConfirmedRebounds), pct(e.ReboundRate), medianOf(e), onTimeOf(e)}, false)
	}
	r.d.endTable()
	return nil
}

func unitOf(e ledger.Effect) string {
	if e.BranchID == 0 {
		return "全部单位"
	}
	return e.Name + "（含下级单位）"
}

func medianOf(e ledger.Effect) string {
	if e.MedianDaysToClose == nil {
		return "—"
	}
	return strings.TrimSuffix(strconv.FormatFloat(*e.MedianDaysToClose, 'f', 1, 64), ".0") + "天"
}

func onTimeOf(e ledger.Effect) string {
	var closed, onTime int64
	for _, q := range e.Quarters {
		closed, onTime = closed+q.Closed, onTime+q.OnTime
	}
	if closed == 0 {
		return "—"
	}
	return pct(float64(onTime) / float64(closed))
}
