package store

import (
	"sync"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// lateCache holds, for one day, how many tasks of each (branch, batch)
// are overdue and due soon, so that the dashboard of today costs
// O(branches) instead of a scan of every overdue task. It is built from
// the date indexes once a day (on the first dashboard of the day) and kept
// current by every committed task change.
//
// Consistency: the build reads one snapshot and remembers its transaction
// id; a change is applied only if its write transaction is newer, so a
// change is never counted twice nor missed, whatever the interleaving.
type lateCache struct {
	mu      sync.Mutex
	day     ledger.Date
	txid    int
	overdue map[[2]int64]int64
	dueSoon map[[2]int64]int64
}

// noteTaskChange schedules the change's effect on the cache for when (and
// if) the transaction commits.
func (c *lateCache) noteTaskChange(tx *bbolt.Tx, before, after *ledger.Task) {
	txid := tx.ID()
	if before != nil {
		before = before.Clone()
	}
	if after != nil {
		after = after.Clone()
	}
	tx.OnCommit(func() { c.apply(txid, before, after) })
}

func (c *lateCache) apply(txid int, before, after *ledger.Task) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.day == 0 || txid <= c.txid {
		return
	}
	c.count(before, -1)
	c.count(after, 1)
}

func (c *lateCache) count(t *ledger.Task, sign int64) {
	if t == nil {
		return
	}
	k := [2]int64{t.BranchID, t.BatchID}
	if t.Overdue(c.day) {
		c.overdue[k] += sign
	} else if t.DueSoon(c.day) {
		c.dueSoon[k] += sign
	}
}

// withLateCounts calls fn with today's per-(branch, batch) counts,
// building them first if the day has changed.
func (s *Store) withLateCounts(today ledger.Date, fn func(overdue, dueSoon map[[2]int64]int64)) error {
	c := &s.late
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.day != today {
		if err := s.buildLateCache(c, today); err != nil {
			c.day = 0
			return err
		}
	}
	fn(c.overdue, c.dueSoon)
	return nil
}

// buildLateCache counts from the date indexes in one snapshot. Changes
// committing meanwhile wait on c.mu and then apply only if newer.
func (s *Store) buildLateCache(c *lateCache, today ledger.Date) error {
	c.overdue, c.dueSoon = map[[2]int64]int64{}, map[[2]int64]int64{}
	return s.db.View(func(tx *bbolt.Tx) error {
		c.day, c.txid = today, tx.ID()
		reportLate := map[int64]bool{}
		bb := func(e dateEntry) [2]int64 { return [2]int64{e.BranchID, e.BatchID} }
		scanDates(tx, dueIndex, 0, 1, today.AddDays(-1), func(e dateEntry) { c.overdue[bb(e)]++ })
		scanDates(tx, reportIndex, 0, 1, today.AddDays(-1), func(e dateEntry) {
			if e.DueOn.IsZero() || e.DueOn >= today {
				c.overdue[bb(e)]++
				reportLate[e.ID] = true
			}
		})
		scanDates(tx, dueIndex, 0, today, today.AddDays(int(s.maxWarn.Load())), func(e dateEntry) {
			if today.DaysUntil(e.Date) <= e.WarnDays && !reportLate[e.ID] {
				c.dueSoon[bb(e)]++
			}
		})
		return nil
	})
}
