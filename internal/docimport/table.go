package docimport

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// A 整改方案 is most often a table (三张清单: 序号 | 反馈问题 | 整改措施 |
// 责任领导 | 责任部门 | 完成时限). tableReader reads one: it names the
// columns from the header (one or two rows), then reads each row as a
// measure of the problem in its problem cell, a problem cell merged down
// over several rows (or left empty) naming the same problem.

// column is what a table column holds.
type column int

const (
	colNone column = iota
	colSeq
	colCategory
	colProblem
	colMeasure
	colOwner
	colLeader
	colDept
	colDue
	colProgress
)

// columnRules name a column from its header, first match wins: 问题整改
// 措施 is a measure column, 问题类别 a category one, and a 配合单位
// (supporting unit) is not the lead department.
var columnRules = []struct {
	col column
	re  *regexp.Regexp
}{
	{colSeq, regexp.MustCompile(`^(?:序号|编号|序)$`)},
	{colNone, regexp.MustCompile(`配合|协同|协助|备注|目标|标准|成效`)},
	{colCategory, regexp.MustCompile(`类别|类型|分类|领域|^方面$`)},
	{colDue, regexp.MustCompile(`时限|时间|期限|日期`)},
	{colProgress, regexp.MustCompile(`完成情况|整改情况|进展|整改结果|落实情况`)},
	{colOwner, regexp.MustCompile(`责任人|经办人`)},
	{colLeader, regexp.MustCompile(`领导|牵头人`)},
	{colDept, regexp.MustCompile(`部门|单位|科室|处室|股室`)},
	{colMeasure, regexp.MustCompile(`措施|任务|举措|整改内容|整改事项|整改方案`)},
	{colProblem, regexp.MustCompile(`问题|意见|表现`)},
}

// maxHeaderRunes is longer than any column name and shorter than most
// values, so a data row is not taken for a header.
const maxHeaderRunes = 16

func columnOf(header string) column {
	header = strings.Join(strings.Fields(header), "")
	if header == "" || utf8.RuneCountInString(header) > maxHeaderRunes {
		return colNone
	}
	for _, r := range columnRules {
		if r.re.MatchString(header) {
			return r.col
		}
	}
	return colNone
}

// rowCells splits a table row line into its cells: a marked row from a
// .docx, or a tab-separated line from a table pasted into text.
func rowCells(text string) []string {
	text = strings.TrimPrefix(text, rowMark)
	cells := strings.Split(text, "\t")
	for i, c := range cells {
		cells[i] = strings.TrimSpace(c)
	}
	return cells
}

// isTableRow reports whether text is a row of a table.
func isTableRow(text string) bool {
	return strings.HasPrefix(text, rowMark) || strings.Contains(text, "\t")
}

// headerColumns returns the columns a header row names, or nil when
// cells are not the header of a problem or measure table.
func headerColumns(cells []string) []column {
	cols := make([]column, len(cells))
	named, key := 0, false
	for i, c := range cells {
		if utf8.RuneCountInString(c) > maxHeaderRunes {
			return nil
		}
		cols[i] = columnOf(c)
		if cols[i] != colNone {
			named++
		}
		switch cols[i] {
		case colProblem, colMeasure, colOwner, colLeader, colDue:
			key = true
		}
	}
	if named < 2 || !key {
		return nil
	}
	return cols
}

// tableReader reads the rows of one table.
type tableReader struct {
	header []string
	// headers are the rows read as the header, which a table repeats at
	// the top of each page.
	headers [][]string
	cols    []column
	// text is the column read as problems or measures when the header
	// names neither (序号 | 内容 | 责任人), by the section the table is in.
	text     column
	rows     int
	category string
	problem  string   // the text of the current problem's cell
	prev     []string // the row above, for pasted tables
	out      *tableDraft
}

// tableDraft is what the tables of a document hold, in order.
type tableDraft struct {
	problems []Problem
	measures []tableMeasure
}

// tableMeasure is a measure row; its due cell is read when the document's
// year is known.
type tableMeasure struct {
	text, owner, dept, due string
	problem                int // 1-based in tableDraft.problems, or 0
}

// newTableReader starts a table under header; sectionKind decides what an
// unnamed text column holds.
func newTableReader(header []string, cols []column, sectionKind kind, out *tableDraft) *tableReader {
	t := &tableReader{header: header, headers: [][]string{header}, cols: cols, out: out}
	if !t.has(colProblem) && !t.has(colMeasure) {
		t.text = colMeasure
		if sectionKind == problemSection {
			t.text = colProblem
		}
		for i, c := range cols {
			if c == colNone && header[i] != "" {
				t.cols[i] = t.text
				break
			}
		}
	}
	return t
}

func (t *tableReader) has(c column) bool {
	return t.index(c) >= 0
}

// index is the first column holding c, or -1.
func (t *tableReader) index(c column) int {
	for i, col := range t.cols {
		if col == c {
			return i
		}
	}
	return -1
}

// cell returns row's value in the first column holding c.
func (t *tableReader) cell(cells []string, c column) string {
	if i := t.index(c); i >= 0 && i < len(cells) {
		return cells[i]
	}
	return ""
}

// isHeader reports whether cells repeat a header row of the table.
func (t *tableReader) isHeader(cells []string) bool {
	for _, h := range t.headers {
		if slices.Equal(cells, h) {
			return true
		}
	}
	return false
}
