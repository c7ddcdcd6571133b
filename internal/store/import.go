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

// The import rows are the ledger's, named here for the store's callers.
type (
	ImportRequest = ledger.ImportRequest
	ImportProblem = ledger.ImportProblem
	ImportMeasure = ledger.ImportMeasure
	ImportError   = ledger.ImportError
	ImportResult  = ledger.ImportResult
)

// errRollback ends a dry run or a failed import without writing.
var errRollback = errors.New("store: import rolled back")

// ImportLedger plans every row of req and carries the plan out in one
// write transaction: a row's measure is matched by the identity an
// export wrote, else by batch, problem text and measure text, and is
// created, updated (only the fields the source changed, each update one
// ActImport event by the actor), left unchanged, or refused with an
// error. All rows are applied, or — on a dry run, or when any row has an
// error — none; the result is the plan either way. The error is for a
// request that cannot be considered at all.
func (s *Store) ImportLedger(actor *ledger.User, req *ImportRequest) (*ImportResult, error) {
	scope := s.Scope(actor)
	if !scope.Manages(req.BranchID) {
		return nil, s.refuse(scope, req.BranchID, "branch_id", "branch")
	}
	res := &ImportResult{DryRun: req.DryRun, Errors: []ImportError{}, Rows: []ledger.ImportRow{}}
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
		res.Skipped = res.Unchanged
		if req.DryRun || len(res.Errors) > 0 {
			return errRollback
		}
		return im.indexKeys()
	})
	if err != nil && !errors.Is(err, errRollback) {
		return nil, err
	}
	if req.DryRun || len(res.Errors) > 0 {
		for i := range res.Rows {
			if res.Rows[i].Action == ledger.ImportCreate {
				res.Rows[i].TaskID = 0 // rolled back
			}
		}
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
	batch    ledger.Batch // the request's
	today    ledger.Date
	branches map[string][]int64        // name in the subtree → ids
	users    map[string][]*ledger.User // name → active users
	batches  map[string][]*ledger.Batch
	problems map[string][]*ledger.Problem    // batch‖problem text → problems in the subtree
	loaded   map[int64]bool                  // batches whose problems are in problems
	measures map[int64]map[string]int64      // problem id → measure text → task id
	checked  map[int64]bool                  // problems already compared with the source
	seen     map[int64]int                   // task id → source row that matched it
	keys     map[string]bool                 // import keys taken by this import
	keyed    []*ledger.Task                  // inserted tasks whose key is indexed last
	notes    map[int64]*ledger.ProgressNote  // latest progress note of tasks looked at
	titles   map[int64]string                // batch id → title
	created  map[*ledger.ImportProblem]int64 // problems this import created
}

func (s *Store) newImporter(tx *bbolt.Tx, scope ledger.Scope, actor *ledger.User, req *ImportRequest, res *ImportResult) (*importer, error) {
	im := &importer{s: s, tx: tx, scope: scope, actor: actor, req: req, res: res, today: s.Today(),
		branches: map[string][]int64{}, users: map[string][]*ledger.User{}, batches: map[string][]*ledger.Batch{},
		problems: map[string][]*ledger.Problem{}, loaded: map[int64]bool{}, measures: map[int64]map[string]int64{},
		checked: map[int64]bool{}, seen: map[int64]int{}, keys: map[string]bool{}, notes: map[int64]*ledger.ProgressNote{},
		titles: map[int64]string{}, created: map[*ledger.ImportProblem]int64{}}
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
	if err := im.loadUsers(); err != nil {
		return nil, err
	}
	return im, im.loadBatches()
}

func (im *importer) loadUsers() error {
	return im.tx.Bucket(bUsers).ForEach(func(_, v []byte) error {
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
}

// loadBatches indexes by title the batches a row may name: those the
// actor sees whose branch holds the import's branch.
func (im *importer) loadBatches() error {
	return im.tx.Bucket(bBatches).ForEach(func(_, v []byte) error {
		var b ledger.Batch
		if err := unmarshal(v, &b); err != nil {
			return err
		}
		im.titles[b.ID] = b.Title
		if im.s.batchVisible(im.scope, &b) && im.scope.Tree.Contains(b.BranchID, im.req.BranchID) {
			im.batches[squeeze(b.Title)] = append(im.batches[squeeze(b.Title)], &b)
		}
		return nil
	})
}

// fail records a row error about field.
func (im *importer) fail(row int, field, format string, args ...any) {
	im.res.Errors = append(im.res.Errors, ImportError{Row: row, Column: im.req.Columns[field], Message: fmt.Sprintf(format, args...)})
}

// has reports whether the source has the field's column at all.
func (im *importer) has(field string) bool {
	if im.req.Columns == nil {
		return true
	}
	_, ok := im.req.Columns[field]
	return ok
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
