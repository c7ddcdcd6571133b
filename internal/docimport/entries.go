package docimport

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// document converts the draft into the entries a user reviews.
func (d *draftDoc) document() Document {
	out := Document{Title: d.title, Problems: []Problem{}, Causes: []Cause{}, Measures: []Measure{}}
	year := d.year()
	for _, s := range d.sections {
		for _, g := range s.groups {
			switch s.kind {
			case problemSection:
				for _, e := range g.problems() {
					out.Problems = append(out.Problems, e.Problem)
					for _, text := range e.measures {
						m := newMeasure(text, strings.Join(e.notes, "\n"), year)
						m.Problem = len(out.Problems)
						out.Measures = append(out.Measures, m)
					}
				}
			case causeSection:
				for _, text := range g.entries() {
					out.Causes = append(out.Causes, Cause{Title: titleOf(text), Text: text})
				}
			case measureSection:
				for _, text := range g.entries() {
					out.Measures = append(out.Measures, newMeasure(text, "", year))
				}
			}
		}
	}
	problems, measures := d.tableEntries(len(out.Problems), year)
	out.Problems = append(out.Problems, problems...)
	out.Measures = append(out.Measures, measures...)
	// In a personal document every measure is the author's own.
	if out.Author = d.authorOf(); out.Author != "" {
		for i := range out.Measures {
			if o := out.Measures[i].Owner; o == "" || o == "本人" || o == "我" {
				out.Measures[i].Owner = out.Author
			}
		}
	}
	return out
}

func (d Document) empty() bool {
	return len(d.Problems) == 0 && len(d.Causes) == 0 && len(d.Measures) == 0
}

// problems returns the group's problems. Numbered items are problems of
// the group's category. Without numbered items, a category heading's body
// is one problem, a heading that is itself a problem statement is one
// problem with its body, and in the implicit group each paragraph is one.
func (g *group) problems() []problemEntry {
	category := categoryOf(g.clause)
	var entries []*item
	switch {
	case len(g.items) > 0:
		entries = g.items
	case g.mark == plain:
		entries = standaloneItems(g.summary)
	case isCategory(g.clause) && strings.TrimSpace(cutProgress(itemsText(g.summary))) != "":
		entries = []*item{joinItems(g.summary, &item{})}
	default:
		category = ""
		entries = []*item{joinItems(g.summary, &item{paras: []string{g.whole()}})}
	}
	var out []problemEntry
	for _, it := range entries {
		t := cutProgress(it.text())
		if t == "" {
			continue
		}
		if sub := aspectItems(t); sub != nil {
			for _, p := range sub {
				out = append(out, problemEntry{Problem: p})
			}
			continue
		}
		p := newProblem(category, t)
		p.Progress, p.Done = progressOf(strings.Join(it.progress, "\n"))
		out = append(out, problemEntry{Problem: p, measures: it.measures, notes: it.notes})
	}
	return out
}

// problemEntry is a problem with the measures a 整改方案 lists under it
// and the annotations that apply to all of them.
type problemEntry struct {
	Problem
	measures, notes []string
}

// aspectItems reads an item that names an aspect and lists its problems
// inline (第一，在学习方面。①…②…) as those problems, or returns nil.
func aspectItems(t string) []Problem {
	clause, rest := firstClause(t)
	if !strings.Contains(clause, "方面") || !isPureHeading(clause) {
		return nil
	}
	items := numberedList(rest)
	if len(items) == 0 {
		return nil
	}
	var out []Problem
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, newProblem(categoryOf(clause), it))
		}
	}
	return out
}

// itemsText is the text of chunks, one paragraph a line.
func itemsText(chunks []*item) string {
	return strings.Join(itemTexts(chunks), "\n")
}

// joinItems gathers the paragraphs (unless into already has its text)
// and progress of chunks into one item.
func joinItems(chunks []*item, into *item) *item {
	own := len(into.paras) > 0
	for _, c := range chunks {
		if !own {
			into.paras = append(into.paras, c.paras...)
		}
		into.progress = append(into.progress, c.progress...)
		into.measures = append(into.measures, c.measures...)
		into.notes = append(into.notes, c.notes...)
	}
	return into
}

