package store

import (
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

func (s *Store) reloadTree(tx *bbolt.Tx) error {
	var all []*ledger.Branch
	err := tx.Bucket(bBranches).ForEach(func(_, v []byte) error {
		var b ledger.Branch
		if err := unmarshal(v, &b); err != nil {
			return err
		}
		all = append(all, &b)
		return nil
	})
	if err == nil {
		s.tree.Store(ledger.NewTree(all))
	}
	return err
}

// changeBranches runs fn in its own (unbatched) write transaction and
// rebuilds the tree snapshot before the write lock is released, so no
// request ever sees a tree older than the database.
func (s *Store) changeBranches(fn func(tx *bbolt.Tx) error) error {
	s.treeMu.Lock()
	defer s.treeMu.Unlock()
	var tx *bbolt.Tx
	tx, err := s.db.Begin(true)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return s.db.View(s.reloadTree)
}

// CreateBranch adds a branch; the tree is an admin's to shape.
func (s *Store) CreateBranch(actor *ledger.User, b *ledger.Branch) error {
	if err := b.Validate(); err != nil {
		return err
	}
	if err := adminOnly(actor); err != nil {
		return err
	} else if b.ParentID != 0 && s.Tree().Get(b.ParentID) == nil {
		return &ledger.Error{Code: ledger.ENOTFOUND, Field: "parent_id", Message: "parent branch not found"}
	} else if err := s.Tree().CheckPlacement(0, b.ParentID); err != nil {
		return err
	}
	return s.changeBranches(func(tx *bbolt.Tx) error {
		id, err := nextID(tx, bBranches)
		if err != nil {
			return err
		}
		b.ID, b.CreatedAt = id, s.now().UTC()
		if err := put(tx, bBranches, id, b); err != nil {
			return err
		}
		return s.appendEvent(tx, actor.ID, "branch", id, 0, ledger.ActCreate, "", nil, b)
	})
}

// refuse explains why an id in a body is not acceptable: unknown (or
// invisible) ids are "not found" on that field, visible ones forbidden.
func (s *Store) refuse(scope ledger.Scope, branchID int64, field, what string) error {
	if !scope.Sees(branchID) {
		return &ledger.Error{Code: ledger.ENOTFOUND, Field: field, Message: what + " not found"}
	}
	return &ledger.Error{Code: ledger.EFORBIDDEN, Field: field, Message: "your role may not change this " + what}
}

// UpdateBranch renames or moves a branch; a branch cannot move under
// itself or its own descendants.
func (s *Store) UpdateBranch(actor *ledger.User, id int64, name *string, parentID *int64) (*ledger.Branch, error) {
	if err := adminOnly(actor); err != nil {
		return nil, err
	}
	cur := s.Tree().Get(id)
	if cur == nil {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "branch %d not found", id)
	}
	b := *cur
	if name != nil {
		b.Name = *name
	}
	if parentID != nil {
		b.ParentID = *parentID
	}
	if err := b.Validate(); err != nil {
		return nil, err
	}
	if parentID != nil && *parentID != cur.ParentID {
		switch {
		case b.ParentID != 0 && s.Tree().Get(b.ParentID) == nil:
			return nil, &ledger.Error{Code: ledger.ENOTFOUND, Field: "parent_id", Message: "parent branch not found"}
		case s.Tree().Contains(id, b.ParentID):
			return nil, ledger.FieldErrorf("parent_id", "a branch cannot move under itself or its sub-branches")
		}
		if err := s.Tree().CheckPlacement(id, b.ParentID); err != nil {
			return nil, err
		}
	}
	err := s.changeBranches(func(tx *bbolt.Tx) error {
		if err := put(tx, bBranches, id, &b); err != nil {
			return err
		}
		return s.appendEvent(tx, actor.ID, "branch", id, 0, ledger.ActUpdate, "", cur, &b)
	})
	return &b, err
}

// DeleteBranch removes an empty branch: no sub-branches, users, batches
// or tasks.
func (s *Store) DeleteBranch(actor *ledger.User, id int64) error {
	if err := adminOnly(actor); err != nil {
		return err
	} else if s.Tree().Get(id) == nil {
		return ledger.Errorf(ledger.ENOTFOUND, "branch %d not found", id)
	}
	cur := s.Tree().Get(id)
	return s.changeBranches(func(tx *bbolt.Tx) error {
		if len(s.Tree().Children(id)) > 0 || indexHas(tx, bTaskBranch, id) || s.branchInUse(tx, id) {
			return ledger.Errorf(ledger.ECONFLICT, "branch %d still has sub-branches, users, batches, problems or tasks", id)
		}
		if err := tx.Bucket(bBranches).Delete(itob(id)); err != nil {
			return err
		}
		return s.appendEvent(tx, actor.ID, "branch", id, 0, ledger.ActDelete, "", cur, nil)
	})
}

// branchInUse scans users, batches and problems; deletes are rare, so a
// scan is cheaper than three more indexes.
func (s *Store) branchInUse(tx *bbolt.Tx, id int64) bool {
	used := false
	for _, bucket := range [][]byte{bUsers, bBatches, bProblems} {
		_ = tx.Bucket(bucket).ForEach(func(_, v []byte) error {
			var x struct {
				BranchID int64 `json:"branch_id"`
			}
			if unmarshal(v, &x) == nil && x.BranchID == id {
				used = true
			}
			return nil
		})
	}
	return used
}

// Branches returns the branches the scope sees, depth-first.
func (s *Store) Branches(scope ledger.Scope) []*ledger.Branch {
	var out []*ledger.Branch
	for _, id := range scope.Tree.Subtree(scope.Root()) {
		out = append(out, scope.Tree.Get(id))
	}
	return out
}

func adminOnly(actor *ledger.User) error {
	if actor.Role != ledger.RoleAdmin {
		return ledger.Errorf(ledger.EFORBIDDEN, "only an admin may do this")
	}
	return nil
}
