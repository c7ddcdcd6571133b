package ledger_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

func newTask() ledger.Task {
	return ledger.Task{ProblemID: 7, Description: "完善会议记录制度", OwnerID: 10, DueOn: day("2026-12-31")}
}

func TestTaskValidateReportsTheBadField(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *ledger.Task)
		field  string
	}{
		{"a problem is required", func(t *ledger.Task) { t.ProblemID = 0 }, "problem_id"},
		{"a description is required", func(t *ledger.Task) { t.Description = "   " }, "description"},
		{"a description over 5000 characters is refused", func(t *ledger.Task) { t.Description = strings.Repeat("措", 5001) }, "description"},
		{"an unknown kind is refused", func(t *ledger.Task) { t.Kind = "someday" }, "kind"},
		{"a negative owner is refused", func(t *ledger.Task) { t.OwnerID = -1 }, "owner_id"},
		{"a 限期整改 task needs a due date", func(t *ledger.Task) { t.DueOn = 0 }, "due_on"},
		{"a 立行立改 task needs a due date", func(t *ledger.Task) { t.Kind, t.DueOn = ledger.KindImmediate, 0 }, "due_on"},
		{"a negative report interval is refused", func(t *ledger.Task) { t.Kind, t.ReportEveryDays = ledger.KindLongTerm, -1 }, "report_every_days"},
		{"a report interval over a year is refused", func(t *ledger.Task) { t.ReportEveryDays = 367 }, "report_every_days"},
		{"a lead department over 200 characters is refused", func(t *ledger.Task) { t.LeadDept = strings.Repeat("部", 201) }, "lead_dept"},
		{"more than 20 support departments are refused", func(t *ledger.Task) { t.SupportDepts = make([]string, 21) }, "support_depts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			task := newTask()
			tt.change(&task)
			err := task.Validate()
			assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err))
			assert.Equal(t, tt.field, ledger.ErrorField(err))
		})
	}
}

func TestTaskValidateFillsDefaults(t *testing.T) {
	t.Run("a task without a kind is 限期整改", func(t *testing.T) {
		task := newTask()
		require.NoError(t, task.Validate())
		assert.Equal(t, ledger.KindDeadline, task.Kind)
		assert.Zero(t, task.ReportEveryDays, "only long-term tasks report on a schedule")
	})
	t.Run("a 长期坚持 task needs no due date and reports every 30 days", func(t *testing.T) {
		task := newTask()
		task.Kind, task.DueOn = ledger.KindLongTerm, 0
		require.NoError(t, task.Validate())
		assert.Equal(t, 30, task.ReportEveryDays)
	})
	t.Run("a 长期坚持 task keeps the report interval it was given", func(t *testing.T) {
		task := newTask()
		task.Kind, task.ReportEveryDays = ledger.KindLongTerm, 90
		require.NoError(t, task.Validate())
		assert.Equal(t, 90, task.ReportEveryDays)
	})
	t.Run("text fields are trimmed", func(t *testing.T) {
		task := newTask()
		task.Description, task.LeadDept, task.OwnerName = " 完善会议记录制度 ", " 组织部 ", " 张三 "
		require.NoError(t, task.Validate())
		assert.Equal(t, "完善会议记录制度", task.Description)
		assert.Equal(t, "组织部", task.LeadDept)
		assert.Equal(t, "张三", task.OwnerName)
	})
	t.Run("a due date in the past is allowed for a ledger entered after the fact", func(t *testing.T) {
		task := newTask()
		task.DueOn, task.CreatedOn = day("2025-06-30"), day("2026-11-26")
		assert.NoError(t, task.Validate())
	})
	t.Run("a task imported without an owner account is allowed", func(t *testing.T) {
		task := newTask()
		task.OwnerID, task.OwnerName = 0, "王五"
		assert.NoError(t, task.Validate())
	})
}

