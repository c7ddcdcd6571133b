package docimport

import (
	"regexp"
	"strconv"
	"strings"
)

// This file finds who a personal document is by and which year its
// undated deadlines (年底前) fall in.

var (
	yearRe = regexp.MustCompile(`((?:19|20)[0-9]{2})\s*(年度|年)`)
	// personalRe matches the title of a document one member writes about
	// themself (个人对照检查材料, 张三同志…材料).
	personalRe = regexp.MustCompile(`个人|同志`)
	// titleNameRe finds the author named in a title: 张三同志….
	titleNameRe = regexp.MustCompile(`^(\p{Han}{2,4})同志`)
	// titleNameOnlyRe matches a name written above a personal title.
	titleNameOnlyRe = regexp.MustCompile(`^\p{Han}{2,4}同志$`)
	// nameLineRe matches a name written on its own under a title:
	// （张三） or 张三.
	nameLineRe = regexp.MustCompile(`^[（(]?\s*(\p{Han}{2,4})\s*[）)]?$`)
	// signerRe matches the sign-off of a personal document.
	signerRe = regexp.MustCompile(`^(?:对照检查人|检视人|剖析人|检查人|发言人|汇报人|本人签字|签字|签名)\s*[：:]?\s*(\p{Han}{2,4})$`)
	// attachmentRe matches the 附件 / 附件1： that heads an attachment.
	attachmentRe = regexp.MustCompile(`^附\s*件\s*[0-9０-９一二三四五六七八九十]{0,3}\s*[：:.．、]?\s*`)
)

// note records what a paragraph tells about the document as a whole:
// the first year it mentions, the date it is signed with, its signer.
func (d *draftDoc) note(text string) {
	if d.firstYear == 0 {
		d.firstYear = yearIn(text)
	}
	if dateLineRe.MatchString(text) {
		d.signYear = yearIn(text)
	}
	if m := signerRe.FindStringSubmatch(text); m != nil {
		d.signer = m[1]
	}
}

// year is the year a bare 年底前 refers to: the year the document is
// signed in, else the title's, else the first one mentioned.
func (d *draftDoc) year() int {
	if d.signYear != 0 {
		return d.signYear
	}
	if y := yearIn(d.title); y != 0 {
		return y
	}
	return d.firstYear
}

// yearIn is the first year written in s. A 2023年度 document (a yearly
// meeting, an annual audit) is written in the year after, which is the
// year its deadlines fall in.
func yearIn(s string) int {
	m := yearRe.FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	y, _ := strconv.Atoi(m[1])
	if m[2] == "年度" {
		y++
	}
	return y
}

// authorOf is who a personal document is by: the name in its title, the
// name under it, or the signer; "" for a unit's document.
func (d *draftDoc) authorOf() string {
	if !personalRe.MatchString(d.title) {
		return ""
	}
	if m := titleNameRe.FindStringSubmatch(d.title); m != nil {
		return m[1]
	}
	if d.author != "" {
		return d.author
	}
	return d.signer
}

// dropAttachment removes the 附件1： before a title; a line that is only
// 附件 gives "".
func dropAttachment(l string) string {
	loc := attachmentRe.FindStringIndex(l)
	if loc == nil {
		return l
	}
	rest := strings.TrimSpace(l[loc[1]:])
	if rest == "" || isTitleLine(rest) || titleWordRe.MatchString(rest) {
		return rest
	}
	return l
}
