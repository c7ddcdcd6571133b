package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// TestAnotherBranchsTaskIsNotFoundByAnyMethod checks that a member or an
// officer of 第二支部 cannot tell a 第一支部 task exists: every read and
// write by its id answers "not found" and changes nothing.
func TestAnotherBranchsTaskIsNotFoundByAnyMethod(t *testing.T) {
	s, clock := newTestStore(t, "2026-03-02")
	o := newOrg(t, s)
	open := atInProgress(t, s, o)
	_, err := s.AddEvidence(o.member, open.ID, &ledger.Evidence{Name: "记录.pdf", SHA256: "ab12"})
	require.NoError(t, err)
	submitted := atSubmitted(t, s, o)
	closed := atClosed(t, s, o)
	pending := atExtensionPending(t, s, o)
	clock.AddDays(o.batch.ReviewAfterDays)
	reviews, err := s.Reviews(s.Scope(o.officer), ReviewFilter{TaskID: closed.ID})
	require.NoError(t, err)
	require.Len(t, reviews, 1)
	review := reviews[0]

	for _, outsider := range []*ledger.User{o.member2, o.officer2} {
		scope := s.Scope(outsider)
		calls := []struct {
			name string
			task int64
			call func() error
		}{
			{"FindTask", open.ID, func() error { _, err := s.FindTask(scope, open.ID); return err }},
			{"ProgressNotes", open.ID, func() error { _, err := s.ProgressNotes(scope, open.ID); return err }},
			{"EvidenceFiles", open.ID, func() error { _, err := s.EvidenceFiles(scope, open.ID); return err }},
			{"FindEvidence", open.ID, func() error { _, err := s.FindEvidence(scope, open.ID, 1); return err }},
			{"TaskEvents", open.ID, func() error { _, err := s.TaskEvents(scope, open.ID); return err }},
			{"FindProblem", open.ID, func() error { _, err := s.FindProblem(scope, o.problem1.ID); return err }},
			{"FindTasks of the branch", open.ID, func() error {
				_, err := s.FindTasks(scope, ledger.TaskFilter{BranchID: o.first.ID})
				return err
			}},
			{"Dashboard of the branch", open.ID, func() error {
				_, err := s.Dashboard(scope, DashboardFilter{BranchID: o.first.ID})
				return err
			}},
			{"UpdateTask", open.ID, func() error {
				due := date("2026-12-31")
				_, err := s.UpdateTask(outsider, open.ID, TaskUpdate{DueOn: &due})
				return err
			}},
			{"DeleteTask", open.ID, func() error { return s.DeleteTask(outsider, open.ID) }},
			{"AddProgress", open.ID, func() error { _, err := s.AddProgress(outsider, open.ID, "进展", 50); return err }},
			{"AddEvidence", open.ID, func() error {
				_, err := s.AddEvidence(outsider, open.ID, &ledger.Evidence{Name: "x.pdf", SHA256: "ef56"})
				return err
			}},
			{"Submit", open.ID, func() error { _, err := s.Submit(outsider, open.ID, "完成"); return err }},
			{"RequestExtension", open.ID, func() error {
				_, err := s.RequestExtension(outsider, open.ID, date("2026-06-01"), "延期")
				return err
			}},
			{"Approve", submitted.ID, func() error { _, err := s.Approve(outsider, submitted.ID, ""); return err }},
			{"Reject", submitted.ID, func() error { _, err := s.Reject(outsider, submitted.ID, "不合格"); return err }},
			{"DecideExtension", pending.ID, func() error { _, err := s.DecideExtension(outsider, pending.ID, true, ""); return err }},
			{"Reopen", closed.ID, func() error {
				_, err := s.Reopen(outsider, closed.ID, date("2026-08-01"), "反弹")
				return err
			}},
			{"DecideReview", closed.ID, func() error {
				_, err := s.DecideReview(outsider, review.ID, ledger.OutcomeConsolidated, "", 0)
				return err
			}},
			{"CreateTask on its problem", open.ID, func() error {
				return s.CreateTask(outsider, &ledger.Task{ProblemID: o.problem1.ID, Description: "措施", DueOn: date("2026-06-01")})
			}},
		}
		for _, c := range calls {
			t.Run(outsider.Login+" gets not found from "+c.name, func(t *testing.T) {
				snap := snapshotOf(t, s, c.task)
				err := c.call()
				assert.Equal(t, ledger.ENOTFOUND, ledger.ErrorCode(err), "error %v", err)
				assert.Equal(t, snap, snapshotOf(t, s, c.task), "nothing changed")
			})
		}
		t.Run(outsider.Login+" finds none of them in lists", func(t *testing.T) {
			for _, f := range []ledger.TaskFilter{{}, {ProblemID: o.problem1.ID}, {OwnerID: o.member.ID}, {Query: "整改方案"}, {Light: ledger.LightRed}} {
				page, err := s.FindTasks(scope, f)
				require.NoError(t, err)
				assert.Empty(t, page.Tasks, "filter %+v", f)
				assert.Zero(t, page.Total, "filter %+v", f)
			}
			rs, err := s.Reviews(scope, ReviewFilter{TaskID: closed.ID})
			require.NoError(t, err)
			assert.Empty(t, rs)
			ps, err := s.Problems(scope, ProblemFilter{BatchID: o.batch.ID})
			require.NoError(t, err)
			require.Len(t, ps, 1)
			assert.Equal(t, o.problem2.ID, ps[0].ID)
		})
	}
	t.Run("the task's own member still reaches it", func(t *testing.T) {
		got, err := s.FindTask(s.Scope(o.member), open.ID)
		require.NoError(t, err)
		assert.Equal(t, open.ID, got.ID)
	})
}

