package docimport

import (
	"regexp"
	"strings"
)

// addTableRow reads a table row into the document's tables. It reports
// false for a row of a table that is not a problem or measure table,
// which is then read as text.
func (d *draftDoc) addTableRow(text string, sectionKind kind) bool {
	cells := rowCells(text)
	pasted := !strings.HasPrefix(text, rowMark)
	if d.table != nil && (d.table.rows == 0 || d.table.isHeader(cells)) {
		d.table.add(cells, pasted) // a second header row, or a header repeated on a new page
		return true
	}
	if cols := headerColumns(cells); cols != nil {
		d.table = newTableReader(cells, cols, sectionKind, &d.tables)
		d.titleOpen = false
		d.lastTable = d.table
		return true
	}
	if d.table == nil && d.lastTable != nil && len(cells) == len(d.lastTable.cols) && len(cells) >= 3 {
		d.table = d.lastTable // the table goes on after a page or section break
	}
	if d.table == nil {
		return false
	}
	d.table.add(cells, pasted)
	d.hasContent = d.hasContent || len(d.tables.problems)+len(d.tables.measures) > 0
	return true
}

// tableInterlude reports whether a line between table rows belongs to the
// table: in a table pasted as text, a category row (一、…方面) loses its
// tabs.
func (d *draftDoc) tableInterlude(text string) bool {
	m := leadingMarker(text)
	rest := text[m.end:]
	if m.style == plain || !isPureHeading(rest) || !strings.Contains(rest, "方面") {
		return false
	}
	d.table.category = categoryText(text)
	return true
}

// plainRow turns a marked row of a table that is not read as one back
// into a tab-separated line.
func plainRow(text string) string {
	return strings.ReplaceAll(strings.TrimPrefix(text, rowMark), cellBreak, " ")
}

// tableEntries converts the document's tables; problem links are shifted
// by offset, the number of problems found outside tables.
func (d *draftDoc) tableEntries(offset, year int) ([]Problem, []Measure) {
	var measures []Measure
	for _, tm := range d.tables.measures {
		m := Measure{Title: titleOf(tm.text), Text: tm.text, Owner: personName(tm.owner), LeadDept: tm.dept}
		m.DueOn, m.Kind = dueOf(narrowDigits(tm.due), year)
		if m.Kind == "" {
			m.DueOn, m.Kind = looseDue(narrowDigits(tm.text), year)
		}
		if tm.problem > 0 {
			m.Problem = tm.problem + offset
		}
		measures = append(measures, m)
	}
	return d.tables.problems, measures
}

// positionRe matches a person named after their post (党委书记张三,
// 副局长李四): the ledger knows people by name, not by post.
var positionRe = regexp.MustCompile(`^[^，,、；;]*(?:书记|委员|主任|局长|科长|处长|部长|县长|乡长|镇长|区长|市长|经理|会计师|院长|校长|所长|站长|队长|组长|主席|秘书长|馆长|行长|社长)(\p{Han}{2,3})$`)

// personName is the name in an owner value, without the post before it.
func personName(v string) string {
	if m := positionRe.FindStringSubmatch(v); m != nil {
		return m[1]
	}
	return v
}

var (
	// doneRe and notDoneRe tell a finished item from one still under way
	// in a progress note; the officer confirms either way.
	doneRe    = regexp.MustCompile(`已完成|已整改到位|整改完毕|已办结|已全部整改|完成整改`)
	notDoneRe = regexp.MustCompile(`未完成|正在|尚未|持续整改|逐步整改|基本完成`)
)

// progressOf reads a progress note (整改情况：…): its text without the
// label, and whether it reports the item done.
func progressOf(text string) (string, bool) {
	text = strings.TrimSpace(progressRe.ReplaceAllString(strings.TrimSpace(text), ""))
	return text, doneRe.MatchString(text) && !notDoneRe.MatchString(text)
}
