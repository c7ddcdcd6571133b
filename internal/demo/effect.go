package demo

import (
	"fmt"
	"strings"

	"rectify/internal/ledger"
	"rectify/internal/similar"
	"rectify/internal/store"
)

// makeEffect gives 举一反三 and 整改成效 something to show: a self-check
// sent from a closed problem to three branches (one already answered) and
// a new problem that reads like one closed in the same branch, flagged as
// a possible rebound with the score the similar-problem index gives it.
func (l *loader) makeEffect() error {
	officer := l.users["jiwei"]
	src, err := l.problem("“三会一课”记录不规范")
	if err != nil {
		return err
	}
	c, err := l.st.CreateCascade(officer, ledger.CascadeRequest{SourceProblemID: src.ID, DueOn: l.today.AddDays(14),
		BranchIDs: []int64{l.branches["业务一科党支部"], l.branches["业务二科党支部"], l.branches["离退休干部党支部"]}})
	if err != nil {
		return fmt.Errorf("demo cascade: %w", err)
	}
	if _, err := l.st.AnswerCascade(officer, c.ID, l.branches["业务二科党支部"], ledger.CascadeAbsent,
		"逐本查阅了近一年支部党员大会、支委会和党小组会记录，记录齐全、规范。"); err != nil {
		return fmt.Errorf("demo cascade answer: %w", err)
	}
	// The officer has seen the self-check notices: the demo's inbox opens
	// on the review requests, as before.
	ns, err := l.st.Notifications(officer.ID, true, 1000)
	if err != nil {
		return err
	}
	var seen []int64
	for _, n := range ns {
		if n.Kind == store.KindCascade {
			seen = append(seen, n.ID)
		}
	}
	if _, err := l.st.MarkNotificationsRead(officer.ID, seen); err != nil {
		return err
	}
	return l.makeRebound()
}

func (l *loader) makeRebound() error {
	earlier, err := l.problem("公务接待审批手续不完备")
	if err != nil {
		return err
	}
	p := &ledger.Problem{BatchID: l.batches[0].ID, BranchID: earlier.BranchID, Category: "财务管理方面",
		Description: "公务接待仍存在先接待后补办审批手续的现象，接待清单与审批单不一致", Leader: "郑书记"}
	if err := l.st.CreateProblem(admin, p); err != nil {
		return fmt.Errorf("demo rebound problem: %w", err)
	}
	x := similar.New()
	err = l.st.EachProblem(func(q *ledger.Problem) error {
		x.Put(similar.Doc{ID: q.ID, BranchID: q.BranchID, BatchID: q.BatchID, Category: q.Category, Text: q.Description})
		return nil
	})
	if err != nil {
		return err
	}
	score := 0.0
	for _, h := range x.Search(similar.Query{Text: p.Description, Category: p.Category, Exclude: p.ID, Limit: 10}) {
		if h.ID == earlier.ID {
			score = float64(int(h.Score*1000+0.5)) / 1000
		}
	}
	// The demo's problems count as checked: the server's rebound check
	// starts after them and so never flags this pair a second time.
	return l.st.FlagRebounds(p.ID, []*ledger.Rebound{{ProblemID: p.ID, EarlierProblemID: earlier.ID,
		BranchID: p.BranchID, Score: score, Source: ledger.ReboundSimilar, Status: ledger.ReboundPending}})
}

// problem finds the demo problem whose text starts with prefix.
func (l *loader) problem(prefix string) (*ledger.Problem, error) {
	var found *ledger.Problem
	err := l.st.EachProblem(func(p *ledger.Problem) error {
		if found == nil && strings.HasPrefix(p.Description, prefix) {
			found = p
		}
		return nil
	})
	if err == nil && found == nil {
		err = fmt.Errorf("demo: no problem %q", prefix)
	}
	return found, err
}
