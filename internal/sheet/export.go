package sheet

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"rectify/internal/ledger"
)

// Sheet names of an exported workbook.
const (
	LedgerSheet = "整改台账"
	StatsSheet  = "统计"
)

// firstDataRow is the row of the first measure: below the title and header.
const firstDataRow = 3

// Source is what an export reads.
type Source interface {
	ForEachTaskInScope(scope ledger.Scope, f ledger.ExportFilter, fn func(*ledger.ExportRow) error) error
	BranchFigures(scope ledger.Scope, f ledger.DashboardFilter) ([]*ledger.BranchRow, error)
}

// ExportOptions say what to export.
type ExportOptions struct {
	Scope    ledger.Scope
	BranchID int64 // subtree; 0: the scope's
	BatchID  int64 // 0: every batch
	Title    string
	Today    ledger.Date // for the statistics; zero: the store's today
}

// ExportStats counts what an export wrote.
type ExportStats struct {
	Problems int
	Tasks    int
}

// Title is the title row of a ledger: unit, batch and 整改台账.
func Title(unit, batch string) string {
	t := strings.TrimSpace(unit + batch)
	if strings.HasSuffix(t, "整改") {
		return t + "台账"
	}
	return t + "整改台账"
}

// Export writes the ledger workbook to w. Rows are streamed to a
// temporary file as they are read, so memory stays bounded whatever the
// size of the ledger.
func Export(w io.Writer, src Source, opt ExportOptions) (ExportStats, error) {
	f := excelize.NewFile()
	defer f.Close()
	x, err := newExporter(f, opt)
	if err != nil {
		return ExportStats{}, err
	}
	err = src.ForEachTaskInScope(opt.Scope, ledger.ExportFilter{BranchID: opt.BranchID, BatchID: opt.BatchID}, x.add)
	if err == nil {
		err = x.finish()
	}
	if err != nil {
		return x.stats, err
	}
	rows, err := src.BranchFigures(opt.Scope, ledger.DashboardFilter{BranchID: opt.BranchID, BatchID: opt.BatchID, Today: opt.Today})
	if err != nil {
		return x.stats, err
	}
	if err := writeStats(f, x.st, opt.Title, rows); err != nil {
		return x.stats, err
	}
	f.SetActiveSheet(0)
	return x.stats, f.Write(w)
}

// exporter writes the ledger sheet one problem at a time.
type exporter struct {
	f       *excelize.File
	sw      *excelize.StreamWriter
	st      *styles
	row     int                 // next sheet row
	pending []*ledger.ExportRow // rows of the current problem
	tree    *ledger.Tree
	stats   ExportStats
}

func newExporter(f *excelize.File, opt ExportOptions) (*exporter, error) {
	if err := f.SetSheetName("Sheet1", LedgerSheet); err != nil {
		return nil, err
	}
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	title := opt.Title
	if title == "" {
		title = "整改台账"
	}
	_ = f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "rectify", Language: "zh-CN"})
	if err := pageSetup(f, LedgerSheet, 2); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(LedgerSheet)
	if err != nil {
		return nil, err
	}
	x := &exporter{f: f, sw: sw, st: st, row: firstDataRow, tree: opt.Scope.Tree}
	return x, x.head(title)
}

// pageSetup prints landscape on A4, one page wide, repeating the header.
func pageSetup(f *excelize.File, sheet string, headerRows int) error {
	landscape, a4, one, tall := "landscape", 9, 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Orientation: &landscape, Size: &a4, FitToWidth: &one, FitToHeight: &tall}); err != nil {
		return err
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet,
		RefersTo: fmt.Sprintf("'%s'!$1:$%d", sheet, headerRows)})
}

// head sets widths and panes and writes the title and header rows.
func (x *exporter) head(title string) error {
	for i, w := range widths {
		if err := x.sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := x.sw.SetPanes(frozen(2)); err != nil {
		return err
	}
	if err := x.sw.SetRow("A1", []any{excelize.Cell{StyleID: x.st.title, Value: title}}, excelize.RowOpts{Height: 40}); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(numExported, 1)
	if err := x.sw.MergeCell("A1", last); err != nil {
		return err
	}
	head := make([]any, numExported)
	for i, h := range Header {
		head[i] = excelize.Cell{StyleID: x.st.header, Value: h}
	}
	return x.sw.SetRow("A2", head, excelize.RowOpts{Height: 30})
}

// frozen keeps the first n rows in view.
func frozen(n int) *excelize.Panes {
	cell := fmt.Sprintf("A%d", n+1)
	return &excelize.Panes{Freeze: true, YSplit: n, TopLeftCell: cell, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: cell, ActiveCell: cell, Pane: "bottomLeft"}}}
}

// add collects the rows of one problem and writes them when the next
// problem begins.
func (x *exporter) add(r *ledger.ExportRow) error {
	if len(x.pending) > 0 && x.pending[0].Problem.ID != r.Problem.ID {
		if err := x.flush(); err != nil {
			return err
		}
	}
	x.pending = append(x.pending, r)
	return nil
}

func (x *exporter) finish() error {
	if err := x.flush(); err != nil {
		return err
	}
	return x.sw.Flush()
}

// problemFields are the columns a problem's rows share, merged over them.
var problemFields = []field{fSeq, fSource, fCategory, fProblem, fLeader, fBranch}

