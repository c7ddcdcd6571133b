package sheet

import (
	"io"
	"sort"

	"rectify/internal/ledger"
)

// Importer is the store side of an import.
type Importer interface {
	ImportLedger(actor *ledger.User, req *ledger.ImportRequest) (*ledger.ImportResult, error)
	Today() ledger.Date
}

// ImportOptions say where a sheet goes.
type ImportOptions struct {
	BatchID  int64
	BranchID int64
	DryRun   bool
	Source   string // file name, for the audit trail
}

// Import reads a ledger workbook and imports it in one transaction. A
// sheet with any error writes nothing: its rows still go through the
// store's checks (as a dry run), so the result lists every error the
// file has, the sheet's own and those only the ledger can see (an unknown
// 责任单位), in row order. The error is for an unreadable file or a
// request the store refuses outright.
func Import(st Importer, actor *ledger.User, r io.Reader, opt ImportOptions) (*ledger.ImportResult, error) {
	plan, err := Read(r, ReadOptions{Today: st.Today()})
	if err != nil {
		return nil, err
	}
	res, err := st.ImportLedger(actor, &ledger.ImportRequest{BatchID: opt.BatchID, BranchID: opt.BranchID,
		DryRun: opt.DryRun || len(plan.Errors) > 0, Problems: plan.Problems, Source: opt.Source, Columns: plan.Columns})
	if err != nil {
		return nil, err
	}
	res.DryRun = opt.DryRun
	res.Errors = append(plan.Errors, res.Errors...)
	sort.SliceStable(res.Errors, func(i, j int) bool { return res.Errors[i].Row < res.Errors[j].Row })
	return res, nil
}
