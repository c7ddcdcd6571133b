package app

import (
	"strings"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

// planStore is what the measure-plan use cases need from storage.
type planStore interface {
	Scope(u *ledger.User) ledger.Scope
	FindTask(scope ledger.Scope, id int64) (*ledger.Task, error)
	CreateTask(actor *ledger.User, t *ledger.Task) error
	UpdateTask(actor *ledger.User, id int64, up store.TaskUpdate) (*ledger.Task, error)
	DeleteTask(actor *ledger.User, id int64) error
	WithdrawTask(actor *ledger.User, id int64, reason string) (*ledger.Task, error)
	WithdrawnTask(scope ledger.Scope, id int64) (*ledger.Task, []*ledger.Event, error)
}

// MeasureInput is a measure's plan as a form or JSON body gives it; nil
// fields are left as they are. The due date is raw YYYY-MM-DD text.
type MeasureInput struct {
	Description     *string
	Kind            *string
	OwnerID         *int64
	OwnerName       *string
	ReviewerID      *int64
	LeadDept        *string
	SupportDepts    *[]string
	DueOn           *string
	ReportEveryDays *int
	Remark          *string
}

// update turns the input into the store's update, parsing the date.
func (in *MeasureInput) update() (store.TaskUpdate, error) {
	up := store.TaskUpdate{Description: in.Description, OwnerID: in.OwnerID, OwnerName: in.OwnerName,
		ReviewerID: in.ReviewerID, LeadDept: in.LeadDept, SupportDepts: in.SupportDepts,
		ReportEveryDays: in.ReportEveryDays, Remark: in.Remark}
	if in.Kind != nil {
		k := ledger.Kind(strings.TrimSpace(*in.Kind))
		up.Kind = &k
	}
	if in.DueOn != nil {
		d, err := parseDate("due_on", *in.DueOn, false)
		if err != nil {
			return up, err
		}
		up.DueOn = &d
	}
	if in.Remark != nil && len([]rune(*in.Remark)) > 2000 {
		return up, fieldReason("remark", "field.too_long", "remark must be at most 2000 characters")
	}
	if in.SupportDepts != nil {
		for _, d := range *in.SupportDepts {
			if len([]rune(d)) > 200 {
				return up, fieldReason("support_depts", "field.too_long", "each support department must be at most 200 characters")
			}
		}
	}
	return up, nil
}

func (in *MeasureInput) apply(t *ledger.Task) error {
	up, err := in.update()
	if err == nil {
		store.ApplyTaskUpdate(t, up)
	}
	return err
}

// CreateMeasure adds a measure (整改措施) to a problem the actor manages.
func (s *Service) CreateMeasure(actor *ledger.User, problemID int64, in MeasureInput) (*ledger.Task, error) {
	if err := mayPlan(actor); err != nil {
		return nil, err
	}
	t := &ledger.Task{ProblemID: problemID}
	if err := in.apply(t); err != nil {
		return nil, err
	}
	if err := s.st.CreateTask(actor, t); err != nil {
		return nil, err
	}
	return t, nil
}

// UpdateMeasure edits a measure's plan while it is being worked on. A
// submitted or closed measure keeps its plan: its owner is fixed (four
// eyes) and its record stands; reopen it first.
func (s *Service) UpdateMeasure(actor *ledger.User, id int64, in MeasureInput) (*ledger.Task, error) {
	if err := mayPlan(actor); err != nil {
		return nil, err
	}
	up, err := in.update()
	if err != nil {
		return nil, err
	}
	cur, err := s.st.FindTask(s.st.Scope(actor), id)
	if err != nil {
		return nil, err
	}
	if cur.OwnerLocked() {
		if up.OwnerID != nil && *up.OwnerID != cur.OwnerID {
			return nil, &ledger.Error{Code: ledger.ECONFLICT, Field: "owner_id", Reason: "task.owner_locked",
				Message: "a submitted or closed task's owner cannot change"}
		}
		return nil, ledger.Reasonf(ledger.ECONFLICT, "task.plan_locked", "cannot change the plan of a task that is %s", cur.Status)
	}
	return s.st.UpdateTask(actor, id, up)
}

// WithdrawMeasure (撤销) takes an unfinished measure out of the ledger
// with a reason. See store.WithdrawTask for what is kept and what counts.
func (s *Service) WithdrawMeasure(actor *ledger.User, id int64, reason string) (*ledger.Task, error) {
	if err := mayPlan(actor); err != nil {
		return nil, err
	}
	reason, err := requireReason(ledger.LimitWithdrawReason, reason)
	if err != nil {
		return nil, err
	}
	return s.st.WithdrawTask(actor, id, reason)
}

// DeleteMeasure removes a measure entered by mistake (the API's DELETE);
// the trail keeps its record.
func (s *Service) DeleteMeasure(actor *ledger.User, id int64) error {
	if err := mayPlan(actor); err != nil {
		return err
	}
	return s.st.DeleteTask(actor, id)
}

// WithdrawnMeasure returns a withdrawn measure's last state and trail.
func (s *Service) WithdrawnMeasure(actor *ledger.User, id int64) (*ledger.Task, []*ledger.Event, error) {
	return s.st.WithdrawnTask(s.st.Scope(actor), id)
}
