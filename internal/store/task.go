package store

import (
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// CreateTask adds a measure to a problem the actor manages. The task takes
// its branch and batch from the problem and its warning window from the
// batch.
func (s *Store) CreateTask(actor *ledger.User, t *ledger.Task) error {
	if err := t.Validate(); err != nil {
		return err
	}
	scope := s.Scope(actor)
	parents, err := s.precheckTask(scope, t)
	if err != nil {
		return err
	}
	return s.update(func(tx *bbolt.Tx) error {
		if err := parents.recheck(tx, s, scope, t); err != nil {
			return err
		}
		if err := s.prepareNewTask(tx, t); err != nil {
			return err
		}
		id, err := nextID(tx, bTasks)
		if err != nil {
			return err
		}
		t.ID = id
		return s.insertTask(tx, actor.ID, t)
	})
}

// prepareTask checks the parents and people of a new task and fills the
// fields that come from them.
func (s *Store) prepareTask(tx *bbolt.Tx, scope ledger.Scope, t *ledger.Task) error {
	if err := s.checkParents(tx, scope, t); err != nil {
		return err
	}
	return s.prepareNewTask(tx, t)
}

// checkParents checks a new task's problem, batch and people and fills
// the fields that come from them.
func (s *Store) checkParents(tx *bbolt.Tx, scope ledger.Scope, t *ledger.Task) error {
	var p ledger.Problem
	if err := s.visibleProblem(tx, scope, t.ProblemID, &p); err != nil {
		return &ledger.Error{Code: ledger.ENOTFOUND, Field: "problem_id", Message: "problem not found"}
	}
	if !scope.Manages(p.BranchID) {
		return &ledger.Error{Code: ledger.EFORBIDDEN, Field: "problem_id", Message: "your role may not add measures to this problem"}
	}
	var b ledger.Batch
	if err := get(tx, bBatches, p.BatchID, "batch", &b); err != nil {
		return err
	}
	t.BranchID, t.BatchID, t.WarnDays = p.BranchID, p.BatchID, b.WarnDays
	return s.checkPeople(tx, t)
}

// prepareNewTask refuses a row imported before and sets what every new
// task starts with.
func (s *Store) prepareNewTask(tx *bbolt.Tx, t *ledger.Task) error {
	if t.ImportKey != "" && tx.Bucket(bTaskImport).Get([]byte(t.ImportKey)) != nil {
		return ledger.Errorf(ledger.ECONFLICT, "this row was already imported")
	}
	now := s.now()
	t.Status, t.Percent = ledger.StatusOpen, 0
	t.CreatedOn = ledger.DateOf(now.In(s.loc))
	t.CreatedAt, t.UpdatedAt = now.UTC(), now.UTC()
	t.OriginalDueOn = 0
	t.SubmittedOn, t.ClosedOn, t.FirstOverdueOn, t.LastReportOn = 0, 0, 0, 0
	t.OnTime, t.Extension = false, nil
	return nil
}

func (s *Store) insertTask(tx *bbolt.Tx, actorID int64, t *ledger.Task) error {
	if err := s.saveTask(tx, nil, t); err != nil {
		return err
	}
	return s.appendEvent(tx, actorID, "task", t.ID, t.ID, ledger.ActCreate, "", nil, t)
}

// checkPeople makes sure the owner can see and work on the task and the
// reviewer may approve it.
func (s *Store) checkPeople(tx *bbolt.Tx, t *ledger.Task) error {
	tree := s.Tree()
	if t.OwnerID != 0 {
		var o userRecord
		if err := get(tx, bUsers, t.OwnerID, "user", &o); err != nil || o.Disabled ||
			!(ledger.Scope{User: &o.User, Tree: tree}).Sees(t.BranchID) {
			return &ledger.Error{Code: ledger.EINVALID, Field: "owner_id", Message: "the owner must be an active user of this branch or a branch above it"}
		}
		if o.Role == ledger.RoleLeader {
			return ledger.FieldErrorf("owner_id", "a leader reads the ledger but cannot own a measure")
		}
		if t.OwnerName == "" {
			t.OwnerName = o.Name
		}
	}
	if t.ReviewerID != 0 {
		var r userRecord
		if err := get(tx, bUsers, t.ReviewerID, "user", &r); err != nil || r.Disabled ||
			!(ledger.Scope{User: &r.User, Tree: tree}).Manages(t.BranchID) {
			return ledger.FieldErrorf("reviewer_id", "the reviewer must be an active officer of this branch or a branch above it")
		}
	}
	return nil
}

// visibleTask loads a task the scope sees; others are "not found".
func (s *Store) visibleTask(tx *bbolt.Tx, scope ledger.Scope, id int64) (*ledger.Task, error) {
	var t ledger.Task
	if err := getTask(tx, id, &t); err != nil {
		return nil, err
	}
	if !scope.Sees(t.BranchID) {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "task %d not found", id)
	}
	return &t, nil
}

