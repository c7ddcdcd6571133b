package store

import (
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// DashboardFilter selects what the dashboard counts; it is the ledger's.
type DashboardFilter = ledger.DashboardFilter

// BranchRow is one branch's figures, rolled up over its sub-branches: the
// ledger's row, which exports and reports read, and the 整改成效 figures.
type BranchRow struct {
	ledger.BranchRow
	// 整改成效 over every batch; null under a batch or source filter,
	// whose counters they do not follow.
	ReboundRate       *float64 `json:"rebound_rate"`
	MedianDaysToClose *float64 `json:"median_days_to_close"`
	effect            *rowEffect
}

// BranchFigures is Dashboard as the ledger's rows, for the exports and
// reports that declare what they read.
func (s *Store) BranchFigures(scope ledger.Scope, f DashboardFilter) ([]*ledger.BranchRow, error) {
	rows, err := s.Dashboard(scope, f)
	if err != nil {
		return nil, err
	}
	out := make([]*ledger.BranchRow, len(rows))
	for i, r := range rows {
		out[i] = &r.BranchRow
	}
	return out, nil
}

// Dashboard computes per-branch figures from the counters and the
// due-date, report-date and review indexes: its cost follows the number
// of branches and of overdue and due-soon tasks, not the size of the ledger.
func (s *Store) Dashboard(scope ledger.Scope, f DashboardFilter) ([]*BranchRow, error) {
	return s.dashboard(scope, f, true)
}

func (s *Store) dashboard(scope ledger.Scope, f DashboardFilter, cached bool) ([]*BranchRow, error) {
	root, err := s.filterRoot(scope, f.BranchID)
	if err != nil {
		return nil, err
	}
	if f.Today.IsZero() {
		f.Today = s.Today()
	}
	ids := scope.Tree.Subtree(root)
	rows := make(map[int64]*BranchRow, len(ids))
	for _, id := range ids {
		b := scope.Tree.Get(id)
		rows[id] = &BranchRow{BranchRow: ledger.BranchRow{BranchID: id, ParentID: b.ParentID, Name: b.Name, Depth: scope.Tree.Depth(id)}}
	}
	err = s.db.View(func(tx *bbolt.Tx) error {
		batchOK, err := s.batchMatcher(tx, f)
		if err != nil {
			return err
		}
		s.sumCounters(tx, rows, batchOK)
		branches := []int64{0} // 0: the global indexes, every branch at once
		if !s.wholeTree(scope, root) {
			branches = ids
		}
		if !cached || f.Today != s.Today() || !s.wholeTree(scope, root) {
			s.countLate(tx, rows, batchOK, f.Today, int(s.maxWarn.Load()), branches)
		} else if err := s.addLateCounts(rows, batchOK, f.Today); err != nil {
			return err
		}
		s.countReviewsDue(tx, rows, f.Today)
		if f.BatchID == 0 && f.SourceType == "" {
			return loadRowEffects(tx, rows)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return rollUp(scope.Tree, ids, rows), nil
}

// addLateCounts adds today's cached overdue and due-soon counts. A
// subtree uses the per-branch index scan instead, which costs what the
// subtree holds and takes no lock.
func (s *Store) addLateCounts(rows map[int64]*BranchRow, batchOK func(int64) bool, today ledger.Date) error {
	return s.withLateCounts(today, func(overdue, dueSoon map[[2]int64]int64) {
		for k, n := range overdue {
			if r := rows[k[0]]; r != nil && batchOK(k[1]) {
				r.Overdue += n
			}
		}
		for k, n := range dueSoon {
			if r := rows[k[0]]; r != nil && batchOK(k[1]) {
				r.DueSoon += n
			}
		}
	})
}

// batchMatcher returns the batch predicate of the filter.
func (s *Store) batchMatcher(tx *bbolt.Tx, f DashboardFilter) (func(int64) bool, error) {
	if f.SourceType == "" {
		return func(b int64) bool { return f.BatchID == 0 || b == f.BatchID }, nil
	}
	ok := map[int64]bool{}
	err := tx.Bucket(bBatches).ForEach(func(k, v []byte) error {
		var b ledger.Batch
		if err := unmarshal(v, &b); err != nil {
			return err
		}
		ok[b.ID] = b.SourceType == f.SourceType && (f.BatchID == 0 || b.ID == f.BatchID)
		return nil
	})
	return func(b int64) bool { return ok[b] }, err
}

func (s *Store) sumCounters(tx *bbolt.Tx, rows map[int64]*BranchRow, batchOK func(int64) bool) {
	_ = tx.Bucket(bCounters).ForEach(func(k, v []byte) error {
		if branch, batch := splitPair(k); rows[branch] != nil && batchOK(batch) {
			rows[branch].Counts.Add(decodeCounts(v))
		}
		return nil
	})
}

// countLate counts overdue (past due, or a long-term report missed) and
// due-soon tasks by range scans over the date indexes: the global ones for
// the whole ledger, the per-branch ones for a subtree.
func (s *Store) countLate(tx *bbolt.Tx, rows map[int64]*BranchRow, batchOK func(int64) bool, today ledger.Date, maxWarn int, branches []int64) {
	due, report := dueIndex, reportIndex
	if branches[0] != 0 {
		due, report = branchDueIndex, branchReportIndex
	}
	// Long-term tasks whose report is late but whose due date has not
	// passed are overdue too, and must not also count as due soon.
	reportLate := map[int64]bool{}
	for _, p := range branches {
		scanDates(tx, due, p, 1, today.AddDays(-1), func(e dateEntry) {
			if r := rows[e.BranchID]; r != nil && batchOK(e.BatchID) {
				r.Overdue++
			}
		})
		scanDates(tx, report, p, 1, today.AddDays(-1), func(e dateEntry) {
			if r := rows[e.BranchID]; r != nil && batchOK(e.BatchID) && (e.DueOn.IsZero() || e.DueOn >= today) {
				r.Overdue++
				reportLate[e.ID] = true
			}
		})
	}
	for _, p := range branches {
		scanDates(tx, due, p, today, today.AddDays(maxWarn), func(e dateEntry) {
			if r := rows[e.BranchID]; r != nil && batchOK(e.BatchID) && today.DaysUntil(e.Date) <= e.WarnDays && !reportLate[e.ID] {
				r.DueSoon++
			}
		})
	}
}

func (s *Store) countReviewsDue(tx *bbolt.Tx, rows map[int64]*BranchRow, today ledger.Date) {
	scanDates(tx, reviewDueIndex, 0, 0, today, func(e dateEntry) {
		if r := rows[e.BranchID]; r != nil {
			r.ReviewsDue++
		}
	})
}

// rollUp adds each branch's figures into its ancestors within the
// subtree, children before parents, and computes the rates.
func rollUp(tree *ledger.Tree, ids []int64, rows map[int64]*BranchRow) []*BranchRow {
	for i := len(ids) - 1; i >= 0; i-- {
		r := rows[ids[i]]
		if p := rows[r.ParentID]; p != nil && r.ParentID != r.BranchID {
			p.Stats.Add(r.Stats)
			p.ReviewsDue += r.ReviewsDue
			p.effect.add(r.effect)
		}
	}
	out := make([]*BranchRow, 0, len(ids))
	base := 0
	if len(ids) > 0 {
		base = tree.Depth(ids[0])
	}
	for _, id := range ids {
		r := rows[id]
		r.Depth -= base
		r.Stats.Finish()
		r.effect.finish(r)
		out = append(out, r)
	}
	return out
}
