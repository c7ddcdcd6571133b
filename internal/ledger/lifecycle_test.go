package ledger_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// transitions are the lifecycle actions with valid input, so that only
// the task's status decides whether they are allowed.
var transitions = []struct {
	name    string
	do      func(t *ledger.Task) error
	allowed map[ledger.Status]ledger.Status // from → to
}{
	{"report progress", func(t *ledger.Task) error { return t.Progress(day("2026-11-26"), 60) },
		map[ledger.Status]ledger.Status{ledger.StatusOpen: ledger.StatusInProgress, ledger.StatusInProgress: ledger.StatusInProgress}},
	{"submit", func(t *ledger.Task) error { return t.Submit(day("2026-11-26"), "已整改完毕", 0) },
		map[ledger.Status]ledger.Status{ledger.StatusOpen: ledger.StatusSubmitted, ledger.StatusInProgress: ledger.StatusSubmitted}},
	{"approve", func(t *ledger.Task) error { return t.Approve(day("2026-12-05")) },
		map[ledger.Status]ledger.Status{ledger.StatusSubmitted: ledger.StatusClosed}},
	{"reject", func(t *ledger.Task) error { return t.Reject("佐证材料不足") },
		map[ledger.Status]ledger.Status{ledger.StatusSubmitted: ledger.StatusInProgress}},
	{"request an extension", func(t *ledger.Task) error {
		return t.RequestExtension(10, day("2026-11-26"), day("2026-12-31"), "需协调外单位")
	}, map[ledger.Status]ledger.Status{ledger.StatusOpen: ledger.StatusOpen, ledger.StatusInProgress: ledger.StatusInProgress}},
	{"reopen", func(t *ledger.Task) error {
		return t.Reopen(day("2026-12-10"), day("2027-01-31"), "回头看发现问题反弹")
	},
		map[ledger.Status]ledger.Status{ledger.StatusClosed: ledger.StatusOpen}},
}

func TestLifecycleAllowsEachActionOnlyFromItsStatuses(t *testing.T) {
	for _, tr := range transitions {
		for _, from := range ledger.Statuses {
			to, allowed := tr.allowed[from]
			verdict := "is refused as a conflict"
			if allowed {
				verdict = "moves it to " + string(to)
			}
			t.Run(tr.name+" on a "+string(from)+" task "+verdict, func(t *testing.T) {
				task := taskIn(t, from)
				before := task.Clone()
				err := tr.do(task)
				if allowed {
					require.NoError(t, err)
					assert.Equal(t, to, task.Status)
					return
				}
				assert.Equal(t, ledger.ECONFLICT, ledger.ErrorCode(err))
				assert.Equal(t, before, task, "a refused action changes nothing")
			})
		}
	}
}

func TestProgress(t *testing.T) {
	t.Run("a report starts the work and records percent and date", func(t *testing.T) {
		task := deadlineTask("2026-12-03")
		require.NoError(t, task.Progress(day("2026-11-26"), 30))
		assert.Equal(t, ledger.StatusInProgress, task.Status)
		assert.Equal(t, 30, task.Percent)
		assert.Equal(t, day("2026-11-26"), task.LastReportOn)
	})
	t.Run("a report without a percent keeps the last one", func(t *testing.T) {
		task := deadlineTask("2026-12-03")
		require.NoError(t, task.Progress(day("2026-11-20"), 30))
		require.NoError(t, task.Progress(day("2026-11-26"), 0))
		assert.Equal(t, 30, task.Percent)
		assert.Equal(t, day("2026-11-26"), task.LastReportOn)
	})
	for _, p := range []int{-1, 101} {
		t.Run(fmt.Sprintf("a percent of %d is refused", p), func(t *testing.T) {
			task := deadlineTask("2026-12-03")
			err := task.Progress(day("2026-11-26"), p)
			assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err))
			assert.Equal(t, "percent", ledger.ErrorField(err))
			assert.Equal(t, ledger.StatusOpen, task.Status)
		})
	}
}

