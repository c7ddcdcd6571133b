package app

import (
	"time"

	"rectify/internal/ledger"
)

// exportStore is what deciding an export or a report needs; the files
// themselves are written by internal/sheet and internal/report.
type exportStore interface {
	Scope(u *ledger.User) ledger.Scope
	FindBatch(scope ledger.Scope, id int64) (*ledger.Batch, error)
	Today() ledger.Date
}

// DownloadTarget is what an export (台账.xlsx) or a report (整改情况报告)
// covers, once the caller has been checked.
type DownloadTarget struct {
	Scope    ledger.Scope
	BranchID int64         // 0: the caller's whole scope
	Batch    *ledger.Batch // nil: every batch (exports only)
	Unit     string        // who the document is about
	Today    ledger.Date
	Now      time.Time
}

// MayExport is the rule for export.xlsx and report.docx: every role that
// reads the whole ledger of its scope, that is all but members.
func MayExport(u *ledger.User) error {
	if u == nil || u.Role == ledger.RoleMember {
		return ledger.Reasonf(ledger.EFORBIDDEN, ledger.ReasonMayNotExport, "your role may not export the ledger")
	}
	return nil
}

// ExportTarget checks an export of branchID and batchID (0: all) by u.
// The unit is the branch asked for, else the caller's own.
func (s *Service) ExportTarget(u *ledger.User, branchID, batchID int64) (*DownloadTarget, error) {
	t, err := s.downloadTarget(u, branchID, batchID)
	if err != nil {
		return nil, err
	}
	t.Unit = unitName(t.Scope, t.BranchID, 0)
	return t, nil
}

// ReportTarget checks a report of batchID (required) by u. The unit is
// the branch asked for, else the batch's branch when u sees it, else the
// caller's own.
func (s *Service) ReportTarget(u *ledger.User, branchID, batchID int64) (*DownloadTarget, error) {
	if batchID == 0 {
		return nil, ledger.FieldErrorf("batch_id", "batch_id is required")
	}
	t, err := s.downloadTarget(u, branchID, batchID)
	if err != nil {
		return nil, err
	}
	t.Unit = unitName(t.Scope, t.BranchID, t.Batch.BranchID)
	return t, nil
}

func (s *Service) downloadTarget(u *ledger.User, branchID, batchID int64) (*DownloadTarget, error) {
	if err := MayExport(u); err != nil {
		return nil, err
	}
	scope := s.st.Scope(u)
	t := &DownloadTarget{Scope: scope, BranchID: branchID, Today: s.st.Today(), Now: s.now()}
	root := branchID
	if root == 0 {
		root = scope.Root()
	}
	if root != 0 && (scope.Tree.Get(root) == nil || !scope.Sees(root)) {
		return nil, &ledger.Error{Code: ledger.ENOTFOUND, Field: "branch_id", Reason: ledger.ReasonNotFound, Message: "branch not found"}
	}
	if batchID == 0 {
		return t, nil
	}
	b, err := s.st.FindBatch(scope, batchID)
	if err != nil {
		return nil, &ledger.Error{Code: ledger.ENOTFOUND, Field: "batch_id", Reason: ledger.ReasonNotFound, Message: "batch not found"}
	}
	t.Batch = b
	return t, nil
}

// unitName names who a document is about: the branch asked for, else the
// batch's branch when the caller sees it, else the caller's own branch.
func unitName(scope ledger.Scope, branchID, batchBranch int64) string {
	id := branchID
	if id == 0 && batchBranch != 0 && scope.Sees(batchBranch) {
		id = batchBranch
	}
	if id == 0 {
		id = scope.Root()
	}
	if b := scope.Tree.Get(id); b != nil {
		return b.Name
	}
	return ""
}
