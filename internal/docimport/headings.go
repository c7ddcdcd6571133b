package docimport

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// kind is what a section of the document holds.
type kind int

const (
	otherSection kind = iota // 学习情况, 主要做法, 上年度整改情况…: ignored
	problemSection
	causeSection
	measureSection
)

// plainHeadingRe matches the whole of an unnumbered heading line. Without
// a number a heading is only trusted when it is one of the usual phrases.
var plainHeadingRe = regexp.MustCompile(`^(?:` +
	`(?:存在|查摆|查找|检视|发现)出?的?(?:主要|突出|具体)?(?:问题|不足)(?:和不足|及不足|及表现|及其表现|清单)?` +
	`|(?:主要|突出)?问题(?:清单|查摆|表现|及表现)|主要问题|问题和不足|对照检查情况` +
	`|原因剖析|原因分析|根源分析|根源剖析|问题根源|剖析根源|深挖根源` +
	`|(?:产生|存在)(?:问题|上述问题|这些问题)的(?:主要|深层次|根本)?原因(?:分析|剖析)?` +
	`|问题(?:产生|存在)的(?:主要|深层次|根本)?原因` +
	`|整改措施|整改方向|努力方向|改进措施|今后打算|今后的?努力方向` +
	`|下一步(?:打算|工作打算|措施|努力方向|工作)?|整改方向(?:和|及)措施|整改(?:思路|目标)(?:和|及)措施` +
	`)[：:]?$`)

// headingWords are the words every phrase of plainHeadingRe contains,
// checked first because most lines contain none.
var headingWords = []string{"问题", "不足", "原因", "根源", "措施", "方向", "打算", "下一步", "对照"}

// maxPlainHeadingBytes is more than the longest phrase plainHeadingRe
// accepts, with spaces; longer lines are not looked at.
const maxPlainHeadingBytes = 120

// isPlainHeading reports whether l is an unnumbered section heading.
func isPlainHeading(l string) bool {
	if len(l) > maxPlainHeadingBytes {
		return false
	}
	l = strings.Join(strings.Fields(l), "")
	return containsAny(l, headingWords) && plainHeadingRe.MatchString(l)
}

// sectionRules classify a heading by keyword, first match wins. Earlier
// rules catch headings that contain a later rule's keyword: 上年度问题整改
// 情况 mentions 问题 but lists last year's work, not this year's problems.
var sectionRules = []struct {
	kind kind
	re   *regexp.Regexp
}{
	{otherSection, regexp.MustCompile(`上一?年度|去年|上次|前次|以往`)},
	{causeSection, regexp.MustCompile(`原因|根源|根子`)},
	{measureSection, regexp.MustCompile(`措施|(?:努力|整改|改进|今后)的?方向|下一步|打算|今后`)},
	{problemSection, regexp.MustCompile(`问题|不足|差距|短板|查摆|检视|对照检查|整改任务|整改事项`)},
}

// classify returns the kind of section a heading introduces.
func classify(heading string) kind {
	for _, r := range sectionRules {
		if r.re.MatchString(heading) {
			return r.kind
		}
	}
	return otherSection
}

// headingParts splits a numbered heading line into the heading proper and
// any text written after it on the same line (一、存在的问题：一是…).
func headingParts(s string) (heading, rest string) {
	if i := strings.IndexAny(s, "。：:；;"); i >= 0 {
		_, size := utf8.DecodeRuneInString(s[i:])
		return s[:i], strings.TrimSpace(s[i+size:])
	}
	return s, ""
}

var (
	// titleEndRe matches the word a document title ends with, allowing a
	// trailing note such as （征求意见稿）.
	titleEndRe = regexp.MustCompile(`(?:材料|报告|提纲|发言|剖析|检查|清单|方案|通报)(?:[（(][^）)]{0,12}[）)])?$`)
	// titleWordRe matches words that mark a line as a document title.
	titleWordRe = regexp.MustCompile(`对照检查|生活会|检视剖析|剖析材料|发言提纲|发言材料|整改情况|整改落实情况|整改结果|整改方案|整改报告|审计|检查材料|巡察|巡视|党支部|党委|党组|班子|个人`)
	// dateLineRe matches a bare date line such as （2024年1月15日）.
	dateLineRe = regexp.MustCompile(`^[（(]?[0-9０-９]{4}\s*年\s*[0-9０-９]{1,2}\s*月(?:\s*[0-9０-９]{1,2}\s*日)?[)）]?$`)
)

// maxTitleRunes is longer than any real title and shorter than most
// paragraphs.
const maxTitleRunes = 60

// isTitleLine reports whether l reads as a complete document title
// (…党支部2023年度组织生活会对照检查材料), which may start a new document.
func isTitleLine(l string) bool {
	return isTitleCandidate(l) && titleComplete(l) && titleWordRe.MatchString(l)
}

// isTitleCandidate reports whether l could be (part of) a title: short,
// unnumbered and not ending like a sentence.
func isTitleCandidate(l string) bool {
	if utf8.RuneCountInString(l) > maxTitleRunes || leadingMarker(l).style != plain {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(l)
	return !strings.ContainsRune("。！？；：，,!?;:", r)
}

// titleComplete reports whether a title already ends as titles do, so a
// following short line (author, date) is not part of it.
func titleComplete(title string) bool {
	r, _ := utf8.DecodeLastRuneInString(title)
	return strings.ContainsRune("料告纲言析查单案报）)", r) && titleEndRe.MatchString(title)
}

// isTitleContinuation reports whether l may continue a title broken over
// lines; names and dates under a title may not.
func isTitleContinuation(l string) bool {
	return isTitleCandidate(l) && utf8.RuneCountInString(l) > 4 && !dateLineRe.MatchString(l)
}

// reportedProblemRe matches the heading a 整改情况报告 gives each problem
// or group of problems: 关于“…”方面的问题.
var reportedProblemRe = regexp.MustCompile(`^关于.{2,60}问题[。：:]?$`)

// reportsProblems reports whether text is a （一）关于…的问题 heading.
func reportsProblems(text string) bool {
	m := leadingMarker(text)
	return m.style == groupNum && reportedProblemRe.MatchString(strings.TrimSpace(text[m.end:]))
}
