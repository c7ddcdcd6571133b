package ledger_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// day parses a fixed calendar date for a test; it panics on a typo so that
// a table with a bad date fails loudly rather than testing the zero Date.
func day(s string) ledger.Date {
	d, err := ledger.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// deadlineTask is an open 限期整改 task of branch 2, owned by user 10 and
// due on due, as the store would hold it after creation.
func deadlineTask(due string) *ledger.Task {
	return &ledger.Task{
		ID: 42, ProblemID: 7, BatchID: 3, BranchID: 2,
		Description: "完善会议记录制度",
		Kind:        ledger.KindDeadline,
		OwnerID:     10,
		DueOn:       day(due),
		WarnDays:    7,
		Status:      ledger.StatusOpen,
		CreatedOn:   day("2026-09-01"),
	}
}

// longTermTask is an open 长期坚持 task created on created that expects a
// progress report every 30 days and has no due date.
func longTermTask(created string) *ledger.Task {
	return &ledger.Task{
		ID: 43, ProblemID: 7, BatchID: 3, BranchID: 2,
		Description:     "常态化开展警示教育",
		Kind:            ledger.KindLongTerm,
		OwnerID:         10,
		ReportEveryDays: 30,
		WarnDays:        7,
		Status:          ledger.StatusOpen,
		CreatedOn:       day(created),
	}
}

// taskIn returns deadlineTask moved to status s by the real transitions,
// so that its dates are the ones a user would see in that status.
func taskIn(t *testing.T, s ledger.Status) *ledger.Task {
	t.Helper()
	task := deadlineTask("2026-12-03")
	if s == ledger.StatusOpen {
		return task
	}
	require.NoError(t, task.Progress(day("2026-11-20"), 50))
	if s == ledger.StatusInProgress {
		return task
	}
	require.NoError(t, task.Submit(day("2026-11-30"), "已建立会议记录台账", 1))
	if s == ledger.StatusSubmitted {
		return task
	}
	require.NoError(t, task.Approve(day("2026-12-01")))
	require.Equal(t, ledger.StatusClosed, task.Status)
	return task
}
