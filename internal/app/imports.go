package app

import "rectify/internal/ledger"

// MayImport checks that u may import into branchID: an officer of that
// branch or above, or an admin. The import itself (internal/sheet) runs
// after this check and writes through the store in one transaction.
func (s *Service) MayImport(u *ledger.User, branchID int64) error {
	scope := s.st.Scope(u)
	switch {
	case branchID <= 0:
		return ledger.FieldErrorf("branch_id", "branch_id is required")
	case !scope.Sees(branchID):
		return &ledger.Error{Code: ledger.ENOTFOUND, Field: "branch_id", Reason: ledger.ReasonNotFound, Message: "branch not found"}
	case !scope.Manages(branchID):
		return ledger.Reasonf(ledger.EFORBIDDEN, ledger.ReasonMayNotImport, "your role may not import into this branch")
	}
	return nil
}

// MayImportAny reports whether u's role imports at all (officers and
// admins): the import page and the 对照检查材料 parser are theirs.
func MayImportAny(u *ledger.User) error {
	if u == nil || (u.Role != ledger.RoleOfficer && u.Role != ledger.RoleAdmin) {
		return ledger.Reasonf(ledger.EFORBIDDEN, ledger.ReasonMayNotImport, "your role may not import documents")
	}
	return nil
}
