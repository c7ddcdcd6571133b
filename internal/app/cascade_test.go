package app_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/app"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

func TestACascadeAsksEveryBranchUnderTheOfficerAndRollsUpTheAnswers(t *testing.T) {
	f := openSimilarDemo(t)
	src := f.problemByText(t, closedDemoProblem) // found in 办公室党支部
	officer := f.user(t, "jiwei")
	due := f.st.Today().AddDays(14).String()

	_, err := f.svc.StartCascade(f.user(t, "zhangsan"), src.ID, app.CascadeInput{AllUnder: true, DueOn: due})
	assert.Equal(t, ledger.EFORBIDDEN, ledger.ErrorCode(err), "a member may not start one")

	c, err := f.svc.StartCascade(officer, src.ID, app.CascadeInput{AllUnder: true, DueOn: due})
	require.NoError(t, err)
	require.Len(t, c.Items, 6, "every branch of the 机关党委 but the one where it was found")
	for _, it := range c.Items {
		assert.NotEqual(t, src.BranchID, it.BranchID)
		assert.NotZero(t, it.OwnerID)
	}
	batch, err := f.st.FindBatch(f.st.Scope(officer), c.BatchID)
	require.NoError(t, err)
	assert.Equal(t, ledger.SourceSelfCheck, batch.SourceType)

	waiting, err := f.svc.WaitingCascades(officer)
	require.NoError(t, err)
	require.Len(t, waiting, 1)
	assert.Equal(t, ledger.CascadeRollup{Asked: 6}, waiting[0].Rollup)

	yiKe, caiWu := f.branchID(t, "业务一科党支部"), f.branchID(t, "财务审计党支部")
	_, err = f.svc.AnswerCascade(f.user(t, "wangwu"), c.ID, yiKe, "absent", "已自查")
	assert.Equal(t, ledger.EFORBIDDEN, ledger.ErrorCode(err), "a member of the branch does not answer for it")
	_, err = f.svc.AnswerCascade(f.user(t, "bgs_jw"), c.ID, yiKe, "absent", "已自查")
	assert.Equal(t, ledger.ENOTFOUND, ledger.ErrorCode(err), "another branch's officer does not see it")
	_, err = f.svc.AnswerCascade(officer, c.ID, caiWu, "absent", " ")
	assert.Equal(t, "note", ledger.ErrorField(err), "不存在 says how the branch checked")

	c, err = f.svc.AnswerCascade(officer, c.ID, yiKe, "exists", "业务一科党员大会会议记录同样缺失")
	require.NoError(t, err)
	found := c.Item(yiKe)
	require.NotZero(t, found.ProblemID, "存在 becomes a problem of the branch")
	p, err := f.st.FindProblem(f.st.Scope(officer), found.ProblemID)
	require.NoError(t, err)
	assert.Equal(t, yiKe, p.BranchID)
	assert.Equal(t, c.BatchID, p.BatchID)
	assert.Equal(t, "业务一科党员大会会议记录同样缺失", p.Description)

	_, err = f.svc.AnswerCascade(officer, c.ID, caiWu, "absent", "逐本检查会议记录，未发现缺失")
	require.NoError(t, err)
	_, err = f.svc.AnswerCascade(officer, c.ID, caiWu, "exists", "")
	assert.Equal(t, ledger.ECONFLICT, ledger.ErrorCode(err))

	views, err := f.svc.CascadesOf(officer, src.ID)
	require.NoError(t, err)
	require.Len(t, views, 1)
	assert.Equal(t, ledger.CascadeRollup{Asked: 6, Answered: 2, Found: 1}, views[0].Rollup)
	waiting, err = f.svc.WaitingCascades(officer)
	require.NoError(t, err)
	require.Len(t, waiting, 1)
	assert.Len(t, waiting[0].Items, 4, "the answered branches no longer wait")

	mine, err := f.svc.CascadesOf(f.user(t, "zhangsan"), src.ID)
	require.NoError(t, err)
	require.Len(t, mine, 1)
	assert.Zero(t, mine[0].Rollup.Asked, "a member of the source branch sees no other branch's answer")
}

