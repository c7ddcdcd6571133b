package store

import (
	"bytes"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// taskParents is what a new task's checks read (its problem, batch, owner
// and reviewer records, and the branch tree) and what they concluded.
// CreateTask runs the checks in a read transaction first, so the single
// writer that db.Batch runs every grouped creation on only compares the
// records' bytes instead of decoding and checking them again: the checks
// are a function of exactly these records, the tree and the caller's
// scope, so unchanged bytes mean an unchanged outcome. Anything changed
// in between is checked again in full inside the writer.
type taskParents struct {
	tree    *ledger.Tree
	checked ledger.Task // the task after checkParents
	records [][]byte    // as read, nil where absent
}

// precheckTask checks t's parents in a read transaction; t is not changed.
func (s *Store) precheckTask(scope ledger.Scope, t *ledger.Task) (*taskParents, error) {
	p := &taskParents{tree: s.Tree()}
	err := s.db.View(func(tx *bbolt.Tx) error {
		p.checked = *t
		if err := s.checkParents(tx, scope, &p.checked); err != nil {
			return err
		}
		p.records = p.read(tx)
		return nil
	})
	return p, err
}

// read returns copies of the records the checks read, in a fixed order.
func (p *taskParents) read(tx *bbolt.Tx) [][]byte {
	t := &p.checked
	out := [][]byte{
		bytes.Clone(tx.Bucket(bProblems).Get(itob(t.ProblemID))),
		bytes.Clone(tx.Bucket(bBatches).Get(itob(t.BatchID))),
	}
	for _, id := range []int64{t.OwnerID, t.ReviewerID} {
		if id != 0 {
			out = append(out, bytes.Clone(tx.Bucket(bUsers).Get(itob(id))))
		}
	}
	return out
}

// unchanged reports whether tx holds the records and s the tree that the
// checks saw.
func (p *taskParents) unchanged(tx *bbolt.Tx, tree *ledger.Tree) bool {
	if tree != p.tree {
		return false
	}
	t := &p.checked
	keys := []struct {
		bucket []byte
		id     int64
	}{{bProblems, t.ProblemID}, {bBatches, t.BatchID}, {bUsers, t.OwnerID}, {bUsers, t.ReviewerID}}
	i := 0
	for _, k := range keys {
		if k.id == 0 && bytes.Equal(k.bucket, bUsers) {
			continue
		}
		if i >= len(p.records) || !bytes.Equal(tx.Bucket(k.bucket).Get(itob(k.id)), p.records[i]) {
			return false
		}
		i++
	}
	return i == len(p.records)
}

// recheck fills t as checkParents would inside the writer's tx: from the
// earlier checks when nothing they read has changed, else by running them.
func (p *taskParents) recheck(tx *bbolt.Tx, s *Store, scope ledger.Scope, t *ledger.Task) error {
	if !p.unchanged(tx, s.Tree()) {
		return s.checkParents(tx, scope, t)
	}
	t.BranchID, t.BatchID, t.WarnDays = p.checked.BranchID, p.checked.BatchID, p.checked.WarnDays
	if t.OwnerName == "" {
		t.OwnerName = p.checked.OwnerName
	}
	return nil
}
