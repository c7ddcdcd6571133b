// Package report writes the 整改情况报告 of a batch as a Word document a
// unit can send upward: totals with 完成率 and 按时完成率, a per-branch
// table, every measure still open with its reason and deadline, and the
// results of 回头看. The .docx is WordprocessingML written by hand with
// archive/zip, in the fonts and page layout of an official document.
package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"rectify/internal/ledger"
)

// Source is what a report reads.
type Source interface {
	ForEachTaskInScope(scope ledger.Scope, f ledger.ExportFilter, fn func(*ledger.ExportRow) error) error
	BranchFigures(scope ledger.Scope, f ledger.DashboardFilter) ([]*ledger.BranchRow, error)
}

// anchorSource is a source whose audit trail is hash-chained: its head
// ("seq-hash") and the time of that event go into the footer, so a
// printed report anchors the trail as it stood (docs/AUDIT.md).
type anchorSource interface {
	AuditAnchor() (anchor string, at time.Time, err error)
}

func anchorNote(src Source, loc *time.Location) (string, error) {
	a, ok := src.(anchorSource)
	if !ok {
		return "", nil
	}
	anchor, at, err := a.AuditAnchor()
	if err != nil || anchor == "" {
		return "", err
	}
	return "留痕校验值 " + anchor + "（" + at.In(loc).Format("2006-01-02 15:04:05 MST") + "）", nil
}

// Options say what to report on.
type Options struct {
	Scope    ledger.Scope
	Batch    *ledger.Batch
	BranchID int64       // subtree; 0: the scope's
	Unit     string      // the reporting unit, for the signature
	Today    ledger.Date // 截至 date
	Now      time.Time   // document timestamp
}

// Summary counts what a report covered.
type Summary struct {
	Tasks, Open, Rebounds int
}

// Title is the report's title for a batch.
func Title(batch string) string {
	if strings.HasSuffix(batch, "整改") {
		return "关于" + batch + "情况的报告"
	}
	return "关于" + batch + "整改情况的报告"
}

// Write writes the report as a .docx to w.
func Write(w io.Writer, src Source, opt Options) (Summary, error) {
	rows, err := src.BranchFigures(opt.Scope, ledger.DashboardFilter{BranchID: opt.BranchID, BatchID: opt.Batch.ID, Today: opt.Today})
	if err != nil {
		return Summary{}, err
	}
	note, err := anchorNote(src, opt.Now.Location())
	if err != nil {
		return Summary{}, err
	}
	r := &writer{opt: opt, d: newDocx(w, Title(opt.Batch.Title), opt.Now, note), totals: totals(rows)}
	r.d.para("Title", Title(opt.Batch.Title))
	r.d.para("Subtitle", "（截至"+opt.Today.Chinese()+"）")
	subject := opt.Batch.Title
	if !strings.HasSuffix(subject, "整改") {
		subject += "整改"
	}
	r.d.para("Normal", fmt.Sprintf("按照%s整改工作要求，现将%s（%s启动）落实情况报告如下。",
		opt.Batch.SourceType.Label(), subject, opt.Batch.StartedOn.Chinese()))
	r.overview()
	r.branches(rows)
	if err := r.open(src); err != nil {
		return r.sum, err
	}
	r.reviews()
	if err := r.effect(src); err != nil {
		return r.sum, err
	}
	r.d.para("Heading1", "五、下一步工作")
	r.d.para("Normal", "下一步，将对尚未完成的整改事项逐项跟踪督办，压实整改责任，确保按期整改到位；"+
		"对已销号事项按期开展“回头看”，防止问题反弹，巩固整改成果。")
	r.d.para("Normal", "")
	if opt.Unit != "" {
		r.d.para("Signature", opt.Unit)
	}
	r.d.para("Signature", opt.Today.Chinese())
	return r.sum, r.d.close()
}

// writer writes the sections in order and tallies 回头看 on the way.
type writer struct {
	opt      Options
	d        *docx
	totals   ledger.Stats
	sum      Summary
	reviewed struct{ consolidated, rebound, pending, due int }
	rebounds [][]string
}

