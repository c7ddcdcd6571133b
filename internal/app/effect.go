package app

import (
	"context"

	"rectify/internal/ledger"
	"rectify/internal/similar"
)

// effectStore is what the 整改成效 use case reads.
type effectStore interface {
	Effects(scope ledger.Scope, root int64) (ledger.Effect, []ledger.Effect, error)
}

// EffectReport is the 整改成效 of a branch: its own figures rolled up over
// its subtree, one row per child branch, and the categories (方面) that
// recur across batches.
type EffectReport struct {
	Total     ledger.Effect        `json:"total"`
	Rows      []ledger.Effect      `json:"rows"`
	Recurring []similar.Recurrence `json:"recurring_categories"`
}

// recurringMinBatches is how many batches a category must appear in to
// count as recurring: found again in a later round.
const recurringMinBatches = 2

// Effect answers the 整改成效 of branchID (0: the caller's own scope).
func (s *Service) Effect(ctx context.Context, u *ledger.User, branchID int64) (*EffectReport, error) {
	scope := s.st.Scope(u)
	total, rows, err := s.st.Effects(scope, branchID)
	if err != nil {
		return nil, err
	}
	if rows == nil {
		rows = []ledger.Effect{}
	}
	r := &EffectReport{Total: total, Rows: rows, Recurring: []similar.Recurrence{}}
	if s.similar != nil {
		root := total.BranchID
		allow := func(b int64) bool { return scope.Sees(b) && (root == 0 || scope.Tree.Contains(root, b)) }
		rec, err := s.similar.Recurring(ctx, allow, recurringMinBatches, 20)
		if err != nil {
			return nil, err
		}
		r.Recurring = append(r.Recurring, rec...)
	}
	return r, nil
}