func TestTaskCloneIsIndependent(t *testing.T) {
	orig := deadlineTask("2026-12-03")
	orig.SupportDepts = []string{"宣传部", "纪检组"}
	orig.Extension = &ledger.Extension{RequestedBy: 10, DueOn: day("2026-12-31"), Reason: "需协调外单位"}

	c := orig.Clone()
	require.Equal(t, orig, c)
	c.SupportDepts[0] = "办公室"
	c.Extension.DueOn = day("2027-03-31")
	c.DueOn = day("2027-01-01")

	assert.Equal(t, []string{"宣传部", "纪检组"}, orig.SupportDepts)
	assert.Equal(t, day("2026-12-31"), orig.Extension.DueOn)
	assert.Equal(t, day("2026-12-03"), orig.DueOn)
}

func TestKinds(t *testing.T) {
	tests := []struct {
		in   string
		want ledger.Kind
		ok   bool
	}{
		{"立行立改", ledger.KindImmediate, true},
		{"限期整改", ledger.KindDeadline, true},
		{"长期坚持", ledger.KindLongTerm, true},
		{"long_term", ledger.KindLongTerm, true},
		{"尽快整改", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in+" maps to "+string(tt.want), func(t *testing.T) {
			got, ok := ledger.KindFromLabel(tt.in)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestStatuses(t *testing.T) {
	tests := []struct {
		status     ledger.Status
		label      string
		unfinished bool
	}{
		{ledger.StatusOpen, "未开始", true},
		{ledger.StatusInProgress, "整改中", true},
		{ledger.StatusSubmitted, "待审核", false},
		{ledger.StatusClosed, "已销号", false},
	}
	for _, tt := range tests {
		t.Run(string(tt.status)+" is shown as "+tt.label, func(t *testing.T) {
			assert.True(t, tt.status.Valid())
			assert.Equal(t, tt.label, tt.status.Label())
			assert.Equal(t, tt.unfinished, tt.status.Unfinished())
		})
	}
	t.Run("statuses are listed in lifecycle order", func(t *testing.T) {
		assert.Equal(t, []ledger.Status{ledger.StatusOpen, ledger.StatusInProgress, ledger.StatusSubmitted, ledger.StatusClosed}, ledger.Statuses)
		assert.False(t, ledger.Status("done").Valid())
	})
}

func TestReportDueOn(t *testing.T) {
	t.Run("a new long-term task reports 30 days after creation", func(t *testing.T) {
		task := longTermTask("2026-11-01")
		assert.Equal(t, day("2026-12-01"), task.ReportDueOn())
	})
	t.Run("each report moves the next one 30 days on", func(t *testing.T) {
		task := longTermTask("2026-09-01")
		require.NoError(t, task.Progress(day("2026-11-20"), 40))
		assert.Equal(t, day("2026-12-20"), task.ReportDueOn())
	})
	t.Run("an imported long-term task without any date is never late with a report", func(t *testing.T) {
		task := longTermTask("2026-09-01")
		task.CreatedOn = 0
		assert.True(t, task.ReportDueOn().IsZero())
		assert.Equal(t, ledger.LightGreen, task.LightOn(day("2027-06-01")))
	})
	t.Run("a deadline task has no report date", func(t *testing.T) {
		assert.True(t, deadlineTask("2026-12-03").ReportDueOn().IsZero())
	})
}

func TestPastDueAndDaysOverdue(t *testing.T) {
	tests := []struct {
		name    string
		today   string
		pastDue bool
		days    int
	}{
		{"on the due date the task is not past due", "2026-12-03", false, 0},
		{"the day after it is one day overdue", "2026-12-04", true, 1},
		{"a month later it is 31 days overdue", "2027-01-03", true, 31},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			task := deadlineTask("2026-12-03")
			assert.Equal(t, tt.pastDue, task.PastDue(day(tt.today)))
			assert.Equal(t, tt.days, task.DaysOverdue(day(tt.today)))
		})
	}
	t.Run("a submitted task is no longer overdue", func(t *testing.T) {
		task := taskIn(t, ledger.StatusSubmitted)
		assert.False(t, task.Overdue(day("2027-01-03")))
		assert.Zero(t, task.DaysOverdue(day("2027-01-03")))
	})
}