// totals adds up the top rows of the dashboard (one per root of the scope).
func totals(rows []*ledger.BranchRow) ledger.Stats {
	var t ledger.Stats
	for _, r := range rows {
		if r.Depth == 0 {
			t.Add(r.Stats)
		}
	}
	t.Finish()
	return t
}

func pct(v float64) string { return fmt.Sprintf("%.1f%%", v*100) }

func (r *writer) overview() {
	t := r.totals
	r.d.para("Heading1", "一、总体情况")
	r.d.para("Normal", fmt.Sprintf("本批次共有问题%d个、整改措施%d项。截至%s，已销号%d项，待审核%d项，正在整改%d项，尚未开始%d项；"+
		"整改完成率%s，按时完成率%s。", t.Problems, t.Total, r.opt.Today.Chinese(), t.Closed, t.Submitted, t.InProgress, t.Open,
		pct(t.CompletionRate), pct(t.OnTimeRate)))
	if t.Overdue > 0 || t.DueSoon > 0 {
		r.d.para("Normal", fmt.Sprintf("目前逾期未完成%d项，%d项临近整改时限。", t.Overdue, t.DueSoon))
	} else {
		r.d.para("Normal", "目前无逾期未完成事项。")
	}
}

// Column widths fit their headings at 五号: a character is 210 twips,
// plus 170 of cell margins.
var branchColumns = []column{{"单位", 1824, "left"}, {"问题", 600, "center"}, {"措施", 600, "center"}, {"已销号", 800, "center"},
	{"待审核", 800, "center"}, {"整改中", 800, "center"}, {"未开始", 800, "center"}, {"逾期", 600, "center"},
	{"完成率", 800, "center"}, {"按时完成率", 1220, "center"}}

// branches writes the per-branch table; branches with nothing in the
// batch are left out, sub-branches indented under their parents.
func (r *writer) branches(rows []*ledger.BranchRow) {
	r.d.para("Heading1", "二、各单位整改情况")
	r.d.table(branchColumns)
	for _, b := range rows {
		if b.Total == 0 && b.Problems == 0 && b.Depth > 0 {
			continue
		}
		r.d.row(branchColumns, []string{strings.Repeat("　", b.Depth) + b.Name, num(b.Problems), num(b.Total), num(b.Closed),
			num(b.Submitted), num(b.InProgress), num(b.Open), num(b.Overdue), pct(b.CompletionRate), pct(b.OnTimeRate)}, false)
	}
	r.d.endTable()
}

func num(n int64) string { return fmt.Sprint(n) }

var openColumns = []column{{"序号", 600, "center"}, {"责任单位", 1250, "center"}, {"整改措施", 1900, "left"},
	{"责任人", 800, "center"}, {"整改时限", 1540, "center"}, {"当前状态", 1050, "center"}, {"进展情况及未完成原因", 1704, "left"}}

// open writes section 三 while walking the batch, and tallies 回头看.
func (r *writer) open(src Source) error {
	r.d.para("Heading1", "三、尚未完成的整改事项")
	open := r.totals.Total - r.totals.Closed
	if open == 0 {
		r.d.para("Normal", "本批次整改措施已全部完成销号。")
	} else {
		r.d.para("Normal", fmt.Sprintf("截至%s，尚有%d项整改措施未完成销号，具体如下：", r.opt.Today.Chinese(), open))
		r.d.table(openColumns)
	}
	f := ledger.ExportFilter{BranchID: r.opt.BranchID, BatchID: r.opt.Batch.ID}
	err := src.ForEachTaskInScope(r.opt.Scope, f, func(row *ledger.ExportRow) error {
		t := row.Task
		if t == nil {
			return nil
		}
		r.sum.Tasks++
		r.tally(row)
		if t.Status != ledger.StatusClosed && open > 0 {
			r.sum.Open++
			r.d.row(openColumns, r.openCells(row), false)
		}
		return r.d.err
	})
	if open > 0 {
		r.d.endTable()
	}
	return err
}
