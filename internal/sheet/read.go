package sheet

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"rectify/internal/ledger"
)

// ReadOptions tune Read.
type ReadOptions struct {
	// Today is the due date of a 立行立改 measure that gives none.
	Today ledger.Date
}

// Plan is what Read found in a workbook: the problems and measures to
// import, and every error, placed by the sheet's own row and column.
type Plan struct {
	Sheet    string
	Problems []ledger.ImportProblem
	Errors   []ledger.ImportError
	// Columns places store fields in the sheet, for ledger.ImportRequest.
	Columns map[string]string
}

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Read parses a ledger workbook: the first sheet with a header row that
// names (under any known synonym) the problem and measure columns. A file
// that is not a readable .xlsx is an EINVALID error; everything wrong
// inside it is reported in Plan.Errors.
func Read(r io.Reader, opt ReadOptions) (*Plan, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, err
	}
	switch {
	case len(b) > MaxFileBytes:
		return nil, tooLarge("文件超过%dMB的限制", MaxFileBytes>>20)
	case bytes.HasPrefix(b, oleMagic):
		return nil, ledger.FieldErrorf("file", "这是旧版 Excel（.xls）或 WPS 表格文件，请另存为 .xlsx 后再导入")
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, unreadable()
	}
	if err := checkPackage(zr); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{UnzipSizeLimit: MaxUnzipBytes})
	if err != nil {
		return nil, unreadable()
	}
	defer f.Close()
	return readBook(f, partsOf(zr), opt)
}

func unreadable() error {
	return ledger.FieldErrorf("file", "无法读取该文件，请上传 .xlsx 格式的台账")
}

func partsOf(zr *zip.Reader) map[string]*zip.File {
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	return files
}

// readBook reads the first sheet that has a header row.
func readBook(f *excelize.File, files map[string]*zip.File, opt ReadOptions) (*Plan, error) {
	date1904 := false
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		date1904 = *p.Date1904
	}
	for _, name := range f.GetSheetList() {
		g, err := loadGrid(f, files, name)
		if ledger.ErrorCode(err) == ledger.ETOOLARGE || ledger.ErrorCode(err) == ledger.EUNPROCESS {
			return nil, err
		} else if err != nil {
			return nil, ledger.FieldErrorf("file", "无法读取工作表「%s」", name)
		}
		for h := 0; h < min(len(g.text), headerSearch); h++ {
			if isHeader(g.text[h]) {
				rd := &reader{g: g, header: g.text[h], cols: columnsOf(g.text[h]), opt: opt, date1904: date1904,
					plan: &Plan{Sheet: name, Problems: []ledger.ImportProblem{}, Errors: []ledger.ImportError{}}, cur: -1}
				return rd.read(h + 1), nil
			}
		}
	}
	return &Plan{Problems: []ledger.ImportProblem{}, Columns: map[string]string{}, Errors: []ledger.ImportError{{Row: 0, Column: "",
		Message: "未找到表头：表格中须有「问题描述」和「整改措施」两列（或其同义列名）"}}}, nil
}

// grid is a sheet's cells, unformatted (a date is its serial number, as
// the date parser wants it, and formatting 100,000 rows would cost more
// than the rest of an import), with every merged range filled with its
// top-left value.
type grid struct {
	text [][]string
}

