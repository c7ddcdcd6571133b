package store

import (
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// CreateProblem adds a problem of a batch to a branch the actor manages;
// the branch must lie within the batch's branch subtree.
func (s *Store) CreateProblem(actor *ledger.User, p *ledger.Problem) error {
	return s.CreateProblemWithTasks(actor, p, nil)
}

func (s *Store) insertProblem(tx *bbolt.Tx, actorID int64, p *ledger.Problem) error {
	if err := put(tx, bProblems, p.ID, p); err != nil {
		return err
	}
	if err := indexAdd(tx, bProblemBatch, p.BatchID, p.ID); err != nil {
		return err
	}
	if err := addCounts(tx, p.BranchID, p.BatchID, ledger.Counts{Problems: 1}, 1); err != nil {
		return err
	}
	s.problemChanged(tx, p, false)
	return s.appendEvent(tx, actorID, "problem", p.ID, 0, ledger.ActCreate, "", nil, p)
}

func (s *Store) checkProblemBatch(tx *bbolt.Tx, scope ledger.Scope, p *ledger.Problem) error {
	var b ledger.Batch
	if err := s.visibleBatch(tx, scope, p.BatchID, &b); err != nil {
		return &ledger.Error{Code: ledger.ENOTFOUND, Field: "batch_id", Message: "batch not found"}
	}
	if !scope.Tree.Contains(b.BranchID, p.BranchID) {
		return ledger.FieldErrorf("branch_id", "the problem's branch must be the batch's branch or one of its sub-branches")
	}
	return nil
}

// FindProblem returns a problem the scope sees.
func (s *Store) FindProblem(scope ledger.Scope, id int64) (*ledger.Problem, error) {
	var p ledger.Problem
	err := s.db.View(func(tx *bbolt.Tx) error { return s.visibleProblem(tx, scope, id, &p) })
	return &p, err
}

func (s *Store) visibleProblem(tx *bbolt.Tx, scope ledger.Scope, id int64, p *ledger.Problem) error {
	if err := get(tx, bProblems, id, "problem", p); err != nil {
		return err
	}
	if !scope.Sees(p.BranchID) {
		return ledger.Errorf(ledger.ENOTFOUND, "problem %d not found", id)
	}
	return nil
}

// ProblemFilter selects problems.
type ProblemFilter struct {
	BranchID int64 // subtree
	BatchID  int64
}

// Problems lists the problems the scope sees, in id order.
func (s *Store) Problems(scope ledger.Scope, f ProblemFilter) ([]*ledger.Problem, error) {
	var out []*ledger.Problem
	root := scope.Root()
	if f.BranchID != 0 {
		if !scope.Sees(f.BranchID) {
			return nil, &ledger.Error{Code: ledger.ENOTFOUND, Field: "branch_id", Message: "branch not found"}
		}
		root = f.BranchID
	}
	err := s.db.View(func(tx *bbolt.Tx) error {
		visit := func(v []byte) error {
			var p ledger.Problem
			if err := unmarshal(v, &p); err != nil {
				return err
			}
			if scope.Tree.Contains(root, p.BranchID) && (f.BatchID == 0 || p.BatchID == f.BatchID) {
				out = append(out, &p)
			}
			return nil
		}
		if f.BatchID != 0 {
			for _, id := range indexIDs(tx, bProblemBatch, f.BatchID) {
				if err := visit(tx.Bucket(bProblems).Get(itob(id))); err != nil {
					return err
				}
			}
			return nil
		}
		return tx.Bucket(bProblems).ForEach(func(_, v []byte) error { return visit(v) })
	})
	return out, err
}

// UpdateProblem changes a problem's text fields.
func (s *Store) UpdateProblem(actor *ledger.User, id int64, fn func(*ledger.Problem)) (*ledger.Problem, error) {
	scope := s.Scope(actor)
	var out ledger.Problem
	err := s.update(func(tx *bbolt.Tx) error {
		var p ledger.Problem
		if err := s.visibleProblem(tx, scope, id, &p); err != nil {
			return err
		}
		if !scope.Manages(p.BranchID) {
			return ledger.Errorf(ledger.EFORBIDDEN, "your role may not change this problem")
		}
		before := p
		fn(&p)
		p.ID, p.BatchID, p.BranchID, p.CreatedAt = before.ID, before.BatchID, before.BranchID, before.CreatedAt
		if err := p.Validate(); err != nil {
			return err
		}
		out = p
		if err := put(tx, bProblems, id, &p); err != nil {
			return err
		}
		s.problemChanged(tx, &p, false)
		return s.appendEvent(tx, actor.ID, "problem", id, 0, ledger.ActUpdate, "", &before, &p)
	})
	return &out, err
}

// DeleteProblem removes a problem that has no tasks.
func (s *Store) DeleteProblem(actor *ledger.User, id int64) error {
	scope := s.Scope(actor)
	return s.update(func(tx *bbolt.Tx) error {
		var p ledger.Problem
		if err := s.visibleProblem(tx, scope, id, &p); err != nil {
			return err
		}
		if !scope.Manages(p.BranchID) {
			return ledger.Errorf(ledger.EFORBIDDEN, "your role may not delete this problem")
		}
		if indexHas(tx, bTaskProblem, id) {
			return ledger.Errorf(ledger.ECONFLICT, "problem %d still has measures; delete them first", id)
		}
		// A 举一反三 or a rebound flag points at the problem: deleting it
		// would leave the branches' self-checks and the link unreadable.
		if len(prefixIDs(tx, bCascadeProblem, itob(id))) > 0 || len(prefixIDs(tx, bReboundProblem, itob(id))) > 0 {
			return ledger.Reasonf(ledger.ECONFLICT, "problem.linked", "problem %d has a 举一反三 or a rebound flag and is kept for the record", id)
		}
		if err := tx.Bucket(bProblems).Delete(itob(id)); err != nil {
			return err
		}
		if err := indexRemove(tx, bProblemBatch, p.BatchID, id); err != nil {
			return err
		}
		if err := addCounts(tx, p.BranchID, p.BatchID, ledger.Counts{Problems: 1}, -1); err != nil {
			return err
		}
		s.problemChanged(tx, &p, true)
		return s.appendEvent(tx, actor.ID, "problem", id, 0, ledger.ActDelete, "", &p, nil)
	})
}

// ProblemsByID returns the problems with the given ids that the scope
// sees, in one transaction; ids it does not see are left out.
func (s *Store) ProblemsByID(scope ledger.Scope, ids []int64) (map[int64]*ledger.Problem, error) {
	out := make(map[int64]*ledger.Problem, len(ids))
	err := s.db.View(func(tx *bbolt.Tx) error {
		for _, id := range ids {
			if _, done := out[id]; done {
				continue
			}
			var p ledger.Problem
			err := s.visibleProblem(tx, scope, id, &p)
			if ledger.ErrorCode(err) == ledger.ENOTFOUND {
				continue
			} else if err != nil {
				return err
			}
			out[id] = &p
		}
		return nil
	})
	return out, err
}
