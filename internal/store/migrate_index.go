package store

import (
	"errors"
	"slices"
	"sort"

	"go.etcd.io/bbolt"
	bberrors "go.etcd.io/bbolt/errors"

	"rectify/internal/ledger"
)

// unpackedIndexes are the schema-8 secondary indexes, one bbolt key per
// entry with 8-byte ids, that schema 9 keeps as packed indexes under _v2
// names.
var unpackedIndexes = []string{"idx_problem_batch_v1", "idx_task_due_v1", "idx_task_report_v1",
	"idx_task_branch_v1", "idx_task_owner_v1", "idx_task_problem_v1", "idx_task_status_v1",
	"idx_task_branch_due_v1", "idx_task_branch_report_v1", "idx_event_task_v1", "idx_review_due_v1",
	"idx_review_task_v1", "idx_task_week_v1", "idx_task_extension_v1"}

// packIndexes (8→9) drops the one-key-per-entry indexes and builds the
// packed ones (index_codec.go) from the records.
func packIndexes(tx *bbolt.Tx) error {
	for _, name := range unpackedIndexes {
		if err := tx.DeleteBucket([]byte(name)); err != nil && !errors.Is(err, bberrors.ErrBucketNotFound) {
			return err
		}
	}
	return fillPackedIndexes(tx, packedBuckets...)
}

// fillPackedIndexes rebuilds the named packed indexes from the records:
// every entry is collected, sorted, and written in full runs (writing
// them one by one in record order would rewrite a random run for each).
func fillPackedIndexes(tx *bbolt.Tx, buckets ...[]byte) error {
	sets := map[string]*tupleSet{}
	for _, b := range buckets {
		sets[string(b)] = &tupleSet{}
	}
	add := func(e indexEntry) {
		if s := sets[string(e.bucket)]; s != nil && e.tup != nil {
			s.add(e.tup)
		}
	}
	if err := collectIndexEntries(tx, sets, add); err != nil {
		return err
	}
	for _, b := range buckets {
		if err := tx.DeleteBucket(b); err != nil && !errors.Is(err, bberrors.ErrBucketNotFound) {
			return err
		}
		nb, err := tx.CreateBucket(b)
		if err != nil {
			return err
		}
		nb.FillPercent = 0.95
		if err := sets[string(b)].build(nb); err != nil {
			return err
		}
	}
	return nil
}

// collectIndexEntries passes add every packed index entry of the tasks,
// problems, reviews and (when the event index is wanted) events.
func collectIndexEntries(tx *bbolt.Tx, sets map[string]*tupleSet, add func(e indexEntry)) error {
	err := tx.Bucket(bTasks).ForEach(func(_, v []byte) error {
		var t ledger.Task
		if err := unmarshal(v, &t); err != nil {
			return err
		}
		for _, e := range indexEntriesOf(&t) {
			add(e)
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = tx.Bucket(bProblems).ForEach(func(_, v []byte) error {
		var p ledger.Problem
		if err := unmarshal(v, &p); err != nil {
			return err
		}
		add(packedEntry(bProblemBatch, p.BatchID, p.ID))
		return nil
	})
	if err != nil {
		return err
	}
	err = tx.Bucket(bReviews).ForEach(func(_, v []byte) error {
		var r ledger.Review
		if err := unmarshal(v, &r); err != nil {
			return err
		}
		add(packedEntry(bReviewTask, r.TaskID, r.ID))
		if !r.Done {
			add(reviewDueEntry(&r))
		}
		return nil
	})
	if err != nil || sets[string(bEventTask)] == nil {
		return err
	}
	return tx.Bucket(bEvents).ForEach(func(k, v []byte) error {
		e, err := decodeEvent(k, v)
		if err != nil {
			return err
		}
		if e.rec.TaskID != 0 {
			add(packedEntry(bEventTask, e.rec.TaskID, e.id))
		}
		return nil
	})
}

// tupleSet holds many tuples of one arity in one flat slice, since a
// slice per tuple would cost more than the tuples on a large ledger.
type tupleSet struct {
	n int
	a []uint64
}

func (s *tupleSet) add(t tuple) {
	s.n = len(t)
	s.a = append(s.a, t...)
}

func (s *tupleSet) Len() int {
	if s.n == 0 {
		return 0
	}
	return len(s.a) / s.n
}

func (s *tupleSet) at(i int) tuple { return s.a[i*s.n : (i+1)*s.n : (i+1)*s.n] }

func (s *tupleSet) Less(i, j int) bool { return compareTuples(s.at(i), s.at(j)) < 0 }

func (s *tupleSet) Swap(i, j int) {
	a, b := s.at(i), s.at(j)
	for k := range a {
		a[k], b[k] = b[k], a[k]
	}
}

// build writes the set, sorted and without repeats, into an empty bucket.
func (s *tupleSet) build(b *bbolt.Bucket) error {
	sort.Sort(s)
	var ts []tuple
	for i := range s.Len() {
		if t := s.at(i); len(ts) == 0 || !slices.Equal(ts[len(ts)-1], t) {
			ts = append(ts, t)
		}
		// Flush whole runs as they fill, so the views stay few.
		if len(ts) >= 4096 {
			if err := encodeRuns(ts[:len(ts)-1], b.Put); err != nil {
				return err
			}
			ts = ts[len(ts)-1:]
		}
	}
	return encodeRuns(ts, b.Put)
}