func TestSubmit(t *testing.T) {
	refused := []struct {
		name string
		note string
	}{
		{"with no note and no evidence", ""},
		{"with a note of only spaces and no evidence", "  \n "},
	}
	for _, tt := range refused {
		t.Run("submitting "+tt.name+" asks for a note", func(t *testing.T) {
			task := taskIn(t, ledger.StatusInProgress)
			err := task.Submit(day("2026-11-26"), tt.note, 0)
			assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err))
			assert.Equal(t, "note", ledger.ErrorField(err))
			assert.Equal(t, ledger.StatusInProgress, task.Status)
		})
	}
	t.Run("one evidence file is enough without a note", func(t *testing.T) {
		task := taskIn(t, ledger.StatusInProgress)
		require.NoError(t, task.Submit(day("2026-11-26"), "", 1))
		assert.Equal(t, ledger.StatusSubmitted, task.Status)
	})
	t.Run("a submitted task is complete as of that day and drops a pending extension", func(t *testing.T) {
		task := taskIn(t, ledger.StatusInProgress)
		require.NoError(t, task.RequestExtension(10, day("2026-11-25"), day("2026-12-31"), "需协调外单位"))
		require.NoError(t, task.Submit(day("2026-11-26"), "已建立台账", 0))
		assert.Equal(t, day("2026-11-26"), task.SubmittedOn)
		assert.Equal(t, day("2026-11-26"), task.LastReportOn)
		assert.Equal(t, 100, task.Percent)
		assert.Nil(t, task.Extension)
	})
}

func TestSubmitOnTime(t *testing.T) {
	t.Run("submitted on the due date is on time", func(t *testing.T) {
		task := deadlineTask("2026-12-03")
		require.NoError(t, task.Submit(day("2026-12-03"), "已完成", 0))
		assert.True(t, task.OnTime)
	})
	t.Run("submitted the day after the due date is late", func(t *testing.T) {
		task := deadlineTask("2026-12-03")
		require.NoError(t, task.Submit(day("2026-12-04"), "已完成", 0))
		assert.False(t, task.OnTime)
	})
	t.Run("an extension granted after the task went overdue does not make it on time", func(t *testing.T) {
		task := deadlineTask("2026-12-03")
		require.True(t, task.MarkOverdue(day("2026-12-04")))
		require.NoError(t, task.RequestExtension(10, day("2026-12-05"), day("2026-12-31"), "需协调外单位"))
		require.NoError(t, task.DecideExtension(true, ""))
		require.Equal(t, day("2026-12-31"), task.DueOn)
		require.NoError(t, task.Submit(day("2026-12-10"), "已完成", 0))
		assert.False(t, task.OnTime)
	})
	t.Run("an extension granted in time makes a later submission on time", func(t *testing.T) {
		task := deadlineTask("2026-12-03")
		require.NoError(t, task.RequestExtension(10, day("2026-11-28"), day("2026-12-31"), "需协调外单位"))
		require.NoError(t, task.DecideExtension(true, ""))
		require.False(t, task.MarkOverdue(day("2026-12-04")))
		require.NoError(t, task.Submit(day("2026-12-10"), "已完成", 0))
		assert.True(t, task.OnTime)
	})
	t.Run("a long-term task submitted with its reports kept up is on time", func(t *testing.T) {
		task := longTermTask("2026-09-01")
		require.NoError(t, task.Progress(day("2026-09-30"), 50))
		require.NoError(t, task.Submit(day("2026-10-20"), "已形成长效机制", 0))
		assert.True(t, task.OnTime)
	})
}

func TestApproveAndReject(t *testing.T) {
	t.Run("approving closes the task on that day and keeps it on time", func(t *testing.T) {
		task := taskIn(t, ledger.StatusSubmitted)
		require.True(t, task.OnTime)
		require.NoError(t, task.Approve(day("2026-12-05")))
		assert.Equal(t, ledger.StatusClosed, task.Status)
		assert.Equal(t, day("2026-12-05"), task.ClosedOn)
		assert.True(t, task.OnTime)
	})
	t.Run("rejecting needs a reason", func(t *testing.T) {
		task := taskIn(t, ledger.StatusSubmitted)
		err := task.Reject("  ")
		assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err))
		assert.Equal(t, "reason", ledger.ErrorField(err))
		assert.Equal(t, ledger.StatusSubmitted, task.Status)
	})
	t.Run("rejecting sends the task back as not yet submitted nor on time", func(t *testing.T) {
		task := taskIn(t, ledger.StatusSubmitted)
		require.NoError(t, task.Reject("佐证材料不足"))
		assert.Equal(t, ledger.StatusInProgress, task.Status)
		assert.True(t, task.SubmittedOn.IsZero())
		assert.False(t, task.OnTime)
		assert.Equal(t, 90, task.Percent, "a rejected task is no longer shown as 100% done")
	})
	t.Run("a rejected task is overdue again once past its due date", func(t *testing.T) {
		task := taskIn(t, ledger.StatusSubmitted)
		require.NoError(t, task.Reject("佐证材料不足"))
		assert.Equal(t, ledger.LightRed, task.LightOn(day("2026-12-04")))
	})
}

