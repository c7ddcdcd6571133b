package store

import (
	"encoding/json"
	"errors"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

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

// ActivityView answers two questions no index covers — closed and due
// tasks per week, and which tasks have a pending extension request —
// without scanning the ledger on every request. It is a materialised view
// built by one scan of the tasks and then kept current from the
// append-only event log: every task change writes an event carrying the
// task before and after, in the same transaction, so applying the events
// after the last one seen brings the view up to date exactly. A request
// therefore costs O(branches × batches × weeks) plus the events written
// since the previous request. The first scan decodes every task (about 20
// seconds for a million on two cores), so a server runs Build in the
// background and pages do without the view until it is ready.
type ActivityView struct {
	s     *Store
	built atomic.Bool

	mu        sync.Mutex // guards the rest
	lastEvent int64
	weeks     map[branchBatch]map[int32]*weekCount
	ext       map[int64]int64 // task id → branch id, pending extension
}

// ErrNotReady says the view's first scan is running in another goroutine.
var ErrNotReady = errors.New("store: the activity view is still being built")

type branchBatch struct{ branch, batch int64 }

type weekCount struct{ due, closed int64 }

// viewTask is the part of a task the view depends on.
type viewTask struct {
	ID        int64       `json:"id"`
	BranchID  int64       `json:"branch_id"`
	BatchID   int64       `json:"batch_id"`
	DueOn     ledger.Date `json:"due_on"`
	ClosedOn  ledger.Date `json:"closed_on"`
	Extension *struct{}   `json:"extension"`
}

// NewActivityView returns an empty view of s; it is built by Build or
// on first use.
func NewActivityView(s *Store) *ActivityView { return &ActivityView{s: s} }

// Build scans the ledger if the view is not built yet, waiting for a scan
// another goroutine runs.
func (v *ActivityView) Build() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.refresh()
}

// acquire locks the view for a query; while the first scan runs elsewhere
// it answers ErrNotReady at once instead of waiting for it.
func (v *ActivityView) acquire() error {
	if v.built.Load() {
		v.mu.Lock()
	} else if !v.mu.TryLock() {
		return ErrNotReady
	}
	if err := v.refresh(); err != nil {
		v.mu.Unlock()
		return err
	}
	return nil
}

// refresh builds or catches up; v.mu must be held.
func (v *ActivityView) refresh() error {
	return v.s.db.View(func(tx *bbolt.Tx) error {
		if !v.built.Load() {
			return v.scan(tx)
		}
		return v.catchUp(tx)
	})
}

// scanBatch is how many records a scan worker decodes at a time.
const scanBatch = 512

// scan decodes every task on all cores: the cursor hands out batches of
// raw records (valid while tx is open, which outlives the workers), each
// worker counts into its own part, and the parts are merged.
func (v *ActivityView) scan(tx *bbolt.Tx) error {
	parts := make([]*ActivityView, runtime.GOMAXPROCS(0))
	batches := make(chan [][]byte, len(parts))
	var firstErr atomic.Pointer[error]
	var wg sync.WaitGroup
	for i := range parts {
		part := &ActivityView{weeks: map[branchBatch]map[int32]*weekCount{}, ext: map[int64]int64{}}
		parts[i] = part
		wg.Go(func() {
			for batch := range batches {
				for _, raw := range batch {
					var t viewTask
					if err := unmarshal(raw, &t); err != nil {
						firstErr.CompareAndSwap(nil, &err)
						continue
					}
					part.apply(&t, 1)
				}
			}
		})
	}
	batch := make([][]byte, 0, scanBatch)
	_ = tx.Bucket(bTasks).ForEach(func(_, raw []byte) error {
		if batch = append(batch, raw); len(batch) == scanBatch {
			batches <- batch
			batch = make([][]byte, 0, scanBatch)
		}
		return nil
	})
	batches <- batch
	close(batches)
	wg.Wait()
	if err := firstErr.Load(); err != nil {
		return *err
	}
	v.merge(parts)
	if k, _ := tx.Bucket(bEvents).Cursor().Last(); k != nil {
		v.lastEvent = btoi(k)
	}
	v.built.Store(true)
	return nil
}

func (v *ActivityView) merge(parts []*ActivityView) {
	v.weeks = map[branchBatch]map[int32]*weekCount{}
	v.ext = map[int64]int64{}
	for _, p := range parts {
		for k, weeks := range p.weeks {
			for w, c := range weeks {
				sum := v.week(k, w)
				sum.due += c.due
				sum.closed += c.closed
			}
		}
		for id, branch := range p.ext {
			v.ext[id] = branch
		}
	}
}

