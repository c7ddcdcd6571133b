package ledger_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"rectify/internal/ledger"
)

// The organisation for scope tests: 党委 (1) with 第一支部 (2) and 第二支部 (3).
var (
	scopeTree = ledger.NewTree([]*ledger.Branch{
		{ID: 1, Name: "党委"},
		{ID: 2, ParentID: 1, Name: "第一支部"},
		{ID: 3, ParentID: 1, Name: "第二支部"},
	})
	owner         = &ledger.User{ID: 10, Role: ledger.RoleMember, BranchID: 2, Name: "张三"}
	colleague     = &ledger.User{ID: 11, Role: ledger.RoleMember, BranchID: 2, Name: "李四"}
	neighbour     = &ledger.User{ID: 12, Role: ledger.RoleMember, BranchID: 3, Name: "王五"}
	partyOfficer  = &ledger.User{ID: 20, Role: ledger.RoleOfficer, BranchID: 1, Name: "党委纪检委员"}
	branchOfficer = &ledger.User{ID: 21, Role: ledger.RoleOfficer, BranchID: 2, Name: "一支部纪检委员"}
	otherOfficer  = &ledger.User{ID: 22, Role: ledger.RoleOfficer, BranchID: 3, Name: "二支部纪检委员"}
	leader        = &ledger.User{ID: 30, Role: ledger.RoleLeader, BranchID: 1, Name: "党委书记"}
	admin         = &ledger.User{ID: 1, Role: ledger.RoleAdmin, Name: "管理员"}
)

// branchTask is a task of branch 2 owned by user ownerID (0: no account).
func branchTask(ownerID int64) *ledger.Task {
	task := deadlineTask("2026-12-03")
	task.OwnerID = ownerID
	return task
}

func TestScopeCanAct(t *testing.T) {
	tests := []struct {
		name string
		user *ledger.User
		act  ledger.Action
		task *ledger.Task
		code string
	}{
		{"the owner may report progress", owner, ledger.ActProgress, branchTask(10), ""},
		{"the owner may upload evidence", owner, ledger.ActEvidence, branchTask(10), ""},
		{"the owner may submit", owner, ledger.ActSubmit, branchTask(10), ""},
		{"the owner may ask for an extension", owner, ledger.ActRequestExtension, branchTask(10), ""},
		{"the owner may not approve their own task", owner, ledger.ActApprove, branchTask(10), ledger.EFORBIDDEN},
		{"the owner may not reopen", owner, ledger.ActReopen, branchTask(10), ledger.EFORBIDDEN},
		{"the owner may not edit the task", owner, ledger.ActUpdate, branchTask(10), ledger.EFORBIDDEN},
		{"a colleague in the same branch may not report progress", colleague, ledger.ActProgress, branchTask(10), ledger.EFORBIDDEN},
		{"a colleague in the same branch may not submit", colleague, ledger.ActSubmit, branchTask(10), ledger.EFORBIDDEN},
		{"a member may not submit a task without an owner", colleague, ledger.ActSubmit, branchTask(0), ledger.EFORBIDDEN},
		{"a member of a sibling branch does not find the task", neighbour, ledger.ActProgress, branchTask(10), ledger.ENOTFOUND},
		{"a member of a sibling branch does not find it even as its owner", &ledger.User{ID: 10, Role: ledger.RoleMember, BranchID: 3}, ledger.ActSubmit, branchTask(10), ledger.ENOTFOUND},
		{"an officer of the parent branch may approve", partyOfficer, ledger.ActApprove, branchTask(10), ""},
		{"an officer of the parent branch may reject", partyOfficer, ledger.ActReject, branchTask(10), ""},
		{"an officer of the parent branch may grant an extension", partyOfficer, ledger.ActApproveExtension, branchTask(10), ""},
		{"an officer of the parent branch may refuse an extension", partyOfficer, ledger.ActRejectExtension, branchTask(10), ""},
		{"an officer of the parent branch may reopen", partyOfficer, ledger.ActReopen, branchTask(10), ""},
		{"an officer of the parent branch may run a 回头看", partyOfficer, ledger.ActReview, branchTask(10), ""},
		{"an officer of the parent branch may delete", partyOfficer, ledger.ActDelete, branchTask(10), ""},
		{"an officer may report progress for the owner", partyOfficer, ledger.ActProgress, branchTask(10), ""},
		{"an officer may not submit a task that has an owner", partyOfficer, ledger.ActSubmit, branchTask(10), ledger.EFORBIDDEN},
		{"an officer may not ask an extension for a task that has an owner", partyOfficer, ledger.ActRequestExtension, branchTask(10), ledger.EFORBIDDEN},
		{"an officer may submit a task whose owner has no account", partyOfficer, ledger.ActSubmit, branchTask(0), ""},
		{"an officer may ask an extension for a task whose owner has no account", partyOfficer, ledger.ActRequestExtension, branchTask(0), ""},
		{"an officer may approve a task whose owner has no account", partyOfficer, ledger.ActApprove, branchTask(0), ""},
		{"an officer who owns the task may not approve it", branchOfficer, ledger.ActApprove, branchTask(21), ledger.EFORBIDDEN},
		{"an officer who owns the task may not grant their own extension", branchOfficer, ledger.ActApproveExtension, branchTask(21), ledger.EFORBIDDEN},
		{"an officer who owns the task may submit it", branchOfficer, ledger.ActSubmit, branchTask(21), ""},
		{"another officer above may approve the officer's own task", partyOfficer, ledger.ActApprove, branchTask(21), ""},
		{"an officer of a sibling branch does not find the task", otherOfficer, ledger.ActApprove, branchTask(10), ledger.ENOTFOUND},
		{"an officer of a 支部 does not find the 党委's own tasks", branchOfficer, ledger.ActApprove, &ledger.Task{ID: 50, BranchID: 1, OwnerID: 20}, ledger.ENOTFOUND},
		{"an admin may approve anywhere", admin, ledger.ActApprove, &ledger.Task{ID: 51, BranchID: 3, OwnerID: 12}, ""},
		{"an admin may reopen anywhere", admin, ledger.ActReopen, branchTask(10), ""},
		{"an admin may not submit for an owner", admin, ledger.ActSubmit, branchTask(10), ledger.EFORBIDDEN},
		{"an admin who owns the task may not approve it", admin, ledger.ActApprove, branchTask(1), ledger.EFORBIDDEN},
		{"an admin does not find a task of a branch that does not exist", admin, ledger.ActApprove, &ledger.Task{ID: 52, BranchID: 77}, ledger.ENOTFOUND},
		{"nobody may take an action that is not a task action", partyOfficer, ledger.ActOverdue, branchTask(10), ledger.EFORBIDDEN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ledger.Scope{User: tt.user, Tree: scopeTree}.CanAct(tt.act, tt.task)
			assert.Equal(t, tt.code, ledger.ErrorCode(err))
		})
	}
}

