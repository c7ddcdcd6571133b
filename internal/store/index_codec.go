package store

import (
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// Every secondary index of tasks, problems, reviews and events is a packed
// index (index_pack.go) of these tuples, written and read only through
// this file and index_pack.go:
//
//	idx_task_branch_v2         (branch, task)
//	idx_task_owner_v2          (owner, task)
//	idx_task_problem_v2        (problem, task)
//	idx_task_status_v2         (status byte, branch, task)
//	idx_task_extension_v2      (branch, task)            extension request pending
//	idx_problem_batch_v2       (batch, problem)
//	idx_event_task_v2          (task, event)
//	idx_review_task_v2         (task, review)
//	idx_task_week_v2           (monday, kind, branch, task, batch)
//	idx_task_due_v2            (due, task, branch, batch, warn_days)        unfinished only
//	idx_task_branch_due_v2     (branch, due, task, batch, warn_days)        unfinished only
//	idx_task_report_v2         (report_due, task, branch, batch, due_on)    long-term unfinished
//	idx_task_branch_report_v2  (branch, report_due, task, batch, due_on)    long-term unfinished
//	idx_review_due_v2          (due, review, branch)                        pending only
//
// Dates are their YYYYMMDD number, which sorts like the dates.

// packedBuckets are the buckets laid out as packed indexes.
var packedBuckets = [][]byte{bTaskBranch, bTaskOwner, bTaskProblem, bTaskStatus, bTaskExtension, bProblemBatch,
	bEventTask, bReviewTask, bTaskWeek, bTaskDue, bBranchDue, bTaskReport, bBranchReport, bReviewDue}

// indexIDs lists, for each entry of a packed index under the prefix, the
// id that follows it: the tasks of a branch, the events of a task…
func indexIDs(tx *bbolt.Tx, bucket []byte, prefix ...int64) []int64 {
	return packedIndex(tx, bucket).ids(prefix...)
}

// indexHas tells whether a packed index has an entry under the prefix.
func indexHas(tx *bbolt.Tx, bucket []byte, prefix ...int64) bool {
	return packedIndex(tx, bucket).any(prefix...)
}

// indexAdd and indexRemove change one entry of a packed index.
func indexAdd(tx *bbolt.Tx, bucket []byte, parts ...int64) error {
	return packedIndex(tx, bucket).add(ids64(parts))
}

func indexRemove(tx *bbolt.Tx, bucket []byte, parts ...int64) error {
	return packedIndex(tx, bucket).remove(ids64(parts))
}

// statusKey is a status's component in idx_task_status.
func statusKey(s ledger.Status) int64 { return int64(statusByte[s]) }

// eventIndex is the whole event index read into memory, for the chain
// walk, which asks about every event: looking each up in its run would
// decode half a run per event. An event's task is kept in a slice by event
// id (8 bytes an event); an event listed under more than one task (a
// damaged index) keeps the others aside, so each listing still counts.
type eventIndex struct {
	task  []int64
	extra map[[2]int64]bool
	n     int64 // entries
}

// readEventIndex reads the index for a trail whose head is event head.
// The slice is sized by the head, but never past twice the entries: a
// damaged head must not allocate without bound (events past it go to the
// map, slower but still exact).
func readEventIndex(tx *bbolt.Tx, head int64) *eventIndex {
	p := packedIndex(tx, bEventTask)
	last := min(max(head, 0), 2*p.count()+1024)
	ix := &eventIndex{task: make([]int64, last+1), extra: map[[2]int64]bool{}}
	p.scan(nil, func(t tuple) bool {
		task, event := int64(t[0]), int64(t[len(t)-1])
		if len(t) != 2 || event < 0 || event > last || ix.task[event] != 0 {
			ix.extra[[2]int64{task, event}] = true
		} else {
			ix.task[event] = task
		}
		ix.n++
		return true
	})
	return ix
}

// has tells whether the index lists event under task.
func (ix *eventIndex) has(task, event int64) bool {
	if event >= 0 && event < int64(len(ix.task)) && ix.task[event] == task {
		return true
	}
	return ix.extra[[2]int64{task, event}]
}

// A dateIndex is one of the date indexes: due, report and 回头看; global,
// or per branch with the branch first.
type dateIndex struct {
	bucket    []byte
	perBranch bool
	report    bool // the last component is the due date, not the warning days
}

var (
	dueIndex          = dateIndex{bucket: bTaskDue}
	branchDueIndex    = dateIndex{bucket: bBranchDue, perBranch: true}
	reportIndex       = dateIndex{bucket: bTaskReport, report: true}
	branchReportIndex = dateIndex{bucket: bBranchReport, perBranch: true, report: true}
	reviewDueIndex    = dateIndex{bucket: bReviewDue}
)

// dateEntry is one decoded entry of a date index.
type dateEntry struct {
	Date     ledger.Date // the entry's date
	ID       int64       // task, or review for the 回头看 index
	BranchID int64
	BatchID  int64
	WarnDays int         // due indexes
	DueOn    ledger.Date // report indexes
}

// entry is e's index entry. A 回头看 carries no batch and no last part.
func (ix dateIndex) entry(e dateEntry) indexEntry {
	last := int64(e.WarnDays)
	if ix.report {
		last = int64(e.DueOn)
	}
	t := ids64([]int64{int64(e.Date), e.ID, e.BranchID, e.BatchID, last})
	if ix.perBranch {
		t = tuple{t[2], t[0], t[1], t[3], t[4]}
	}
	if string(ix.bucket) == string(bReviewDue) {
		t = t[:3]
	}
	return indexEntry{bucket: ix.bucket, tup: t}
}

func (ix dateIndex) decode(t tuple) dateEntry {
	at := func(i int) int64 {
		if i < len(t) {
			return int64(t[i])
		}
		return 0
	}
	var e dateEntry
	if ix.perBranch {
		e.BranchID, e.Date, e.ID = at(0), ledger.Date(at(1)), at(2)
	} else {
		e.Date, e.ID, e.BranchID = ledger.Date(at(0)), at(1), at(2)
	}
	e.BatchID = at(3)
	if ix.report {
		e.DueOn = ledger.Date(at(4))
	} else {
		e.WarnDays = int(at(4))
	}
	return e
}

// scanDates calls fn for each entry of ix (of the branch, for a
// per-branch index) with its date in [from, to], in date order.
func scanDates(tx *bbolt.Tx, ix dateIndex, branch int64, from, to ledger.Date, fn func(e dateEntry)) {
	var prefix tuple
	if ix.perBranch {
		prefix = tuple{uint64(branch)}
	}
	start := append(prefix, uint64(max(from, 0)))
	packedIndex(tx, ix.bucket).scan(start, func(t tuple) bool {
		if !hasTuplePrefix(t, prefix) || len(t) <= len(prefix) || t[len(prefix)] > uint64(max(to, 0)) {
			return false
		}
		fn(ix.decode(t))
		return true
	})
}

// weekEntry is a task's entry in the week index of the progress chart.
func weekEntry(d ledger.Date, kind byte, branch, task, batch int64) indexEntry {
	return indexEntry{bucket: bTaskWeek, tup: ids64([]int64{int64(WeekStart(WeekOf(d))), int64(kind), branch, task, batch})}
}

// countWeek counts the week-index entries of the week starting monday, of
// kind, of the branch (0: all branches), whose batch is selected.
func countWeek(tx *bbolt.Tx, monday ledger.Date, kind byte, branch int64, batchOK func(int64) bool) int64 {
	prefix := tuple{uint64(monday), uint64(kind)}
	if branch != 0 {
		prefix = append(prefix, uint64(branch))
	}
	var n int64
	packedIndex(tx, bTaskWeek).scanPrefix(prefix, func(t tuple) {
		if len(t) == 5 && batchOK(int64(t[4])) {
			n++
		}
	})
	return n
}

// pairKey is a 16-byte key of two ids (branch‖batch, user‖notification…);
// splitPair reads it back.
func splitPair(k []byte) (int64, int64) { return btoi(k[:8]), btoi(k[8:16]) }

func pairSecond(k []byte) int64 { _, b := splitPair(k); return b }
