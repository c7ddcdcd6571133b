package store

import (
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// problemWatcher hears of every committed problem write, after the commit:
// the similar-problem index keeps itself current this way, whichever path
// (API, web, import, document) wrote the problem.
type problemWatcher func(p *ledger.Problem, deleted bool)

// WatchProblems installs w, called after each commit that writes a
// problem; nil removes it.
func (s *Store) WatchProblems(w func(p *ledger.Problem, deleted bool)) {
	if w == nil {
		s.problemWatch.Store(nil)
		return
	}
	pw := problemWatcher(w)
	s.problemWatch.Store(&pw)
}

// problemChanged tells the watcher of p once tx commits; a rolled-back
// write tells nothing.
func (s *Store) problemChanged(tx *bbolt.Tx, p *ledger.Problem, deleted bool) {
	w := s.problemWatch.Load()
	if w == nil {
		return
	}
	c := *p
	tx.OnCommit(func() { (*w)(&c, deleted) })
}

// EachProblem calls fn for every problem, in id order, inside one read
// transaction; fn must not keep the store busy (no writes).
func (s *Store) EachProblem(fn func(*ledger.Problem) error) error {
	return s.db.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bProblems).ForEach(func(_, v []byte) error {
			var p ledger.Problem
			if err := unmarshal(v, &p); err != nil {
				return err
			}
			return fn(&p)
		})
	})
}

// ProblemClosures reads the closure of each problem in ids from the
// by-problem index; a missing problem is simply absent from the answer.
func (s *Store) ProblemClosures(ids []int64) (map[int64]ledger.ProblemClosure, error) {
	out := make(map[int64]ledger.ProblemClosure, len(ids))
	err := s.db.View(func(tx *bbolt.Tx) error {
		for _, id := range ids {
			c, err := problemClosure(tx, id)
			if err != nil {
				return err
			}
			out[id] = c
		}
		return nil
	})
	return out, err
}

func problemClosure(tx *bbolt.Tx, id int64) (ledger.ProblemClosure, error) {
	taskIDs := indexIDs(tx, bTaskProblem, id)
	c := ledger.ProblemClosure{Closed: len(taskIDs) > 0}
	for _, tid := range taskIDs {
		var t ledger.Task
		if err := get(tx, bTasks, tid, "task", &t); err != nil {
			return c, err
		}
		if t.Status != ledger.StatusClosed {
			return ledger.ProblemClosure{}, nil
		}
		c.ClosedOn = max(c.ClosedOn, t.ClosedOn)
	}
	return c, nil
}
