package docimport

import (
	"regexp"
	"strings"
)

// builder reads paragraphs in order and sorts them into documents,
// sections, groups and items.
type builder struct {
	docs []*draftDoc
	toc  tocState
}

// draftDoc is a document as it is being read.
type draftDoc struct {
	title      string
	titleLines int
	// titleOpen holds until the opening paragraph: short lines before it
	// may be parts of a title broken over lines.
	titleOpen bool
	firstYear int
	// signYear is the year of the date the document is signed with, and
	// signer the person who signs a personal one (检视人：张三).
	signYear int
	signer   string
	// author is a name written under the title (（张三）).
	author   string
	sections []*section
	// hasContent, hadProblems and pastProblems decide when a title or a
	// problem heading starts the next document of the file rather than
	// repeating one seen in a table of contents.
	hasContent   bool
	hadProblems  bool
	pastProblems bool
	// table reads the rows of a problem or measure table into tables.
	table  *tableReader
	tables tableDraft
	// lastTable is the table read last, which a table split by a page
	// break continues without repeating its header.
	lastTable *tableReader
}

func newBuilder() *builder {
	return &builder{docs: []*draftDoc{{titleOpen: true}}}
}

func (b *builder) doc() *draftDoc {
	return b.docs[len(b.docs)-1]
}

// add sorts one paragraph into the document being read.
func (b *builder) add(p para) {
	if b.toc.skip(p.text) {
		return
	}
	if isTOCHeading(p.text) {
		b.toc.start()
		return
	}
	if b.tableLine(&p) {
		return
	}
	if h, ok := sectionHeading(p); ok && !b.isNumberedItem(h) {
		b.startSection(h)
		return
	}
	if b.doc().hasContent && isTitleLine(p.text) {
		b.startDocument(p.text)
		return
	}
	doc := b.doc()
	doc.note(p.text)
	sec := doc.section()
	if sec != nil && sec.kind == otherSection && reportsProblems(p.text) {
		// 一、整改落实情况 then （一）关于“…”方面的问题: the report lists
		// the problems under a heading that does not say so.
		sec.kind, doc.hadProblems = problemSection, true
	}
	switch {
	case sec == nil:
		doc.preamble(p.text)
	case sec.kind == otherSection || sec.closed:
	case isClosing(p.text):
		sec.closed = true
	default:
		sec.add(p.text)
		doc.hasContent = doc.hasContent || !isLeadIn(p.text)
	}
}

// tableLine reads p as part of a table when it is one; a row of another
// table is turned into plain text for the sections to read.
func (b *builder) tableLine(p *para) bool {
	doc := b.doc()
	if !isTableRow(p.text) {
		if doc.table != nil && doc.tableInterlude(p.text) {
			return true
		}
		doc.table = nil
		return false
	}
	k := otherSection
	if sec := doc.section(); sec != nil {
		k = sec.kind
	}
	if doc.addTableRow(p.text, k) {
		return true
	}
	p.text = plainRow(p.text)
	return false
}

// heading is a section heading line.
type heading struct {
	kind kind
	line string // the line after its number
	rest string // text after the heading proper, on the same line
	// plain marks an unnumbered heading (存在的问题).
	plain bool
	// aspect marks 一、在政治建设方面: a category of problems that a
	// document numbers like a section.
	aspect bool
}

// infoRe matches headings that report on work done rather than name an
// aspect of problems (学习贯彻…方面的情况).
var infoRe = regexp.MustCompile(`情况|做法|成效|成绩|经验|体会`)

// sectionHeading recognises a section heading: a numbered 一、 line, an
// unnumbered line such as 存在的问题, or （一）存在的问题 in documents that
// number their sections that way.
func sectionHeading(p para) (heading, bool) {
	if p.heading {
		return heading{kind: classify(p.text), line: p.text, plain: true}, true
	}
	m := leadingMarker(p.text)
	switch {
	case m.style == sectionNum:
		line := p.text[m.end:]
		proper, rest := headingParts(line)
		h := heading{kind: classify(proper), line: line, rest: rest}
		if h.kind != causeSection && h.kind != measureSection &&
			strings.Contains(proper, "方面") && !infoRe.MatchString(proper) {
			h.kind, h.aspect = problemSection, true
		}
		return h, true
	case m.style == groupNum && isPlainHeading(p.text[m.end:]):
		return heading{kind: classify(p.text[m.end:]), line: p.text[m.end:]}, true
	}
	return heading{}, false
}

// isNumberedItem reports whether a 一、 line is an item rather than a
// heading: under an unnumbered 存在的问题, some writers number the
// problems themselves 一、二、.
func (b *builder) isNumberedItem(h heading) bool {
	sec := b.doc().section()
	return sec != nil && sec.plain && sec.kind != otherSection && !sec.closed &&
		!h.plain && h.kind == otherSection && !isPureHeading(h.line)
}

