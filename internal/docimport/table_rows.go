package docimport

import (
	"slices"
	"strings"
)

// add reads one row of the table. In a table pasted as text a merged
// cell is empty below its first row, so empty owner and department cells
// repeat the row above; a Word table fills merged cells itself.
func (t *tableReader) add(cells []string, pasted bool) {
	switch {
	case t.isHeader(cells), t.rows == 0 && t.subHeader(cells):
		return
	case isCategoryRow(cells):
		t.category = categoryText(firstFilled(cells))
		return
	}
	t.rows++
	if pasted {
		cells = t.fillDown(cells)
	}
	if c := t.cell(cells, colCategory); c != "" {
		t.category = categoryText(c)
	}
	if p := t.cell(cells, colProblem); p != "" && p != t.problem {
		t.startProblem(p, t.cell(cells, colProgress))
	}
	for _, text := range splitMeasures(t.cell(cells, colMeasure)) {
		t.out.measures = append(t.out.measures, tableMeasure{
			text: text, owner: t.owner(cells), dept: cellLine(t.cell(cells, colDept)),
			due: cellLine(t.cell(cells, colDue)), problem: t.problemIndex()})
	}
}

// subHeader takes a second header row (责任清单 spanning 责任领导 |
// 责任单位): a cell naming a column where the first row did not refines
// it. It reports whether cells was such a row.
func (t *tableReader) subHeader(cells []string) bool {
	refined := false
	for i, c := range cells {
		if i < len(t.header) && c != t.header[i] && columnOf(c) != colNone {
			refined = true
		}
	}
	if !refined {
		return false
	}
	t.headers = append(t.headers, cells)
	for i, c := range cells {
		if i < len(t.cols) && c != "" && c != t.header[i] {
			if col := columnOf(c); col != colNone {
				t.cols[i] = col
			}
		}
	}
	return true
}

// isCategoryRow reports whether a row is one cell across the table (a
// merged row, or text in the first cell only) naming a category such as
// 一、党的政治建设方面.
func isCategoryRow(cells []string) bool {
	first := firstFilled(cells)
	for _, c := range cells {
		if c != "" && c != first {
			return false
		}
	}
	return first != "" && len(cells) > 1 && isPureHeading(strings.ReplaceAll(first, cellBreak, ""))
}

func firstFilled(cells []string) string {
	for _, c := range cells {
		if c != "" {
			return c
		}
	}
	return ""
}

// categoryText is a category cell without its number.
func categoryText(c string) string {
	c = cellLine(c)
	c = strings.TrimSpace(c[leadingMarker(c).end:])
	return categoryOf(clip(c, maxTitleRunes))
}

func (t *tableReader) startProblem(text, progress string) {
	t.problem = text
	p := newProblem(t.category, strings.ReplaceAll(text, cellBreak, "\n"))
	if stripped := stripMarker(p.Text); stripped != "" {
		p.Text = stripped
	}
	p.Title = titleOf(p.Text)
	p.Progress, p.Done = progressOf(strings.ReplaceAll(progress, cellBreak, "\n"))
	t.out.problems = append(t.out.problems, p)
}

// problemIndex is the 1-based index of the current problem, or 0 for a
// table that lists measures only.
func (t *tableReader) problemIndex() int {
	if !t.has(colProblem) {
		return 0
	}
	return len(t.out.problems)
}

// owner is the row's 责任人, else its 责任领导.
func (t *tableReader) owner(cells []string) string {
	if o := cellLine(t.cell(cells, colOwner)); o != "" {
		return o
	}
	return cellLine(t.cell(cells, colLeader))
}

// cellLine is a cell's paragraphs on one line.
func cellLine(c string) string {
	return strings.TrimSpace(strings.ReplaceAll(c, cellBreak, " "))
}

// splitMeasures cuts a measure cell into measures: each numbered
// paragraph (1. 2.) starts one, unnumbered ones continue it; a single
// paragraph may number its measures inline (一是…二是…).
func splitMeasures(cell string) []string {
	if strings.TrimSpace(cell) == "" {
		return nil
	}
	paras := strings.Split(cell, cellBreak)
	var out []string
	for _, p := range paras {
		m := leadingMarker(p)
		switch {
		case len(out) == 0 || isItemStyle(m.style) || m.style == groupNum:
			out = append(out, strings.TrimSpace(p[m.end:]))
		default:
			out[len(out)-1] += "\n" + p
		}
	}
	if len(out) == 1 {
		if s := firstInlineStyle(out[0]); s != plain {
			if prefix, items := splitItems(out[0], s); len(items) > 1 && strings.TrimSpace(prefix) == "" {
				out = items
			}
		}
	}
	return slices.DeleteFunc(out, func(m string) bool { return strings.TrimSpace(m) == "" })
}

// fillDown fills a pasted row's empty owner and department cells from the
// row above.
func (t *tableReader) fillDown(cells []string) []string {
	prev := t.prev
	t.prev = cells
	if prev == nil || t.cell(cells, colMeasure) == "" {
		return cells
	}
	filled := slices.Clone(cells)
	for i, col := range t.cols {
		switch col {
		case colOwner, colLeader, colDept:
			if i < len(filled) && i < len(prev) && filled[i] == "" {
				filled[i] = prev[i]
			}
		}
	}
	t.prev = filled
	return filled
}
