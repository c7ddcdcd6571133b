package store

import (
	"time"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// JobTx is the part of one write transaction a scheduled job may use: read
// a task, record what it found (task change and event), and write the
// notices that follow from it, all committed together or not at all.
type JobTx struct {
	s   *Store
	tx  *bbolt.Tx
	now time.Time
}

// JobUpdate runs fn in one write transaction as of now. Like every write,
// fn may run twice when batched with a failing one, so it must keep its
// results inside tx (or reset them at its start).
func (s *Store) JobUpdate(now time.Time, fn func(jt *JobTx) error) error {
	return s.update(func(tx *bbolt.Tx) error { return fn(&JobTx{s: s, tx: tx, now: now}) })
}

// Task loads a task as stored now.
func (jt *JobTx) Task(id int64) (*ledger.Task, error) {
	var t ledger.Task
	return &t, get(jt.tx, bTasks, id, "task", &t)
}

// Review loads a 回头看 as stored now.
func (jt *JobTx) Review(id int64) (*ledger.Review, error) {
	var r ledger.Review
	return &r, get(jt.tx, bReviews, id, "review", &r)
}

// SaveTask writes a task a job changed, with its indexes and counters,
// and appends the event of action a by the system (actor 0).
func (jt *JobTx) SaveTask(before, after *ledger.Task, a ledger.Action, note string) error {
	after.UpdatedAt = jt.s.now().UTC()
	if err := jt.s.saveTask(jt.tx, before, after); err != nil {
		return err
	}
	return jt.s.appendEvent(jt.tx, 0, "task", after.ID, after.ID, a, note, before, after)
}

// TaskEvent appends an event about a task that a job recorded without
// changing the task (an escalation step), with data as its payload.
func (jt *JobTx) TaskEvent(t *ledger.Task, a ledger.Action, note string, data any) error {
	return jt.s.writeEvent(jt.tx, &eventRecord{Entity: "task", EntityID: t.ID, TaskID: t.ID, At: jt.s.now().UTC(),
		Action: a, Note: note, Data: rawOrNull(data)})
}

// Seen reports whether a notice key was written.
func (jt *JobTx) Seen(key string) bool {
	return jt.tx.Bucket(bNoticeKeys).Get([]byte(key)) != nil
}

// MarkSeen records a key as settled without notifying anyone (a lower
// escalation step passed over while the server was down).
func (jt *JobTx) MarkSeen(key string) error {
	return jt.tx.Bucket(bNoticeKeys).Put([]byte(key), itob(jt.now.Unix()))
}

// Notify writes n (inbox rows, and items for the job's channel digests)
// unless its key was written before; it reports whether it did.
func (jt *JobTx) Notify(n Notice) (bool, error) { return jt.s.notice(jt.tx, jt.now, n) }

// Enqueue adds a ready outbox row (the weekly digest of one channel or
// mailbox), unless a row with its key exists.
func (jt *JobTx) Enqueue(row *OutboxRow) (bool, error) { return insertOutbox(jt.tx, jt.now, row) }

// Channels returns the enabled channels.
func (jt *JobTx) Channels() ([]*Channel, error) { return enabledChannels(jt.tx) }

// DueEntry is one entry of the due-date index: an unfinished task.
type DueEntry struct {
	TaskID   int64
	DueOn    ledger.Date
	BranchID int64
	BatchID  int64
	WarnDays int
}

// DueBetween returns the unfinished tasks due in [from, to], by a range
// scan of the due-date index: the cost follows the tasks in range.
func (s *Store) DueBetween(from, to ledger.Date) ([]DueEntry, error) {
	var out []DueEntry
	err := s.db.View(func(tx *bbolt.Tx) error {
		scanDates(tx, dueIndex, 0, from, to, func(e dateEntry) {
			out = append(out, DueEntry{TaskID: e.ID, DueOn: e.Date, BranchID: e.BranchID, BatchID: e.BatchID, WarnDays: e.WarnDays})
		})
		return nil
	})
	return out, err
}

// ReportEntry is one entry of the report-date index: an unfinished
// long-term task and the day its next progress report is due.
type ReportEntry struct {
	TaskID      int64
	ReportDueOn ledger.Date
	BranchID    int64
	BatchID     int64
	DueOn       ledger.Date
}

// ReportsDueBetween returns the long-term tasks whose report falls due in
// [from, to], by a range scan of the report-date index.
func (s *Store) ReportsDueBetween(from, to ledger.Date) ([]ReportEntry, error) {
	var out []ReportEntry
	err := s.db.View(func(tx *bbolt.Tx) error {
		scanDates(tx, reportIndex, 0, from, to, func(e dateEntry) {
			out = append(out, ReportEntry{TaskID: e.ID, ReportDueOn: e.Date, BranchID: e.BranchID, BatchID: e.BatchID, DueOn: e.DueOn})
		})
		return nil
	})
	return out, err
}

// ReviewEntry is one pending 回头看 of the review due-date index.
type ReviewEntry struct {
	ReviewID int64
	DueOn    ledger.Date
	BranchID int64
}

// ReviewsDueBetween returns the pending reviews due in [from, to].
func (s *Store) ReviewsDueBetween(from, to ledger.Date) ([]ReviewEntry, error) {
	var out []ReviewEntry
	err := s.db.View(func(tx *bbolt.Tx) error {
		scanDates(tx, reviewDueIndex, 0, from, to, func(e dateEntry) {
			out = append(out, ReviewEntry{ReviewID: e.ID, DueOn: e.Date, BranchID: e.BranchID})
		})
		return nil
	})
	return out, err
}

// TasksByID loads tasks in one read transaction; missing ones are left out.
func (s *Store) TasksByID(ids []int64) (map[int64]*ledger.Task, error) {
	out := make(map[int64]*ledger.Task, len(ids))
	err := s.db.View(func(tx *bbolt.Tx) error {
		for _, id := range ids {
			var t ledger.Task
			if v := tx.Bucket(bTasks).Get(itob(id)); v != nil {
				if err := unmarshal(v, &t); err != nil {
					return err
				}
				out[id] = &t
			}
		}
		return nil
	})
	return out, err
}

// ReviewsByID loads reviews in one read transaction; missing ones are
// left out.
func (s *Store) ReviewsByID(ids []int64) (map[int64]*ledger.Review, error) {
	out := make(map[int64]*ledger.Review, len(ids))
	err := s.db.View(func(tx *bbolt.Tx) error {
		for _, id := range ids {
			var r ledger.Review
			if v := tx.Bucket(bReviews).Get(itob(id)); v != nil {
				if err := unmarshal(v, &r); err != nil {
					return err
				}
				out[id] = &r
			}
		}
		return nil
	})
	return out, err
}

// MaxWarnDays is the widest warning window any batch has had: the bound
// of the due-soon range scan.
func (s *Store) MaxWarnDays() int { return int(s.maxWarn.Load()) }
