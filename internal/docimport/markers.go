package docimport

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// style is a way of numbering a line. Documents mix them freely, so the
// parser compares styles rather than assuming a fixed hierarchy.
type style int

const (
	plain      style = iota
	sectionNum       // 一、 or 第一部分: a top-level section
	groupNum         // （一）: a category or a numbered cause or measure
	arabicNum        // 1. 1、 １． 1）
	parenNum         // （1） (1)
	circledNum       // ①
	shiNum           // 一是 (may also appear mid-paragraph)
	diNum            // 第一， 其一， (may also appear mid-paragraph)
	rowNum           // "1<TAB>…": the 序号 column of a table row
)

// marker is the numbering found at the start of a line: its style and the
// byte offset where the text after it begins.
type marker struct {
	style style
	end   int
}

const (
	cnDigits = `[一二三四五六七八九十]{1,3}`
	digits   = `[0-9０-９]{1,2}`
	trailing = `[ \t、．.，,：:]*`
)

const (
	cnStarts      = "一二三四五六七八九十"
	bracketStarts = "（("
	digitStarts   = "0123456789０１２３４５６７８９"
	circledStarts = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
	anyStarts     = cnStarts + "第其" + bracketStarts + digitStarts + circledStarts
)

// markerPatterns is tried in order; the first match wins. starts lists
// the characters a pattern's match can begin with, so that most lines
// are spared most of the regular expressions.
var markerPatterns = []struct {
	style  style
	starts string
	re     *regexp.Regexp
}{
	{sectionNum, cnStarts + "第", regexp.MustCompile(`^(?:` + cnDigits + `[ \t]*[、．.]|第` + cnDigits + `部分[ \t：:、]*)[ \t]*`)},
	{groupNum, bracketStarts, regexp.MustCompile(`^[（(][ \t]*` + cnDigits + `[ \t]*[）)]` + trailing)},
	{parenNum, bracketStarts, regexp.MustCompile(`^[（(][ \t]*` + digits + `[ \t]*[）)]` + trailing)},
	{arabicNum, digitStarts, regexp.MustCompile(`^` + digits + `[ \t]*(?:[.．、]|[)）])[ \t]*`)},
	{circledNum, circledStarts, regexp.MustCompile(`^[①-⑳]` + trailing)},
	{shiNum, cnStarts, regexp.MustCompile(`^` + cnDigits + `是` + trailing)},
	{diNum, "第其", regexp.MustCompile(`^(?:第|其)` + cnDigits + `[ \t]*(?:[，,、：:]|是)[ \t]*`)},
	{rowNum, digitStarts, regexp.MustCompile(`^[0-9]{1,3}\t`)},
}

// leadingMarker returns the numbering at the start of line, or a plain
// marker when there is none.
func leadingMarker(line string) marker {
	first, _ := utf8.DecodeRuneInString(line)
	if !strings.ContainsRune(anyStarts, first) {
		return marker{}
	}
	for _, p := range markerPatterns {
		if !strings.ContainsRune(p.starts, first) {
			continue
		}
		loc := p.re.FindStringIndex(line)
		if loc == nil || !validMarker(p.style, line, loc[1]) {
			continue
		}
		return marker{style: p.style, end: loc[1]}
	}
	return marker{}
}

var yearStartRe = regexp.MustCompile(`^(?:19|20)[0-9]{2}\s*年`)

// validMarker rejects matches that are numbers in running text rather
// than numbering: "1.5万元", or an ordinal such as 一十一 that nobody writes.
func validMarker(s style, line string, end int) bool {
	switch s {
	case arabicNum:
		r, _ := utf8.DecodeRuneInString(line[end:])
		if unicode.IsDigit(r) {
			// 2.2024年5月底前… numbers an item that starts with a year.
			return yearStartRe.MatchString(line[end:])
		}
		return !strings.HasPrefix(line[end:], "%")
	case sectionNum, groupNum, shiNum, diNum:
		return cnNumber(line[:end]) > 0
	}
	return true
}

// isItemStyle reports whether s can number items. 一、 numbers sections
// and only reaches a group when it numbers problems under an unnumbered
// heading; （一） always starts a group.
func isItemStyle(s style) bool {
	return s != plain && s != groupNum
}

// cnNumber reads the first Chinese numeral (1–99) in s, or 0 if it is not
// a well-formed one.
func cnNumber(s string) int {
	var runes []rune
	for _, r := range s {
		if strings.ContainsRune("一二三四五六七八九十", r) {
			runes = append(runes, r)
		} else if len(runes) > 0 {
			break
		}
	}
	return cnValue(runes)
}

// cnValue converts 一…九, 十, 十N, N十 and N十M to their value.
func cnValue(rs []rune) int {
	digit := func(r rune) int { return strings.IndexRune("一二三四五六七八九", r)/3 + 1 }
	switch {
	case len(rs) == 1 && rs[0] == '十':
		return 10
	case len(rs) == 1:
		return digit(rs[0])
	case len(rs) == 2 && rs[0] == '十' && rs[1] != '十':
		return 10 + digit(rs[1])
	case len(rs) == 2 && rs[1] == '十' && rs[0] != '十':
		return digit(rs[0]) * 10
	case len(rs) == 3 && rs[1] == '十' && rs[0] != '十' && rs[2] != '十':
		return digit(rs[0])*10 + digit(rs[2])
	}
	return 0
}
