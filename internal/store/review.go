package store

import (
	"strings"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

func (s *Store) scheduleReview(tx *bbolt.Tx, t *ledger.Task, due ledger.Date) error {
	id, err := nextID(tx, bReviews)
	if err != nil {
		return err
	}
	r := ledger.Review{ID: id, TaskID: t.ID, BranchID: t.BranchID, BatchID: t.BatchID, DueOn: due, CreatedAt: s.now().UTC()}
	return s.saveReview(tx, nil, &r)
}

func (s *Store) saveReview(tx *bbolt.Tx, before, after *ledger.Review) error {
	if before != nil && !before.Done {
		if err := reviewDueEntry(before).delete(tx); err != nil {
			return err
		}
	}
	if err := put(tx, bReviews, after.ID, after); err != nil {
		return err
	}
	if err := indexAdd(tx, bReviewTask, after.TaskID, after.ID); err != nil {
		return err
	}
	if !after.Done {
		return reviewDueEntry(after).put(tx)
	}
	return nil
}

// reviewDueEntry is a pending 回头看's entry in the review due-date index.
func reviewDueEntry(r *ledger.Review) indexEntry {
	return reviewDueIndex.entry(dateEntry{Date: r.DueOn, ID: r.ID, BranchID: r.BranchID})
}

// dropPendingReviews closes the pending 回头看 of a task that is reopened
// or deleted: there is nothing left to look back on.
func (s *Store) dropPendingReviews(tx *bbolt.Tx, taskID int64) error {
	for _, rid := range indexIDs(tx, bReviewTask, taskID) {
		var r ledger.Review
		if err := get(tx, bReviews, rid, "review", &r); err != nil {
			return err
		}
		if r.Done {
			continue
		}
		before := r
		r.Done, r.Note = true, "superseded: task reopened or deleted"
		if err := s.saveReview(tx, &before, &r); err != nil {
			return err
		}
	}
	return nil
}

// ReviewFilter selects reviews.
type ReviewFilter struct {
	DueBefore ledger.Date // pending reviews due on or before; zero: all pending
	BranchID  int64
	TaskID    int64 // all reviews (done too) of one task
}

// Reviews lists 回头看 the scope sees: pending ones by due date, or all of
// one task.
func (s *Store) Reviews(scope ledger.Scope, f ReviewFilter) ([]*ledger.Review, error) {
	root := scope.Root()
	if f.BranchID != 0 {
		if !scope.Sees(f.BranchID) {
			return nil, &ledger.Error{Code: ledger.ENOTFOUND, Field: "branch_id", Message: "branch not found"}
		}
		root = f.BranchID
	}
	var out []*ledger.Review
	err := s.db.View(func(tx *bbolt.Tx) error {
		var ids []int64
		if f.TaskID != 0 {
			ids = indexIDs(tx, bReviewTask, f.TaskID)
		} else {
			to := f.DueBefore
			if to.IsZero() {
				to = ledger.Date(1<<31 - 1)
			}
			scanDates(tx, reviewDueIndex, 0, 0, to, func(e dateEntry) {
				if scope.Tree.Contains(root, e.BranchID) {
					ids = append(ids, e.ID)
				}
			})
		}
		for _, id := range ids {
			var r ledger.Review
			if err := get(tx, bReviews, id, "review", &r); err != nil {
				return err
			}
			if scope.Tree.Contains(root, r.BranchID) {
				out = append(out, &r)
			}
		}
		return nil
	})
	return out, err
}

// DecideReview records a 回头看 outcome; a rebound reopens the task with
// a new due date, both in one transaction.
func (s *Store) DecideReview(actor *ledger.User, id int64, outcome ledger.ReviewOutcome, note string, due ledger.Date) (*ledger.Review, error) {
	scope := s.Scope(actor)
	today := s.Today()
	note = strings.TrimSpace(note)
	if err := ledger.LimitReviewNote.Check(note); err != nil {
		return nil, err
	}
	var out ledger.Review
	err := s.update(func(tx *bbolt.Tx) error {
		var r ledger.Review
		if err := get(tx, bReviews, id, "review", &r); err != nil {
			return err
		}
		t, err := s.visibleTask(tx, scope, r.TaskID)
		if err != nil {
			return ledger.Errorf(ledger.ENOTFOUND, "review %d not found", id)
		}
		if err := scope.CanAct(ledger.ActReview, t); err != nil {
			return err
		}
		if r.Done {
			return ledger.Reasonf(ledger.ECONFLICT, ledger.ReasonReviewRecorded, "this review has already been recorded")
		}
		before := r
		r.Done, r.Outcome, r.Note, r.DecidedBy, r.DecidedOn = true, outcome, note, actor.ID, today
		switch outcome {
		case ledger.OutcomeConsolidated:
		case ledger.OutcomeRebound:
			if note == "" {
				return ledger.FieldErrorf("note", "say what rebounded")
			}
			tb := t.Clone()
			if err := t.Reopen(today, due, note); err != nil {
				return err
			}
			r.NewDueOn = due
			t.UpdatedAt = s.now().UTC()
			if err := s.saveTask(tx, tb, t); err != nil {
				return err
			}
			if err := s.appendEvent(tx, actor.ID, "task", t.ID, t.ID, ledger.ActReopen, "回头看反弹："+note, tb, t); err != nil {
				return err
			}
			if err := s.flagReviewRebound(tx, actor.ID, t, note); err != nil {
				return err
			}
		default:
			return ledger.FieldErrorf("outcome", "outcome must be consolidated or rebound")
		}
		if err := s.saveReview(tx, &before, &r); err != nil {
			return err
		}
		out = r
		return s.appendEvent(tx, actor.ID, "review", id, r.TaskID, ledger.ActReview, string(outcome), &before, &r)
	})
	return &out, err
}
