package store

import (
	"cmp"
	"slices"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// Short task lists read from the indexes (late, submitted, pending
// extension, 回头看 due), for the dashboard pages and 我的待办.

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
			ids = append(ids, indexIDs(tx, bTaskExtension, b)...)
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
		visit := func(e dateEntry) {
			if scope.Tree.Contains(root, e.BranchID) && (keep == nil || keep(e.Date, e.WarnDays)) {
				found = append(found, entry{e.Date, e.ID})
			}
		}
		// The whole ledger reads the global index; a subtree reads its
		// branches' own, so a 支部 officer's list costs what the 支部 holds.
		if s.wholeTree(scope, root) {
			scanDates(tx, dueIndex, 0, from, to, visit)
		} else {
			for _, b := range scope.Tree.Subtree(root) {
				scanDates(tx, branchDueIndex, b, from, to, visit)
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
			ids = append(ids, indexIDs(tx, bTaskStatus, statusKey(ledger.StatusSubmitted), b)...)
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
		var rerr error
		scanDates(tx, reviewDueIndex, 0, 0, day, func(e dateEntry) {
			if !scope.Tree.Contains(root, e.BranchID) || rerr != nil {
				return
			}
			if total++; len(ids) < limit {
				var r ledger.Review
				rerr = get(tx, bReviews, e.ID, "review", &r)
				ids = append(ids, r.TaskID)
			}
		})
		if rerr != nil {
			return rerr
		}
		tasks, err = s.decodeTasks(tx, scope, ids)
		return err
	})
	return tasks, total, err
}
