package docimport

import (
	"regexp"
	"strconv"
	"strings"
)

// takeMeasure reads the measures a 整改方案 lists under a problem: a line
// starting 整改措施：, the numbered measures on it or after it, and the
// annotations (责任人：…, 完成时限：…) that follow. It reports whether
// text was such a line.
func (g *group) takeMeasure(text string) bool {
	if loc := measureLineRe.FindStringIndex(text); loc != nil {
		g.progress, g.measuring = false, true
		it := g.lastItem()
		it.measures = append(it.measures, splitNumbered(strings.TrimSpace(text[loc[1]:]))...)
		return true
	}
	if !g.measuring {
		return false
	}
	m := leadingMarker(text)
	it := g.lastItem()
	switch {
	case annotationRe.MatchString(text):
		it.notes = append(it.notes, text)
	case m.style != plain && m.style == g.style:
		g.measuring = false // the next problem
		return false
	case m.style != plain || len(it.measures) == 0:
		it.measures = append(it.measures, strings.TrimSpace(text[m.end:]))
	default:
		it.measures[len(it.measures)-1] += "\n" + text
	}
	return true
}

// inlineArabicRe finds measures numbered 1. 2. inside one paragraph, at
// its start or after a sentence.
var inlineArabicRe = regexp.MustCompile(`(?:^|[。；;！!？?])\s*([0-9]{1,2})[.．、]`)

// splitNumbered cuts 1.…。2.…。 into its items, numbers removed; text
// without such numbers is one item.
func splitNumbered(text string) []string {
	if text == "" {
		return nil
	}
	var starts []int
	want := 1
	for _, loc := range inlineArabicRe.FindAllStringSubmatchIndex(text, -1) {
		if text[loc[2]:loc[3]] == strconv.Itoa(want) && validMarker(arabicNum, text[loc[2]:], loc[1]-loc[2]) {
			starts = append(starts, loc[2])
			want++
		}
	}
	if len(starts) < 2 {
		if s := firstInlineStyle(text); s != plain {
			if prefix, items := splitItems(text, s); len(items) > 1 && strings.TrimSpace(prefix) == "" {
				return items
			}
		}
		return []string{stripMarker(text)}
	}
	var out []string
	for i, start := range starts {
		end := len(text)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		if item := strings.TrimSpace(stripMarker(text[start:end])); item != "" {
			out = append(out, item)
		}
	}
	return out
}
