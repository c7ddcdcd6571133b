package ledger_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

func TestLightAroundTheWarningWindow(t *testing.T) {
	// warn_days 7, due 2026-12-03: yellow from 2026-11-26 to 2026-12-03.
	tests := []struct {
		name  string
		today string
		want  ledger.Light
	}{
		{"eight days before the due date is green", "2026-11-25", ledger.LightGreen},
		{"seven days before the due date is yellow", "2026-11-26", ledger.LightYellow},
		{"the due date itself is yellow", "2026-12-03", ledger.LightYellow},
		{"the day after the due date is red", "2026-12-04", ledger.LightRed},
		{"months after the due date is still red", "2027-03-01", ledger.LightRed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			task := deadlineTask("2026-12-03")
			require.Equal(t, 7, task.WarnDays)
			assert.Equal(t, tt.want, task.LightOn(day(tt.today)))
		})
	}
}

func TestLightOfOtherCases(t *testing.T) {
	t.Run("a task without its own warning window uses 7 days", func(t *testing.T) {
		task := deadlineTask("2026-12-03")
		task.WarnDays = 0
		assert.Equal(t, ledger.LightGreen, task.LightOn(day("2026-11-25")))
		assert.Equal(t, ledger.LightYellow, task.LightOn(day("2026-11-26")))
	})
	t.Run("a batch's 3-day window keeps the task green until 3 days before", func(t *testing.T) {
		task := deadlineTask("2026-12-03")
		task.WarnDays = 3
		assert.Equal(t, ledger.LightGreen, task.LightOn(day("2026-11-29")))
		assert.Equal(t, ledger.LightYellow, task.LightOn(day("2026-11-30")))
	})
	t.Run("an in-progress task past due is red", func(t *testing.T) {
		task := taskIn(t, ledger.StatusInProgress)
		assert.Equal(t, ledger.LightRed, task.LightOn(day("2026-12-04")))
	})
	t.Run("a submitted task past due waits for the officer and is not red", func(t *testing.T) {
		task := taskIn(t, ledger.StatusSubmitted)
		assert.Equal(t, ledger.LightGreen, task.LightOn(day("2026-12-20")))
	})
	t.Run("a closed task is done", func(t *testing.T) {
		task := taskIn(t, ledger.StatusClosed)
		assert.Equal(t, ledger.LightDone, task.LightOn(day("2026-12-20")))
	})
	t.Run("a task imported already past due is red at once", func(t *testing.T) {
		task := deadlineTask("2025-06-30")
		task.CreatedOn = day("2026-11-26")
		assert.Equal(t, ledger.LightRed, task.LightOn(day("2026-11-26")))
	})
}

func TestLightOfLongTermTasks(t *testing.T) {
	// Created 2026-09-01, last report 2026-10-20, so the next is due 2026-11-19.
	reported := func() *ledger.Task {
		task := longTermTask("2026-09-01")
		task.DueOn = day("2028-12-31")
		task.LastReportOn = day("2026-10-20")
		return task
	}
	t.Run("a long-term task reported on time is green", func(t *testing.T) {
		assert.Equal(t, ledger.LightGreen, reported().LightOn(day("2026-11-19")))
	})
	t.Run("a missed report makes it red even with a far due date", func(t *testing.T) {
		assert.Equal(t, ledger.LightRed, reported().LightOn(day("2026-11-20")))
	})
	t.Run("a long-term task without a due date is red once its report is missed", func(t *testing.T) {
		task := longTermTask("2026-09-01")
		assert.Equal(t, ledger.LightGreen, task.LightOn(day("2026-10-01")))
		assert.Equal(t, ledger.LightRed, task.LightOn(day("2026-10-02")))
	})
	t.Run("reporting progress turns it green again", func(t *testing.T) {
		task := reported()
		require.NoError(t, task.Progress(day("2026-11-26"), 60))
		assert.Equal(t, ledger.LightGreen, task.LightOn(day("2026-11-26")))
	})
}

func TestLightNames(t *testing.T) {
	tests := []struct {
		light ledger.Light
		label string
	}{
		{ledger.LightRed, "红灯"},
		{ledger.LightYellow, "黄灯"},
		{ledger.LightGreen, "绿灯"},
		{ledger.LightDone, "已销号"},
	}
	for _, tt := range tests {
		t.Run(string(tt.light)+" is shown as "+tt.label, func(t *testing.T) {
			assert.True(t, tt.light.Valid())
			assert.Equal(t, tt.label, tt.light.Label())
		})
	}
	t.Run("an unknown light is not valid", func(t *testing.T) {
		assert.False(t, ledger.Light("blue").Valid())
	})
}