// startSection opens a section. A problem section after the causes or
// measures of a document that has content is the start of the next
// document, even when that document has no title line.
func (b *builder) startSection(h heading) {
	doc := b.doc()
	if h.kind == problemSection && doc.hasContent && doc.pastProblems {
		doc = b.startDocument("")
	}
	switch {
	case h.kind == problemSection:
		doc.hadProblems = true
	case h.kind != otherSection && doc.hadProblems:
		doc.pastProblems = true
	}
	doc.titleOpen = false
	if h.aspect && doc.section() != nil && doc.section().kind == problemSection && !doc.section().plain {
		doc.section().startGroup(sectionNum, h.line)
		return
	}
	sec := &section{kind: h.kind, plain: h.plain}
	doc.sections = append(doc.sections, sec)
	switch {
	case h.aspect:
		sec.startGroup(sectionNum, h.line)
	case h.rest != "" && h.kind != otherSection:
		sec.add(h.rest)
		doc.hasContent = doc.hasContent || !isLeadIn(h.rest)
	}
}

// startDocument begins the next document of the file.
func (b *builder) startDocument(title string) *draftDoc {
	title = dropAttachment(title)
	doc := &draftDoc{title: title, titleOpen: true}
	if title != "" {
		doc.titleLines = 1
	}
	b.docs = append(b.docs, doc)
	return doc
}

func (d *draftDoc) section() *section {
	if len(d.sections) == 0 {
		return nil
	}
	return d.sections[len(d.sections)-1]
}

// preamble handles a paragraph before the first section: title lines, the
// opening paragraph, or categories of a document that lists its problems
// without a section heading.
func (d *draftDoc) preamble(text string) {
	if d.titleOpen && isTitleCandidate(text) {
		d.addTitleLine(text)
		return
	}
	d.titleOpen = false
	if m := leadingMarker(text); m.style == groupNum && strings.Contains(text, "方面") {
		sec := &section{kind: problemSection}
		d.sections = append(d.sections, sec)
		d.hadProblems = true
		sec.add(text)
		d.hasContent = true
	}
}

// addTitleLine adds a short line above the opening paragraph to the title.
// A site name above the real title is replaced by it; an author or date
// line under a complete title is ignored.
func (d *draftDoc) addTitleLine(l string) {
	l = dropAttachment(l)
	switch {
	case l == "":
		return
	case titleNameOnlyRe.MatchString(d.title) && isTitleLine(l):
		d.title += l // 张三同志 / 2023年度…个人对照检查材料
	case nameLineRe.MatchString(l) && d.title != "":
		d.author = nameLineRe.FindStringSubmatch(l)[1]
		return
	case d.title == "":
		d.title = l
	case isTitleLine(l) && !titleWordRe.MatchString(d.title):
		d.title = l
	case !titleComplete(d.title) && isTitleContinuation(l) && d.titleLines < 3:
		d.title = joinLines(d.title, l)
	default:
		return
	}
	d.titleLines++
}

var (
	// closingRe matches the closing lines of a document: the request for
	// criticism and the summing-up that follow the last measure.
	closingRe = regexp.MustCompile(`^(?:总之|总而言之|综上所述)|批评指正|不妥之处|不当之处|敬请.{0,10}指正|恳请.{0,20}(?:批评|帮助)`)
	// signatureRe matches the unit or person that signs a document
	// (XX党支部, 党组书记：张三).
	signatureRe = regexp.MustCompile(`^[^，。；：,;:]{0,20}(?:党支部|党总支|党委|党组|支部委员会|领导班子|局|厅|委员会|政府|公司|集团|中心|学校|医院|街道办事处)$|^.{0,20}(?:书记|发言人|汇报人|报告人|签名|签字|检查人|检视人|剖析人)(?:[：:]\s*|\s+)[^，。；,;\s]{1,12}$`)
)

// isClosing reports whether text ends the sections of a document, so that
// it and the signature after it are not read as part of the last item.
func isClosing(text string) bool {
	if leadingMarker(text).style != plain || annotationRe.MatchString(text) {
		return false
	}
	return closingRe.MatchString(text) || dateLineRe.MatchString(text) || signatureRe.MatchString(text)
}

// result returns the documents that hold something. An empty document
// (headings repeated by a table of contents) passes its title on to an
// untitled one after it. When none holds anything, the first is returned
// anyway, so the user sees the title and empty lists.
func (b *builder) result() *Result {
	var docs []Document
	title := ""
	for _, d := range b.docs {
		doc := d.document()
		if doc.empty() {
			title = doc.Title
			continue
		}
		if doc.Title == "" {
			doc.Title = title
		}
		docs = append(docs, doc)
		title = ""
	}
	if len(docs) == 0 {
		docs = []Document{b.docs[0].document()}
	}
	return &Result{Documents: docs}
}
