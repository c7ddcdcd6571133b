package jobs

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
	"rectify/internal/notify"
	"rectify/internal/store"
)

// closeTask submits and approves a task on the clock's day.
func (f *fixture) closeTask(t *ledger.Task) {
	f.t.Helper()
	_, err := f.st.Submit(f.member, t.ID, "已完成")
	require.NoError(f.t, err)
	_, err = f.st.Approve(f.officer, t.ID, "同意销号")
	require.NoError(f.t, err)
}

func (f *fixture) reviewOf(taskID int64) *ledger.Review {
	f.t.Helper()
	rs, err := f.st.Reviews(f.st.Scope(f.admin), store.ReviewFilter{TaskID: taskID})
	require.NoError(f.t, err)
	require.Len(f.t, rs, 1)
	return rs[0]
}

func TestReviewsRemindTheOfficersWhenA回头看FallsDue(t *testing.T) {
	f := newFixture(t, "2026-11-20")
	a := f.task(f.problem1, f.member.ID, "2026-12-20")
	f.on("2026-11-26")
	f.closeTask(a)
	r := f.reviewOf(a.ID)
	assert.Equal(t, day("2027-02-24"), r.DueOn, "closed_on + review_after_days (90)")

	assert.Equal(t, 0, f.run(NameReviews, "2027-02-23"))
	assert.Equal(t, 1, f.run(NameReviews, "2027-02-24"))
	assert.Equal(t, 0, f.run(NameReviews, "2027-02-25"))
	assert.Equal(t, []string{kindTask(notify.KindSubmitted, a.ID), kindTask(notify.KindReviewDue, a.ID)}, f.inbox(f.officer))
	assert.Equal(t, []string{kindTask(notify.KindApproved, a.ID)}, f.inbox(f.member))
	rows := f.deliveries()
	assert.Empty(t, rows, "no channel configured")

	// Consolidated: the review is done and nothing more is due.
	f.on("2027-02-26")
	done, err := f.st.DecideReview(f.officer, r.ID, ledger.OutcomeConsolidated, "整改成果巩固", 0)
	require.NoError(t, err)
	assert.True(t, done.Done)
	assert.Equal(t, ledger.StatusClosed, f.find(a.ID).Status)
	pending, err := f.st.Reviews(f.st.Scope(f.admin), store.ReviewFilter{})
	require.NoError(t, err)
	assert.Empty(t, pending)
	assert.Equal(t, 0, f.run(NameReviews, "2027-03-01"))
}

func TestAReboundReopensTheTaskWhichIsThenWatchedAgain(t *testing.T) {
	f := newFixture(t, "2026-11-20")
	a := f.task(f.problem1, f.member.ID, "2026-12-20")
	f.on("2026-11-26")
	f.closeTask(a)
	r := f.reviewOf(a.ID)
	require.Equal(t, 1, f.run(NameReviews, "2027-02-24"))

	f.on("2027-02-25")
	_, err := f.st.DecideReview(f.officer, r.ID, ledger.OutcomeRebound, "问题反弹，会议记录再次缺失", day("2027-03-31"))
	require.NoError(t, err)
	reopened := f.find(a.ID)
	assert.Equal(t, ledger.StatusOpen, reopened.Status)
	assert.Equal(t, day("2027-03-31"), reopened.DueOn)
	assert.Equal(t, 1, f.events(a.ID, ledger.ActReopen))

	assert.Equal(t, 0, f.run(NameReviews, "2027-02-26"), "the decided review is not due any more")
	assert.Equal(t, 1, f.run(NameDueSoon, "2027-03-24"), "the reopened task enters its new window")
	assert.Equal(t, 1, f.run(NameOverdue, "2027-04-01"))
	assert.Equal(t, []string{kindTask(notify.KindApproved, a.ID), kindTask(notify.KindDueSoon, a.ID),
		kindTask(notify.KindOverdue, a.ID)}, f.inbox(f.member))
}
