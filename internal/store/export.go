package store

import (
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// ExportFilter and ExportRow are the ledger's export rows, named here
// for the store's callers.
type (
	ExportFilter = ledger.ExportFilter
	ExportRow    = ledger.ExportRow
)

// exportChunkRows bounds how many rows one read transaction gathers, so a
// large export neither holds a transaction open while its consumer writes
// nor keeps the ledger in memory.
const exportChunkRows = 1000

// ForEachTaskInScope calls fn for every task the scope sees that matches
// f, ordered by problem id and then task id, reading problems and tasks
// through their indexes a chunk at a time. A problem without tasks gets
// one call with a nil Task. An error from fn stops the walk and is
// returned.
func (s *Store) ForEachTaskInScope(scope ledger.Scope, f ExportFilter, fn func(*ExportRow) error) error {
	root, err := s.filterRoot(scope, f.BranchID)
	if err != nil {
		return err
	}
	w := &exportWalk{s: s, scope: scope, root: root, f: f, batches: map[int64]*ledger.Batch{}}
	if f.BatchID != 0 {
		if _, err := s.FindBatch(scope, f.BatchID); err != nil {
			return &ledger.Error{Code: ledger.ENOTFOUND, Field: "batch_id", Message: "batch not found"}
		}
	}
	for {
		var rows []*ExportRow
		var done bool
		if err := s.db.View(func(tx *bbolt.Tx) error {
			var err error
			rows, done, err = w.chunk(tx)
			return err
		}); err != nil {
			return err
		}
		for _, r := range rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		if done {
			return nil
		}
	}
}

// exportWalk remembers where the previous chunk stopped.
type exportWalk struct {
	s       *Store
	scope   ledger.Scope
	root    int64
	f       ExportFilter
	after   int64 // last problem id visited
	batches map[int64]*ledger.Batch
}

// chunk gathers the rows of whole problems after w.after until about
// exportChunkRows rows; done reports that no problem is left.
func (w *exportWalk) chunk(tx *bbolt.Tx) (rows []*ExportRow, done bool, err error) {
	next := w.problemCursor(tx)
	for id, v := next(); id != 0; id, v = next() {
		w.after = id
		var p ledger.Problem
		if err := unmarshal(v, &p); err != nil {
			return nil, false, err
		}
		if !w.scope.Tree.Contains(w.root, p.BranchID) || w.f.BatchID != 0 && p.BatchID != w.f.BatchID {
			continue
		}
		pr, err := w.problemRows(tx, &p)
		if err != nil {
			return nil, false, err
		}
		rows = append(rows, pr...)
		if len(rows) >= exportChunkRows {
			return rows, false, nil
		}
	}
	return rows, true, nil
}

// problemCursor returns an iterator over (id, record) of the problems
// after w.after: through the batch index when one batch is asked for.
func (w *exportWalk) problemCursor(tx *bbolt.Tx) func() (int64, []byte) {
	problems := tx.Bucket(bProblems)
	if w.f.BatchID != 0 {
		c := packedIndex(tx, bProblemBatch).cursorFrom(ids64([]int64{w.f.BatchID, w.after + 1}))
		return func() (int64, []byte) {
			for t := c.next(); t != nil && int64(t[0]) == w.f.BatchID; t = c.next() {
				if v := problems.Get(itob(int64(t[1]))); v != nil {
					return int64(t[1]), v
				}
			}
			return 0, nil
		}
	}
	c := problems.Cursor()
	k, v := c.Seek(itob(w.after + 1))
	return func() (int64, []byte) {
		if k == nil {
			return 0, nil
		}
		id, val := btoi(k), v
		k, v = c.Next()
		return id, val
	}
}

// problemRows builds the rows of one problem.
func (w *exportWalk) problemRows(tx *bbolt.Tx, p *ledger.Problem) ([]*ExportRow, error) {
	b, err := w.batch(tx, p.BatchID)
	if err != nil {
		return nil, err
	}
	var rows []*ExportRow
	ids := indexIDs(tx, bTaskProblem, p.ID)
	for _, id := range ids {
		var t ledger.Task
		if err := get(tx, bTasks, id, "task", &t); err != nil {
			return nil, err
		}
		if w.f.Unfinished && t.Status == ledger.StatusClosed {
			continue
		}
		r := &ExportRow{Batch: b, Problem: p, Task: &t}
		if err := fillHistory(tx, r); err != nil {
			return nil, err
		}
		rows = append(rows, r)
	}
	if len(ids) == 0 && !w.f.Unfinished {
		rows = append(rows, &ExportRow{Batch: b, Problem: p})
	}
	return rows, nil
}

func (w *exportWalk) batch(tx *bbolt.Tx, id int64) (*ledger.Batch, error) {
	if b := w.batches[id]; b != nil {
		return b, nil
	}
	var b ledger.Batch
	if err := get(tx, bBatches, id, "batch", &b); err != nil {
		return nil, err
	}
	w.batches[id] = &b
	return &b, nil
}

// fillHistory adds the latest progress note, evidence names, reviews and
// extension reason of r.Task.
func fillHistory(tx *bbolt.Tx, r *ExportRow) error {
	t := r.Task
	prefix := itob(t.ID)
	c := tx.Bucket(bProgress).Cursor()
	// The task's last note is the key just before the next task's first.
	var v []byte
	k, _ := c.Seek(itob(t.ID + 1))
	if k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	r.Progress = progressIn(k, v, prefix)
	ec := tx.Bucket(bEvidence).Cursor()
	for k, v := ec.Seek(prefix); k != nil && hasPrefix(k, prefix); k, v = ec.Next() {
		var e ledger.Evidence
		if err := unmarshal(v, &e); err != nil {
			return err
		}
		r.Evidence = append(r.Evidence, e.Name)
	}
	for _, id := range indexIDs(tx, bReviewTask, t.ID) {
		var rv ledger.Review
		if err := get(tx, bReviews, id, "review", &rv); err != nil {
			return err
		}
		r.Reviews = append(r.Reviews, &rv)
	}
	r.ExtensionReason = extensionReason(tx, t)
	return nil
}

// progressIn decodes the note at (k, v) when k belongs to the task prefix.
func progressIn(k, v, prefix []byte) *ledger.ProgressNote {
	var n ledger.ProgressNote
	if k == nil || !hasPrefix(k, prefix) || unmarshal(v, &n) != nil {
		return nil
	}
	return &n
}

// extensionReason is the pending request's reason, or for a task whose
// due date was moved the note of its latest extension request.
func extensionReason(tx *bbolt.Tx, t *ledger.Task) string {
	if t.Extension != nil {
		return t.Extension.Reason
	}
	if t.OriginalDueOn.IsZero() {
		return ""
	}
	ids := indexIDs(tx, bEventTask, t.ID)
	for i := len(ids) - 1; i >= 0; i-- {
		k := itob(ids[i])
		if e, err := decodeEvent(k, tx.Bucket(bEvents).Get(k)); err == nil && e.rec.Action == ledger.ActRequestExtension {
			return e.rec.Note
		}
	}
	return ""
}
