package store

import (
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// The progress chart reads a week-keyed index (idx_task_week_v1) over the
// weeks shown.

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
	branches := []int64{0} // 0: every branch at once
	if !s.wholeTree(scope, root) {
		branches = scope.Tree.Subtree(root)
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
		for i := range out {
			for _, branch := range branches {
				out[i].Due += countWeek(tx, out[i].Start, weekDue, branch, batchOK)
				out[i].Closed += countWeek(tx, out[i].Start, weekClosed, branch, batchOK)
			}
		}
		return nil
	})
	return out, err
}
