package store

import (
	"slices"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// Rebound flags (反弹): records, by problem (either side), and pending by
// branch, so an officer's queue reads only what waits.
var (
	bRebounds       = []byte("rebounds_v1")            // id → rebound
	bReboundProblem = []byte("idx_rebound_problem_v1") // problem‖rebound, for both problems linked
	bReboundPending = []byte("idx_rebound_pending_v1") // branch‖rebound (pending only)
	// kReboundChecked is the highest problem id the rebound check has
	// read; it moves in the transaction that writes the flags it found.
	kReboundChecked = []byte("rebound_checked_upto")
)

// ReboundChecked is the highest problem id the rebound check has read.
func (s *Store) ReboundChecked() (int64, error) {
	var id int64
	err := s.db.View(func(tx *bbolt.Tx) error {
		if v := tx.Bucket(bMeta).Get(kReboundChecked); v != nil {
			id = btoi(v)
		}
		return nil
	})
	return id, err
}

// ProblemsAfter returns up to limit problems with ids above after, in id
// order: the rebound check's next batch.
func (s *Store) ProblemsAfter(after int64, limit int) ([]*ledger.Problem, error) {
	var out []*ledger.Problem
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bProblems).Cursor()
		for k, v := c.Seek(itob(after + 1)); k != nil && len(out) < limit; k, v = c.Next() {
			var p ledger.Problem
			if err := unmarshal(v, &p); err != nil {
				return err
			}
			out = append(out, &p)
		}
		return nil
	})
	return out, err
}

// FlagRebounds writes the flags the check found among problems up to
// checkedUpTo and moves the check's mark there, in one transaction; a flag
// already recorded for the same pair is not written twice.
func (s *Store) FlagRebounds(checkedUpTo int64, flags []*ledger.Rebound) error {
	return s.update(func(tx *bbolt.Tx) error {
		meta := tx.Bucket(bMeta)
		if v := meta.Get(kReboundChecked); v != nil && btoi(v) >= checkedUpTo {
			return nil // a concurrent check got here first
		}
		for _, r := range flags {
			if err := s.insertRebound(tx, r); err != nil {
				return err
			}
		}
		return meta.Put(kReboundChecked, itob(checkedUpTo))
	})
}

func (s *Store) insertRebound(tx *bbolt.Tx, r *ledger.Rebound) error {
	if reboundExists(tx, r) {
		return nil
	}
	id, err := nextID(tx, bRebounds)
	if err != nil {
		return err
	}
	r.ID, r.FlaggedAt = id, s.now().UTC()
	if err := s.putRebound(tx, nil, r); err != nil {
		return err
	}
	return s.appendEvent(tx, r.DecidedBy, "rebound", r.ID, r.TaskID, ledger.ActFlagRebound, string(r.Source), nil, r)
}

func reboundExists(tx *bbolt.Tx, r *ledger.Rebound) bool {
	for _, id := range prefixIDs(tx, bReboundProblem, itob(r.ProblemID)) {
		var old ledger.Rebound
		if get(tx, bRebounds, id, "rebound", &old) == nil && old.ProblemID == r.ProblemID &&
			old.EarlierProblemID == r.EarlierProblemID && old.Source == r.Source && old.TaskID == r.TaskID {
			return true
		}
	}
	return false
}

// putRebound writes r and moves its index entries from before's.
func (s *Store) putRebound(tx *bbolt.Tx, before, r *ledger.Rebound) error {
	if err := put(tx, bRebounds, r.ID, r); err != nil {
		return err
	}
	pending := tx.Bucket(bReboundPending)
	if before != nil && before.Status == ledger.ReboundPending {
		if err := pending.Delete(key(itob(before.BranchID), itob(r.ID))); err != nil {
			return err
		}
	}
	if r.Status == ledger.ReboundPending {
		if err := pending.Put(key(itob(r.BranchID), itob(r.ID)), nil); err != nil {
			return err
		}
	}
	if before != nil {
		return nil
	}
	byProblem := tx.Bucket(bReboundProblem)
	for _, p := range []int64{r.ProblemID, r.EarlierProblemID} {
		if err := byProblem.Put(key(itob(p), itob(r.ID)), nil); err != nil {
			return err
		}
	}
	return nil
}