// FindTask returns a task the scope sees, with its light for today.
func (s *Store) FindTask(scope ledger.Scope, id int64) (*ledger.Task, error) {
	var t *ledger.Task
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		t, err = s.visibleTask(tx, scope, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	t.Show(s.Today())
	return t, nil
}

// TaskUpdate holds the fields an officer may edit; nil means unchanged.
type TaskUpdate struct {
	Description     *string
	Kind            *ledger.Kind
	OwnerID         *int64
	OwnerName       *string
	ReviewerID      *int64
	LeadDept        *string
	SupportDepts    *[]string
	DueOn           *ledger.Date
	ReportEveryDays *int
	Remark          *string
}

// UpdateTask edits a task's plan. Status changes go through the lifecycle
// actions, not here.
func (s *Store) UpdateTask(actor *ledger.User, id int64, up TaskUpdate) (*ledger.Task, error) {
	return s.actOnTask(actor, id, ledger.ActUpdate, func(tx *bbolt.Tx, t *ledger.Task) (string, error) {
		if up.OwnerID != nil {
			if err := t.CheckOwnerChange(*up.OwnerID); err != nil {
				return "", err
			}
		}
		ApplyTaskUpdate(t, up)
		if up.OwnerID != nil && up.OwnerName == nil {
			t.OwnerName = ""
		}
		if err := t.Validate(); err != nil {
			return "", err
		}
		return "", s.checkPeople(tx, t)
	})
}

// ApplyTaskUpdate copies the set fields of up onto t.
func ApplyTaskUpdate(t *ledger.Task, up TaskUpdate) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&t.Description, up.Description)
	set(&t.OwnerName, up.OwnerName)
	set(&t.LeadDept, up.LeadDept)
	set(&t.Remark, up.Remark)
	if up.Kind != nil {
		t.Kind = *up.Kind
	}
	if up.OwnerID != nil {
		t.OwnerID = *up.OwnerID
	}
	if up.ReviewerID != nil {
		t.ReviewerID = *up.ReviewerID
	}
	if up.SupportDepts != nil {
		t.SupportDepts = *up.SupportDepts
	}
	if up.DueOn != nil {
		t.DueOn = *up.DueOn
	}
	if up.ReportEveryDays != nil {
		t.ReportEveryDays = *up.ReportEveryDays
	}
}

// DeleteTask removes a task entered by mistake, with its progress and
// evidence metadata; its events stay, as the trail is append-only.
func (s *Store) DeleteTask(actor *ledger.User, id int64) error {
	scope := s.Scope(actor)
	return s.update(func(tx *bbolt.Tx) error {
		t, err := s.visibleTask(tx, scope, id)
		if err != nil {
			return err
		}
		if err := scope.CanAct(ledger.ActDelete, t); err != nil {
			return err
		}
		for _, b := range [][]byte{bProgress, bEvidence} {
			for _, k := range prefixKeys(tx, b, itob(id)) {
				if err := tx.Bucket(b).Delete(k); err != nil {
					return err
				}
			}
		}
		if err := s.dropPendingReviews(tx, id); err != nil {
			return err
		}
		if err := s.saveTask(tx, t, nil); err != nil {
			return err
		}
		return s.appendEvent(tx, actor.ID, "task", id, id, ledger.ActDelete, "", t, nil)
	})
}

func prefixKeys(tx *bbolt.Tx, bucket, prefix []byte) [][]byte {
	var ks [][]byte
	c := tx.Bucket(bucket).Cursor()
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
		ks = append(ks, append([]byte(nil), k...))
	}
	return ks
}