// catchUp applies the task events written since the last one seen.
func (v *ActivityView) catchUp(tx *bbolt.Tx) error {
	c := tx.Bucket(bEvents).Cursor()
	for k, b := c.Seek(itob(v.lastEvent + 1)); k != nil; k, b = c.Next() {
		var ev struct {
			Entity string          `json:"entity"`
			Before json.RawMessage `json:"before"`
			After  json.RawMessage `json:"after"`
		}
		if err := unmarshal(b, &ev); err != nil {
			return err
		}
		if ev.Entity == "task" {
			before, after, err := decodeViewTasks(ev.Before, ev.After)
			if err != nil {
				return err
			}
			v.apply(before, -1)
			v.apply(after, 1)
		}
		v.lastEvent = btoi(k)
	}
	return nil
}

func decodeViewTasks(raws ...json.RawMessage) (before, after *viewTask, err error) {
	out := make([]*viewTask, len(raws))
	for i, raw := range raws {
		if len(raw) == 0 || string(raw) == "null" {
			continue
		}
		out[i] = &viewTask{}
		if err := unmarshal(raw, out[i]); err != nil {
			return nil, nil, err
		}
	}
	return out[0], out[1], nil
}

// apply adds (sign 1) or removes (sign -1) what t contributes.
func (v *ActivityView) apply(t *viewTask, sign int64) {
	if t == nil {
		return
	}
	if t.Extension != nil {
		if sign > 0 {
			v.ext[t.ID] = t.BranchID
		} else {
			delete(v.ext, t.ID)
		}
	}
	k := branchBatch{t.BranchID, t.BatchID}
	if !t.DueOn.IsZero() {
		v.week(k, WeekOf(t.DueOn)).due += sign
	}
	if !t.ClosedOn.IsZero() {
		v.week(k, WeekOf(t.ClosedOn)).closed += sign
	}
}

func (v *ActivityView) week(k branchBatch, w int32) *weekCount {
	m := v.weeks[k]
	if m == nil {
		m = map[int32]*weekCount{}
		v.weeks[k] = m
	}
	c := m[w]
	if c == nil {
		c = &weekCount{}
		m[w] = c
	}
	return c
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

// Weekly returns one point per week from the week of from to the week of
// to, for the branches and batches the filter selects.
func (v *ActivityView) Weekly(scope ledger.Scope, f DashboardFilter, from, to ledger.Date) ([]WeekPoint, error) {
	root, err := v.s.filterRoot(scope, f.BranchID)
	if err != nil {
		return nil, err
	}
	var batchOK func(int64) bool
	if err := v.s.db.View(func(tx *bbolt.Tx) error {
		batchOK, err = v.s.batchMatcher(tx, f)
		return err
	}); err != nil {
		return nil, err
	}
	if err := v.acquire(); err != nil {
		return nil, err
	}
	defer v.mu.Unlock()
	w0, w1 := WeekOf(from), WeekOf(to)
	out := make([]WeekPoint, 0, max(0, w1-w0+1))
	for w := w0; w <= w1; w++ {
		out = append(out, WeekPoint{Start: WeekStart(w)})
	}
	for k, weeks := range v.weeks {
		if !scope.Tree.Contains(root, k.branch) || !batchOK(k.batch) {
			continue
		}
		for i := range out {
			if c := weeks[w0+int32(i)]; c != nil {
				out[i].Due += c.due
				out[i].Closed += c.closed
			}
		}
	}
	return out, nil
}

// PendingExtensions returns the ids of tasks in the subtree of branchID (0:
// the scope's root) with an extension request awaiting a decision.
func (v *ActivityView) PendingExtensions(scope ledger.Scope, branchID int64) ([]int64, error) {
	root, err := v.s.filterRoot(scope, branchID)
	if err != nil {
		return nil, err
	}
	if err := v.acquire(); err != nil {
		return nil, err
	}
	defer v.mu.Unlock()
	var ids []int64
	for id, branch := range v.ext {
		if scope.Tree.Contains(root, branch) {
			ids = append(ids, id)
		}
	}
	return ids, nil
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
		var ids []int64
		c := tx.Bucket(bTaskDue).Cursor()
		for k, v := c.Seek(dtob(from)); k != nil && btod(k[:4]) <= to; k, v = c.Next() {
			due, warn := btod(k[:4]), int(v[16])<<8|int(v[17])
			if !scope.Tree.Contains(root, btoi(v[:8])) || keep != nil && !keep(due, warn) {
				continue
			}
			if total++; len(ids) < limit {
				ids = append(ids, btoi(k[4:]))
			}
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
		t.Light = t.LightOn(today)
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
