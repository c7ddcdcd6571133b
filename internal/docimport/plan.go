package docimport

import (
	"regexp"
	"strings"
)

// plan is what a measure's annotations say about who does it and when.
type plan struct {
	owner, dept, due, kind string
}

// valueStop ends an annotation's value: punctuation, a bracket or space
// (责任人：张三 完成时限：… is common).
const valueStop = `[^；;，,。、\n）)\s]+`

// ownerRes are tried in order: a named person is a better owner than a
// leader. A unit is the lead department, never the owner, since the
// ledger's owners are people.
var ownerRes = []*regexp.Regexp{
	annotation(`责任人`),
	annotation(`责任领导|牵头领导`),
	annotation(`牵头人`),
}

var deptRe = annotation(`(?:责任|牵头)(?:单位|部门|科室|股室|处室)`)

var (
	dueLabelRe = annotation(`完成时限|整改时限|完成时间|完成期限|整改期限|时限要求|时限`)
	// looseDueRe finds a deadline written into the text (2024年6月底前完成).
	// Without a label only dates followed by 前 count, so that dates that
	// tell the past (2023年以来) are not taken for deadlines.
	looseDueRe  = regexp.MustCompile(`((?:[0-9]{4}\s*年\s*)?(?:[0-9]{1,2}\s*月\s*(?:[0-9]{1,2}\s*日|底|末)|上半年|下半年|年?底|年?末))前`)
	immediateRe = regexp.MustCompile(`立行立改|立即整改|即知即改`)
	longTermRe  = regexp.MustCompile(`长期坚持|长期推进|长期执行|长期抓|持续推进|持续用力|常态长效|常态化|长期`)
)

func annotation(labels string) *regexp.Regexp {
	return regexp.MustCompile(`(?:` + labels + `)\s*[：:]\s*(` + valueStop + `)`)
}

// planOf reads a measure's annotations. A labelled 完成时限 wins; without
// one, 立行立改, a date followed by 前, and 长期坚持 are looked for in the
// text in that order. year resolves dates written without a year (年底前).
func planOf(text string, year int) plan {
	text = narrowDigits(text)
	var p plan
	for _, re := range ownerRes {
		if m := re.FindStringSubmatch(text); m != nil {
			p.owner = personName(clip(m[1], 40))
			break
		}
	}
	if m := deptRe.FindStringSubmatch(text); m != nil {
		p.dept = clip(m[1], 40)
	}
	if m := dueLabelRe.FindStringSubmatch(text); m != nil {
		p.due, p.kind = dueOf(m[1], year)
		if p.kind != "" {
			return p
		}
	}
	p.due, p.kind = looseDue(text, year)
	return p
}

// dueOf reads the value of a 完成时限 annotation.
func dueOf(v string, year int) (due, kind string) {
	due = dateIn(v, year)
	switch {
	case immediateRe.MatchString(v):
		return due, KindImmediate
	case due != "":
		return due, KindDeadline
	case longTermRe.MatchString(v) || strings.Contains(v, "持续") || strings.Contains(v, "常态"):
		return "", KindLongTerm
	}
	return "", ""
}

// looseDue looks for a deadline in a measure without a 完成时限 label.
func looseDue(text string, year int) (due, kind string) {
	for _, m := range looseDueRe.FindAllStringSubmatch(text, 5) {
		if due = dateIn(m[1], year); due != "" {
			break
		}
	}
	switch {
	case immediateRe.MatchString(text):
		return due, KindImmediate
	case due != "":
		return due, KindDeadline
	}
	if longTermRe.MatchString(text) && !strings.Contains(text, "长期以来") {
		return "", KindLongTerm
	}
	return "", ""
}

// narrowDigits turns full-width digits into ASCII ones.
func narrowDigits(s string) string {
	if !strings.ContainsAny(s, "０１２３４５６７８９") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return r - '０' + '0'
		}
		return r
	}, s)
}