// aspectRe matches an aspect named at the start of a problem (在纪律方面：…)
// by documents that do not give aspects headings of their own.
var aspectRe = regexp.MustCompile(`^(在[^，,。；;：:]{1,20}方面)[：:，,]`)

// newProblem builds a problem, taking its category from its first words
// when it has none from a heading.
func newProblem(category, text string) Problem {
	title := titleOf(text)
	if m := aspectRe.FindStringSubmatchIndex(text); category == "" && m != nil {
		category, title = text[m[2]:m[3]], titleOf(text[m[1]:])
	}
	return Problem{Category: category, Title: title, Text: text}
}

// entries returns the texts of the group's causes or measures. A （一）
// heading that states a cause or measure is one entry, its numbered
// points included; only an aspect heading (在…方面) lists entries.
func (g *group) entries() []string {
	switch {
	case g.mark == plain && len(g.items) > 0:
		return itemTexts(g.items)
	case g.mark == plain:
		return standalone(g.summary)
	case strings.Contains(g.clause, "方面") && len(g.items) > 0:
		return itemTexts(g.items)
	}
	if whole := g.whole(); whole != "" {
		return []string{whole}
	}
	return nil
}

// whole is the group's heading line and every paragraph under it.
func (g *group) whole() string {
	return strings.TrimSpace(strings.Join(append([]string{g.head}, g.raw...), "\n"))
}

func itemTexts(items []*item) []string {
	var out []string
	for _, it := range items {
		if t := it.text(); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// leadInRe matches the sentence that introduces a list (主要存在以下问题：).
var (
	leadInRe    = regexp.MustCompile(`如下|以下|下列|几个方面|几方面|主要表现|具体表现|表现在|主要有`)
	leadInEndRe = regexp.MustCompile(`(?:[：:]|如下[。：:]?)$`)
)

// standalone returns unnumbered paragraphs as entries, leaving out the
// lead-in sentences that introduce them.
func standalone(chunks []*item) []string {
	return itemTexts(standaloneItems(chunks))
}

func standaloneItems(chunks []*item) []*item {
	var out []*item
	for _, c := range chunks {
		if t := c.text(); t != "" && !isLeadIn(t) {
			out = append(out, c)
		}
	}
	return out
}

// isLeadIn reports whether t introduces what follows rather than saying
// something itself: it ends with a colon or 如下, or is a short sentence
// announcing a list.
func isLeadIn(t string) bool {
	if leadInEndRe.MatchString(t) {
		return true
	}
	return utf8.RuneCountInString(t) < 100 && leadInRe.MatchString(t)
}

// categoryOf returns the category named by a heading clause. 在…方面存在的
// 问题 is shortened to 在…方面, which is what the category is.
func categoryOf(clause string) string {
	if i := strings.Index(clause, "方面"); i >= 0 && !strings.HasPrefix(clause, "关于") {
		return clause[:i+len("方面")]
	}
	return clause
}

// isCategory reports whether a heading names an aspect or group of
// problems rather than stating a problem.
func isCategory(clause string) bool {
	return strings.Contains(clause, "方面") || strings.HasPrefix(clause, "关于") || categoryEndRe.MatchString(clause)
}

// categoryEndRe matches a heading that names a kind of problem (学习上的
// 差距, 存在的问题) rather than stating one (学习有差距).
var categoryEndRe = regexp.MustCompile(`(?:的|上|中|主要|突出|存在)(?:问题|不足|差距)$|^(?:问题|不足|差距)$`)

// cutProgress drops the account of rectification progress that a 整改情况
// 报告 writes after each problem.
func cutProgress(t string) string {
	if loc := progressAnyRe.FindStringIndex(t); loc != nil {
		t = t[:loc[0]]
	}
	return strings.TrimSpace(t)
}

// newMeasure builds a measure and reads its owner, due date and kind
// from its text and any notes that apply to it.
func newMeasure(text, notes string, year int) Measure {
	p := planOf(strings.TrimSpace(text+"\n"+notes), year)
	return Measure{Title: titleOf(text), Text: text, Owner: p.owner, LeadDept: p.dept, DueOn: p.due, Kind: p.kind}
}
