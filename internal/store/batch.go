package store

import (
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// CreateBatch adds a batch for a branch the actor manages.
func (s *Store) CreateBatch(actor *ledger.User, b *ledger.Batch) error {
	if err := b.Validate(); err != nil {
		return err
	}
	scope := s.Scope(actor)
	if !scope.Manages(b.BranchID) {
		return s.refuse(scope, b.BranchID, "branch_id", "branch")
	}
	return s.update(func(tx *bbolt.Tx) error { return s.insertBatch(tx, actor.ID, b) })
}

// insertBatch validates and writes a new batch in tx; the due-soon scan's
// bound follows once tx commits.
func (s *Store) insertBatch(tx *bbolt.Tx, actorID int64, b *ledger.Batch) error {
	if err := b.Validate(); err != nil {
		return err
	}
	id, err := nextID(tx, bBatches)
	if err != nil {
		return err
	}
	b.ID, b.CreatedAt = id, s.now().UTC()
	if err := put(tx, bBatches, id, b); err != nil {
		return err
	}
	if err := raiseMaxWarn(tx, b.WarnDays); err != nil {
		return err
	}
	tx.OnCommit(func() {
		if int64(b.WarnDays) > s.maxWarn.Load() {
			s.maxWarn.Store(int64(b.WarnDays))
		}
	})
	return s.appendEvent(tx, actorID, "batch", id, 0, ledger.ActCreate, "", nil, b)
}

// FindBatch returns a batch the scope sees.
func (s *Store) FindBatch(scope ledger.Scope, id int64) (*ledger.Batch, error) {
	var b ledger.Batch
	err := s.db.View(func(tx *bbolt.Tx) error { return s.visibleBatch(tx, scope, id, &b) })
	return &b, err
}

// visibleBatch loads a batch a scope may use: one of its own subtree or of
// an ancestor (a 党委's inspection covers its 支部).
func (s *Store) visibleBatch(tx *bbolt.Tx, scope ledger.Scope, id int64, b *ledger.Batch) error {
	if err := get(tx, bBatches, id, "batch", b); err != nil {
		return err
	}
	if !s.batchVisible(scope, b) {
		return ledger.Errorf(ledger.ENOTFOUND, "batch %d not found", id)
	}
	return nil
}

func (s *Store) batchVisible(scope ledger.Scope, b *ledger.Batch) bool {
	return scope.Sees(b.BranchID) || scope.Tree.Contains(b.BranchID, scope.User.BranchID)
}

// Batches lists the batches the scope sees, newest first.
func (s *Store) Batches(scope ledger.Scope) ([]*ledger.Batch, error) {
	var out []*ledger.Batch
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bBatches).Cursor()
		for k, v := c.Last(); k != nil; k, v = c.Prev() {
			var b ledger.Batch
			if err := unmarshal(v, &b); err != nil {
				return err
			}
			if s.batchVisible(scope, &b) {
				out = append(out, &b)
			}
		}
		return nil
	})
	return out, err
}

// UpdateBatch changes a batch's title, dates and windows. warn_days is
// copied onto tasks when they are created, so a change applies to tasks
// created afterwards.
func (s *Store) UpdateBatch(actor *ledger.User, id int64, fn func(*ledger.Batch)) (*ledger.Batch, error) {
	scope := s.Scope(actor)
	var out ledger.Batch
	err := s.update(func(tx *bbolt.Tx) error {
		var b ledger.Batch
		if err := s.visibleBatch(tx, scope, id, &b); err != nil {
			return err
		}
		if !scope.Manages(b.BranchID) {
			return ledger.Errorf(ledger.EFORBIDDEN, "your role may not change this batch")
		}
		before := b
		fn(&b)
		b.ID, b.BranchID, b.CreatedAt = before.ID, before.BranchID, before.CreatedAt
		if err := b.Validate(); err != nil {
			return err
		}
		out = b
		if err := put(tx, bBatches, id, &b); err != nil {
			return err
		}
		if err := raiseMaxWarn(tx, b.WarnDays); err != nil {
			return err
		}
		return s.appendEvent(tx, actor.ID, "batch", id, 0, ledger.ActUpdate, "", &before, &b)
	})
	if err == nil && int64(out.WarnDays) > s.maxWarn.Load() {
		s.maxWarn.Store(int64(out.WarnDays))
	}
	return &out, err
}

var kMaxWarn = []byte("max_warn_days")

// raiseMaxWarn records warn if it is the largest warn_days any batch has
// had. A task keeps the warn_days of its batch at creation, so after a batch
// is narrowed its older tasks still have the wider window: the bound of the
// due-soon scan must never shrink, not even across a restart.
func raiseMaxWarn(tx *bbolt.Tx, warn int) error {
	meta := tx.Bucket(bMeta)
	if v := meta.Get(kMaxWarn); v != nil && btoi(v) >= int64(warn) {
		return nil
	}
	return meta.Put(kMaxWarn, itob(int64(warn)))
}