func TestScopeLeaderOnlyReads(t *testing.T) {
	actions := []ledger.Action{
		ledger.ActProgress, ledger.ActEvidence, ledger.ActSubmit, ledger.ActApprove, ledger.ActReject,
		ledger.ActRequestExtension, ledger.ActApproveExtension, ledger.ActRejectExtension,
		ledger.ActReopen, ledger.ActUpdate, ledger.ActDelete, ledger.ActReview,
	}
	s := ledger.Scope{User: leader, Tree: scopeTree}
	for _, a := range actions {
		t.Run("a leader may not "+string(a)+" even a task without an owner", func(t *testing.T) {
			assert.Equal(t, ledger.EFORBIDDEN, ledger.ErrorCode(s.CanAct(a, branchTask(0))))
		})
	}
	t.Run("a leader sees the branches below", func(t *testing.T) {
		assert.True(t, s.Sees(2))
		assert.True(t, s.Sees(3))
		assert.False(t, s.Manages(2))
	})
}

func TestScopeSeesAndManages(t *testing.T) {
	tests := []struct {
		name          string
		user          *ledger.User
		branch        int64
		sees, manages bool
	}{
		{"a member sees their own branch but does not manage it", owner, 2, true, false},
		{"a member does not see a sibling branch", owner, 3, false, false},
		{"a member does not see the parent branch", owner, 1, false, false},
		{"an officer manages the branches below", partyOfficer, 3, true, true},
		{"a 支部 officer does not see the 党委", branchOfficer, 1, false, false},
		{"an admin manages every branch", admin, 3, true, true},
		{"an admin does not see a branch that does not exist", admin, 77, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ledger.Scope{User: tt.user, Tree: scopeTree}
			assert.Equal(t, tt.sees, s.Sees(tt.branch))
			assert.Equal(t, tt.manages, s.Manages(tt.branch))
		})
	}
	t.Run("an admin's lists start at every root, others' at their branch", func(t *testing.T) {
		assert.Equal(t, int64(0), ledger.Scope{User: admin, Tree: scopeTree}.Root())
		assert.Equal(t, int64(2), ledger.Scope{User: owner, Tree: scopeTree}.Root())
	})
}
