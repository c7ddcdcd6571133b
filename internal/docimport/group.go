package docimport

import (
	"regexp"
	"strings"
)

// section is one 一、 part of a document.
type section struct {
	kind kind
	// plain marks a section under an unnumbered heading.
	plain bool
	// closed is set by the closing lines of the document; what follows
	// (signature, date) belongs to no item.
	closed bool
	groups []*group
}

// group is what a （一） heading introduces: a category of problems, or a
// single numbered cause or measure. Paragraphs before the first （一） go
// to an implicit group with no heading.
type group struct {
	kind   kind   // kind of the section the group is in
	mark   style  // numbering of the heading; plain for the implicit group
	head   string // the heading line after its number
	clause string // the heading's first clause, e.g. 在理论学习方面
	style  style  // numbering of the items under the heading, once seen
	// summary holds paragraphs before the first item, each as a chunk
	// (an annotation line joins the chunk before it).
	summary []*item
	items   []*item
	raw     []string // paragraphs after the heading line, as written
	// progress is set inside an account of rectification progress
	// (整改情况：…) in a 整改情况报告, which is not part of the problem.
	progress bool
	// measuring is set inside the measures listed under a problem.
	measuring bool
}

// item is one numbered entry: its paragraphs, number removed, and the
// account of its rectification (整改情况：…) that a report gives after it.
type item struct {
	paras    []string
	progress []string
	// measures and notes are the measures a 整改方案 lists under the
	// item and the annotations (责任人：…) that apply to all of them.
	measures, notes []string
}

func (it *item) text() string {
	return strings.TrimSpace(strings.Join(it.paras, "\n"))
}

// add sorts a paragraph of the section into groups. A numbered 1. line
// that only names an aspect (1.在理论学习方面) is a category heading too,
// in documents that number their categories that way.
func (s *section) add(text string) {
	m := leadingMarker(text)
	if m.style == groupNum || s.isCategoryLine(m, text) {
		s.startGroup(m.style, text[m.end:])
		return
	}
	s.current().add(text)
}

func (s *section) isCategoryLine(m marker, text string) bool {
	if s.kind != problemSection || (m.style != arabicNum && m.style != parenNum) {
		return false
	}
	rest := text[m.end:]
	if !isPureHeading(rest) || !strings.Contains(rest, "方面") {
		return false
	}
	g := s.current()
	return g.mark == m.style || (g.mark == plain && len(g.items) == 0)
}

func (s *section) current() *group {
	if len(s.groups) == 0 {
		s.groups = append(s.groups, &group{kind: s.kind})
	}
	return s.groups[len(s.groups)-1]
}

// startGroup opens a group. Text after the heading clause on the same line
// (（一）在理论学习方面。一是…) is read as the group's first paragraph.
func (s *section) startGroup(mark style, head string) {
	head = strings.TrimSpace(head)
	clause, rest := firstClause(head)
	g := &group{kind: s.kind, mark: mark, head: head, clause: clip(clause, maxTitleRunes)}
	s.groups = append(s.groups, g)
	if rest != "" {
		g.take(rest)
	}
}

// add takes a paragraph that follows the heading line.
func (g *group) add(text string) {
	g.raw = append(g.raw, text)
	g.take(text)
}

var (
	progressLabels = `(?:整改情况|整改进展|整改落实情况|整改成效|整改结果|落实情况)[：:]`
	progressRe     = regexp.MustCompile(`^` + progressLabels)
	progressAnyRe  = regexp.MustCompile(progressLabels + `|` + measureLabels)
	// measureLabels start the measures a 整改方案 gives under each problem
	// (（一）…的问题。整改措施：1.…2.… 责任人：… 完成时限：…).
	measureLabels = `(?:整改措施|整改举措|具体措施)[：:]`
	measureLineRe = regexp.MustCompile(`^` + measureLabels)
)

// take sorts a paragraph into the group's summary or items. The first
// numbering seen fixes the item style; other numbering inside an item
// (its own 一是 二是) stays part of its text.
func (g *group) take(text string) {
	if g.kind == problemSection && g.takeMeasure(text) {
		return
	}
	if g.kind == problemSection && progressRe.MatchString(text) {
		g.progress = true
		g.addProgress(text)
		return
	}
	if g.style == plain && !g.progress {
		g.style = itemStyleOf(text)
	}
	if g.style == plain {
		g.addBody(text)
		return
	}
	prefix, items := splitItems(text, g.style)
	if len(items) > 0 {
		g.progress = false
	}
	if prefix = strings.TrimSpace(prefix); prefix != "" {
		g.addBody(prefix)
	}
	for _, it := range items {
		g.items = append(g.items, &item{paras: []string{it}})
	}
}

// itemStyleOf returns the numbering style of the items text starts or
// contains.
func itemStyleOf(text string) style {
	if m := leadingMarker(text); isItemStyle(m.style) {
		return m.style
	}
	return firstInlineStyle(text)
}

var annotationRe = regexp.MustCompile(`^[（(]?(?:责任人|责任领导|牵头领导|牵头人|责任单位|牵头单位|完成时限|整改时限|完成时间|时限)`)

// addBody adds an unnumbered paragraph: to the last item, or before any
// item to the summary.
func (g *group) addBody(text string) {
	switch {
	case g.progress:
		g.addProgress(text)
	case len(g.items) > 0:
		last := g.items[len(g.items)-1]
		last.paras = append(last.paras, text)
	case len(g.summary) > 0 && annotationRe.MatchString(text):
		last := g.summary[len(g.summary)-1]
		last.paras = append(last.paras, text)
	default:
		g.summary = append(g.summary, &item{paras: []string{text}})
	}
}

// addProgress keeps a paragraph of a progress account with the item it
// reports on.
func (g *group) addProgress(text string) {
	it := g.lastItem()
	it.progress = append(it.progress, text)
}

// lastItem is the item a following account or measure belongs to: the
// last numbered one, else the last paragraph before them.
func (g *group) lastItem() *item {
	switch {
	case len(g.items) > 0:
		return g.items[len(g.items)-1]
	case len(g.summary) > 0:
		return g.summary[len(g.summary)-1]
	}
	it := &item{}
	g.summary = append(g.summary, it)
	return it
}
