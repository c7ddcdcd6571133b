package store

import (
	"strings"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// actOnTask is the one path of every task change: load, check the actor
// may take the action, apply fn, save with indexes and counters, and
// append the event, all in one transaction.
func (s *Store) actOnTask(actor *ledger.User, id int64, a ledger.Action, fn func(tx *bbolt.Tx, t *ledger.Task) (string, error)) (*ledger.Task, error) {
	scope := s.Scope(actor)
	var out *ledger.Task
	err := s.update(func(tx *bbolt.Tx) error {
		t, err := s.visibleTask(tx, scope, id)
		if err != nil {
			return err
		}
		if err := scope.CanAct(a, t); err != nil {
			return err
		}
		before := t.Clone()
		note, err := fn(tx, t)
		if err != nil {
			return err
		}
		t.UpdatedAt = s.now().UTC()
		if err := s.saveTask(tx, before, t); err != nil {
			return err
		}
		out = t
		return s.appendEvent(tx, actor.ID, "task", id, id, a, note, before, t)
	})
	if err != nil {
		return nil, err
	}
	out.Show(s.Today())
	return out, nil
}

// AddProgress records a progress report (整改进展).
func (s *Store) AddProgress(actor *ledger.User, id int64, note string, percent int) (*ledger.Task, error) {
	note = strings.TrimSpace(note)
	if note == "" {
		return nil, ledger.FieldErrorf("note", "a progress note is required")
	} else if err := ledger.LimitProgressNote.Check(note); err != nil {
		return nil, err
	}
	today := s.Today()
	return s.actOnTask(actor, id, ledger.ActProgress, func(tx *bbolt.Tx, t *ledger.Task) (string, error) {
		if err := t.Progress(today, percent); err != nil {
			return "", err
		}
		return note, s.addNote(tx, actor.ID, id, note, percent)
	})
}

func (s *Store) addNote(tx *bbolt.Tx, actorID, taskID int64, note string, percent int) error {
	pid, err := nextID(tx, bProgress)
	if err != nil {
		return err
	}
	p := ledger.ProgressNote{ID: pid, TaskID: taskID, At: s.now().UTC(), ActorID: actorID, Note: note, Percent: percent}
	return tx.Bucket(bProgress).Put(key(itob(taskID), itob(pid)), marshal(&p))
}

// Submit asks for 销号: the owner says the work is done.
func (s *Store) Submit(actor *ledger.User, id int64, note string) (*ledger.Task, error) {
	note = strings.TrimSpace(note)
	today := s.Today()
	return s.actOnTask(actor, id, ledger.ActSubmit, func(tx *bbolt.Tx, t *ledger.Task) (string, error) {
		files := len(prefixKeys(tx, bEvidence, itob(id)))
		if err := t.Submit(today, note, files); err != nil {
			return "", err
		}
		t.RecordSubmitter(actor.ID)
		if err := s.noticeTaskAction(tx, actor, t, KindSubmitted); err != nil {
			return "", err
		}
		if note == "" {
			return "", nil
		}
		return note, s.addNote(tx, actor.ID, id, "提交销号："+note, 100)
	})
}

// Approve closes a submitted task (销号) and schedules its 回头看.
func (s *Store) Approve(actor *ledger.User, id int64, note string) (*ledger.Task, error) {
	if err := ledger.LimitApproveNote.Check(note); err != nil {
		return nil, err
	}
	today := s.Today()
	return s.actOnTask(actor, id, ledger.ActApprove, func(tx *bbolt.Tx, t *ledger.Task) (string, error) {
		if err := t.Approve(today); err != nil {
			return "", err
		}
		if err := s.noticeTaskAction(tx, actor, t, KindApproved); err != nil {
			return "", err
		}
		var b ledger.Batch
		if err := get(tx, bBatches, t.BatchID, "batch", &b); err != nil {
			return "", err
		}
		return strings.TrimSpace(note), s.scheduleReview(tx, t, today.AddDays(b.ReviewAfterDays))
	})
}

// Reject sends a submitted task back with a reason.
func (s *Store) Reject(actor *ledger.User, id int64, reason string) (*ledger.Task, error) {
	return s.actOnTask(actor, id, ledger.ActReject, func(tx *bbolt.Tx, t *ledger.Task) (string, error) {
		r := ledger.Returned{Reason: reason, By: actor.ID, ByName: actor.Name, At: s.now().UTC()}
		if err := t.Return(r); err != nil {
			return "", err
		}
		return strings.TrimSpace(reason), s.noticeTaskAction(tx, actor, t, KindRejected)
	})
}

// RequestExtension asks for a later due date.
func (s *Store) RequestExtension(actor *ledger.User, id int64, due ledger.Date, reason string) (*ledger.Task, error) {
	today := s.Today()
	return s.actOnTask(actor, id, ledger.ActRequestExtension, func(tx *bbolt.Tx, t *ledger.Task) (string, error) {
		return strings.TrimSpace(reason), t.RequestExtension(actor.ID, today, due, reason)
	})
}

// DecideExtension grants or refuses the pending extension request.
func (s *Store) DecideExtension(actor *ledger.User, id int64, grant bool, reason string) (*ledger.Task, error) {
	a := ledger.ActRejectExtension
	if grant {
		a = ledger.ActApproveExtension
	}
	return s.actOnTask(actor, id, a, func(tx *bbolt.Tx, t *ledger.Task) (string, error) {
		return strings.TrimSpace(reason), t.DecideExtension(grant, reason)
	})
}

// Reopen puts a closed task back to work with a new due date.
func (s *Store) Reopen(actor *ledger.User, id int64, due ledger.Date, reason string) (*ledger.Task, error) {
	today := s.Today()
	return s.actOnTask(actor, id, ledger.ActReopen, func(tx *bbolt.Tx, t *ledger.Task) (string, error) {
		if err := t.Reopen(today, due, reason); err != nil {
			return "", err
		}
		return strings.TrimSpace(reason), s.dropPendingReviews(tx, id)
	})
}

// ProgressNotes lists a task's progress reports, oldest first.
func (s *Store) ProgressNotes(scope ledger.Scope, taskID int64) ([]*ledger.ProgressNote, error) {
	var out []*ledger.ProgressNote
	err := s.db.View(func(tx *bbolt.Tx) error {
		if _, err := s.visibleTask(tx, scope, taskID); err != nil {
			return err
		}
		c := tx.Bucket(bProgress).Cursor()
		p := itob(taskID)
		for k, v := c.Seek(p); k != nil && hasPrefix(k, p); k, v = c.Next() {
			var n ledger.ProgressNote
			if err := unmarshal(v, &n); err != nil {
				return err
			}
			out = append(out, &n)
		}
		return nil
	})
	return out, err
}
