package store

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// allTasks and pendingReviews read every record, for brute-force answers.
func allTasks(t testing.TB, s *Store) []*ledger.Task {
	var out []*ledger.Task
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		forEach(t, tx, bTasks, func(_ []byte, task *ledger.Task) { out = append(out, task) })
		return nil
	}))
	return out
}

func allReviews(t *testing.T, s *Store) []*ledger.Review {
	var out []*ledger.Review
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		forEach(t, tx, bReviews, func(_ []byte, r *ledger.Review) { out = append(out, r) })
		return nil
	}))
	return out
}

func allProblems(t *testing.T, s *Store) []*ledger.Problem {
	ps, err := s.Problems(s.Scope(&ledger.User{Role: ledger.RoleAdmin}), ProblemFilter{})
	require.NoError(t, err)
	return ps
}

// bruteStats computes one branch row's figures (rolled up) from all records.
func bruteStats(s *Store, tasks []*ledger.Task, reviews []*ledger.Review, problems []*ledger.Problem,
	branch, batch int64, today ledger.Date) (ledger.Stats, int64) {
	tree := s.Tree()
	var st ledger.Stats
	in := func(b, bt int64) bool { return tree.Contains(branch, b) && (batch == 0 || bt == batch) }
	for _, t := range tasks {
		if !in(t.BranchID, t.BatchID) {
			continue
		}
		st.Counts.Add(ledger.CountsOf(t))
		if t.Overdue(today) {
			st.Overdue++
		}
		if t.DueSoon(today) {
			st.DueSoon++
		}
	}
	for _, p := range problems {
		if in(p.BranchID, p.BatchID) {
			st.Problems++
		}
	}
	var reviewsDue int64
	for _, r := range reviews {
		if !r.Done && r.DueOn <= today && tree.Contains(branch, r.BranchID) {
			reviewsDue++
		}
	}
	st.Finish()
	return st, reviewsDue
}

func assertDashboardMatchesBruteForce(t *testing.T, s *Store, o *org, today ledger.Date) {
	tasks, reviews, problems := allTasks(t, s), allReviews(t, s), allProblems(t, s)
	lights := map[int64]ledger.Lights{}
	for _, task := range tasks {
		for _, b := range s.Tree().All() {
			if s.Tree().Contains(b, task.BranchID) {
				l := lights[b]
				switch task.LightOn(today) {
				case ledger.LightRed:
					l.Red++
				case ledger.LightYellow:
					l.Yellow++
				case ledger.LightGreen:
					l.Green++
				case ledger.LightDone:
					l.Done++
				}
				lights[b] = l
			}
		}
	}
	for _, batch := range []int64{0, o.batch.ID} {
		for _, viewer := range []*ledger.User{o.admin, o.officer, o.leader} {
			rows, err := s.Dashboard(s.Scope(viewer), DashboardFilter{BatchID: batch, Today: today})
			require.NoError(t, err)
			require.Len(t, rows, len(s.Tree().Subtree(s.Scope(viewer).Root())))
			for _, r := range rows {
				want, reviewsDue := bruteStats(s, tasks, reviews, problems, r.BranchID, batch, today)
				name := fmt.Sprintf("%s seen by %s, batch %d", r.Name, viewer.Login, batch)
				assert.Equal(t, want, r.Stats, name)
				assert.Equal(t, reviewsDue, r.ReviewsDue, name)
				if batch == 0 {
					assert.Equal(t, lights[r.BranchID], r.Lights, "%s: the dashboard lights equal each task's own light", name)
				}
			}
			if batch != 0 {
				bySource, err := s.Dashboard(s.Scope(viewer), DashboardFilter{SourceType: o.batch.SourceType, Today: today})
				require.NoError(t, err)
				assert.Equal(t, rows, bySource, "the batch is the only one of its source type")
			}
		}
	}
}

func assertFindTasksMatchesBruteForce(t *testing.T, s *Store, o *org, today ledger.Date) {
	tasks := allTasks(t, s)
	filters := []ledger.TaskFilter{{}, {BatchID: o.batch.ID}, {ProblemID: o.problem1.ID}, {OwnerID: o.member.ID},
		{DueFrom: today.AddDays(-5)}, {DueTo: today.AddDays(10)}, {DueFrom: today, DueTo: today.AddDays(30), Status: ledger.StatusOpen}}
	for _, st := range ledger.Statuses {
		filters = append(filters, ledger.TaskFilter{Status: st})
	}
	for _, l := range []ledger.Light{ledger.LightRed, ledger.LightYellow, ledger.LightGreen, ledger.LightDone} {
		filters = append(filters, ledger.TaskFilter{Light: l}, ledger.TaskFilter{Light: l, Status: ledger.StatusInProgress})
	}
	for _, viewer := range []*ledger.User{o.admin, o.officer, o.member2, o.leader1} {
		scope := s.Scope(viewer)
		for _, f := range filters {
			f.Today = today
			var want []int64
			for _, task := range tasks {
				if scope.Sees(task.BranchID) && bruteMatch(task, f) {
					want = append(want, task.ID)
				}
			}
			got, total := pageThrough(t, s, scope, f, 37)
			name := fmt.Sprintf("%s lists %+v", viewer.Login, f)
			assert.Equal(t, want, got, name)
			assert.Equal(t, len(want), total, "%s: the total counts every match", name)
		}
	}
}

// bruteMatch is the filter's meaning, spelled out field by field.
func bruteMatch(t *ledger.Task, f ledger.TaskFilter) bool {
	return (f.Status == "" || t.Status == f.Status) &&
		(f.Light == "" || t.LightOn(f.Today) == f.Light) &&
		(f.BatchID == 0 || t.BatchID == f.BatchID) &&
		(f.ProblemID == 0 || t.ProblemID == f.ProblemID) &&
		(f.OwnerID == 0 || t.OwnerID == f.OwnerID) &&
		(f.DueFrom == 0 || t.DueOn != 0 && t.DueOn >= f.DueFrom) &&
		(f.DueTo == 0 || t.DueOn != 0 && t.DueOn <= f.DueTo)
}

// pageThrough follows next_cursor to the end and returns every id listed
// and the total the first page reported; every page must report the same
// total.
func pageThrough(t *testing.T, s *Store, scope ledger.Scope, f ledger.TaskFilter, limit int) ([]int64, int) {
	f.Limit, f.Cursor = limit, 0
	var ids []int64
	total := -1
	for range 10000 {
		page, err := s.FindTasks(scope, f)
		require.NoError(t, err)
		if total == -1 {
			total = page.Total
		}
		require.Equal(t, total, page.Total, "the total does not change from page to page")
		require.LessOrEqual(t, len(page.Tasks), limit)
		for _, task := range page.Tasks {
			ids = append(ids, task.ID)
			require.Equal(t, task.LightOn(f.Today), task.Light, "a listed task carries its light for the filter's day")
		}
		if page.NextCursor == 0 {
			return ids, total
		}
		f.Cursor = page.NextCursor
	}
	t.Fatal("next_cursor never ended")
	return nil, 0
}
