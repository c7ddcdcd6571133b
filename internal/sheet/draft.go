package sheet

import (
	"fmt"

	"rectify/internal/docimport"
	"rectify/internal/ledger"
)

// Draft is a parsed 对照检查材料 in the shape a confirmation takes, for the
// user to review; measures that could not be paired with a problem are
// listed apart. The API answers it as JSON and the web page carries it in
// its confirm form.
type Draft struct {
	BatchID            int64          `json:"batch_id"`
	BranchID           int64          `json:"branch_id"`
	Problems           []DraftProblem `json:"problems"`
	UnassignedMeasures []DraftMeasure `json:"unassigned_measures"`
}

// DraftProblem is one problem of a draft with its measures.
type DraftProblem struct {
	Category    string         `json:"category"`
	Description string         `json:"description"`
	Cause       string         `json:"cause"`
	Leader      string         `json:"leader,omitempty"`
	Branch      string         `json:"branch,omitempty"`
	Measures    []DraftMeasure `json:"measures"`
	// Progress is what a 整改情况报告 says was done, and Done whether it
	// says 已完成: shown for the officer to confirm, not imported.
	Progress string `json:"progress,omitempty"`
	Done     bool   `json:"done,omitempty"`
}

// DraftMeasure is one measure of a draft.
type DraftMeasure struct {
	Description string `json:"description"`
	OwnerID     int64  `json:"owner_id,omitempty"`
	OwnerName   string `json:"owner_name"`
	DueOn       string `json:"due_on"`
	Kind        string `json:"kind"`
	LeadDept    string `json:"lead_dept,omitempty"`
}

// KindLabel is the measure's 整改类型 in words, or the raw text.
func (m DraftMeasure) KindLabel() string {
	if k, ok := ParseKind(m.Kind); ok && m.Kind != "" {
		return k.Label()
	}
	return m.Kind
}

// DraftOf lists every document's problems. A measure the document ties
// to a problem (a table row under its problem) goes under it; otherwise
// measures (and causes) are paired with problems one to one when a
// document has as many of each, as 对照检查材料 usually answer each
// problem in turn.
func DraftOf(res *docimport.Result) Draft {
	d := Draft{Problems: []DraftProblem{}, UnassignedMeasures: []DraftMeasure{}}
	for _, doc := range res.Documents {
		start := len(d.Problems)
		for i, p := range doc.Problems {
			dp := DraftProblem{Category: p.Category, Description: p.Text, Measures: []DraftMeasure{},
				Progress: p.Progress, Done: p.Done}
			if len(doc.Causes) == len(doc.Problems) {
				dp.Cause = doc.Causes[i].Text
			}
			d.Problems = append(d.Problems, dp)
		}
		unlinked := 0
		for _, m := range doc.Measures {
			if m.Problem == 0 {
				unlinked++
			}
		}
		for i, m := range doc.Measures {
			dm := DraftMeasure{Description: m.Text, OwnerName: m.Owner, DueOn: m.DueOn, Kind: m.Kind, LeadDept: m.LeadDept}
			switch {
			case m.Problem > 0 && m.Problem <= len(doc.Problems):
				d.Problems[start+m.Problem-1].Measures = append(d.Problems[start+m.Problem-1].Measures, dm)
			case unlinked == len(doc.Measures) && len(doc.Measures) == len(doc.Problems):
				d.Problems[start+i].Measures = append(d.Problems[start+i].Measures, dm)
			default:
				d.UnassignedMeasures = append(d.UnassignedMeasures, dm)
			}
		}
	}
	return d
}

// DraftImport converts reviewed draft problems for store.ImportLedger; an
// error's row is the problem's number. A 立行立改 measure without a date
// is due today.
func DraftImport(ps []DraftProblem, today ledger.Date) ([]ledger.ImportProblem, []ledger.ImportError) {
	var out []ledger.ImportProblem
	var errs []ledger.ImportError
	for i, p := range ps {
		ip := ledger.ImportProblem{Row: i + 1, Where: fmt.Sprintf("第%d个问题", i+1), Branch: p.Branch,
			Category: p.Category, Description: p.Description, Cause: p.Cause, Leader: p.Leader}
		for j, m := range p.Measures {
			where := fmt.Sprintf("第%d个问题第%d项措施", i+1, j+1)
			t, e := draftTask(m, where, today)
			if e != nil {
				e.Row = i + 1
				errs = append(errs, *e)
				continue
			}
			ip.Measures = append(ip.Measures, ledger.ImportMeasure{Row: i + 1, Where: where, Task: t})
		}
		out = append(out, ip)
	}
	return out, errs
}

func draftTask(m DraftMeasure, where string, today ledger.Date) (ledger.Task, *ledger.ImportError) {
	t := ledger.Task{Description: m.Description, OwnerID: m.OwnerID, OwnerName: m.OwnerName, LeadDept: m.LeadDept}
	var ok bool
	if m.Kind != "" {
		if t.Kind, ok = ParseKind(m.Kind); !ok {
			return t, &ledger.ImportError{Column: "measures.kind",
				Message: fmt.Sprintf("%s 整改类型「%s」应为立行立改、限期整改或长期坚持", where, m.Kind)}
		}
	}
	if m.DueOn != "" {
		if t.DueOn, ok = ParseDate(m.DueOn); !ok {
			return t, &ledger.ImportError{Column: "measures.due_on",
				Message: fmt.Sprintf("%s 整改时限「%s」不是有效日期", where, m.DueOn)}
		}
	}
	if t.Kind == ledger.KindImmediate && t.DueOn.IsZero() {
		t.DueOn = today
	}
	return t, nil
}