func TestRequestExtension(t *testing.T) {
	tests := []struct {
		name   string
		on     string
		due    string
		reason string
		field  string
	}{
		{"a new due date is required", "2026-11-26", "", "需协调外单位", "due_on"},
		{"the current due date is not later", "2026-11-26", "2026-12-03", "需协调外单位", "due_on"},
		{"an earlier due date is refused", "2026-11-26", "2026-12-01", "需协调外单位", "due_on"},
		{"a new due date already in the past is refused", "2026-12-20", "2026-12-10", "需协调外单位", "due_on"},
		{"a reason is required", "2026-11-26", "2026-12-31", " ", "reason"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			task := deadlineTask("2026-12-03")
			var due ledger.Date
			if tt.due != "" {
				due = day(tt.due)
			}
			err := task.RequestExtension(10, day(tt.on), due, tt.reason)
			assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err))
			assert.Equal(t, tt.field, ledger.ErrorField(err))
			assert.Nil(t, task.Extension)
		})
	}
	t.Run("a request is kept with who asked, when and why", func(t *testing.T) {
		task := deadlineTask("2026-12-03")
		require.NoError(t, task.RequestExtension(10, day("2026-11-26"), day("2026-12-31"), " 需协调外单位 "))
		assert.Equal(t, &ledger.Extension{RequestedBy: 10, RequestedOn: day("2026-11-26"), DueOn: day("2026-12-31"), Reason: "需协调外单位"}, task.Extension)
		assert.Equal(t, day("2026-12-03"), task.DueOn, "asking does not move the due date")
	})
	t.Run("only one request may be pending", func(t *testing.T) {
		task := deadlineTask("2026-12-03")
		require.NoError(t, task.RequestExtension(10, day("2026-11-26"), day("2026-12-31"), "需协调外单位"))
		err := task.RequestExtension(10, day("2026-11-27"), day("2027-01-31"), "再延一个月")
		assert.Equal(t, ledger.ECONFLICT, ledger.ErrorCode(err))
		assert.Equal(t, day("2026-12-31"), task.Extension.DueOn)
	})
	t.Run("an overdue task may still ask for an extension", func(t *testing.T) {
		task := deadlineTask("2026-12-03")
		assert.NoError(t, task.RequestExtension(10, day("2026-12-10"), day("2026-12-31"), "需协调外单位"))
	})
}

func TestDecideExtension(t *testing.T) {
	pending := func(t *testing.T) *ledger.Task {
		task := deadlineTask("2026-12-03")
		require.NoError(t, task.RequestExtension(10, day("2026-11-26"), day("2026-12-31"), "需协调外单位"))
		return task
	}
	t.Run("granting moves the due date and remembers the original", func(t *testing.T) {
		task := pending(t)
		require.NoError(t, task.DecideExtension(true, ""))
		assert.Equal(t, day("2026-12-31"), task.DueOn)
		assert.Equal(t, day("2026-12-03"), task.OriginalDueOn)
		assert.Nil(t, task.Extension)
	})
	t.Run("a second grant keeps the first original due date", func(t *testing.T) {
		task := pending(t)
		require.NoError(t, task.DecideExtension(true, ""))
		require.NoError(t, task.RequestExtension(10, day("2026-12-20"), day("2027-01-31"), "再延一个月"))
		require.NoError(t, task.DecideExtension(true, ""))
		assert.Equal(t, day("2027-01-31"), task.DueOn)
		assert.Equal(t, day("2026-12-03"), task.OriginalDueOn)
	})
	t.Run("refusing needs a reason", func(t *testing.T) {
		task := pending(t)
		err := task.DecideExtension(false, "")
		assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err))
		assert.Equal(t, "reason", ledger.ErrorField(err))
		assert.NotNil(t, task.Extension, "the request stays pending")
	})
	t.Run("refusing keeps the due date and lets the owner ask again", func(t *testing.T) {
		task := pending(t)
		require.NoError(t, task.DecideExtension(false, "理由不充分"))
		assert.Equal(t, day("2026-12-03"), task.DueOn)
		assert.True(t, task.OriginalDueOn.IsZero())
		assert.Nil(t, task.Extension)
		assert.NoError(t, task.RequestExtension(10, day("2026-11-27"), day("2026-12-20"), "补充说明"))
	})
	t.Run("deciding with nothing pending is a conflict", func(t *testing.T) {
		task := deadlineTask("2026-12-03")
		err := task.DecideExtension(true, "")
		assert.Equal(t, ledger.ECONFLICT, ledger.ErrorCode(err))
		assert.Equal(t, day("2026-12-03"), task.DueOn)
	})
}

