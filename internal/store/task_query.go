package store

import (
	"slices"
	"strconv"
	"strings"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// MaxPageSize bounds one page of a task list.
const MaxPageSize = 500

// TaskPage is one page of a task list.
type TaskPage struct {
	Tasks      []*ledger.Task
	Total      int
	NextCursor int64
}

// FindTasks lists the tasks the scope sees that match f, in id order,
// after f.Cursor. Candidates come from the narrowest index the filter
// allows; only they are decoded.
func (s *Store) FindTasks(scope ledger.Scope, f ledger.TaskFilter) (*TaskPage, error) {
	root, err := s.filterRoot(scope, f.BranchID)
	if err != nil {
		return nil, err
	}
	if f.Today.IsZero() {
		f.Today = s.Today()
	}
	if f.Limit <= 0 || f.Limit > MaxPageSize {
		f.Limit = min(max(f.Limit, 50), MaxPageSize)
	}
	f.Query = strings.ToLower(strings.TrimSpace(f.Query))
	if len([]rune(f.Query)) > MaxQueryLen {
		return nil, ledger.FieldErrorf("q", "q must be at most %d characters", MaxQueryLen)
	}
	page := &TaskPage{Tasks: []*ledger.Task{}}
	err = s.db.View(func(tx *bbolt.Tx) error {
		text := queryMatcher(tx, f.Query)
		match := func(t *ledger.Task) bool {
			return scope.Tree.Contains(root, t.BranchID) && matchTask(t, f) && text(t)
		}
		if s.wholeTree(scope, root) && countable(f) {
			return s.pageAll(tx, scope, root, f, match, page)
		} else if countable(f) {
			return s.pageCounted(tx, scope, root, f, match, page)
		}
		for _, id := range s.candidates(tx, scope, root, f) {
			var t ledger.Task
			if err := getTask(tx, id, &t); err != nil {
				return err
			}
			if !match(&t) {
				continue
			}
			page.Total++
			if id > f.Cursor && len(page.Tasks) < f.Limit {
				t.Show(f.Today)
				page.Tasks = append(page.Tasks, &t)
			} else if id > f.Cursor && page.NextCursor == 0 {
				page.NextCursor = page.Tasks[len(page.Tasks)-1].ID
			}
		}
		return nil
	})
	return page, err
}

func (s *Store) filterRoot(scope ledger.Scope, branchID int64) (int64, error) {
	if branchID == 0 {
		return scope.Root(), nil
	}
	if !scope.Sees(branchID) {
		return 0, &ledger.Error{Code: ledger.ENOTFOUND, Field: "branch_id", Message: "branch not found"}
	}
	return branchID, nil
}

func (s *Store) wholeTree(scope ledger.Scope, root int64) bool {
	return root == 0 || len(scope.Tree.Subtree(root)) == scope.Tree.Len()
}

// countable reports whether the counters alone give the total.
func countable(f ledger.TaskFilter) bool {
	return f.Query == "" && f.Light == "" && f.OwnerID == 0 && f.ProblemID == 0 && f.DueFrom.IsZero() && f.DueTo.IsZero()
}

// add puts a matching task on the page, or, once the page is full, notes
// that there is a next one; it reports whether the walk can stop.
func (page *TaskPage) add(t *ledger.Task, f ledger.TaskFilter) bool {
	if len(page.Tasks) == f.Limit {
		page.NextCursor = page.Tasks[len(page.Tasks)-1].ID
		return true
	}
	t.Show(f.Today)
	page.Tasks = append(page.Tasks, t)
	return false
}

// pageCounted pages a subtree whose total the counters give: only the
// page's tasks (and one more, to know there is a next page) are decoded.
func (s *Store) pageCounted(tx *bbolt.Tx, scope ledger.Scope, root int64, f ledger.TaskFilter, match func(*ledger.Task) bool, page *TaskPage) error {
	page.Total = countedTotal(tx, scope, root, f)
	for _, id := range s.candidates(tx, scope, root, f) {
		if id <= f.Cursor {
			continue
		}
		var t ledger.Task
		if err := getTask(tx, id, &t); err != nil {
			return err
		}
		if match(&t) && page.add(&t, f) {
			break
		}
	}
	return nil
}

// pageAll walks the tasks bucket from the cursor, stopping at one page;
// the total comes from the counters.
func (s *Store) pageAll(tx *bbolt.Tx, scope ledger.Scope, root int64, f ledger.TaskFilter, match func(*ledger.Task) bool, page *TaskPage) error {
	page.Total = countedTotal(tx, scope, root, f)
	c := tx.Bucket(bTasks).Cursor()
	for k, v := c.Seek(itob(f.Cursor + 1)); k != nil; k, v = c.Next() {
		var t ledger.Task
		if err := unmarshalTask(v, &t); err != nil {
			return err
		}
		if match(&t) && page.add(&t, f) {
			break
		}
	}
	return nil
}

// countedTotal sums the counters of the subtree, batch and status.
func countedTotal(tx *bbolt.Tx, scope ledger.Scope, root int64, f ledger.TaskFilter) int {
	total := ledger.Counts{}
	_ = tx.Bucket(bCounters).ForEach(func(k, v []byte) error {
		if branch, batch := splitPair(k); scope.Tree.Contains(root, branch) && (f.BatchID == 0 || batch == f.BatchID) {
			total.Add(decodeCounts(v))
		}
		return nil
	})
	if f.Status != "" {
		return int(map[ledger.Status]int64{ledger.StatusOpen: total.Open, ledger.StatusInProgress: total.InProgress,
			ledger.StatusSubmitted: total.Submitted, ledger.StatusClosed: total.Closed}[f.Status])
	}
	return int(total.Total)
}

// candidates returns sorted task ids that may match, from the narrowest index.
func (s *Store) candidates(tx *bbolt.Tx, scope ledger.Scope, root int64, f ledger.TaskFilter) []int64 {
	var ids []int64
	switch {
	case f.OwnerID != 0:
		ids = indexIDs(tx, bTaskOwner, f.OwnerID)
	case f.ProblemID != 0:
		ids = indexIDs(tx, bTaskProblem, f.ProblemID)
	case f.Light == ledger.LightRed || f.Light == ledger.LightYellow:
		ids = s.lightCandidates(tx, scope, root, f.Light, f.Today)
	case f.Status != "":
		for _, b := range scope.Tree.Subtree(root) {
			ids = append(ids, indexIDs(tx, bTaskStatus, statusKey(f.Status), b)...)
		}
	case f.Light == ledger.LightDone:
		for _, b := range scope.Tree.Subtree(root) {
			ids = append(ids, indexIDs(tx, bTaskStatus, statusKey(ledger.StatusClosed), b)...)
		}
	default:
		for _, b := range scope.Tree.Subtree(root) {
			ids = append(ids, indexIDs(tx, bTaskBranch, b)...)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// lightCandidates ranges over the due-date and report-date indexes: the
// global ones for the whole ledger, the per-branch ones for a subtree.
func (s *Store) lightCandidates(tx *bbolt.Tx, scope ledger.Scope, root int64, l ledger.Light, today ledger.Date) []int64 {
	from, to := today, today.AddDays(int(s.maxWarn.Load()))
	if l == ledger.LightRed {
		from, to = 1, today.AddDays(-1)
	}
	if s.wholeTree(scope, root) {
		ids := rangeIDs(tx, dueIndex, 0, from, to)
		if l == ledger.LightRed {
			ids = append(ids, rangeIDs(tx, reportIndex, 0, from, to)...)
		}
		return ids
	}
	var ids []int64
	for _, b := range scope.Tree.Subtree(root) {
		ids = append(ids, rangeIDs(tx, branchDueIndex, b, from, to)...)
		if l == ledger.LightRed {
			ids = append(ids, rangeIDs(tx, branchReportIndex, b, from, to)...)
		}
	}
	return ids
}

// rangeIDs returns the task ids of the entries of a date index (of the
// branch, for a per-branch one) with the date in [from, to].
func rangeIDs(tx *bbolt.Tx, ix dateIndex, branch int64, from, to ledger.Date) []int64 {
	var ids []int64
	scanDates(tx, ix, branch, from, to, func(e dateEntry) { ids = append(ids, e.ID) })
	return ids
}

func matchTask(t *ledger.Task, f ledger.TaskFilter) bool {
	switch {
	case f.BatchID != 0 && t.BatchID != f.BatchID,
		f.ProblemID != 0 && t.ProblemID != f.ProblemID,
		f.OwnerID != 0 && t.OwnerID != f.OwnerID,
		f.Status != "" && t.Status != f.Status,
		f.Light != "" && t.LightOn(f.Today) != f.Light,
		!f.DueFrom.IsZero() && t.DueOn < f.DueFrom,
		!f.DueTo.IsZero() && (t.DueOn.IsZero() || t.DueOn > f.DueTo):
		return false
	}
	return true
}

// MaxQueryLen bounds the keyword of a task search.
const MaxQueryLen = 100

// queryMatcher returns the keyword test of a task search. A keyword
// matches the measure's number ("#20" or "20"), or a case-insensitive
// substring of the measure, its owner, lead and support departments and
// remark (备注), or of its problem's description and category (方面).
//
// Cost: a keyword makes the list non-countable, so FindTasks walks the
// scope's branch index (or the narrower owner, problem, status or light
// index another filter picks) and decodes each candidate task once; each
// distinct problem is decoded once per search and its verdict cached. One
// read transaction, O(candidate tasks + their problems), no full scan of
// other branches; the keyword is at most MaxQueryLen characters.
func queryMatcher(tx *bbolt.Tx, q string) func(*ledger.Task) bool {
	if q == "" {
		return func(*ledger.Task) bool { return true }
	}
	number, _ := strconv.ParseInt(strings.TrimPrefix(q, "#"), 10, 64)
	problemHit := map[int64]bool{}
	return func(t *ledger.Task) bool {
		if t.ID == number {
			return true
		}
		hay := strings.ToLower(strings.Join([]string{t.Description, t.OwnerName, t.LeadDept,
			strings.Join(t.SupportDepts, "、"), t.Remark}, "\x00"))
		if strings.Contains(hay, q) {
			return true
		}
		hit, ok := problemHit[t.ProblemID]
		if !ok {
			var p ledger.Problem
			if get(tx, bProblems, t.ProblemID, "problem", &p) == nil {
				hit = strings.Contains(strings.ToLower(p.Description+"\x00"+p.Category), q)
			}
			problemHit[t.ProblemID] = hit
		}
		return hit
	}
}
