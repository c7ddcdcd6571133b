package store

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// ImportRequest is a bulk import of problems and their measures into one
// batch, for a branch and its sub-branches: rows read from a ledger sheet
// or a reviewed 对照检查材料 draft.
type ImportRequest struct {
	BatchID  int64
	BranchID int64
	// DryRun checks and counts everything and writes nothing.
	DryRun   bool
	Problems []ImportProblem
	// Source names the origin in the audit trail, e.g. "台账.xlsx".
	Source string
	// Columns maps a field ("problem.description", "task.due_on", "branch",
	// "owner", …) to how the source names its place, e.g. "J"; errors
	// about that field carry it.
	Columns map[string]string
}

// ImportProblem is one problem to import with its measures.
type ImportProblem struct {
	Row   int    // sheet row (or item number) it starts at
	Where string // the place in words, e.g. "第7行"
	// Branch is the 责任单位 named by the source; "" is the request's branch.
	Branch      string
	Category    string
	Description string
	Cause       string
	Leader      string
	Measures    []ImportMeasure
}

// ImportMeasure is one measure to import. Task holds the planned fields
// and, for ledgers kept elsewhere until now, Status and ClosedOn.
type ImportMeasure struct {
	Row      int
	Where    string
	Task     ledger.Task
	Progress string          // latest 整改进展, kept as a progress note
	Reviews  []ledger.Review // 回头看 already recorded, in order
	Note     string          // appended to the creation event, e.g. evidence names
}

// ImportError is one problem found in the source, placed by row and column.
type ImportError struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// ImportResult says what an import created (or, dry, would create).
type ImportResult struct {
	DryRun   bool          `json:"dry_run"`
	Problems int           `json:"problems"`
	Tasks    int           `json:"tasks"`
	Skipped  int           `json:"skipped"`
	Errors   []ImportError `json:"errors"`
}

// errRollback ends a dry run or a failed import without writing.
var errRollback = errors.New("store: import rolled back")

// ImportLedger creates the problems and measures of req in one write
// transaction: all of them, or — on a dry run, or when any row has an
// error — none. Rows already imported (same batch, branch, problem and
// measure text) are skipped, so importing a file twice creates nothing
// the second time. Row errors are returned in the result; the error is
// for a request that cannot be considered at all.
func (s *Store) ImportLedger(actor *ledger.User, req *ImportRequest) (*ImportResult, error) {
	scope := s.Scope(actor)
	if !scope.Manages(req.BranchID) {
		return nil, s.refuse(scope, req.BranchID, "branch_id", "branch")
	}
	res := &ImportResult{DryRun: req.DryRun, Errors: []ImportError{}}
	err := s.db.Update(func(tx *bbolt.Tx) error {
		im, err := s.newImporter(tx, scope, actor, req, res)
		if err != nil {
			return err
		}
		for i := range req.Problems {
			if err := im.problem(&req.Problems[i]); err != nil {
				return err
			}
		}
		if req.DryRun || len(res.Errors) > 0 {
			return errRollback
		}
		return im.indexKeys()
	})
	if err != nil && !errors.Is(err, errRollback) {
		return nil, err
	}
	return res, nil
}

// importer carries what one import transaction looks up repeatedly.
type importer struct {
	s        *Store
	tx       *bbolt.Tx
	scope    ledger.Scope
	actor    *ledger.User
	req      *ImportRequest
	res      *ImportResult
	batch    ledger.Batch
	today    ledger.Date
	branches map[string][]int64        // name in the subtree → ids
	users    map[string][]*ledger.User // name → active users
	existing map[string]int64          // branch‖problem text → problem id
	measures map[int64]map[string]bool // problem id → measure texts
	keys     map[string]bool           // import keys taken by this import
	keyed    []*ledger.Task            // inserted tasks whose key is indexed last
}

