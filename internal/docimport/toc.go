package docimport

import (
	"regexp"
	"strings"
)

// pageRefRe matches the dot leader and page number that end a line of a
// table of contents ("一、存在的问题……………3", or a tab and 3 from Word).
var pageRefRe = regexp.MustCompile(`(?:[.．。…·•_\-—\s]{2,}|\t)\s*[0-9]{1,4}$`)

// maxTOCEntries ends a table of contents that never seems to end, so a
// file of dot leaders cannot hide the whole document.
const maxTOCEntries = 200

// hasPageRef reports whether l ends with a table-of-contents page number.
func hasPageRef(l string) bool {
	if l == "" || l[len(l)-1] < '0' || l[len(l)-1] > '9' {
		return false
	}
	return pageRefRe.MatchString(l)
}

// isTOCHeading reports whether l is the 目录 line that opens a table of
// contents.
func isTOCHeading(l string) bool {
	if len(l) > 32 {
		return false
	}
	s := strings.Join(strings.Fields(l), "")
	return s == "目录" || s == "目次"
}

// tocKey is a TOC entry or heading reduced to what both spellings share.
func tocKey(l string) string {
	return strings.Join(strings.Fields(pageRefRe.ReplaceAllString(l, "")), "")
}

// tocState skips a table of contents. Its entries repeat the headings of
// the body; read as headings they would open empty sections and, in a file
// of several documents, start documents with nothing in them.
type tocState struct {
	active  bool
	first   string
	entries int
}

func (t *tocState) start() {
	*t = tocState{active: true}
}

// skip reports whether l belongs to the table of contents being read. The
// table ends where the body repeats its first entry, or at the first line
// that is not an entry.
func (t *tocState) skip(l string) bool {
	if !t.active {
		return false
	}
	key := tocKey(l)
	if (t.entries > 0 && key == t.first) || !isTOCEntry(l) || t.entries >= maxTOCEntries {
		t.active = false
		return false
	}
	if t.entries == 0 {
		t.first = key
	}
	t.entries++
	return true
}

// isTOCEntry reports whether l can be a line of a table of contents: it
// has a page number, or it is a bare numbered heading.
func isTOCEntry(l string) bool {
	if hasPageRef(l) {
		return true
	}
	m := leadingMarker(l)
	switch m.style {
	case sectionNum, groupNum, arabicNum:
		return isPureHeading(l[m.end:])
	}
	return isPlainHeading(l)
}
