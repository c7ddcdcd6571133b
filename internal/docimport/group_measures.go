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

// inlineNumberRe finds items numbered 1. or （1） inside one paragraph,
// at its start or after a sentence or clause.
var inlineNumberRe = regexp.MustCompile(`(?:^|[。；;！!？?：:，,])\s*(?:([0-9]{1,2})[.．、]|[（(]([0-9]{1,2})[）)])`)

// splitNumbered cuts 1.…。2.…。 into its items, numbers removed; text
// without such numbers is one item.
func splitNumbered(text string) []string {
	if text == "" {
		return nil
	}
	if items := numberedList(text); len(items) > 0 {
		return items
	}
	return []string{stripMarker(text)}
}

// numberedList returns the items of text when it starts with a list
// numbered 1. 2., （1）（2）, 一是 二是 or ①②, numbers removed, else nil.
func numberedList(text string) []string {
	text = strings.TrimSpace(text)
	if s := firstInlineStyle(text); s != plain {
		if prefix, items := splitItems(text, s); len(items) > 0 && strings.TrimSpace(prefix) == "" {
			return items
		}
	}
	var starts []int
	want := 1
	for _, loc := range inlineNumberRe.FindAllStringSubmatchIndex(text, -1) {
		num, at := loc[2], loc[3]
		if num < 0 {
			num, at = loc[4], loc[5]
		}
		if text[num:at] != strconv.Itoa(want) || (loc[2] >= 0 && !validMarker(arabicNum, text[num:], loc[1]-num)) {
			continue
		}
		starts = append(starts, num)
		want++
	}
	if len(starts) == 0 || strings.TrimSpace(strings.TrimRight(text[:starts[0]], "（(")) != "" {
		return nil
	}
	var out []string
	for i, start := range starts {
		end := len(text)
		if i+1 < len(starts) {
			end = starts[i+1]
		}
		item := strings.TrimLeft(text[start:end], "0123456789.．、)）")
		if item = strings.TrimRight(strings.TrimSpace(item), "（(，,；;、 "); item != "" {
			out = append(out, item)
		}
	}
	return out
}
