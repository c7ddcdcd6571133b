package docimport

import (
	"encoding/xml"
	"strings"
)

// wordWriter turns the element stream of word/document.xml into lines.
// Elements are matched by local name only, so both the transitional and
// the strict OOXML namespaces work.
type wordWriter struct {
	out strings.Builder
	// para is the text of the outermost open paragraph; paras counts the
	// open ones (a text box nests paragraphs in a paragraph). An inner
	// paragraph writes into the same text, between line breaks, so that
	// nesting costs nothing more than its text.
	para  strings.Builder
	paras int
	// size is the number of bytes of text written so far, which the
	// reader checks against MaxTextBytes.
	size   int
	tables []*wordTable // the open tables, innermost last
	// marked asks for table rows as the parser reads them (see rowLine).
	marked bool
	inText int // depth inside w:t
	inRun  int // depth inside w:r, where w:tab is a tab
	skip   int // depth inside content that is not text
}

// skipped elements hold no visible text of their own: mc:Fallback
// repeats the mc:Choice content for old readers, field codes and deleted
// text are not what the reader sees, and paragraph and run properties
// hold w:tab elements that define tab stops rather than tabs.
var skipped = map[string]bool{
	"Fallback": true, "instrText": true, "delText": true, "delInstrText": true,
	"pPr": true, "rPr": true,
}

func (w *wordWriter) start(name string, attrs []xml.Attr) {
	if w.skip > 0 || skipped[name] {
		w.skip++
		return
	}
	switch name {
	case "p":
		w.startParagraph()
	case "r":
		w.inRun++
	case "t":
		w.inText++
	case "tab", "ptab":
		w.write("\t")
	case "br", "cr":
		w.write("\n")
	case "noBreakHyphen":
		w.write("-")
	case "tbl":
		w.tables = append(w.tables, &wordTable{})
	case "tr":
		if row := w.row(); row != nil {
			*row = tableRow{}
		}
	case "tc":
		if row := w.row(); row != nil {
			row.cells = append(row.cells, tableCell{span: 1})
			row.inCell = true
		}
	case "gridSpan", "vMerge":
		if row := w.row(); row != nil && row.inCell && len(row.cells) > 0 {
			row.cells[len(row.cells)-1].set(name, attrVal(attrs))
		}
	}
}

func (w *wordWriter) end(name string) {
	if w.skip > 0 {
		w.skip--
		return
	}
	switch name {
	case "p":
		w.endParagraph()
	case "r":
		w.inRun = max(0, w.inRun-1)
	case "t":
		w.inText = max(0, w.inText-1)
	case "tc":
		if row := w.row(); row != nil {
			row.inCell = false
		}
	case "tr":
		w.endRow()
	case "tbl":
		if len(w.tables) > 0 {
			w.tables = w.tables[:len(w.tables)-1]
		}
	}
}

func (w *wordWriter) chars(b []byte) {
	if w.inText > 0 && w.skip == 0 {
		w.write(string(b))
	}
}

// write adds text to the innermost open paragraph. Tabs and breaks count
// only inside a run, as the schema has them.
func (w *wordWriter) write(s string) {
	if w.paras == 0 || (w.inRun == 0 && (s == "\t" || s == "\n")) {
		return
	}
	w.para.WriteString(s)
	w.size += len(s)
}

// startParagraph opens a paragraph. One inside another (a text box) is
// set off from the outer text by line breaks, up to maxParagraphNesting
// levels; deeper ones are not told apart.
func (w *wordWriter) startParagraph() {
	if w.paras > 0 && w.paras < maxParagraphNesting {
		w.para.WriteByte('\n')
		w.size++
	}
	w.paras++
}

func (w *wordWriter) endParagraph() {
	if w.paras == 0 {
		return
	}
	w.paras--
	switch {
	case w.paras >= maxParagraphNesting:
	case w.paras > 0:
		w.para.WriteByte('\n')
		w.size++
	default:
		text := w.para.String()
		w.para.Reset()
		w.emit(text)
	}
}

func (w *wordWriter) row() *tableRow {
	if len(w.tables) == 0 {
		return nil
	}
	return &w.tables[len(w.tables)-1].row
}

// emit writes a finished line to the open table cell, or to the output.
func (w *wordWriter) emit(line string) {
	if row := w.row(); row != nil && row.inCell && len(row.cells) > 0 {
		// A line kept in a cell is written again when its row ends (twice
		// in a nested table), so it counts again against the limit.
		w.size += len(line)
		last := &row.cells[len(row.cells)-1]
		last.paras = append(last.paras, line)
		return
	}
	w.out.WriteString(line)
	w.out.WriteByte('\n')
}

// endRow writes a finished table row. In a nested table the row goes to
// the enclosing cell.
func (w *wordWriter) endRow() {
	if len(w.tables) == 0 {
		return
	}
	t := w.tables[len(w.tables)-1]
	lines := t.endRow(w.marked && len(w.tables) == 1)
	outer := w.tables
	w.tables = w.tables[:len(w.tables)-1]
	for _, l := range lines {
		w.size += len(l) // merged and spanned cells repeat text
		w.emit(l)
	}
	w.tables = outer
}
