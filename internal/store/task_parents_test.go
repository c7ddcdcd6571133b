package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// CreateTask checks a task's parents before the writer and only compares
// their records inside it; a change that lands in between must be caught
// there, as if the checks had run inside.
func TestAChangeBetweenTheChecksAndTheWriterIsCheckedAgain(t *testing.T) {
	disabled, role, name := true, ledger.RoleLeader, "张三丰"
	tests := []struct {
		name   string
		change func(s *Store, o *org) error
		field  string // the refusal's field, or "" when the task goes in
		owner  string // the owner name the task takes
	}{
		{"nothing changed", func(*Store, *org) error { return nil }, "", "张三"},
		{"the owner was disabled", func(s *Store, o *org) error {
			_, err := s.UpdateUser(o.admin, o.member.ID, UserUpdate{Disabled: &disabled})
			return err
		}, "owner_id", ""},
		{"the owner became a leader", func(s *Store, o *org) error {
			_, err := s.UpdateUser(o.admin, o.member.ID, UserUpdate{Role: &role})
			return err
		}, "owner_id", ""},
		{"the owner was renamed", func(s *Store, o *org) error {
			_, err := s.UpdateUser(o.admin, o.member.ID, UserUpdate{Name: &name})
			return err
		}, "", "张三丰"},
		{"the problem moved to a branch the officer does not manage", func(s *Store, o *org) error {
			return s.DB().Update(func(tx *bbolt.Tx) error {
				var p ledger.Problem
				require.NoError(t, get(tx, bProblems, o.problem1.ID, "problem", &p))
				p.BranchID = o.second.ID
				return put(tx, bProblems, p.ID, &p)
			})
		}, "problem_id", ""},
		{"a branch was added to the tree", func(s *Store, o *org) error {
			mustBranch(t, s, o.admin, o.party.ID, "第三支部")
			return nil
		}, "", "张三"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := newTestStore(t, "2026-03-10")
			o := newOrg(t, s)
			task := &ledger.Task{ProblemID: o.problem1.ID, Description: "制定整改方案", OwnerID: o.member.ID, DueOn: date("2026-04-30")}
			require.NoError(t, task.Validate())
			scope := s.Scope(o.officer)
			parents, err := s.precheckTask(scope, task)
			require.NoError(t, err)
			assert.Zero(t, task.BranchID, "the pre-check leaves the task alone")
			require.NoError(t, tc.change(s, o))
			err = s.DB().Update(func(tx *bbolt.Tx) error { return parents.recheck(tx, s, scope, task) })
			if tc.field != "" {
				assert.Equal(t, tc.field, ledger.ErrorField(err), "%v", err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, o.first.ID, task.BranchID)
			assert.Equal(t, o.batch.ID, task.BatchID)
			assert.Equal(t, o.batch.WarnDays, task.WarnDays)
			assert.Equal(t, tc.owner, task.OwnerName)
		})
	}
}
