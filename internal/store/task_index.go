package store

import (
	"encoding/binary"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// indexEntry is one entry a record contributes to a secondary index: a
// tuple of a packed index (index_codec.go), or a plain key and value.
type indexEntry struct {
	bucket []byte
	tup    tuple
	key    []byte
	value  []byte
}

// id names the entry among all of a record's entries.
func (e indexEntry) id() string {
	if e.tup != nil {
		return string(e.bucket) + "\x00" + string(tupleKey(e.tup))
	}
	return string(e.bucket) + "\x01" + string(e.key)
}

func (e indexEntry) put(tx *bbolt.Tx) error {
	if e.tup != nil {
		return packedIndex(tx, e.bucket).add(e.tup)
	}
	return tx.Bucket(e.bucket).Put(e.key, e.value)
}

func (e indexEntry) delete(tx *bbolt.Tx) error {
	if e.tup != nil {
		return packedIndex(tx, e.bucket).remove(e.tup)
	}
	return tx.Bucket(e.bucket).Delete(e.key)
}

func packedEntry(bucket []byte, parts ...int64) indexEntry {
	return indexEntry{bucket: bucket, tup: ids64(parts)}
}

var statusByte = map[ledger.Status]byte{ledger.StatusOpen: 'o', ledger.StatusInProgress: 'i', ledger.StatusSubmitted: 's', ledger.StatusClosed: 'c'}

// indexEntriesOf lists every index entry of t. Keeping this in one place
// is what lets saveTask maintain all indexes by difference, and lets the
// hygiene test rebuild them from a scan.
func indexEntriesOf(t *ledger.Task) []indexEntry {
	es := []indexEntry{
		packedEntry(bTaskBranch, t.BranchID, t.ID),
		packedEntry(bTaskProblem, t.ProblemID, t.ID),
		packedEntry(bTaskStatus, statusKey(t.Status), t.BranchID, t.ID),
	}
	if t.OwnerID != 0 {
		es = append(es, packedEntry(bTaskOwner, t.OwnerID, t.ID))
	}
	if t.ImportKey != "" {
		es = append(es, indexEntry{bucket: bTaskImport, key: []byte(t.ImportKey), value: itob(t.ID)})
	}
	// Date indexes, global for whole-ledger scans and per branch for one
	// branch's red and yellow lists.
	if t.Status.Unfinished() && !t.DueOn.IsZero() {
		e := dateEntry{Date: t.DueOn, ID: t.ID, BranchID: t.BranchID, BatchID: t.BatchID, WarnDays: t.WarnDays}
		es = append(es, dueIndex.entry(e), branchDueIndex.entry(e))
	}
	if r := t.ReportDueOn(); t.Status.Unfinished() && !r.IsZero() {
		e := dateEntry{Date: r, ID: t.ID, BranchID: t.BranchID, BatchID: t.BatchID, DueOn: t.DueOn}
		es = append(es, reportIndex.entry(e), branchReportIndex.entry(e))
	}
	// The progress chart counts, per week, the tasks due and the tasks
	// closed in it, whatever their status now.
	if !t.DueOn.IsZero() {
		es = append(es, weekEntry(t.DueOn, weekDue, t.BranchID, t.ID, t.BatchID))
	}
	if !t.ClosedOn.IsZero() {
		es = append(es, weekEntry(t.ClosedOn, weekClosed, t.BranchID, t.ID, t.BatchID))
	}
	if t.Extension != nil {
		es = append(es, packedEntry(bTaskExtension, t.BranchID, t.ID))
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
	keep, had := make(map[string]bool, len(newE)), make(map[string]bool, len(oldE))
	for _, e := range newE {
		keep[e.id()] = true
	}
	for _, e := range oldE {
		id := e.id()
		had[id] = true
		if !keep[id] {
			if err := e.delete(tx); err != nil {
				return err
			}
		}
	}
	for _, e := range newE {
		if len(had) > 0 && had[e.id()] {
			continue // a packed entry is rewritten with its run: skip what stays
		}
		if err := e.put(tx); err != nil {
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
