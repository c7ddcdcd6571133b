package app

import (
	"strconv"
	"strings"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

// lifecycleStore is what the task lifecycle needs: each store method runs
// the ledger rule, the role and branch check and the event in one
// transaction.
type lifecycleStore interface {
	Scope(u *ledger.User) ledger.Scope
	FindTask(scope ledger.Scope, id int64) (*ledger.Task, error)
	AddProgress(actor *ledger.User, id int64, note string, percent int) (*ledger.Task, error)
	Submit(actor *ledger.User, id int64, note string) (*ledger.Task, error)
	Approve(actor *ledger.User, id int64, note string) (*ledger.Task, error)
	Reject(actor *ledger.User, id int64, reason string) (*ledger.Task, error)
	RequestExtension(actor *ledger.User, id int64, due ledger.Date, reason string) (*ledger.Task, error)
	DecideExtension(actor *ledger.User, id int64, grant bool, reason string) (*ledger.Task, error)
	Reopen(actor *ledger.User, id int64, due ledger.Date, reason string) (*ledger.Task, error)
	Reviews(scope ledger.Scope, f store.ReviewFilter) ([]*ledger.Review, error)
	DecideReview(actor *ledger.User, id int64, outcome ledger.ReviewOutcome, note string, due ledger.Date) (*ledger.Review, error)
}

// ActionInput is what a person sends with a lifecycle step, whichever
// front end it came through. Percent and DueOn are left as text so that
// both the JSON API and a form are parsed by the same rule here.
type ActionInput struct {
	Note    string
	Reason  string
	Percent string // "", "50" or "50%"
	DueOn   string // YYYY-MM-DD
}

// TaskAction is one lifecycle step on a task.
type TaskAction func(s *Service, u *ledger.User, id int64, in ActionInput) (*ledger.Task, error)

// TaskActions are the lifecycle steps by the name the web form posts and
// the API route ends with ("extension-approve" is /extension/approve).
var TaskActions = map[string]TaskAction{
	"progress":          (*Service).Progress,
	"submit":            (*Service).Submit,
	"approve":           (*Service).Approve,
	"reject":            (*Service).Reject,
	"extension":         (*Service).RequestExtension,
	"extension-approve": (*Service).ApproveExtension,
	"extension-reject":  (*Service).RejectExtension,
	"reopen":            (*Service).Reopen,
}

// Progress records a progress report (整改进展) with an optional percent.
func (s *Service) Progress(u *ledger.User, id int64, in ActionInput) (*ledger.Task, error) {
	p, err := ParsePercent(in.Percent)
	if err != nil {
		return nil, err
	}
	return s.st.AddProgress(u, id, in.Note, p)
}

// Submit asks for 销号; the owner (or an officer for an owner without an
// account) says what was done.
func (s *Service) Submit(u *ledger.User, id int64, in ActionInput) (*ledger.Task, error) {
	return s.st.Submit(u, id, in.Note)
}

// Approve closes a submitted task (销号).
func (s *Service) Approve(u *ledger.User, id int64, in ActionInput) (*ledger.Task, error) {
	return s.st.Approve(u, id, in.Note)
}

// Reject sends a submitted task back with a reason.
func (s *Service) Reject(u *ledger.User, id int64, in ActionInput) (*ledger.Task, error) {
	return s.st.Reject(u, id, in.Reason)
}

// RequestExtension asks for a later due date (延期申请).
func (s *Service) RequestExtension(u *ledger.User, id int64, in ActionInput) (*ledger.Task, error) {
	due, err := ParseDueOn(in.DueOn)
	if err != nil {
		return nil, err
	}
	return s.st.RequestExtension(u, id, due, in.Reason)
}

// ApproveExtension grants the pending extension.
func (s *Service) ApproveExtension(u *ledger.User, id int64, in ActionInput) (*ledger.Task, error) {
	return s.st.DecideExtension(u, id, true, in.Note)
}

// RejectExtension refuses the pending extension with a reason.
func (s *Service) RejectExtension(u *ledger.User, id int64, in ActionInput) (*ledger.Task, error) {
	return s.st.DecideExtension(u, id, false, in.Reason)
}

// Reopen puts a closed task back to work with a new due date.
func (s *Service) Reopen(u *ledger.User, id int64, in ActionInput) (*ledger.Task, error) {
	due, err := ParseDueOn(in.DueOn)
	if err != nil {
		return nil, err
	}
	return s.st.Reopen(u, id, due, in.Reason)
}

// ReviewInput is a 回头看 decision: consolidated, or rebound with a new
// due date for the reopened task.
type ReviewInput struct {
	Outcome string
	Note    string
	DueOn   string
}

// DecideReview records the outcome of review id.
func (s *Service) DecideReview(u *ledger.User, id int64, in ReviewInput) (*ledger.Review, error) {
	outcome := ledger.ReviewOutcome(strings.TrimSpace(in.Outcome))
	if outcome != ledger.OutcomeConsolidated && outcome != ledger.OutcomeRebound {
		return nil, ledger.FieldErrorf("outcome", "outcome must be consolidated or rebound")
	}
	var due ledger.Date
	if outcome == ledger.OutcomeRebound {
		var err error
		if due, err = ParseDueOn(in.DueOn); err != nil {
			return nil, err
		}
	}
	return s.st.DecideReview(u, id, outcome, in.Note, due)
}

// DecideTaskReview is DecideReview for a review reached through its task
// (the task page's form): a review of another task is not found.
func (s *Service) DecideTaskReview(u *ledger.User, taskID, reviewID int64, in ReviewInput) (*ledger.Review, error) {
	if reviewID <= 0 {
		return nil, ledger.FieldErrorf("review_id", "review_id is required")
	}
	reviews, err := s.st.Reviews(s.st.Scope(u), store.ReviewFilter{TaskID: taskID})
	if err != nil {
		return nil, err
	}
	for _, r := range reviews {
		if r.ID == reviewID {
			return s.DecideReview(u, reviewID, in)
		}
	}
	return nil, ledger.Errorf(ledger.ENOTFOUND, "review %d not found", reviewID)
}

// ParsePercent reads a completion percent: empty is 0, a trailing % is
// allowed, anything else must be a whole number 0–100.
func ParsePercent(v string) (int, error) {
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "%"))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 100 {
		return 0, ledger.FieldErrorf("percent", "percent must be a whole number 0–100")
	}
	return n, nil
}

