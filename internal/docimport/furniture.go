package docimport

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// maxFurnitureRunes is longer than a running header or footer and
	// shorter than a paragraph.
	maxFurnitureRunes = 60
	// maxPages bounds the page numbers looked at, so a file of nothing
	// but numbers costs no more than a long real document.
	maxPages = 2000
)

// pageFurniture finds the running headers and footers a PDF copy repeats
// on every page: a short line next to a page number ("— 3 —") whose text
// occurs more than once. It returns the numbers of the lines to drop. The
// first page's header, above the title, is not next to a page number and
// stays, so a title repeated as a running header is kept once.
func pageFurniture(text string) map[int]bool {
	near := map[int]string{} // line number → text, for lines next to a page number
	prevN, prev, afterPage, pages := -1, "", false, 0
	n := -1
	for raw := range strings.Lines(text) {
		n++
		t := strings.TrimFunc(raw, unicode.IsSpace)
		if t == "" {
			continue
		}
		isPage := utf8.RuneCountInString(t) <= maxFurnitureRunes && pageNumberRe.MatchString(t)
		switch {
		case isPage && pages < maxPages:
			pages++
			if prevN >= 0 && furnitureCandidate(prev) {
				near[prevN] = prev
			}
		case afterPage && furnitureCandidate(t):
			near[n] = t
		}
		prevN, prev, afterPage = n, t, isPage
	}
	if len(near) == 0 {
		return nil
	}
	count := map[string]int{}
	for _, t := range near {
		count[t] = 0
	}
	for raw := range strings.Lines(text) {
		if t := strings.TrimFunc(raw, unicode.IsSpace); t != "" {
			if _, ok := count[t]; ok {
				count[t]++
			}
		}
	}
	drop := map[int]bool{}
	for n, t := range near {
		if count[t] > 1 {
			drop[n] = true
		}
	}
	return drop
}

// furnitureCandidate reports whether a line may be a running header or
// footer. Headings and numbered items repeat for a reason (一、存在的问题
// starts every document of a file) and are kept.
func furnitureCandidate(l string) bool {
	return utf8.RuneCountInString(l) <= maxFurnitureRunes && !pageNumberRe.MatchString(l) &&
		leadingMarker(l).style == plain && !isPlainHeading(l)
}
