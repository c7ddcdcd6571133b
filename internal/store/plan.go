package store

import (
	"fmt"
	"strings"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// KindReassigned is the in-app notice a new owner gets after a handover
// (整改责任交接): one notice for the whole list.
const KindReassigned = "reassigned"

// CreateProblemWithTasks adds a problem and its measures in one write
// transaction: all of them or, when any measure is refused, none. A
// measure's error names its field as "tasks.N.field" (N from 0), so a form
// can show it beside the right row.
func (s *Store) CreateProblemWithTasks(actor *ledger.User, p *ledger.Problem, ts []*ledger.Task) error {
	if err := p.Validate(); err != nil {
		return err
	}
	scope := s.Scope(actor)
	if !scope.Manages(p.BranchID) {
		return s.refuse(scope, p.BranchID, "branch_id", "branch")
	}
	return s.update(func(tx *bbolt.Tx) error {
		if err := s.checkProblemBatch(tx, scope, p); err != nil {
			return err
		}
		id, err := nextID(tx, bProblems)
		if err != nil {
			return err
		}
		p.ID, p.CreatedAt = id, s.now().UTC()
		if err := s.insertProblem(tx, actor.ID, p); err != nil {
			return err
		}
		for i, t := range ts {
			if err := s.addTaskTx(tx, scope, actor, p.ID, t); err != nil {
				return MeasureFieldError(i, err)
			}
		}
		return nil
	})
}

func (s *Store) addTaskTx(tx *bbolt.Tx, scope ledger.Scope, actor *ledger.User, problemID int64, t *ledger.Task) error {
	t.ProblemID = problemID
	if err := t.Validate(); err != nil {
		return err
	}
	if err := s.prepareTask(tx, scope, t); err != nil {
		return err
	}
	id, err := nextID(tx, bTasks)
	if err != nil {
		return err
	}
	t.ID = id
	return s.insertTask(tx, actor.ID, t)
}

// MeasureFieldError places a field error of the i-th measure of a form.
func MeasureFieldError(i int, err error) error {
	if e, ok := err.(*ledger.Error); ok && e.Field != "" && !strings.HasPrefix(e.Field, "tasks.") {
		c := *e
		c.Field = fmt.Sprintf("tasks.%d.%s", i, e.Field)
		return &c
	}
	return err
}

// WithdrawTask (撤销) takes an unfinished measure out of the live ledger:
// out of the tasks bucket, every index and every counter, so the
// dashboard, rates, lights, 我的待办 and exports all stop counting it at
// once. Nothing is erased: the trail gets a "withdraw" event holding the
// measure's last state and the reason, and its progress notes and evidence
// stay where they are. A submitted or closed measure cannot be withdrawn:
// its work was done and is someone's record.
func (s *Store) WithdrawTask(actor *ledger.User, id int64, reason string) (*ledger.Task, error) {
	scope := s.Scope(actor)
	var out *ledger.Task
	err := s.update(func(tx *bbolt.Tx) error {
		t, err := s.visibleTask(tx, scope, id)
		if err != nil {
			return err
		}
		if err := scope.CanAct(ledger.ActUpdate, t); err != nil {
			return err
		}
		if !t.Status.Unfinished() {
			return ledger.Reasonf(ledger.ECONFLICT, "task.withdraw_state", "cannot withdraw a task that is %s", t.Status)
		}
		if err := s.saveTask(tx, t, nil); err != nil {
			return err
		}
		out = t
		return s.appendEvent(tx, actor.ID, "task", id, id, ledger.ActWithdraw, reason, t, nil)
	})
	return out, err
}

// WithdrawnTask returns a withdrawn measure's last state and its whole
// trail, for a scope that sees its branch; a live or unknown id is not
// found.
func (s *Store) WithdrawnTask(scope ledger.Scope, id int64) (*ledger.Task, []*ledger.Event, error) {
	var t ledger.Task
	var evs []*ledger.Event
	err := s.db.View(func(tx *bbolt.Tx) error {
		if tx.Bucket(bTasks).Get(itob(id)) != nil {
			return ledger.Errorf(ledger.ENOTFOUND, "task %d is not withdrawn", id)
		}
		var err error
		if evs, err = taskEvents(tx, id); err != nil {
			return err
		}
		if len(evs) == 0 || evs[len(evs)-1].Action != ledger.ActWithdraw {
			return ledger.Errorf(ledger.ENOTFOUND, "task %d not found", id)
		}
		return unmarshal(evs[len(evs)-1].Before, &t)
	})
	if err == nil && !scope.Sees(t.BranchID) {
		err = ledger.Errorf(ledger.ENOTFOUND, "task %d not found", id)
	}
	if err != nil {
		return nil, nil, err
	}
	return &t, evs, nil
}

// OpenTasksOwnedBy lists the unfinished measures of owner that the scope
// manages: what a handover would move.
func (s *Store) OpenTasksOwnedBy(scope ledger.Scope, owner int64) ([]*ledger.Task, error) {
	var out []*ledger.Task
	err := s.db.View(func(tx *bbolt.Tx) error {
		for _, id := range indexIDs(tx, bTaskOwner, owner) {
			var t ledger.Task
			if err := get(tx, bTasks, id, "task", &t); err != nil {
				return err
			}
			if t.Status.Unfinished() && scope.Manages(t.BranchID) {
				out = append(out, &t)
			}
		}
		return nil
	})
	return out, err
}
