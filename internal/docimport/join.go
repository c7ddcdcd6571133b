package docimport

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// para is one logical paragraph after hard line breaks have been joined.
type para struct {
	text string
	// heading marks an unnumbered heading line such as 存在的问题, which
	// can only be told from running text by its place between paragraphs.
	heading bool
}

// line is one non-empty physical line of the input.
type line struct {
	text        string
	blankBefore bool
}

// eachParagraph calls fn with each logical paragraph of text, joining the
// physical lines. Text copied from a PDF breaks lines in mid-sentence; a
// line is joined to the one before when that one stops without sentence
// punctuation (and, unless it ends with a comma or the like, fills the
// usual line width) and the line does not itself start an item or
// heading. Lines are streamed, so a large file is not held twice.
func eachParagraph(text string, fn func(para)) {
	j := joiner{minFull: fullLineRunes(text), emit: fn}
	var prev *line
	eachLine(text, func(l line) {
		if prev != nil {
			j.take(*prev, l.blankBefore, l.text)
		}
		prev = &l
	})
	if prev != nil {
		j.take(*prev, true, "")
	}
	if j.cur != nil {
		fn(j.cur.para())
	}
}

// joiner assembles paragraphs from lines.
type joiner struct {
	minFull int
	cur     *pending
	emit    func(para)
}

// take adds a line to the current paragraph or starts a new one.
// blankAfter tells whether a blank line follows it, and next is the line
// after it.
func (j *joiner) take(l line, blankAfter bool, next string) {
	switch {
	case j.cur != nil && !l.blankBefore && j.cur.completesTitle(l.text):
		j.cur.add(l.text)
		j.cur.closed = true
	case j.cur != nil && j.cur.open(j.minFull) && continues(l.text, blankAfter) && !startsTitle(l.text, next):
		j.cur.add(l.text)
	default:
		if j.cur != nil {
			j.emit(j.cur.para())
		}
		j.cur = newPending(l.text)
	}
}

// eachLine calls fn with each trimmed non-empty line of text, dropping
// site clutter and page numbers without treating them as paragraph
// breaks.
func eachLine(text string, fn func(line)) {
	blank := false
	furniture := pageFurniture(text)
	n := -1
	for raw := range strings.Lines(text) {
		n++
		t := strings.TrimFunc(raw, unicode.IsSpace)
		if t == "" {
			blank = true
			continue
		}
		if strings.Contains(t, "\t") {
			// A table row pasted as text: leading and trailing tabs are
			// its empty (merged) cells.
			t = strings.TrimFunc(raw, isSpaceNotTab)
		}
		if isClutter(t) || furniture[n] {
			continue
		}
		if t = strings.TrimFunc(stripNotes(t), isSpaceNotTab); strings.Trim(t, "\t") == "" {
			continue
		}
		fn(line{text: t, blankBefore: blank})
		blank = false
	}
}

func isSpaceNotTab(r rune) bool { return r != '\t' && unicode.IsSpace(r) }

// maxCountedRunes caps the line lengths fullLineRunes counts one by one.
const maxCountedRunes = 1024

// fullLineRunes estimates how long a line must be to have been broken by
// the page width rather than by the writer: 80% of the length most lines
// (three in four) reach. For web text, where each paragraph is one long
// line, this is large and short unpunctuated lines (titles, headings) are
// never joined.
func fullLineRunes(text string) int {
	var counts [maxCountedRunes + 1]int
	total := 0
	for raw := range strings.Lines(text) {
		if n := utf8.RuneCountInString(strings.TrimFunc(raw, unicode.IsSpace)); n >= 8 {
			counts[min(n, maxCountedRunes)]++
			total++
		}
	}
	if total == 0 {
		return 1 << 30
	}
	seen := 0
	for n, c := range counts {
		if seen += c; seen > total*3/4 {
			return max(12, n*4/5)
		}
	}
	return max(12, maxCountedRunes*4/5)
}

// continues reports whether l may be the continuation of an open
// paragraph rather than the start of a new one.
func continues(l string, blankAfter bool) bool {
	switch {
	case leadingMarker(l).style != plain, strings.Contains(l, "\t"):
		return false
	case isTitleLine(l), isTOCHeading(l), hasPageRef(l):
		return false
	case blankAfter && isPlainHeading(l):
		return false
	}
	return true
}

// startsTitle reports whether l is the first half of a title broken over
// two lines (…2023年度组织生活会 / 个人对照检查材料), which must not be
// glued to the end of the document before it.
func startsTitle(l, next string) bool {
	return next != "" && isTitleCandidate(l) && !isTitleLine(l) && isTitleCandidate(next) &&
		isTitleLine(joinLines(l, next))
}

// pending is the paragraph being assembled.
type pending struct {
	b      strings.Builder
	last   string
	lines  int
	closed bool
}

// newPending starts a paragraph. Headings, titles, table rows and TOC
// entries never take continuation lines, even without punctuation.
func newPending(l string) *pending {
	p := &pending{last: l, lines: 1}
	p.b.WriteString(l)
	m := leadingMarker(l)
	p.closed = strings.Contains(l, "\t") || isTitleLine(l) || isTOCHeading(l) || hasPageRef(l) ||
		isPlainHeading(l) || ((m.style == sectionNum || m.style == groupNum) && isPureHeading(l[m.end:]))
	return p
}

// open reports whether the paragraph looks cut off in mid-sentence.
func (p *pending) open(minFull int) bool {
	if p.closed {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(p.last)
	switch {
	case strings.ContainsRune("。！？；：!?;:…", r):
		return false
	case strings.ContainsRune("，,、“‘（(《「『—-", r):
		return true
	}
	return utf8.RuneCountInString(p.last) >= minFull
}

// add appends a continuation line.
func (p *pending) add(l string) {
	if needsSpace(p.last, l) {
		p.b.WriteByte(' ')
	}
	p.b.WriteString(l)
	p.last = l
	p.lines++
}

// completesTitle reports whether l is the second half of a title broken
// over two lines (…2023年度组织生活会 / 对照检查材料). Names and dates
// under a title are not title halves.
func (p *pending) completesTitle(l string) bool {
	first := p.last
	if p.lines != 1 || strings.Contains(l, "\t") || !isTitleCandidate(first) || titleComplete(first) ||
		utf8.RuneCountInString(first) <= 4 || dateLineRe.MatchString(first) {
		return false
	}
	return isTitleCandidate(l) && isTitleLine(joinLines(first, l))
}

func (p *pending) para() para {
	text := p.b.String()
	return para{text: text, heading: isPlainHeading(text)}
}

// needsSpace reports whether joining a and b needs a space: only between
// two Latin words, since Chinese is written without spaces.
func needsSpace(a, b string) bool {
	before, _ := utf8.DecodeLastRuneInString(a)
	after, _ := utf8.DecodeRuneInString(b)
	return isLatin(before) && isLatin(after)
}

func isLatin(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// isPureHeading reports whether the text after a heading number is a bare
// heading (在理论学习方面) with no sentence after it.
func isPureHeading(s string) bool {
	return utf8.RuneCountInString(s) <= 40 && !strings.ContainsAny(s, "。；;，,：:！？!?")
}
