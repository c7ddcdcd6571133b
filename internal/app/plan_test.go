package app_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/app"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

type fixture struct {
	st                     *store.Store
	svc                    *app.Service
	admin, officer, member *ledger.User
	member2                *ledger.User
	branch                 int64
	problem                *ledger.Problem
}

func newFixture(t *testing.T) *fixture {
	now := func() time.Time { return time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC) }
	st, err := store.Open(t.TempDir(), store.Options{Now: now, Location: time.UTC, NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, st.Close()) })
	f := &fixture{st: st, svc: app.New(st, now), admin: &ledger.User{Login: "admin", Name: "管理员", Role: ledger.RoleAdmin}}
	require.NoError(t, st.CreateUser(nil, f.admin, "hash"))
	b := &ledger.Branch{Name: "第一支部"}
	require.NoError(t, st.CreateBranch(f.admin, b))
	f.branch = b.ID
	mk := func(login string, role ledger.Role) *ledger.User {
		u := &ledger.User{Login: login, Name: login, Role: role, BranchID: b.ID}
		require.NoError(t, st.CreateUser(f.admin, u, "hash"))
		return u
	}
	f.officer, f.member, f.member2 = mk("officer", ledger.RoleOfficer), mk("member", ledger.RoleMember), mk("member2", ledger.RoleMember)
	title, src, started := "巡察反馈", "patrol", "2026-03-01"
	batch, err := f.svc.CreateBatch(f.officer, app.BatchInput{Title: &title, SourceType: &src, BranchID: b.ID, StartedOn: &started})
	require.NoError(t, err)
	desc := "会议记录不规范"
	f.problem, _, err = f.svc.CreateProblem(f.officer, app.ProblemInput{BatchID: batch.ID, BranchID: b.ID, Description: &desc}, nil)
	require.NoError(t, err)
	return f
}

func str(s string) *string { return &s }

func TestAMemberIsRefusedBeforeAnythingIsLookedUp(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.CreateBatch(f.member, app.BatchInput{})
	assert.Equal(t, "role.officer_only", ledger.ErrorReason(err), "403 even for an empty, invalid batch")
	_, err = f.svc.UpdateMeasure(f.member, 999, app.MeasureInput{})
	assert.Equal(t, ledger.EFORBIDDEN, ledger.ErrorCode(err), "403, not 404, for an unknown id")
	_, err = f.svc.Reassign(f.member, app.HandoverInput{})
	assert.Equal(t, ledger.EFORBIDDEN, ledger.ErrorCode(err))
}

func TestAMeasuresPlanIsLockedOnceSubmitted(t *testing.T) {
	f := newFixture(t)
	owner := f.member.ID
	task, err := f.svc.CreateMeasure(f.officer, f.problem.ID, app.MeasureInput{Description: str("补齐记录"), DueOn: str("2026-04-30"), OwnerID: &owner})
	require.NoError(t, err)
	_, err = f.st.Submit(f.member, task.ID, "已补齐")
	require.NoError(t, err)
	other := f.member2.ID
	_, err = f.svc.UpdateMeasure(f.officer, task.ID, app.MeasureInput{OwnerID: &other})
	assert.Equal(t, "task.owner_locked", ledger.ErrorReason(err))
	assert.Equal(t, "owner_id", ledger.ErrorField(err))
	_, err = f.svc.UpdateMeasure(f.officer, task.ID, app.MeasureInput{DueOn: str("2026-05-31")})
	assert.Equal(t, "task.plan_locked", ledger.ErrorReason(err))
	_, err = f.svc.WithdrawMeasure(f.officer, task.ID, "重复")
	assert.Equal(t, "task.withdraw_state", ledger.ErrorReason(err))
}

func TestInputErrorsNameTheFieldAndCarryAReason(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.CreateMeasure(f.officer, f.problem.ID, app.MeasureInput{Description: str("x"), DueOn: str("2026-02-30")})
	assert.Equal(t, "due_on", ledger.ErrorField(err))
	assert.Equal(t, "field.date", ledger.ErrorReason(err))
	_, err = f.svc.WithdrawMeasure(f.officer, 1, "  ")
	assert.Equal(t, "reason", ledger.ErrorField(err))
	_, err = f.svc.Reassign(f.officer, app.HandoverInput{FromOwnerID: f.member.ID, ToOwnerID: f.member.ID, Reason: "x"})
	assert.Equal(t, "owner.same", ledger.ErrorReason(err))
	many := make([]app.MeasureInput, app.MaxMeasuresPerForm+1)
	_, _, err = f.svc.CreateProblem(f.officer, app.ProblemInput{BatchID: f.problem.BatchID, BranchID: f.branch, Description: str("x")}, many)
	assert.Equal(t, "tasks", ledger.ErrorField(err))
	_, _, err = f.svc.CreateProblem(f.officer, app.ProblemInput{BatchID: f.problem.BatchID, BranchID: f.branch, Description: str("x")},
		[]app.MeasureInput{{Description: str("一")}, {Description: str("二"), DueOn: str("明天")}})
	assert.Equal(t, "tasks.0.due_on", ledger.ErrorField(err), "the first bad measure is named by its row")
}

func TestOwnersAreActiveMembersAndOfficersOnly(t *testing.T) {
	f := newFixture(t)
	yes := true
	_, err := f.svc.UpdateUser(f.admin, f.member2.ID, app.UserInput{Disabled: &yes})
	require.NoError(t, err)
	owners, err := f.svc.Owners(f.officer, f.branch)
	require.NoError(t, err)
	var names []string
	for _, o := range owners {
		names = append(names, o.Login)
	}
	assert.ElementsMatch(t, []string{"officer", "member"}, names)
}
