package app

import (
	"rectify/internal/ledger"
	"rectify/internal/store"
)

// reassignStore is what a handover needs from storage.
type reassignStore interface {
	Scope(u *ledger.User) ledger.Scope
	FindUser(id int64) (*ledger.User, error)
	OpenTasksOwnedBy(scope ledger.Scope, owner int64) ([]*ledger.Task, error)
	ReassignTasks(actor *ledger.User, h store.Handover) ([]int64, error)
}

// MaxHandoverTasks bounds the measures named in one handover.
const MaxHandoverTasks = 1000

// HandoverInput is a 整改责任交接 as a form or JSON body gives it.
type HandoverInput struct {
	FromOwnerID int64
	ToOwnerID   int64
	TaskIDs     []int64 // nil: every unfinished measure of FromOwnerID; empty: refused
	Reason      string
}

// Reassign hands one person's unfinished measures (or the chosen ones) to
// another in one action: each measure's trail records it with the reason,
// the new owner is told once with the list, and the old owner's 我的待办
// no longer shows them. It returns how many measures moved.
func (s *Service) Reassign(actor *ledger.User, in HandoverInput) (int, error) {
	if err := mayPlan(actor); err != nil {
		return 0, err
	}
	reason, err := requireReason(ledger.LimitHandoverReason, in.Reason)
	if err != nil {
		return 0, err
	}
	if in.TaskIDs != nil && len(in.TaskIDs) == 0 {
		return 0, fieldReason("task_ids", "handover.none_chosen", "task_ids is empty: leave it out to hand over every unfinished task")
	}
	if len(in.TaskIDs) > MaxHandoverTasks {
		return 0, fieldReason("task_ids", "field.too_many", "at most 1000 task_ids")
	}
	scope := s.st.Scope(actor)
	if _, err := s.visiblePerson(scope, "from_owner_id", in.FromOwnerID); err != nil {
		return 0, err
	}
	to, err := s.visiblePerson(scope, "to_owner_id", in.ToOwnerID)
	if err != nil {
		return 0, err
	}
	switch {
	case in.ToOwnerID == in.FromOwnerID:
		return 0, fieldReason("to_owner_id", "owner.same", "to_owner_id must differ from from_owner_id")
	case !offeredAsOwner(to):
		return 0, fieldReason("to_owner_id", "owner.unfit", "the new owner must be an active member or officer")
	}
	moved, err := s.st.ReassignTasks(actor, store.Handover{From: in.FromOwnerID, To: in.ToOwnerID,
		TaskIDs: in.TaskIDs, Reason: reason})
	return len(moved), err
}

// HandoverCandidates lists the unfinished measures of owner the actor
// could hand over.
func (s *Service) HandoverCandidates(actor *ledger.User, owner int64) ([]*ledger.Task, error) {
	if err := mayPlan(actor); err != nil {
		return nil, err
	}
	scope := s.st.Scope(actor)
	if _, err := s.visiblePerson(scope, "from_owner_id", owner); err != nil {
		return nil, err
	}
	return s.st.OpenTasksOwnedBy(scope, owner)
}

// visiblePerson loads a user the scope may see; others are not found on
// field, so ids of other branches reveal nothing.
func (s *Service) visiblePerson(scope ledger.Scope, field string, id int64) (*ledger.User, error) {
	if id <= 0 {
		return nil, fieldReason(field, "field.required", field+" is required")
	}
	u, err := s.st.FindUser(id)
	if err != nil || (scope.User.Role != ledger.RoleAdmin && (u.Role == ledger.RoleAdmin || !scope.Sees(u.BranchID))) {
		return nil, &ledger.Error{Code: ledger.ENOTFOUND, Field: field, Reason: "user.not_found", Message: "user not found"}
	}
	return u, nil
}

// offeredAsOwner reports whether u may be chosen as a measure's owner:
// an active member or officer (leaders read; admins are not in a branch).
func offeredAsOwner(u *ledger.User) bool {
	return !u.Disabled && (u.Role == ledger.RoleMember || u.Role == ledger.RoleOfficer)
}