// DecideRebound confirms or dismisses a pending flag of a branch the
// actor manages.
func (s *Store) DecideRebound(actor *ledger.User, id int64, confirm bool, note string) (*ledger.Rebound, error) {
	scope := s.Scope(actor)
	var out ledger.Rebound
	err := s.update(func(tx *bbolt.Tx) error {
		var r ledger.Rebound
		if err := get(tx, bRebounds, id, "rebound", &r); err != nil || !scope.Sees(r.BranchID) {
			return ledger.Reasonf(ledger.ENOTFOUND, "rebound.not_found", "rebound %d not found", id)
		}
		if !scope.Manages(r.BranchID) {
			return ledger.Reasonf(ledger.EFORBIDDEN, "role.forbidden", "your role may not decide rebounds")
		}
		before := r
		if err := r.Decide(confirm, note, actor.ID, s.now().UTC()); err != nil {
			return err
		}
		if err := s.putRebound(tx, &before, &r); err != nil {
			return err
		}
		out = r
		return s.appendEvent(tx, actor.ID, "rebound", id, r.TaskID, ledger.ActDecideRebound, string(r.Status), &before, &r)
	})
	return &out, err
}

// ReboundsOf lists the flags the scope sees, newest first: those of one
// problem (either side) from the by-problem index, pending ones from the
// pending index, others by a walk of the flags (there are few: one per
// suspected return). Zero arguments do not filter.
func (s *Store) ReboundsOf(scope ledger.Scope, problemID int64, status ledger.ReboundStatus) ([]*ledger.Rebound, error) {
	f := reboundFilter{ProblemID: problemID, Status: status}
	var out []*ledger.Rebound
	err := s.db.View(func(tx *bbolt.Tx) error {
		keep := func(id int64) error {
			var r ledger.Rebound
			if err := get(tx, bRebounds, id, "rebound", &r); err != nil {
				return err
			}
			if scope.Sees(r.BranchID) && (f.Status == "" || r.Status == f.Status) && (f.ProblemID == 0 || r.ProblemID == f.ProblemID || r.EarlierProblemID == f.ProblemID) {
				out = append(out, &r)
			}
			return nil
		}
		for _, id := range s.reboundCandidates(tx, f) {
			if err := keep(id); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

type reboundFilter struct {
	ProblemID int64
	Status    ledger.ReboundStatus
}

func (s *Store) reboundCandidates(tx *bbolt.Tx, f reboundFilter) []int64 {
	var ids []int64
	switch {
	case f.ProblemID != 0:
		ids = prefixIDs(tx, bReboundProblem, itob(f.ProblemID))
	case f.Status == ledger.ReboundPending:
		c := tx.Bucket(bReboundPending).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			ids = append(ids, btoi(k[8:16]))
		}
	default:
		c := tx.Bucket(bRebounds).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			ids = append(ids, btoi(k))
		}
	}
	// Newest first, one entry per flag (a review links a problem to itself).
	slices.Sort(ids)
	ids = slices.Compact(ids)
	slices.Reverse(ids)
	return ids
}

// flagReviewRebound records a 回头看 反弹 as a confirmed rebound of the
// task's problem, in the review's transaction.
func (s *Store) flagReviewRebound(tx *bbolt.Tx, actor int64, t *ledger.Task, note string) error {
	r := &ledger.Rebound{ProblemID: t.ProblemID, EarlierProblemID: t.ProblemID, BranchID: t.BranchID, TaskID: t.ID,
		Source: ledger.ReboundReview, Status: ledger.ReboundConfirmed, Note: note, DecidedBy: actor, DecidedAt: s.now().UTC()}
	return s.insertRebound(tx, r)
}