// ParseDueOn reads a required due_on date, YYYY-MM-DD.
func ParseDueOn(v string) (ledger.Date, error) {
	return ParseDate("due_on", v, true)
}

// ParseDate reads a YYYY-MM-DD value of field; an empty optional value is
// the zero date.
func ParseDate(field, v string, required bool) (ledger.Date, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		if required {
			return 0, ledger.FieldErrorf(field, "%s is required (YYYY-MM-DD)", field)
		}
		return 0, nil
	}
	d, err := ledger.ParseDate(v)
	if err != nil {
		return 0, ledger.FieldErrorf(field, "%s: %s", field, err)
	}
	return d, nil
}

// Offers are the steps a person may take on a task as it stands: the
// same role, branch and state rules the actions enforce, so a page offers
// a form only where the action would be accepted.
type Offers struct {
	Progress, Evidence, Submit, Extension bool
	Approve, Reject, DecideExtension      bool
	Reopen, Review                        bool
}

// Any reports whether the viewer may do anything at all.
func (o Offers) Any() bool { return o != Offers{} }

// OffersOn lists what scope's user may do on t; reviewPending says a 回头看
// of t awaits its outcome.
func OffersOn(scope ledger.Scope, t *ledger.Task, reviewPending bool) Offers {
	can := func(a ledger.Action) bool { return scope.CanAct(a, t) == nil }
	open := t.Status.Unfinished()
	return Offers{
		Progress:        open && can(ledger.ActProgress),
		Evidence:        t.Status != ledger.StatusClosed && can(ledger.ActEvidence),
		Submit:          open && can(ledger.ActSubmit),
		Extension:       open && t.Extension == nil && can(ledger.ActRequestExtension),
		Approve:         t.Status == ledger.StatusSubmitted && can(ledger.ActApprove),
		Reject:          t.Status == ledger.StatusSubmitted && can(ledger.ActReject),
		DecideExtension: t.Extension != nil && can(ledger.ActApproveExtension),
		Reopen:          t.Status == ledger.StatusClosed && can(ledger.ActReopen),
		Review:          reviewPending && can(ledger.ActReview),
	}
}
