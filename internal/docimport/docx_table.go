package docimport

import (
	"encoding/xml"
	"strconv"
	"strings"
)

// Table rows reach the parser as one line each: rowMark, then the cells
// of the table's grid separated by tabs, with cellBreak between the
// paragraphs of a cell. A cell spanning several grid columns (w:gridSpan)
// fills each of them, and a cell merged with the one above (w:vMerge)
// repeats its text, so every row reads as a full row of the grid: a
// problem merged down over its measures is named on each measure's row.
const (
	rowMark   = "\x1e"
	cellBreak = "\x1f"
)

// maxGridColumns bounds the columns a row is expanded to; real tables
// have fewer than 20, and gridSpan values are attacker-controlled.
const maxGridColumns = 64

// wordTable is a table being read: its current row and the text of the
// row above in each grid column, for vertically merged cells.
type wordTable struct {
	row   tableRow
	above []string
}

// tableRow collects the cells of a table row.
type tableRow struct {
	cells  []tableCell
	inCell bool
}

// tableCell is one w:tc: its paragraphs, how many grid columns it spans
// and whether it continues the merged cell above it.
type tableCell struct {
	paras     []string
	span      int
	continues bool
}

// set applies a w:gridSpan or w:vMerge property. A w:vMerge without a
// value (or "continue") continues the cell above; "restart" starts one.
func (c *tableCell) set(name, val string) {
	switch name {
	case "gridSpan":
		if n, err := strconv.Atoi(val); err == nil && n > 1 {
			c.span = min(n, maxGridColumns)
		}
	case "vMerge":
		c.continues = val == "" || val == "continue"
	}
}

func attrVal(attrs []xml.Attr) string {
	for _, a := range attrs {
		if a.Name.Local == "val" {
			return a.Value
		}
	}
	return ""
}

// text is a cell's paragraphs, each on one line, joined by sep.
func (c tableCell) text(sep string) string {
	var out []string
	for _, p := range c.paras {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// endRow finishes the current row and returns it as lines. A marked row
// is one rowLine; otherwise, as for nested tables and DocxText, a row
// with several cells holding text is one tab-separated line and a row
// with one (a layout table) keeps its paragraphs as lines.
func (t *wordTable) endRow(marked bool) []string {
	row := t.row
	t.row = tableRow{}
	grid := t.grid(row, marked)
	if marked && len(grid) > 1 {
		return []string{rowMark + strings.Join(grid, "\t")}
	}
	var filled []tableCell
	cells := make([]string, len(row.cells))
	for i, c := range row.cells {
		if cells[i] = c.text(" "); cells[i] != "" {
			filled = append(filled, c)
		}
	}
	switch len(filled) {
	case 0:
		return nil
	case 1:
		return filled[0].paras
	}
	return []string{strings.Join(cells, "\t")}
}

// grid lays the row's cells out on the table grid, filling spanned and
// merged cells, and remembers it for the row below.
func (t *wordTable) grid(row tableRow, marked bool) []string {
	sep := " "
	if marked {
		sep = cellBreak
	}
	var grid []string
	size := 0
	for _, c := range row.cells {
		text := c.text(sep)
		for range c.span {
			// Spans and merges copy text; past the text limit the
			// reader fails anyway, so stop copying there.
			if len(grid) >= maxGridColumns || size > MaxTextBytes {
				break
			}
			if c.continues && len(grid) < len(t.above) {
				text = t.above[len(grid)]
			}
			grid = append(grid, text)
			size += len(text)
		}
	}
	t.above = grid
	return grid
}