// loadGrid checks the sheet against the limits, then reads its first
// readColumns columns row by row.
func loadGrid(f *excelize.File, files map[string]*zip.File, sheet string) (*grid, error) {
	shape, err := scanSheet(files, sheet)
	if err != nil {
		return nil, err
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	g := &grid{text: make([][]string, 0, min(shape.rows, 1024))}
	for rows.Next() {
		row, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		g.text = append(g.text, row[:min(len(row), readColumns)])
	}
	if err := rows.Error(); err != nil {
		return nil, err
	}
	return g, g.fillMerges(shape.merges)
}

// reader turns the rows under a header into problems and measures.
type reader struct {
	g        *grid
	header   []string
	cols     map[field]int
	opt      ReadOptions
	date1904 bool
	plan     *Plan
	cur      int    // index of the current problem in plan.Problems, or -1
	curSeq   string // its 序号
	row      int    // sheet row being read (1-based)
}

func (rd *reader) read(from int) *Plan {
	rd.plan.Columns = map[string]string{}
	for f, names := range storeField {
		if c, ok := rd.cols[f]; ok {
			for _, n := range names {
				rd.plan.Columns[n] = columnName(c)
			}
		}
	}
	for i := from; i < len(rd.g.text); i++ {
		rd.row = i + 1
		rd.line()
	}
	return rd.plan
}

// v is the trimmed text of field f in the current row.
func (rd *reader) v(f field) string {
	c, ok := rd.cols[f]
	row := rd.g.text[rd.row-1]
	if !ok || c >= len(row) {
		return ""
	}
	return strings.TrimSpace(row[c])
}

// name is what the sheet calls field f, for messages.
func (rd *reader) name(f field) string {
	if c, ok := rd.cols[f]; ok {
		if h := strings.Join(strings.Fields(rd.header[c]), ""); h != "" {
			return h
		}
	}
	return Header[f]
}

// fail records an error about field f in the current row.
func (rd *reader) fail(f field, format string, args ...any) {
	col := ""
	if c, ok := rd.cols[f]; ok {
		col = columnName(c)
	}
	rd.plan.Errors = append(rd.plan.Errors, ledger.ImportError{Row: rd.row, Column: col,
		Message: where(rd.row) + " " + fmt.Sprintf(format, args...)})
}

func columnName(c int) string {
	n, _ := excelize.ColumnNumberToName(c + 1)
	return n
}

// measureFields are the cells that belong to one measure.
var measureFields = []field{fMeasure, fKind, fLeadDept, fSupport, fOwner, fDue, fProgress, fStatus, fClosedOn, fEvidence, fReview, fRemark, fRef}

// line reads one row: blank and note rows are skipped, a new problem text
// (or 序号, or 责任单位) starts a problem, and any measure is added to the
// current problem.
func (rd *reader) line() {
	desc, seq, branch := rd.v(fProblem), rd.v(fSeq), rd.v(fBranch)
	hasMeasure := false
	for _, f := range measureFields {
		hasMeasure = hasMeasure || rd.v(f) != ""
	}
	switch {
	case desc == "" && !hasMeasure, isRepeatedHeader(rd.g.text[rd.row-1], rd.header):
		return // blank, or the header repeated for printing
	case desc != "" && desc == rd.v(fMeasure):
		// A note merged across the whole row: words, so never dropped.
		rd.fail(fProblem, "是一整行合并的文字「%s」，既不是问题也不是措施；请删除该行或分列填写后再导入", clip(desc))
		return
	case desc == "" && (rd.cur < 0 || seq != "" && seq != rd.curSeq):
		rd.fail(fProblem, "%s未填写", rd.name(fProblem))
		return
	case desc != "" && rd.startsProblem(desc, seq, branch):
		rd.plan.Problems = append(rd.plan.Problems, ledger.ImportProblem{Row: rd.row, Where: where(rd.row),
			Branch: branch, Batch: rd.v(fSource), Description: desc})
		rd.cur, rd.curSeq = len(rd.plan.Problems)-1, seq
	}
	p := &rd.plan.Problems[rd.cur]
	fillEmpty(&p.Batch, rd.v(fSource))
	fillEmpty(&p.Category, rd.v(fCategory))
	fillEmpty(&p.Cause, rd.v(fCause))
	fillEmpty(&p.Leader, rd.v(fLeader))
	if !hasMeasure {
		return
	}
	if m, ok := rd.measure(); ok {
		p.Measures = append(p.Measures, m)
	}
}

func (rd *reader) startsProblem(desc, seq, branch string) bool {
	if rd.cur < 0 {
		return true
	}
	p := &rd.plan.Problems[rd.cur]
	return squeeze(desc) != squeeze(p.Description) ||
		seq != "" && seq != rd.curSeq || branch != "" && branch != p.Branch
}

// squeeze drops white space, so a line break does not make a new problem.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// clip shortens a cell quoted in a message.
func clip(s string) string {
	r := []rune(squeeze(s))
	if len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return string(r)
}

func fillEmpty(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}
