package app_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

// closedDemoProblem is a demo problem of 办公室党支部 whose measure is 销号.
const closedDemoProblem = "“三会一课”记录不规范，部分支部党员大会会议记录缺失"

func (f *similarFixture) problemByText(t *testing.T, text string) *ledger.Problem {
	var found *ledger.Problem
	require.NoError(t, f.st.EachProblem(func(p *ledger.Problem) error {
		if p.Description == text {
			found = p
		}
		return nil
	}))
	require.NotNil(t, found, text)
	return found
}

func TestANewProblemLikeOneClosedInItsBranchIsFlaggedOnce(t *testing.T) {
	f := openSimilarDemo(t)
	ctx := context.Background()
	closed := f.problemByText(t, closedDemoProblem)
	_, err := f.svc.CheckRebounds(ctx) // the demo's own problems
	require.NoError(t, err)

	back := f.addProblem(t, "办公室党支部", "组织建设方面", "三会一课会议记录仍不规范，党员大会记录缺失")
	elsewhere := f.addProblem(t, "财务审计党支部", "组织建设方面", "三会一课会议记录仍不规范，党员大会记录缺失")
	n, err := f.svc.CheckRebounds(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "only the branch that closed the problem gets a flag")

	officer := f.user(t, "jiwei")
	flags, err := f.svc.Rebounds(officer, back.ID, "")
	require.NoError(t, err)
	require.Len(t, flags, 1)
	assert.Equal(t, closed.ID, flags[0].EarlierProblemID)
	assert.Equal(t, ledger.ReboundPending, flags[0].Status)
	assert.Equal(t, ledger.ReboundSimilar, flags[0].Source)
	none, err := f.svc.Rebounds(officer, elsewhere.ID, "")
	require.NoError(t, err)
	assert.Empty(t, none)

	n, err = f.svc.CheckRebounds(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "a second check flags nothing again")
}

func TestAReboundFlagIsConfirmedOrDismissedByAnOfficerOfItsBranchOnly(t *testing.T) {
	f := openSimilarDemo(t)
	ctx := context.Background()
	_, err := f.svc.CheckRebounds(ctx)
	require.NoError(t, err)
	back := f.addProblem(t, "办公室党支部", "组织建设方面", "三会一课会议记录仍不规范，党员大会记录缺失")
	_, err = f.svc.CheckRebounds(ctx)
	require.NoError(t, err)
	officer := f.user(t, "jiwei")
	flags, err := f.svc.Rebounds(officer, 0, ledger.ReboundPending)
	require.NoError(t, err)
	require.Len(t, flags, 1)
	id := flags[0].ID

	_, err = f.svc.DecideRebound(f.user(t, "zhangsan"), id, true, "")
	assert.Equal(t, ledger.EFORBIDDEN, ledger.ErrorCode(err), "a member sees the flag but may not decide it")
	_, err = f.svc.DecideRebound(f.user(t, "wangwu"), id, true, "")
	assert.Equal(t, ledger.ENOTFOUND, ledger.ErrorCode(err), "another branch does not see it")
	_, err = f.svc.DecideRebound(officer, id, false, " ")
	assert.Equal(t, "note", ledger.ErrorField(err), "dismissing says why")

	r, err := f.svc.DecideRebound(officer, id, true, "同一问题再次出现")
	require.NoError(t, err)
	assert.Equal(t, ledger.ReboundConfirmed, r.Status)
	_, err = f.svc.DecideRebound(officer, id, false, "不是")
	assert.Equal(t, ledger.ECONFLICT, ledger.ErrorCode(err))
	pending, err := f.svc.Rebounds(officer, 0, ledger.ReboundPending)
	require.NoError(t, err)
	assert.Empty(t, pending)
	linked, err := f.svc.Rebounds(officer, back.ID, ledger.ReboundConfirmed)
	require.NoError(t, err)
	assert.Len(t, linked, 1)
}

func TestAReviewThatFindsTheProblemBackRecordsAConfirmedRebound(t *testing.T) {
	f := openSimilarDemo(t)
	officer := f.user(t, "jiwei")
	closed := f.problemByText(t, closedDemoProblem)
	reviews, err := f.st.Reviews(f.st.Scope(officer), store.ReviewFilter{})
	require.NoError(t, err)
	var review *ledger.Review
	for _, r := range reviews {
		task, err := f.st.FindTask(f.st.Scope(officer), r.TaskID)
		require.NoError(t, err)
		if task.ProblemID == closed.ID {
			review = r
		}
	}
	require.NotNil(t, review, "the closed demo measure has a pending 回头看")
	_, err = f.st.DecideReview(officer, review.ID, ledger.OutcomeRebound, "会议记录又出现缺页", f.st.Today().AddDays(30))
	require.NoError(t, err)
	flags, err := f.svc.Rebounds(officer, closed.ID, ledger.ReboundConfirmed)
	require.NoError(t, err)
	require.Len(t, flags, 1)
	assert.Equal(t, ledger.ReboundReview, flags[0].Source)
	assert.Equal(t, review.TaskID, flags[0].TaskID)
	assert.Equal(t, officer.ID, flags[0].DecidedBy)
}

// The first check after an upgrade reads every problem ever recorded, so
// later problems are already there: however many of them read more alike,
// they must not crowd the earlier closed one out of a problem's matches.
func TestLaterProblemsDoNotHideTheEarlierOneAProblemReboundsFrom(t *testing.T) {
	f := openSimilarDemo(t)
	closed := f.problemByText(t, closedDemoProblem)
	const text = "三会一课会议记录仍不规范，党员大会记录缺失"
	back := f.addProblem(t, "办公室党支部", "组织建设方面", text)
	for range 12 {
		f.addProblem(t, "办公室党支部", "组织建设方面", text)
	}
	_, err := f.svc.CheckRebounds(context.Background())
	require.NoError(t, err)
	flags, err := f.svc.Rebounds(f.user(t, "jiwei"), back.ID, "")
	require.NoError(t, err)
	var earlier []int64
	for _, r := range flags {
		earlier = append(earlier, r.EarlierProblemID)
	}
	assert.Contains(t, earlier, closed.ID)
}