func TestATaskOwnerMustBeAnActiveUserWhoSeesTheBranch(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-02")
	o := newOrg(t, s)
	disabled := mustUser(t, s, o.admin, "qian", "钱六", ledger.RoleMember, o.first.ID)
	yes := true
	_, err := s.UpdateUser(o.admin, disabled.ID, UserUpdate{Disabled: &yes})
	require.NoError(t, err)
	tests := []struct {
		name  string
		owner int64
		field string
	}{
		{"a member of another branch cannot own it", o.member2.ID, "owner_id"},
		{"a leader cannot own it", o.leader1.ID, "owner_id"},
		{"a disabled user cannot own it", disabled.ID, "owner_id"},
		{"an unknown user cannot own it", 9999, "owner_id"},
		{"a member of the branch may own it", o.member.ID, ""},
		{"an officer of the 党委 above may own it", o.partyOfficer.ID, ""},
		{"nobody may own it (an imported row)", 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tasks := keyCount(t, s, bTasks)
			task := &ledger.Task{ProblemID: o.problem1.ID, Description: "措施", OwnerID: tt.owner, DueOn: date("2026-06-01")}
			err := s.CreateTask(o.officer, task)
			if tt.field == "" {
				require.NoError(t, err)
				assert.Equal(t, tasks+1, keyCount(t, s, bTasks))
				return
			}
			assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err))
			assert.Equal(t, tt.field, ledger.ErrorField(err))
			assert.Equal(t, tasks, keyCount(t, s, bTasks), "no task was created")
		})
	}
	t.Run("an update to an owner of another branch is refused and changes nothing", func(t *testing.T) {
		task := atOpen(t, s, o)
		snap := snapshotOf(t, s, task.ID)
		_, err := s.UpdateTask(o.officer, task.ID, TaskUpdate{OwnerID: &o.member2.ID})
		assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err))
		assert.Equal(t, "owner_id", ledger.ErrorField(err))
		assert.Equal(t, snap, snapshotOf(t, s, task.ID))
	})
	t.Run("a member cannot be the reviewer", func(t *testing.T) {
		err := s.CreateTask(o.officer, &ledger.Task{ProblemID: o.problem1.ID, Description: "措施",
			ReviewerID: o.member.ID, DueOn: date("2026-06-01")})
		assert.Equal(t, "reviewer_id", ledger.ErrorField(err))
	})
	t.Run("a member cannot add measures even to their own branch's problem", func(t *testing.T) {
		err := s.CreateTask(o.member, &ledger.Task{ProblemID: o.problem1.ID, Description: "措施", DueOn: date("2026-06-01")})
		assert.Equal(t, ledger.EFORBIDDEN, ledger.ErrorCode(err))
	})
}

func TestCreateProblemChecksTheBatch(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-02")
	o := newOrg(t, s)
	firstBatch := &ledger.Batch{Title: "第一支部组织生活会", SourceType: ledger.SourceOrgLife, BranchID: o.first.ID, StartedOn: date("2026-02-01")}
	require.NoError(t, s.CreateBatch(o.officer, firstBatch))
	tests := []struct {
		name        string
		actor       *ledger.User
		batch       int64
		branch      int64
		code, field string
	}{
		{"an officer of 第二支部 cannot see 第一支部's batch", o.officer2, firstBatch.ID, o.second.ID, ledger.ENOTFOUND, "batch_id"},
		{"an admin cannot file a 第二支部 problem under 第一支部's batch", o.admin, firstBatch.ID, o.second.ID, ledger.EINVALID, "branch_id"},
		{"an officer cannot file a problem in a branch outside their scope", o.officer, o.batch.ID, o.second.ID, ledger.ENOTFOUND, "branch_id"},
		{"a member cannot file problems", o.member, o.batch.ID, o.first.ID, ledger.EFORBIDDEN, "branch_id"},
		{"an unknown batch is not found", o.admin, 999, o.first.ID, ledger.ENOTFOUND, "batch_id"},
		{"a 支部 officer may file under the 党委's batch", o.officer2, o.batch.ID, o.second.ID, "", ""},
		{"an officer may file under their own branch's batch", o.officer, firstBatch.ID, o.first.ID, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems, events := keyCount(t, s, bProblems), eventCount(t, s)
			err := s.CreateProblem(tt.actor, &ledger.Problem{BatchID: tt.batch, BranchID: tt.branch, Description: "问题"})
			assert.Equal(t, tt.code, ledger.ErrorCode(err), "error %v", err)
			assert.Equal(t, tt.field, ledger.ErrorField(err))
			if tt.code != "" {
				assert.Equal(t, problems, keyCount(t, s, bProblems))
				assert.Equal(t, events, eventCount(t, s))
			} else {
				assert.Equal(t, problems+1, keyCount(t, s, bProblems))
			}
		})
	}
}
