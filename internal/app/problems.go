package app

import (
	"rectify/internal/ledger"
	"rectify/internal/store"
)

// problemStore is what the problem use cases need from storage.
type problemStore interface {
	Scope(u *ledger.User) ledger.Scope
	FindProblem(scope ledger.Scope, id int64) (*ledger.Problem, error)
	Problems(scope ledger.Scope, f store.ProblemFilter) ([]*ledger.Problem, error)
	CreateProblem(actor *ledger.User, p *ledger.Problem) error
	CreateProblemWithTasks(actor *ledger.User, p *ledger.Problem, ts []*ledger.Task) error
	UpdateProblem(actor *ledger.User, id int64, fn func(*ledger.Problem)) (*ledger.Problem, error)
	DeleteProblem(actor *ledger.User, id int64) error
}

// MaxMeasuresPerForm bounds the measures entered with one problem (a
// 整改方案 lists 2–5; a sheet import is the way for more).
const MaxMeasuresPerForm = 10

// ProblemInput is a problem as a form or JSON body gives it; nil text
// fields are left as they are.
type ProblemInput struct {
	BatchID     int64
	BranchID    int64
	Category    *string
	Description *string
	Cause       *string
	Leader      *string
}

func (in *ProblemInput) apply(p *ledger.Problem) {
	for _, f := range []struct{ dst, src *string }{{&p.Category, in.Category},
		{&p.Description, in.Description}, {&p.Cause, in.Cause}, {&p.Leader, in.Leader}} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
}

// Problem returns one problem the actor sees.
func (s *Service) Problem(actor *ledger.User, id int64) (*ledger.Problem, error) {
	return s.st.FindProblem(s.st.Scope(actor), id)
}

// Problems lists the problems the actor sees, by branch subtree and batch.
func (s *Service) Problems(actor *ledger.User, f store.ProblemFilter) ([]*ledger.Problem, error) {
	return s.st.Problems(s.st.Scope(actor), f)
}

// CreateProblem adds a problem, and with it the measures given (fast
// entry: one problem and its 2–5 measures in one form), all or nothing.
// A measure's error names its field "tasks.N.field".
func (s *Service) CreateProblem(actor *ledger.User, in ProblemInput, measures []MeasureInput) (*ledger.Problem, []*ledger.Task, error) {
	if err := mayPlan(actor); err != nil {
		return nil, nil, err
	}
	if len(measures) > MaxMeasuresPerForm {
		return nil, nil, fieldReason("tasks", "field.too_many", "at most 10 measures with one problem")
	}
	p := &ledger.Problem{BatchID: in.BatchID, BranchID: in.BranchID}
	in.apply(p)
	if err := p.Validate(); err != nil {
		return nil, nil, err
	}
	ts := make([]*ledger.Task, len(measures))
	for i, m := range measures {
		t := &ledger.Task{ProblemID: 1} // the real id comes with the problem
		if err := m.apply(t); err != nil {
			return nil, nil, store.MeasureFieldError(i, err)
		}
		if err := t.Validate(); err != nil {
			return nil, nil, store.MeasureFieldError(i, err)
		}
		ts[i] = t
	}
	var err error
	if len(ts) == 0 {
		err = s.st.CreateProblem(actor, p)
	} else {
		err = s.st.CreateProblemWithTasks(actor, p, ts)
	}
	if err != nil {
		return nil, nil, err
	}
	return p, ts, nil
}

// UpdateProblem changes a problem's text; its batch and branch stay.
func (s *Service) UpdateProblem(actor *ledger.User, id int64, in ProblemInput) (*ledger.Problem, error) {
	if err := mayPlan(actor); err != nil {
		return nil, err
	}
	cur, err := s.Problem(actor, id)
	if err != nil {
		return nil, err
	}
	next := *cur
	in.apply(&next)
	if err := next.Validate(); err != nil {
		return nil, err
	}
	return s.st.UpdateProblem(actor, id, in.apply)
}

// DeleteProblem removes a problem entered by mistake, while it has no
// measures.
func (s *Service) DeleteProblem(actor *ledger.User, id int64) error {
	if err := mayPlan(actor); err != nil {
		return err
	}
	return s.st.DeleteProblem(actor, id)
}