func (s *Store) newImporter(tx *bbolt.Tx, scope ledger.Scope, actor *ledger.User, req *ImportRequest, res *ImportResult) (*importer, error) {
	im := &importer{s: s, tx: tx, scope: scope, actor: actor, req: req, res: res, today: s.Today(),
		branches: map[string][]int64{}, users: map[string][]*ledger.User{},
		existing: map[string]int64{}, measures: map[int64]map[string]bool{}, keys: map[string]bool{}}
	if err := s.visibleBatch(tx, scope, req.BatchID, &im.batch); err != nil {
		return nil, &ledger.Error{Code: ledger.ENOTFOUND, Field: "batch_id", Message: "batch not found"}
	}
	if !scope.Tree.Contains(im.batch.BranchID, req.BranchID) {
		return nil, ledger.FieldErrorf("branch_id", "the branch must be the batch's branch or one of its sub-branches")
	}
	for _, id := range scope.Tree.Subtree(req.BranchID) {
		n := squeeze(scope.Tree.Get(id).Name)
		im.branches[n] = append(im.branches[n], id)
	}
	err := tx.Bucket(bUsers).ForEach(func(_, v []byte) error {
		var rec userRecord
		if err := unmarshal(v, &rec); err != nil {
			return err
		}
		// Leaders cannot own measures; admins are accounts, not people.
		if !rec.Disabled && rec.Role != ledger.RoleLeader && rec.Role != ledger.RoleAdmin {
			u := rec.User
			im.users[squeeze(u.Name)] = append(im.users[squeeze(u.Name)], &u)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, id := range prefixIDs(tx, bProblemBatch, itob(req.BatchID)) {
		var p ledger.Problem
		if err := get(tx, bProblems, id, "problem", &p); err != nil {
			return nil, err
		}
		im.existing[problemKey(p.BranchID, p.Description)] = p.ID
	}
	return im, nil
}

// fail records a row error about field.
func (im *importer) fail(row int, field, format string, args ...any) {
	im.res.Errors = append(im.res.Errors, ImportError{Row: row, Column: im.req.Columns[field], Message: fmt.Sprintf(format, args...)})
}

// problem imports one problem and its measures; only internal errors stop
// the import, row errors are collected.
func (im *importer) problem(ip *ImportProblem) error {
	branch, ok := im.branch(ip)
	if !ok {
		return nil
	}
	p := ledger.Problem{BatchID: im.req.BatchID, BranchID: branch, Category: ip.Category,
		Description: ip.Description, Cause: ip.Cause, Leader: ip.Leader}
	if err := p.Validate(); err != nil {
		field := ledger.ErrorField(err)
		im.fail(ip.Row, "problem."+field, "%s %s", ip.Where, problemFieldMessage[field])
		return nil
	}
	pid := im.existing[problemKey(branch, p.Description)]
	var tasks []*ImportMeasure
	for _, m := range ip.Measures {
		// m is a copy: the caller's request is left as it was given.
		if im.prepareMeasure(&m, branch, pid, p.Description) {
			tasks = append(tasks, &m)
		}
	}
	if pid == 0 && (len(tasks) > 0 || len(ip.Measures) == 0) {
		id, err := nextID(im.tx, bProblems)
		if err != nil {
			return err
		}
		p.ID, p.CreatedAt, pid = id, im.s.now().UTC(), id
		if err := im.s.insertProblem(im.tx, im.actor.ID, &p); err != nil {
			return err
		}
		im.existing[problemKey(branch, p.Description)] = id
		im.res.Problems++
	} else if len(ip.Measures) == 0 {
		im.res.Skipped++
	}
	for _, m := range tasks {
		if err := im.insert(m, pid); err != nil {
			return err
		}
	}
	return nil
}

// branch resolves the 责任单位 of a problem inside the request's subtree.
func (im *importer) branch(ip *ImportProblem) (int64, bool) {
	if strings.TrimSpace(ip.Branch) == "" {
		return im.req.BranchID, true
	}
	ids := im.branches[squeeze(ip.Branch)]
	switch {
	case len(ids) == 0:
		im.fail(ip.Row, "branch", "%s 责任单位「%s」不是导入单位或其下级单位", ip.Where, ip.Branch)
	case len(ids) > 1:
		im.fail(ip.Row, "branch", "%s 责任单位「%s」有%d个同名单位，无法确定是哪一个", ip.Where, ip.Branch, len(ids))
	default:
		return ids[0], true
	}
	return 0, false
}

// prepareMeasure validates m, fills its import key and owner, and reports
// whether it is new; duplicates are counted as skipped.
func (im *importer) prepareMeasure(m *ImportMeasure, branch, pid int64, problemText string) bool {
	t := &m.Task
	t.ProblemID = max(pid, 1) // validated before the problem has an id
	if err := t.Validate(); err != nil {
		field := ledger.ErrorField(err)
		im.fail(m.Row, "task."+field, "%s %s", m.Where, taskFieldMessage(field))
		return false
	}
	t.BranchID, t.BatchID = branch, im.req.BatchID
	t.ImportKey = ImportKey(im.req.BatchID, branch, problemText, t.Description)
	if im.keys[t.ImportKey] || im.tx.Bucket(bTaskImport).Get([]byte(t.ImportKey)) != nil || pid != 0 && im.hasMeasure(pid, t.Description) {
		im.res.Skipped++
		return false
	}
	im.keys[t.ImportKey] = true
	if t.Status == ledger.StatusClosed && t.ClosedOn > im.today {
		im.fail(m.Row, "task.closed_on", "%s 销号日期「%s」晚于今天", m.Where, t.ClosedOn.Chinese())
		return false
	}
	return im.owner(m)
}

// hasMeasure reports whether an existing problem already has a task with
// this text (entered by hand, so without an import key).
func (im *importer) hasMeasure(pid int64, text string) bool {
	set := im.measures[pid]
	if set == nil {
		set = map[string]bool{}
		for _, id := range prefixIDs(im.tx, bTaskProblem, itob(pid)) {
			var t ledger.Task
			if get(im.tx, bTasks, id, "task", &t) == nil {
				set[squeeze(t.Description)] = true
			}
		}
		im.measures[pid] = set
	}
	return set[squeeze(text)]
}

// owner matches a 责任人 name to a user of the task's branch, else of the
// nearest branch above it; an unmatched or ambiguous name stays as text.
func (im *importer) owner(m *ImportMeasure) bool {
	t := &m.Task
	if t.OwnerID == 0 && t.OwnerName != "" {
		best, n := -1, 0
		for _, u := range im.users[squeeze(t.OwnerName)] {
			if !(ledger.Scope{User: u, Tree: im.scope.Tree}).Sees(t.BranchID) {
				continue
			}
			switch d := im.scope.Tree.Depth(u.BranchID); {
			case d > best:
				best, n, t.OwnerID = d, 1, u.ID
			case d == best:
				n++
			}
		}
		if n > 1 {
			t.OwnerID = 0
		}
	}
	if err := im.s.checkPeople(im.tx, t); err != nil {
		im.fail(m.Row, "owner", "%s 责任人（用户%d）须为该单位或上级单位的在用账号，且不能是领导账号", m.Where, t.OwnerID)
		return false
	}
	return true
}

// insert writes one new task with its lifecycle dates, progress note and
// 回头看, as the sheet recorded them.
func (im *importer) insert(m *ImportMeasure, pid int64) error {
	t, now := &m.Task, im.s.now()
	id, err := nextID(im.tx, bTasks)
	if err != nil {
		return err
	}
	t.ID, t.ProblemID, t.WarnDays = id, pid, im.batch.WarnDays
	t.CreatedOn, t.CreatedAt, t.UpdatedAt = im.today, now.UTC(), now.UTC()
	t.OriginalDueOn, t.FirstOverdueOn, t.Extension, t.Light = 0, 0, nil, ""
	im.applyStatus(t, m.Progress != "")
	note := strings.TrimSpace("导入 " + im.req.Source + " " + m.Note)
	// The key is indexed by indexKeys, in key order; see there.
	key := t.ImportKey
	t.ImportKey = ""
	err = im.s.saveTask(im.tx, nil, t)
	t.ImportKey = key
	if err != nil {
		return err
	}
	im.keyed = append(im.keyed, t)
	if err := im.s.appendEvent(im.tx, im.actor.ID, "task", id, id, ledger.ActCreate, note, nil, t); err != nil {
		return err
	}
	if m.Progress != "" {
		if err := im.s.addNote(im.tx, im.actor.ID, id, m.Progress, 0); err != nil {
			return err
		}
	}
	im.res.Tasks++
	return im.reviews(t, m.Reviews)
}

// indexKeys stores each new task's import key, in the record and the
// index, sorted by key. bbolt splits a node only at commit, so keys as
// random as hashes, written one by one into a bucket that starts small,
// all land in one growing node and each costs a move of the ones behind
// it: for 100,000 rows, most of the import. Written in order they append.
func (im *importer) indexKeys() error {
	slices.SortFunc(im.keyed, func(a, b *ledger.Task) int { return strings.Compare(a.ImportKey, b.ImportKey) })
	idx := im.tx.Bucket(bTaskImport)
	for _, t := range im.keyed {
		if err := put(im.tx, bTasks, t.ID, t); err != nil {
			return err
		}
		if err := idx.Put([]byte(t.ImportKey), itob(t.ID)); err != nil {
			return err
		}
	}
	return nil
}

// applyStatus fills the dates a status implies. A finished task counts as
// submitted on its 销号 date (or today) and on time when that is not after
// its due date.
func (im *importer) applyStatus(t *ledger.Task, progress bool) {
	t.SubmittedOn, t.LastReportOn, t.OnTime, t.Percent = 0, 0, false, 0
	switch t.Status {
	case ledger.StatusSubmitted, ledger.StatusClosed:
		if t.Status == ledger.StatusSubmitted || t.ClosedOn.IsZero() {
			t.ClosedOn = im.today
		}
		t.SubmittedOn, t.LastReportOn, t.Percent = t.ClosedOn, t.ClosedOn, 100
		t.OnTime = t.DueOn.IsZero() || t.SubmittedOn <= t.DueOn
		if !t.OnTime {
			t.FirstOverdueOn = t.DueOn.AddDays(1)
		}
		if t.Status == ledger.StatusSubmitted {
			t.ClosedOn = 0
		}
	case ledger.StatusInProgress:
		t.ClosedOn = 0
	default:
		t.Status, t.ClosedOn = ledger.StatusOpen, 0
	}
	if progress && t.Status.Unfinished() {
		t.LastReportOn = im.today
	}
}

// reviews records the 回头看 the source lists; a closed task without one
// gets its look-back scheduled as approval would have.
func (im *importer) reviews(t *ledger.Task, rs []ledger.Review) error {
	if len(rs) == 0 && t.Status == ledger.StatusClosed {
		rs = []ledger.Review{{DueOn: t.ClosedOn.AddDays(im.batch.ReviewAfterDays)}}
	}
	for _, r := range rs {
		if !r.Done && t.Status != ledger.StatusClosed {
			continue // a pending look-back only makes sense for a closed task
		}
		id, err := nextID(im.tx, bReviews)
		if err != nil {
			return err
		}
		r.ID, r.TaskID, r.BranchID, r.BatchID, r.CreatedAt = id, t.ID, t.BranchID, t.BatchID, im.s.now().UTC()
		if r.Done && r.DecidedBy == 0 {
			r.DecidedBy = im.actor.ID
		}
		if err := im.s.saveReview(im.tx, nil, &r); err != nil {
			return err
		}
	}
	return nil
}

// ImportKey identifies an imported measure: the same measure of the same
// problem, branch and batch always has the same key, so a second import
// of it is recognised.
func ImportKey(batch, branch int64, problem, measure string) string {
	h := sha256.New()
	for _, part := range []string{strconv.FormatInt(batch, 10), strconv.FormatInt(branch, 10), squeeze(problem), squeeze(measure)} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return "imp1:" + hex.EncodeToString(h.Sum(nil))[:40]
}

func problemKey(branch int64, text string) string {
	return strconv.FormatInt(branch, 10) + "\x00" + squeeze(text)
}

// squeeze drops all white space, so that a line break or a space copied
// in from Word does not make the same text look different.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

var problemFieldMessage = map[string]string{
	"description": "问题描述为空或超过5000字",
	"category":    "问题类别超过200字",
	"cause":       "原因剖析超过5000字",
	"leader":      "责任领导超过100字",
}

func taskFieldMessage(field string) string {
	if m, ok := map[string]string{
		"description":   "整改措施为空或超过5000字",
		"kind":          "整改类型应为立行立改、限期整改或长期坚持",
		"due_on":        "整改时限未填写（限期整改须写明完成日期）",
		"lead_dept":     "牵头部门超过200字",
		"support_depts": "配合部门超过20个",
		"owner_id":      "责任人无效",
	}[field]; ok {
		return m
	}
	return "整改措施的「" + field + "」无效"
}