func TestACascadeRefusesBadRequestsAndChangesNothing(t *testing.T) {
	f := openSimilarDemo(t)
	src := f.problemByText(t, closedDemoProblem)
	officer := f.user(t, "jiwei")
	due := f.st.Today().AddDays(14).String()
	cases := []struct {
		name  string
		u     *ledger.User
		in    app.CascadeInput
		code  string
		field string
	}{
		{"no branch", officer, app.CascadeInput{DueOn: due}, ledger.EINVALID, "branch_ids"},
		{"the problem's own branch", officer, app.CascadeInput{BranchIDs: []int64{src.BranchID}, DueOn: due}, ledger.EINVALID, "branch_ids"},
		{"a due date in the past", officer, app.CascadeInput{AllUnder: true, DueOn: f.st.Today().AddDays(-1).String()}, ledger.EINVALID, "due_on"},
		{"no due date", officer, app.CascadeInput{AllUnder: true}, ledger.EINVALID, "due_on"},
		{"a branch outside the officer's scope", f.user(t, "bgs_jw"), app.CascadeInput{BranchIDs: []int64{f.branchID(t, "财务审计党支部")}, DueOn: due}, ledger.ENOTFOUND, "branch_ids"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.svc.StartCascade(tc.u, src.ID, tc.in)
			assert.Equal(t, tc.code, ledger.ErrorCode(err))
			assert.Equal(t, tc.field, ledger.ErrorField(err))
		})
	}
	views, err := f.svc.CascadesOf(officer, src.ID)
	require.NoError(t, err)
	assert.Empty(t, views)
}

// The owner recorded on a self-check is who was the branch's officer when
// it was sent; someone no longer an officer does not answer for the branch
// (a 存在 answer records a problem, which a member may not).
func TestAnOwnerNoLongerAnOfficerDoesNotAnswerTheSelfCheck(t *testing.T) {
	f := openSimilarDemo(t)
	src := f.problemByText(t, closedDemoProblem)
	yiKe := f.branchID(t, "业务一科党支部")
	c, err := f.svc.StartCascade(f.user(t, "jiwei"), src.ID, app.CascadeInput{BranchIDs: []int64{yiKe}, DueOn: f.st.Today().AddDays(14).String()})
	require.NoError(t, err)
	admin := &ledger.User{ID: 1, Role: ledger.RoleAdmin, Login: "system"}
	member := ledger.RoleMember
	_, err = f.st.UpdateUser(admin, c.Item(yiKe).OwnerID, store.UserUpdate{Role: &member})
	require.NoError(t, err)
	demoted, err := f.st.FindUser(c.Item(yiKe).OwnerID)
	require.NoError(t, err)

	_, err = f.svc.AnswerCascade(demoted, c.ID, yiKe, "exists", "本支部同样存在")
	assert.Equal(t, ledger.EFORBIDDEN, ledger.ErrorCode(err))
	views, err := f.svc.CascadesOf(f.user(t, "jiwei"), src.ID)
	require.NoError(t, err)
	assert.Equal(t, ledger.CascadeRollup{Asked: 1}, views[0].Rollup, "nothing recorded")
}

func TestAProblemWithACascadeIsNotDeleted(t *testing.T) {
	f := openSimilarDemo(t)
	officer := f.user(t, "jiwei")
	p := f.addProblem(t, "办公室党支部", "组织建设方面", "党员活动室管理不规范")
	_, err := f.svc.StartCascade(officer, p.ID, app.CascadeInput{AllUnder: true, DueOn: f.st.Today().AddDays(7).String()})
	require.NoError(t, err)
	err = f.st.DeleteProblem(officer, p.ID)
	assert.Equal(t, ledger.ECONFLICT, ledger.ErrorCode(err))
	views, err := f.svc.CascadesOf(officer, p.ID)
	require.NoError(t, err)
	assert.Len(t, views, 1, "the roll-up stays readable")
}