// flush writes the pending problem's rows and merges its shared cells.
func (x *exporter) flush() error {
	if len(x.pending) == 0 {
		return nil
	}
	x.stats.Problems++
	first := x.row
	heights := x.heights(x.pending)
	for i, r := range x.pending {
		cell, _ := excelize.CoordinatesToCellName(1, x.row)
		if err := x.sw.SetRow(cell, x.cells(r, i == 0), excelize.RowOpts{Height: heights[i]}); err != nil {
			return err
		}
		if r.Task != nil {
			x.stats.Tasks++
		}
		x.row++
	}
	if last := x.row - 1; last > first {
		for _, f := range problemFields {
			a, _ := excelize.CoordinatesToCellName(int(f)+1, first)
			b, _ := excelize.CoordinatesToCellName(int(f)+1, last)
			if err := x.sw.MergeCell(a, b); err != nil {
				return err
			}
		}
	}
	x.pending = x.pending[:0]
	return nil
}

// cells is one sheet row; the problem's own cells are filled on its first
// row only (the rest lie under the merge), but all carry the border.
func (x *exporter) cells(r *ledger.ExportRow, first bool) []any {
	s, p, t := x.st, r.Problem, r.Task
	c := make([]any, numExported)
	set := func(f field, style int, v any) { c[f] = excelize.Cell{StyleID: style, Value: v} }
	for _, f := range problemFields {
		set(f, s.text, nil)
	}
	set(fSeq, s.center, nil)
	if first {
		set(fSeq, s.center, x.stats.Problems)
		set(fSource, s.text, r.Batch.Title)
		set(fCategory, s.text, p.Category)
		set(fProblem, s.text, p.Description)
		set(fLeader, s.center, p.Leader)
		set(fBranch, s.text, x.branchName(p.BranchID))
	}
	for f := fMeasure; int(f) < numExported; f++ {
		if f != fLeader && f != fBranch {
			set(f, s.text, nil)
		}
	}
	if t == nil {
		return c
	}
	set(fMeasure, s.text, t.Description)
	set(fKind, s.center, t.Kind.Label())
	set(fLeadDept, s.text, formatLeadDept(t.LeadDept, t.SupportDepts))
	set(fOwner, s.center, t.OwnerName)
	switch {
	case !t.DueOn.IsZero():
		set(fDue, s.date, t.DueOn.Time())
	case t.Kind == ledger.KindLongTerm:
		set(fDue, s.center, ledger.KindLongTerm.Label())
	}
	if r.Progress != nil {
		set(fProgress, s.text, r.Progress.Note)
	}
	set(fStatus, s.center, formatStatus(t))
	if !t.ClosedOn.IsZero() {
		set(fClosedOn, s.date, t.ClosedOn.Time())
	}
	set(fEvidence, s.text, strings.Join(r.Evidence, "\n"))
	set(fReview, s.text, formatReviews(r.Reviews))
	set(fRemark, s.text, t.Remark)
	// The identity an import matches the row by, whatever else is edited.
	set(fRef, s.center, ledger.TaskRef(t))
	return c
}

// branchName is the 责任单位 of a problem, so that a sheet imported above
// it puts the problem back where it was.
func (x *exporter) branchName(id int64) string {
	if b := x.tree.Get(id); b != nil {
		return b.Name
	}
	return ""
}

// heights estimates each row's height so wrapped text shows in full:
// Excel does not grow a streamed row by itself. The problem's merged text
// needs room across all its rows, added evenly.
func (x *exporter) heights(rows []*ledger.ExportRow) []float64 {
	hs := make([]float64, len(rows))
	total := 0.0
	for i, r := range rows {
		n := 1
		if t := r.Task; t != nil {
			for _, v := range []struct {
				f    field
				text string
			}{{fMeasure, t.Description}, {fLeadDept, formatLeadDept(t.LeadDept, t.SupportDepts)},
				{fProgress, noteOf(r.Progress)}, {fEvidence, strings.Join(r.Evidence, "\n")},
				{fReview, formatReviews(r.Reviews)}, {fRemark, t.Remark}} {
				n = max(n, lines(v.text, widths[v.f]))
			}
		}
		hs[i] = lineHeight(n)
		total += hs[i]
	}
	p := rows[0].Problem
	need := lineHeight(max(lines(p.Description, widths[fProblem]), lines(p.Category, widths[fCategory]),
		lines(rows[0].Batch.Title, widths[fSource])))
	if need > total {
		extra := (need - total) / float64(len(rows))
		for i := range hs {
			hs[i] = min(hs[i]+extra, 409)
		}
	}
	return hs
}

func noteOf(n *ledger.ProgressNote) string {
	if n == nil {
		return ""
	}
	return n.Note
}

// lines estimates how many lines text wraps to in a column width chars
// wide: a CJK character takes two widths, other characters one.
func lines(text string, width float64) int {
	n := 0
	for _, para := range strings.Split(text, "\n") {
		w := 0.0
		for _, r := range para {
			if r > 0x2e80 {
				w += 2
			} else {
				w += 1.1
			}
		}
		n += max(1, int((w+width-2.5)/(width-1.5)))
	}
	return n
}

func lineHeight(n int) float64 { return min(409, float64(n)*14.5+6) }
