package web

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"rectify/internal/sheet"
)

// The draft of a 对照检查材料 is edited on the page before it is
// confirmed: an officer moves a measure to another problem, fixes its
// owner, due date and kind, and leaves out what was wrongly found. The
// hidden draft JSON stays the basis (category, cause, department); the
// edit fields, named by the numbers below, override it on confirm.

// draftView lays a draft out for editing: problems numbered from 1, and
// every measure (under a problem or not yet placed) in one list with the
// number of its problem, 0 for none.
type draftView struct {
	Problems []draftProblemView
	Measures []draftMeasureView
}

type draftProblemView struct {
	N     int
	Short string // the start of the description, to name it in a select
	sheet.DraftProblem
}

type draftMeasureView struct {
	N, Problem int
	sheet.DraftMeasure
}

// measureKinds are the choices of a measure's 整改类型.
var measureKinds = []option{{Value: "", Label: "未定"}, {Value: "immediate", Label: "立行立改"},
	{Value: "deadline", Label: "限期整改"}, {Value: "long_term", Label: "长期坚持"}}

// DraftRows is the page's draft laid out for editing.
func (p *importPage) DraftRows() draftView {
	if p.Draft == nil {
		return draftView{}
	}
	return viewOf(*p.Draft)
}

// MeasureKinds lists the kinds a measure may be given.
func (p *importPage) MeasureKinds() []option { return measureKinds }

func viewOf(d sheet.Draft) draftView {
	var v draftView
	for i, dp := range d.Problems {
		v.Problems = append(v.Problems, draftProblemView{N: i + 1, Short: short(dp.Description, 24), DraftProblem: dp})
		for _, m := range dp.Measures {
			v.Measures = append(v.Measures, draftMeasureView{N: len(v.Measures) + 1, Problem: i + 1, DraftMeasure: m})
		}
	}
	for _, m := range d.UnassignedMeasures {
		v.Measures = append(v.Measures, draftMeasureView{N: len(v.Measures) + 1, DraftMeasure: m})
	}
	return v
}

func short(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// editedDraft applies the page's edit fields to d. A removed problem
// takes the measures still under it along; a measure placed under no
// problem is kept apart and not imported.
func editedDraft(d sheet.Draft, form url.Values) sheet.Draft {
	v := viewOf(d)
	out := sheet.Draft{BatchID: d.BatchID, BranchID: d.BranchID, Problems: []sheet.DraftProblem{}, UnassignedMeasures: []sheet.DraftMeasure{}}
	kept := map[int]int{} // problem number → index in out.Problems
	for _, p := range v.Problems {
		if form.Get(fmt.Sprintf("p%d_remove", p.N)) != "" {
			continue
		}
		dp := p.DraftProblem
		dp.Measures = []sheet.DraftMeasure{}
		kept[p.N] = len(out.Problems)
		out.Problems = append(out.Problems, dp)
	}
	for _, m := range v.Measures {
		field := func(name string) (string, bool) {
			vals, ok := form[fmt.Sprintf("m%d_%s", m.N, name)]
			if !ok || len(vals) == 0 {
				return "", false
			}
			return strings.TrimSpace(vals[0]), true
		}
		if r, _ := field("remove"); r != "" {
			continue
		}
		dm, problem := editedMeasure(m, field)
		switch i, ok := kept[problem]; {
		case ok:
			out.Problems[i].Measures = append(out.Problems[i].Measures, dm)
		case problem == 0:
			out.UnassignedMeasures = append(out.UnassignedMeasures, dm)
		}
	}
	return out
}

// editedMeasure is one measure with its edit fields applied, and the
// number of the problem it now belongs to.
func editedMeasure(m draftMeasureView, field func(string) (string, bool)) (sheet.DraftMeasure, int) {
	dm, problem := m.DraftMeasure, m.Problem
	if owner, ok := field("owner"); ok && owner != dm.OwnerName {
		dm.OwnerName, dm.OwnerID = owner, 0
	}
	if due, ok := field("due"); ok {
		dm.DueOn = due
	}
	if kind, ok := field("kind"); ok {
		dm.Kind = kind
	}
	if n, ok := field("problem"); ok {
		problem, _ = strconv.Atoi(n)
	}
	return dm, problem
}
