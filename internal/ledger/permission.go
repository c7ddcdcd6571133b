package ledger

// Scope answers what a user may see and do, given the branch tree.
type Scope struct {
	User *User
	Tree *Tree
}

// Sees reports whether the user may read things of branch id.
func (s Scope) Sees(branchID int64) bool {
	if s.User.Role == RoleAdmin {
		return s.Tree.Get(branchID) != nil
	}
	// A non-admin without a branch sees nothing (Contains(0, …) is "all").
	return s.User.BranchID != 0 && s.Tree.Contains(s.User.BranchID, branchID)
}

// Manages reports whether the user may create, change and approve things
// of branch id: an officer of that branch or above, or an admin.
func (s Scope) Manages(branchID int64) bool {
	return (s.User.Role == RoleAdmin || s.User.Role == RoleOfficer) && s.Sees(branchID)
}

// Root is the branch whose subtree the user sees; 0 means every branch.
func (s Scope) Root() int64 {
	if s.User.Role == RoleAdmin {
		return 0
	}
	return s.User.BranchID
}

// CanAct checks whether the user may take action on task t, returning an
// EFORBIDDEN or ENOTFOUND error when not. A task outside the user's scope
// is reported as not found so that its existence does not leak.
func (s Scope) CanAct(a Action, t *Task) error {
	if !s.Sees(t.BranchID) {
		return Errorf(ENOTFOUND, "task %d not found", t.ID)
	}
	owner := t.OwnerID != 0 && t.OwnerID == s.User.ID
	manager := s.Manages(t.BranchID)
	var ok bool
	switch a {
	case ActProgress, ActEvidence:
		ok = owner || manager
	case ActSubmit, ActRequestExtension:
		// An officer stands in for an owner who has no account (imported).
		ok = owner || manager && t.OwnerID == 0
	case ActApprove:
		// Four eyes: nobody approves work they own, owned when it was
		// submitted, or submitted themselves.
		me := s.User.ID
		ok = manager && !owner && t.SubmittedBy != me && t.SubmittedOwnerID != me
	case ActReject, ActApproveExtension, ActRejectExtension:
		// Nobody decides on their own work.
		ok = manager && !owner
	case ActReopen, ActUpdate, ActImport, ActDelete, ActReview:
		ok = manager
	}
	if !ok {
		return Errorf(EFORBIDDEN, "your role may not %s this task", a)
	}
	return nil
}