func TestReopen(t *testing.T) {
	tests := []struct {
		name   string
		on     string
		due    string
		reason string
		field  string
	}{
		{"a new due date is required", "2026-12-10", "", "回头看发现反弹", "due_on"},
		{"a new due date before today is refused", "2026-12-10", "2026-12-09", "回头看发现反弹", "due_on"},
		{"a reason is required", "2026-12-10", "2027-01-31", "", "reason"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			task := taskIn(t, ledger.StatusClosed)
			var due ledger.Date
			if tt.due != "" {
				due = day(tt.due)
			}
			err := task.Reopen(day(tt.on), due, tt.reason)
			assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err))
			assert.Equal(t, tt.field, ledger.ErrorField(err))
			assert.Equal(t, ledger.StatusClosed, task.Status)
		})
	}
	t.Run("a rebound puts the task back to work with a clean slate", func(t *testing.T) {
		task := taskIn(t, ledger.StatusClosed)
		task.FirstOverdueOn = day("2026-12-04")
		require.NoError(t, task.Reopen(day("2027-03-01"), day("2027-03-31"), "回头看发现反弹"))
		assert.Equal(t, ledger.StatusOpen, task.Status)
		assert.Equal(t, day("2027-03-31"), task.DueOn)
		assert.True(t, task.SubmittedOn.IsZero())
		assert.True(t, task.ClosedOn.IsZero())
		assert.True(t, task.FirstOverdueOn.IsZero())
		assert.False(t, task.OnTime)
		assert.Zero(t, task.Percent)
		assert.Equal(t, day("2027-03-01"), task.LastReportOn)
	})
	t.Run("a new due date of today is allowed", func(t *testing.T) {
		task := taskIn(t, ledger.StatusClosed)
		assert.NoError(t, task.Reopen(day("2027-03-01"), day("2027-03-01"), "立行立改"))
	})
	t.Run("a reopened task goes overdue again after its new due date", func(t *testing.T) {
		task := taskIn(t, ledger.StatusClosed)
		require.NoError(t, task.Reopen(day("2027-03-01"), day("2027-03-31"), "回头看发现反弹"))
		assert.True(t, task.MarkOverdue(day("2027-04-01")))
		assert.Equal(t, day("2027-04-01"), task.FirstOverdueOn)
	})
}

func TestMarkOverdue(t *testing.T) {
	t.Run("on the due date nothing is recorded", func(t *testing.T) {
		task := deadlineTask("2026-12-03")
		assert.False(t, task.MarkOverdue(day("2026-12-03")))
		assert.True(t, task.FirstOverdueOn.IsZero())
	})
	t.Run("the day after the due date is recorded once", func(t *testing.T) {
		task := deadlineTask("2026-12-03")
		assert.True(t, task.MarkOverdue(day("2026-12-04")))
		assert.Equal(t, day("2026-12-04"), task.FirstOverdueOn)
		assert.False(t, task.MarkOverdue(day("2026-12-05")), "a second scan changes nothing")
		assert.Equal(t, day("2026-12-04"), task.FirstOverdueOn)
	})
	t.Run("a scan that ran late still records the day after the due date", func(t *testing.T) {
		task := deadlineTask("2026-12-03")
		assert.True(t, task.MarkOverdue(day("2026-12-10")))
		assert.Equal(t, day("2026-12-04"), task.FirstOverdueOn)
	})
	t.Run("a long-term task records the day after its missed report", func(t *testing.T) {
		task := longTermTask("2026-09-01")
		assert.True(t, task.MarkOverdue(day("2026-11-26")))
		assert.Equal(t, day("2026-10-02"), task.FirstOverdueOn)
	})
	t.Run("a submitted task past due is not marked", func(t *testing.T) {
		task := taskIn(t, ledger.StatusSubmitted)
		assert.False(t, task.MarkOverdue(day("2026-12-20")))
		assert.True(t, task.FirstOverdueOn.IsZero())
	})
}
