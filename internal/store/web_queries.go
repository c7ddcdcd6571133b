package store

import (
	"cmp"
	"slices"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// This file holds the read helpers of the web dashboard (package web).

// ProblemsByID returns the problems with the given ids that the scope
// sees, in one transaction; ids it does not see are left out.
func (s *Store) ProblemsByID(scope ledger.Scope, ids []int64) (map[int64]*ledger.Problem, error) {
	out := make(map[int64]*ledger.Problem, len(ids))
	err := s.db.View(func(tx *bbolt.Tx) error {
		for _, id := range ids {
			if _, done := out[id]; done {
				continue
			}
			var p ledger.Problem
			err := s.visibleProblem(tx, scope, id, &p)
			if ledger.ErrorCode(err) == ledger.ENOTFOUND {
				continue
			} else if err != nil {
				return err
			}
			out[id] = &p
		}
		return nil
	})
	return out, err
}

// UserNames returns the display names of the given user ids, for audit
// trails and lists; unknown ids are left out.
func (s *Store) UserNames(ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	err := s.db.View(func(tx *bbolt.Tx) error {
		for _, id := range ids {
			var rec userRecord
			if v := tx.Bucket(bUsers).Get(itob(id)); v != nil && unmarshal(v, &rec) == nil {
				out[id] = rec.Name
			}
		}
		return nil
	})
	return out, err
}

// WeekPoint is one week (Monday to Sunday) of the progress chart: how many
// tasks fall due in it and how many were closed (销号) in it.
type WeekPoint struct {
	Start  ledger.Date `json:"start"`
	Due    int64       `json:"due"`
	Closed int64       `json:"closed"`
}

// WeekOf numbers the Monday-to-Sunday week of d (week 0 starts on Monday
// 1970-01-05).
func WeekOf(d ledger.Date) int32 {
	days := d.Time().Unix()/86400 - 4
	if days < 0 {
		return int32((days - 6) / 7)
	}
	return int32(days / 7)
}

// WeekStart is the Monday of week w.
func WeekStart(w int32) ledger.Date {
	return ledger.Date(19700105).AddDays(int(w) * 7)
}

// Week index kinds: a task counts in the week it falls due and in the
// week it was closed.
const (
	weekDue    byte = 'd'
	weekClosed byte = 'c'
)

// weekKey is the key of idx_task_week: the Monday of d's week, the kind,
// the branch and the task.
func weekKey(d ledger.Date, kind byte, branch, task int64) []byte {
	return key(dtob(WeekStart(WeekOf(d))), []byte{kind}, itob(branch), itob(task))
}

// Weekly returns one point per week from the week of from to the week of
// to, for the branches and batches the filter selects, from the week
// index: for each week and kind it reads the entries of the whole ledger
// or, for a subtree, those of each of its branches, so the cost follows
// the tasks due and closed in those weeks, never the size of the ledger.
func (s *Store) Weekly(scope ledger.Scope, f DashboardFilter, from, to ledger.Date) ([]WeekPoint, error) {
	root, err := s.filterRoot(scope, f.BranchID)
	if err != nil {
		return nil, err
	}
	prefixes := [][]byte{nil}
	if !s.wholeTree(scope, root) {
		prefixes = prefixes[:0]
		for _, id := range scope.Tree.Subtree(root) {
			prefixes = append(prefixes, itob(id))
		}
	}
	var out []WeekPoint
	for w, last := WeekOf(from), WeekOf(to); w <= last; w++ {
		out = append(out, WeekPoint{Start: WeekStart(w)})
	}
	err = s.db.View(func(tx *bbolt.Tx) error {
		batchOK, err := s.batchMatcher(tx, f)
		if err != nil {
			return err
		}
		c := tx.Bucket(bTaskWeek).Cursor()
		for i := range out {
			for _, branch := range prefixes {
				out[i].Due += countWeek(c, key(dtob(out[i].Start), []byte{weekDue}, branch), batchOK)
				out[i].Closed += countWeek(c, key(dtob(out[i].Start), []byte{weekClosed}, branch), batchOK)
			}
		}
		return nil
	})
	return out, err
}

// countWeek counts the week-index entries under prefix whose batch is
// selected.
func countWeek(c *bbolt.Cursor, prefix []byte, batchOK func(int64) bool) int64 {
	var n int64
	for k, v := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, v = c.Next() {
		if batchOK(btoi(v)) {
			n++
		}
	}
	return n
}

// PendingExtensionTasks returns the tasks of the subtree of branchID (0:
// the scope's root) with an extension request awaiting a decision, from
// the extension index, by id.
func (s *Store) PendingExtensionTasks(scope ledger.Scope, branchID int64) ([]*ledger.Task, error) {
	root, err := s.filterRoot(scope, branchID)
	if err != nil {
		return nil, err
	}
	var tasks []*ledger.Task
	err = s.db.View(func(tx *bbolt.Tx) error {
		var ids []int64
		for _, b := range scope.Tree.Subtree(root) {
			ids = append(ids, prefixIDs(tx, bTaskExtension, itob(b))...)
		}
		slices.Sort(ids)
		tasks, err = s.decodeTasks(tx, scope, ids)
		return err
	})
	return tasks, err
}

// LateTasks returns, from the due-date index, the unfinished tasks of the
// subtree of branchID (0: the scope's root) due in [from, to] and for
// which keep(due, warnDays) holds, earliest due first: at most limit of
// them, and how many there are in all. Only the returned tasks are
// decoded; the count reads index entries alone.
func (s *Store) LateTasks(scope ledger.Scope, branchID int64, from, to ledger.Date, keep func(due ledger.Date, warn int) bool, limit int) ([]*ledger.Task, int, error) {
	root, err := s.filterRoot(scope, branchID)
	if err != nil {
		return nil, 0, err
	}
	var tasks []*ledger.Task
	total := 0
	err = s.db.View(func(tx *bbolt.Tx) error {
		type entry struct {
			due ledger.Date
			id  int64
		}
		var found []entry
		visit := func(due ledger.Date, task int64, v []byte) {
			if scope.Tree.Contains(root, btoi(v[:8])) && (keep == nil || keep(due, int(v[16])<<8|int(v[17]))) {
				found = append(found, entry{due, task})
			}
		}
		// The whole ledger reads the global index; a subtree reads its
		// branches' own, so a 支部 officer's list costs what the 支部 holds.
		if s.wholeTree(scope, root) {
			scanDates(tx, bTaskDue, nil, from, to, visit)
		} else {
			for _, b := range scope.Tree.Subtree(root) {
				scanDates(tx, bBranchDue, itob(b), from, to, visit)
			}
			slices.SortFunc(found, func(a, b entry) int { return cmp.Or(cmp.Compare(a.due, b.due), cmp.Compare(a.id, b.id)) })
		}
		total = len(found)
		ids := make([]int64, 0, min(limit, len(found)))
		for _, e := range found[:min(limit, len(found))] {
			ids = append(ids, e.id)
		}
		tasks, err = s.decodeTasks(tx, scope, ids)
		return err
	})
	return tasks, total, err
}

// SubmittedTasks returns the submitted tasks (待审核) of the subtree of
// branchID (0: the scope's root) from the status index, oldest id first:
// at most limit of them, and how many there are in all.
func (s *Store) SubmittedTasks(scope ledger.Scope, branchID int64, limit int) ([]*ledger.Task, int, error) {
	root, err := s.filterRoot(scope, branchID)
	if err != nil {
		return nil, 0, err
	}
	var tasks []*ledger.Task
	total := 0
	err = s.db.View(func(tx *bbolt.Tx) error {
		var ids []int64
		for _, b := range scope.Tree.Subtree(root) {
			ids = append(ids, prefixIDs(tx, bTaskStatus, key([]byte{statusByte[ledger.StatusSubmitted]}, itob(b)))...)
		}
		slices.Sort(ids)
		total = len(ids)
		tasks, err = s.decodeTasks(tx, scope, ids[:min(len(ids), limit)])
		return err
	})
	return tasks, total, err
}

// decodeTasks reads the given tasks, with their lights for today.
func (s *Store) decodeTasks(tx *bbolt.Tx, scope ledger.Scope, ids []int64) ([]*ledger.Task, error) {
	today := s.Today()
	out := make([]*ledger.Task, 0, len(ids))
	for _, id := range ids {
		t, err := s.visibleTask(tx, scope, id)
		if err != nil {
			return nil, err
		}
		t.Show(today)
		out = append(out, t)
	}
	return out, nil
}

// DueReviewTasks returns the tasks whose 回头看 is due on or before day,
// for the subtree of branchID (0: the scope's root), from the review
// due-date index, earliest first: at most limit, and how many in all.
func (s *Store) DueReviewTasks(scope ledger.Scope, branchID int64, day ledger.Date, limit int) ([]*ledger.Task, int, error) {
	root, err := s.filterRoot(scope, branchID)
	if err != nil {
		return nil, 0, err
	}
	var tasks []*ledger.Task
	total := 0
	err = s.db.View(func(tx *bbolt.Tx) error {
		var ids []int64
		c := tx.Bucket(bReviewDue).Cursor()
		for k, v := c.First(); k != nil && btod(k[:4]) <= day; k, v = c.Next() {
			if !scope.Tree.Contains(root, btoi(v)) {
				continue
			}
			if total++; len(ids) < limit {
				var r ledger.Review
				if err := get(tx, bReviews, btoi(k[4:]), "review", &r); err != nil {
					return err
				}
				ids = append(ids, r.TaskID)
			}
		}
		tasks, err = s.decodeTasks(tx, scope, ids)
		return err
	})
	return tasks, total, err
}

// LatestNotes returns the latest progress note of each given task the
// scope sees, for the 完成情况 column: one cursor seek per task, so a page
// of the ledger costs its rows, not the tasks' whole histories.
func (s *Store) LatestNotes(scope ledger.Scope, ids []int64) (map[int64]*ledger.ProgressNote, error) {
	out := make(map[int64]*ledger.ProgressNote, len(ids))
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bProgress).Cursor()
		for _, id := range ids {
			if _, err := s.visibleTask(tx, scope, id); err != nil {
				continue
			}
			k, v := c.Seek(itob(id + 1))
			if k == nil {
				k, v = c.Last()
			} else {
				k, v = c.Prev()
			}
			if k == nil || !hasPrefix(k, itob(id)) {
				continue
			}
			var n ledger.ProgressNote
			if err := unmarshal(v, &n); err != nil {
				return err
			}
			out[id] = &n
		}
		return nil
	})
	return out, err
}

// VisibleTasksByID returns the tasks with the given ids that the scope sees, in
// one transaction; ids it does not see are left out.
func (s *Store) VisibleTasksByID(scope ledger.Scope, ids []int64) (map[int64]*ledger.Task, error) {
	out := make(map[int64]*ledger.Task, len(ids))
	today := s.Today()
	err := s.db.View(func(tx *bbolt.Tx) error {
		for _, id := range ids {
			if _, done := out[id]; done || id == 0 {
				continue
			}
			t, err := s.visibleTask(tx, scope, id)
			if ledger.ErrorCode(err) == ledger.ENOTFOUND {
				continue
			} else if err != nil {
				return err
			}
			t.Show(today)
			out[id] = t
		}
		return nil
	})
	return out, err
}
