package docimport

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

const (
	// clauseStops end a clause. Tabs count because a table row's cells
	// are separated by them.
	clauseStops = "。；;，,：:！？!?\n\t"
	openers     = "“‘「『《〈（(【["
	closers     = "”’」』》〉）)】]"
)

// firstClause splits s after its first clause. Punctuation inside quotes
// and brackets does not count (关于“学习不深入，运用不够”的问题 is one
// clause), unless a quote is never closed; a line break or tab always
// ends the clause, so titles stay on one line.
func firstClause(s string) (clause, rest string) {
	s = strings.TrimLeftFunc(s, isLeadingJunk)
	depth, firstStop := 0, -1
	for i, r := range s {
		switch {
		case r == '\n' || r == '\t':
			if firstStop < 0 || depth == 0 {
				return cutAt(s, i)
			}
			return cutAt(s, firstStop)
		case strings.ContainsRune(openers, r):
			depth++
		case strings.ContainsRune(closers, r):
			depth = max(0, depth-1)
		case strings.ContainsRune(clauseStops, r):
			if depth == 0 {
				return cutAt(s, i)
			}
			if firstStop < 0 {
				firstStop = i
			}
		}
	}
	if depth > 0 && firstStop >= 0 {
		return cutAt(s, firstStop)
	}
	return strings.TrimSpace(s), ""
}

func cutAt(s string, i int) (before, after string) {
	_, size := utf8.DecodeRuneInString(s[i:])
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+size:])
}

// isLeadingJunk matches what may sit between a number and its text.
func isLeadingJunk(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune("：:，,、.．；;。", r)
}

// titleOf is an entry's title: its first clause, shortened if a writer
// never paused.
func titleOf(text string) string {
	clause, _ := firstClause(text)
	return clip(clause, maxTitleRunes)
}

// clip shortens s to n runes, marking the cut with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// joinLines joins two pieces of a line broken in two, keeping a space only
// between Latin words.
func joinLines(a, b string) string {
	if needsSpace(a, b) {
		return a + " " + b
	}
	return a + b
}
