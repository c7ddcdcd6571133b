package store

import (
	"fmt"
	"slices"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// 举一反三 cascades: records, by source problem, and by branch while the
// branch's self-check waits for its answer.
var (
	bCascades       = []byte("cascades_v1")            // id → cascade
	bCascadeProblem = []byte("idx_cascade_problem_v1") // source problem‖cascade
	bCascadeBranch  = []byte("idx_cascade_branch_v1")  // branch‖cascade (not yet answered)
)

// KindCascade is the in-app notice of a self-check to do.
const KindCascade = "cascade"

// CreateCascade sends a problem to other branches the actor manages, each
// to check itself by the due date: one self-check batch, one item per
// branch owned by the branch's officer (or the nearest above), who is told
// in-app, all in one transaction.
func (s *Store) CreateCascade(actor *ledger.User, req ledger.CascadeRequest) (*ledger.Cascade, error) {
	scope := s.Scope(actor)
	today := s.Today()
	var out ledger.Cascade
	err := s.update(func(tx *bbolt.Tx) error {
		var src ledger.Problem
		if err := s.visibleProblem(tx, scope, req.SourceProblemID, &src); err != nil {
			return err
		}
		c, err := s.planCascade(tx, scope, &src, req)
		if err != nil {
			return err
		}
		b := &ledger.Batch{Title: cascadeTitle(&src), SourceType: ledger.SourceSelfCheck, BranchID: c.BranchID, StartedOn: today}
		if err := s.insertBatch(tx, actor.ID, b); err != nil {
			return err
		}
		if c.ID, err = nextID(tx, bCascades); err != nil {
			return err
		}
		c.BatchID, c.CreatedBy, c.CreatedAt = b.ID, actor.ID, s.now().UTC()
		if err := s.putCascade(tx, c); err != nil {
			return err
		}
		if err := s.noticeCascade(tx, c); err != nil {
			return err
		}
		out = *c
		return s.appendEvent(tx, actor.ID, "cascade", c.ID, 0, ledger.ActCascade, "", nil, c)
	})
	return &out, err
}

// planCascade checks the request and fills the items and the batch branch.
func (s *Store) planCascade(tx *bbolt.Tx, scope ledger.Scope, src *ledger.Problem, req ledger.CascadeRequest) (*ledger.Cascade, error) {
	people, err := s.peopleIn(tx)
	if err != nil {
		return nil, err
	}
	c := &ledger.Cascade{SourceProblemID: src.ID, DueOn: req.DueOn}
	for _, b := range req.BranchIDs {
		if b == src.BranchID {
			return nil, ledger.Reasonf(ledger.EINVALID, "cascade.source_branch",
				"branch %d is where the problem was found; choose the other branches", b).WithField("branch_ids")
		}
		if !scope.Manages(b) {
			return nil, s.refuse(scope, b, "branch_ids", "branch")
		}
		owners := people.Nearest(ledger.RoleOfficer, b)
		if len(owners) == 0 {
			return nil, ledger.Reasonf(ledger.EUNPROCESS, "cascade.no_officer",
				"branch %d has no officer (纪检委员) to answer, nor has any branch above it", b).WithField("branch_ids")
		}
		c.Items = append(c.Items, ledger.CascadeItem{BranchID: b, OwnerID: owners[0].UserID})
	}
	c.BranchID = commonAncestor(scope.Tree, req.BranchIDs)
	if c.BranchID == 0 || !scope.Manages(c.BranchID) {
		// The batch must hold every item; an officer's own branch does.
		c.BranchID = scope.User.BranchID
	}
	if c.BranchID == 0 || !scope.Manages(c.BranchID) {
		return nil, ledger.Reasonf(ledger.EINVALID, "cascade.no_common_branch",
			"the branches have no common branch above them; start one 举一反三 per organisation").WithField("branch_ids")
	}
	return c, nil
}

// commonAncestor is the lowest branch whose subtree holds every id, or 0.
func commonAncestor(tree *ledger.Tree, ids []int64) int64 {
	var path []int64
	for i, id := range ids {
		p := ancestry(tree, id)
		if i == 0 {
			path = p
			continue
		}
		n := 0
		for n < len(path) && n < len(p) && path[n] == p[n] {
			n++
		}
		path = path[:n]
	}
	if len(path) == 0 {
		return 0
	}
	return path[len(path)-1]
}

// ancestry is the path from the root down to id.
func ancestry(tree *ledger.Tree, id int64) []int64 {
	var up []int64
	for b := tree.Get(id); b != nil && len(up) <= tree.Len(); b = tree.Get(b.ParentID) {
		up = append(up, b.ID)
	}
	slices.Reverse(up)
	return up
}

func cascadeTitle(src *ledger.Problem) string {
	r := []rune(src.Description)
	if len(r) > 40 {
		r = append(r[:40], '…')
	}
	return "举一反三：" + string(r)
}

// putCascade writes c and its index entries: a waiting branch is listed
// until it answers.
func (s *Store) putCascade(tx *bbolt.Tx, c *ledger.Cascade) error {
	if err := put(tx, bCascades, c.ID, c); err != nil {
		return err
	}
	if err := tx.Bucket(bCascadeProblem).Put(key(itob(c.SourceProblemID), itob(c.ID)), nil); err != nil {
		return err
	}
	waiting := tx.Bucket(bCascadeBranch)
	for _, it := range c.Items {
		k := key(itob(it.BranchID), itob(c.ID))
		var err error
		if it.Answer == "" {
			err = waiting.Put(k, nil)
		} else {
			err = waiting.Delete(k)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) noticeCascade(tx *bbolt.Tx, c *ledger.Cascade) error {
	for _, it := range c.Items {
		n := Notice{Key: fmt.Sprintf("cascade:%d:branch:%d", c.ID, it.BranchID), Kind: KindCascade,
			BranchID: it.BranchID, Title: "举一反三自查", Item: DigestItem{DueOn: c.DueOn},
			To: []Recipient{{UserID: it.OwnerID, BranchID: it.BranchID}}}
		if _, err := s.notice(tx, s.now(), n); err != nil {
			return err
		}
	}
	return nil
}

// AnswerCascade records a branch's answer to its self-check. An officer
// managing the branch (its owner is one) answers; "exists" records the problem in
// the branch under the cascade's batch (the note, or the source problem's
// text, describes it), for measures to be added.
func (s *Store) AnswerCascade(actor *ledger.User, cascadeID, branchID int64, answer ledger.CascadeAnswer, note string) (*ledger.Cascade, error) {
	scope := s.Scope(actor)
	var out ledger.Cascade
	err := s.update(func(tx *bbolt.Tx) error {
		var c ledger.Cascade
		if err := get(tx, bCascades, cascadeID, "cascade", &c); err != nil || !scope.Sees(branchID) || c.Item(branchID) == nil {
			return ledger.Reasonf(ledger.ENOTFOUND, "cascade.not_found", "self-check not found")
		}
		before := c
		before.Items = slices.Clone(c.Items)
		it := c.Item(branchID)
		// Who answers is decided now, not by the owner recorded when the
		// cascade was sent: that user may since have lost the role.
		if !scope.Manages(branchID) {
			return ledger.Reasonf(ledger.EFORBIDDEN, "role.forbidden", "only the branch's officer answers its self-check")
		}
		if err := it.Record(answer, note, actor.ID, s.now().UTC()); err != nil {
			return err
		}
		if answer == ledger.CascadeExists {
			p, err := s.cascadeProblem(tx, actor, &c, it)
			if err != nil {
				return err
			}
			it.ProblemID = p.ID
		}
		if err := s.putCascade(tx, &c); err != nil {
			return err
		}
		out = c
		return s.appendEvent(tx, actor.ID, "cascade", c.ID, 0, ledger.ActCascadeAnswer, string(answer), &before, &c)
	})
	return &out, err
}

// cascadeProblem records the problem a branch found in itself.
func (s *Store) cascadeProblem(tx *bbolt.Tx, actor *ledger.User, c *ledger.Cascade, it *ledger.CascadeItem) (*ledger.Problem, error) {
	var src ledger.Problem
	if err := get(tx, bProblems, c.SourceProblemID, "problem", &src); ledger.ErrorCode(err) == ledger.ENOTFOUND {
		// The source was deleted after the cascade was sent: the branch's
		// own note is then the only description there is.
		if it.Note == "" {
			return nil, ledger.Reasonf(ledger.EINVALID, "cascade.note_required",
				"the problem this self-check was sent for has been deleted; describe what the branch found").WithField("note")
		}
	} else if err != nil {
		return nil, err
	}
	p := &ledger.Problem{BatchID: c.BatchID, BranchID: it.BranchID, Category: src.Category, Description: src.Description}
	if it.Note != "" {
		p.Description = it.Note
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	id, err := nextID(tx, bProblems)
	if err != nil {
		return nil, err
	}
	p.ID, p.CreatedAt = id, s.now().UTC()
	return p, s.insertProblem(tx, actor.ID, p)
}

// CascadesOf lists the cascades started from a problem the scope sees,
// each showing only the items of branches the scope sees.
func (s *Store) CascadesOf(scope ledger.Scope, problemID int64) ([]*ledger.Cascade, error) {
	var out []*ledger.Cascade
	err := s.db.View(func(tx *bbolt.Tx) error {
		var p ledger.Problem
		if err := s.visibleProblem(tx, scope, problemID, &p); err != nil {
			return err
		}
		for _, id := range prefixIDs(tx, bCascadeProblem, itob(problemID)) {
			var c ledger.Cascade
			if err := get(tx, bCascades, id, "cascade", &c); err != nil {
				return err
			}
			c.Items = slices.DeleteFunc(c.Items, func(it ledger.CascadeItem) bool { return !scope.Sees(it.BranchID) })
			out = append(out, &c)
		}
		return nil
	})
	return out, err
}

// WaitingCascades lists the cascades with a self-check still to answer in
// a branch the scope sees, oldest first, each with only those items.
func (s *Store) WaitingCascades(scope ledger.Scope) ([]*ledger.Cascade, error) {
	byID := map[int64]*ledger.Cascade{}
	var order []int64
	err := s.db.View(func(tx *bbolt.Tx) error {
		c := tx.Bucket(bCascadeBranch).Cursor()
		for k, _ := c.First(); k != nil; k, _ = c.Next() {
			branch, id := btoi(k[:8]), btoi(k[8:16])
			if !scope.Sees(branch) || byID[id] != nil {
				continue
			}
			var cs ledger.Cascade
			if err := get(tx, bCascades, id, "cascade", &cs); err != nil {
				return err
			}
			cs.Items = slices.DeleteFunc(cs.Items, func(it ledger.CascadeItem) bool { return it.Answer != "" || !scope.Sees(it.BranchID) })
			byID[id] = &cs
			order = append(order, id)
		}
		return nil
	})
	slices.Sort(order)
	out := make([]*ledger.Cascade, len(order))
	for i, id := range order {
		out[i] = byID[id]
	}
	return out, err
}
