package store

import (
	"encoding/binary"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// indexEntry is one key a task contributes to a secondary index.
type indexEntry struct {
	bucket []byte
	key    []byte
	value  []byte
}

var statusByte = map[ledger.Status]byte{ledger.StatusOpen: 'o', ledger.StatusInProgress: 'i', ledger.StatusSubmitted: 's', ledger.StatusClosed: 'c'}

// indexEntriesOf lists every index key of t. Keeping this in one place is
// what lets saveTask maintain all indexes by difference, and lets the
// hygiene test rebuild them from a scan.
func indexEntriesOf(t *ledger.Task) []indexEntry {
	id := itob(t.ID)
	es := []indexEntry{
		{bTaskBranch, key(itob(t.BranchID), id), nil},
		{bTaskProblem, key(itob(t.ProblemID), id), nil},
		{bTaskStatus, key([]byte{statusByte[t.Status]}, itob(t.BranchID), id), nil},
	}
	if t.OwnerID != 0 {
		es = append(es, indexEntry{bTaskOwner, key(itob(t.OwnerID), id), nil})
	}
	if t.ImportKey != "" {
		es = append(es, indexEntry{bTaskImport, []byte(t.ImportKey), id})
	}
	// Date indexes, global for whole-ledger scans and per branch for one
	// branch's red and yellow lists.
	if t.Status.Unfinished() && !t.DueOn.IsZero() {
		v := dueValue(t.BranchID, t.BatchID, t.WarnDays)
		es = append(es, indexEntry{bTaskDue, dateKey(nil, t.DueOn, t.ID), v},
			indexEntry{bBranchDue, dateKey(itob(t.BranchID), t.DueOn, t.ID), v})
	}
	if r := t.ReportDueOn(); t.Status.Unfinished() && !r.IsZero() {
		v := reportValue(t.BranchID, t.BatchID, t.DueOn)
		es = append(es, indexEntry{bTaskReport, dateKey(nil, r, t.ID), v},
			indexEntry{bBranchReport, dateKey(itob(t.BranchID), r, t.ID), v})
	}
	// The progress chart counts, per week, the tasks due and the tasks
	// closed in it, whatever their status now.
	if !t.DueOn.IsZero() {
		es = append(es, indexEntry{bTaskWeek, weekKey(t.DueOn, weekDue, t.BranchID, t.ID), itob(t.BatchID)})
	}
	if !t.ClosedOn.IsZero() {
		es = append(es, indexEntry{bTaskWeek, weekKey(t.ClosedOn, weekClosed, t.BranchID, t.ID), itob(t.BatchID)})
	}
	if t.Extension != nil {
		es = append(es, indexEntry{bTaskExtension, key(itob(t.BranchID), id), nil})
	}
	return es
}

// saveTask writes after (nil deletes before) with every index and counter
// updated by difference, in the caller's transaction.
func (s *Store) saveTask(tx *bbolt.Tx, before, after *ledger.Task) error {
	var oldE, newE []indexEntry
	if before != nil {
		oldE = indexEntriesOf(before)
	}
	if after != nil {
		newE = indexEntriesOf(after)
		c := *after
		c.Light = ""
		if err := put(tx, bTasks, after.ID, &c); err != nil {
			return err
		}
	} else if err := tx.Bucket(bTasks).Delete(itob(before.ID)); err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, e := range newE {
		keep[string(e.bucket)+"\x00"+string(e.key)] = true
	}
	for _, e := range oldE {
		if !keep[string(e.bucket)+"\x00"+string(e.key)] {
			if err := tx.Bucket(e.bucket).Delete(e.key); err != nil {
				return err
			}
		}
	}
	for _, e := range newE {
		if err := tx.Bucket(e.bucket).Put(e.key, e.value); err != nil {
			return err
		}
	}
	s.late.noteTaskChange(tx, before, after)
	if err := adjustEffect(tx, before, after); err != nil {
		return err
	}
	return adjustCounters(tx, before, after)
}

func adjustCounters(tx *bbolt.Tx, before, after *ledger.Task) error {
	if before != nil {
		if err := addCounts(tx, before.BranchID, before.BatchID, ledger.CountsOf(before), -1); err != nil {
			return err
		}
	}
	if after != nil {
		return addCounts(tx, after.BranchID, after.BatchID, ledger.CountsOf(after), 1)
	}
	return nil
}

func addCounts(tx *bbolt.Tx, branch, batch int64, d ledger.Counts, sign int64) error {
	b := tx.Bucket(bCounters)
	k := key(itob(branch), itob(batch))
	c := decodeCounts(b.Get(k))
	if sign < 0 {
		c.Sub(d)
	} else {
		c.Add(d)
	}
	if c.IsZero() {
		return b.Delete(k)
	}
	return b.Put(k, encodeCounts(c))
}

func encodeCounts(c ledger.Counts) []byte {
	v := make([]byte, 56)
	for i, n := range []int64{c.Total, c.Open, c.InProgress, c.Submitted, c.Closed, c.OnTime, c.Problems} {
		binary.BigEndian.PutUint64(v[i*8:], uint64(n))
	}
	return v
}

func decodeCounts(v []byte) ledger.Counts {
	if len(v) != 56 {
		return ledger.Counts{}
	}
	n := func(i int) int64 { return int64(binary.BigEndian.Uint64(v[i*8:])) }
	return ledger.Counts{Total: n(0), Open: n(1), InProgress: n(2), Submitted: n(3), Closed: n(4), OnTime: n(5), Problems: n(6)}
}
