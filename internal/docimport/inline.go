package docimport

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// inlinePatterns find item numbers that may appear in the middle of a
// paragraph: writers run 一是…。二是…。 together in one paragraph.
var inlinePatterns = map[style]*regexp.Regexp{
	shiNum:     regexp.MustCompile(cnDigits + `是`),
	diNum:      regexp.MustCompile(`(?:第|其)` + cnDigits + `[ \t]*[，,、：:]`),
	circledNum: regexp.MustCompile(`[①-⑳]`),
}

// inlineOrder fixes the order styles are tried in, so results do not
// depend on map iteration.
var inlineOrder = []style{shiNum, diNum, circledNum}

// firstInlineStyle returns the inline numbering style whose first item
// comes earliest in text, or plain if there is none.
func firstInlineStyle(text string) style {
	found, at := plain, len(text)+1
	for _, s := range inlineOrder {
		if starts := inlineStarts(text, s); len(starts) > 0 && starts[0] < at {
			found, at = s, starts[0]
		}
	}
	return found
}

// inlineStarts returns the byte offsets at which items numbered in style s
// begin. A number only counts at the start or after punctuation (so 统一是
// is not item 一) and only when it increases (so a stray 一是 in a later
// sentence does not restart the list).
func inlineStarts(text string, s style) []int {
	re := inlinePatterns[s]
	if re == nil {
		return nil
	}
	var starts []int
	prev := 0
	for _, loc := range re.FindAllStringIndex(text, -1) {
		n := ordinal(s, text[loc[0]:loc[1]])
		if n == 0 || (len(starts) > 0 && n <= prev) {
			continue
		}
		if s != circledNum && !afterBreak(text[:loc[0]]) {
			continue
		}
		starts = append(starts, loc[0])
		prev = n
	}
	return starts
}

// ordinal is the number an inline marker stands for, or 0 if none.
func ordinal(s style, m string) int {
	if s == circledNum {
		r, _ := utf8.DecodeRuneInString(m)
		return int(r-'①') + 1
	}
	return cnNumber(m)
}

// afterBreak reports whether an inline number preceded by prefix starts a
// new item: it is at the start or follows punctuation, possibly behind a
// closing quote.
func afterBreak(prefix string) bool {
	prefix = strings.TrimRight(prefix, " \t\u3000")
	prefix = strings.TrimRight(prefix, "”’」』）)")
	if prefix == "" {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(prefix)
	return strings.ContainsRune("。；;！？!?：:，,", r)
}

// splitItems cuts text into the part before the first item numbered in
// style s and the items themselves, numbers removed. Styles that only
// number whole paragraphs split off at most the leading item.
func splitItems(text string, s style) (prefix string, items []string) {
	if inlinePatterns[s] == nil {
		if m := leadingMarker(text); m.style == s {
			return "", []string{text[m.end:]}
		}
		return text, nil
	}
	starts := inlineStarts(text, s)
	if len(starts) == 0 {
		return text, nil
	}
	for i, start := range starts {
		end := len(text)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		items = append(items, strings.TrimRight(stripMarker(text[start:end]), "，,；;、 \t"))
	}
	return text[:starts[0]], items
}

// stripMarker removes the numbering at the start of an item.
func stripMarker(item string) string {
	return strings.TrimSpace(item[leadingMarker(item).end:])
}
