package store

import (
	"time"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// Bulk writes records straight into one large write transaction, stored
// exactly as the actions store them (every index, counter and chained
// event) but without their checks, scopes or db.Batch grouping. It exists
// to build benchmark ledgers (internal/benchgen); the server never uses it.
type Bulk struct {
	s  *Store
	tx *bbolt.Tx
}

// BulkBranches runs fn in one transaction that may add branches and
// reloads the branch tree after it commits.
func (s *Store) BulkBranches(fn func(b *Bulk) error) error {
	return s.changeBranches(func(tx *bbolt.Tx) error { return fn(&Bulk{s: s, tx: tx}) })
}

// BulkLoad runs fn in one write transaction.
func (s *Store) BulkLoad(fn func(b *Bulk) error) error {
	return s.db.Update(func(tx *bbolt.Tx) error { return fn(&Bulk{s: s, tx: tx}) })
}

// AddBranch stores br under a new id (set on br), without an event.
func (b *Bulk) AddBranch(br *ledger.Branch) error {
	id, err := nextID(b.tx, bBranches)
	if err != nil {
		return err
	}
	br.ID = id
	return put(b.tx, bBranches, id, br)
}

// AddUser stores u under a new id with no password (it cannot log in).
func (b *Bulk) AddUser(u *ledger.User) error {
	if b.tx.Bucket(bUserLogin).Get(loginKey(u.Login)) != nil {
		return ledger.Errorf(ledger.ECONFLICT, "login %s is already taken", u.Login)
	}
	id, err := nextID(b.tx, bUsers)
	if err != nil {
		return err
	}
	u.ID = id
	if err := put(b.tx, bUsers, id, &userRecord{User: *u}); err != nil {
		return err
	}
	return b.tx.Bucket(bUserLogin).Put(loginKey(u.Login), itob(id))
}

// AddBatch stores bt under a new id and widens the due-soon scan to its
// warning window.
func (b *Bulk) AddBatch(bt *ledger.Batch) error {
	id, err := nextID(b.tx, bBatches)
	if err != nil {
		return err
	}
	bt.ID = id
	if err := put(b.tx, bBatches, id, bt); err != nil {
		return err
	}
	if int64(bt.WarnDays) > b.s.maxWarn.Load() {
		b.s.maxWarn.Store(int64(bt.WarnDays))
	}
	return raiseMaxWarn(b.tx, bt.WarnDays)
}

// AddProblem stores p under a new id with its index, counter and creation
// event by the system.
func (b *Bulk) AddProblem(p *ledger.Problem) error {
	id, err := nextID(b.tx, bProblems)
	if err != nil {
		return err
	}
	p.ID = id
	return b.s.insertProblem(b.tx, 0, p)
}

// NextTaskID allocates a task id.
func (b *Bulk) NextTaskID() (int64, error) { return nextID(b.tx, bTasks) }

// PutTask stores t (its id allocated by NextTaskID) with every index and
// counter; its events are the caller's (AddEvent).
func (b *Bulk) PutTask(t *ledger.Task) error { return b.s.saveTask(b.tx, nil, t) }

// AddReview stores a 回头看 under a new id with its indexes.
func (b *Bulk) AddReview(r *ledger.Review) error {
	id, err := nextID(b.tx, bReviews)
	if err != nil {
		return err
	}
	r.ID = id
	return b.s.saveReview(b.tx, nil, r)
}

// AddEvent appends an event by the system as of at, storing the fields
// that differ between before and after, linked into the chain.
func (b *Bulk) AddEvent(entity string, id, taskID int64, a ledger.Action, note string, before, after any, at time.Time) error {
	return b.s.writeEvent(b.tx, newEventRecord(entity, id, taskID, 0, a, note, before, after, at))
}
