package ledger_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

func TestCountsOf(t *testing.T) {
	tests := []struct {
		name   string
		status ledger.Status
		onTime bool
		want   ledger.Counts
	}{
		{"an open task counts as open", ledger.StatusOpen, false, ledger.Counts{Total: 1, Open: 1}},
		{"an in-progress task counts as in progress", ledger.StatusInProgress, false, ledger.Counts{Total: 1, InProgress: 1}},
		{"a task submitted late counts as submitted only", ledger.StatusSubmitted, false, ledger.Counts{Total: 1, Submitted: 1}},
		{"a task submitted on time counts as submitted and on time", ledger.StatusSubmitted, true, ledger.Counts{Total: 1, Submitted: 1, OnTime: 1}},
		{"a task closed on time counts as closed and on time", ledger.StatusClosed, true, ledger.Counts{Total: 1, Closed: 1, OnTime: 1}},
		{"a task closed late counts as closed only", ledger.StatusClosed, false, ledger.Counts{Total: 1, Closed: 1}},
		{"an unfinished task is never on time, whatever the flag says", ledger.StatusInProgress, true, ledger.Counts{Total: 1, InProgress: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			task := deadlineTask("2026-12-03")
			task.Status, task.OnTime = tt.status, tt.onTime
			assert.Equal(t, tt.want, ledger.CountsOf(task))
		})
	}
}

func TestCountsFollowATaskThroughItsLifecycle(t *testing.T) {
	// The store keeps counters by subtracting what a task contributed
	// before a change and adding what it contributes after.
	task := deadlineTask("2026-12-03")
	var c ledger.Counts
	c.Add(ledger.CountsOf(task))
	steps := []struct {
		name string
		do   func() error
		want ledger.Counts
	}{
		{"progress moves it from open to in progress", func() error { return task.Progress(day("2026-11-20"), 50) }, ledger.Counts{Total: 1, InProgress: 1}},
		{"an on-time submission counts as on time", func() error { return task.Submit(day("2026-12-01"), "已完成", 0) }, ledger.Counts{Total: 1, Submitted: 1, OnTime: 1}},
		{"a rejection takes the on-time count back", func() error { return task.Reject("材料不全") }, ledger.Counts{Total: 1, InProgress: 1}},
		{"a late resubmission is not on time", func() error { return task.Submit(day("2026-12-08"), "已补充", 2) }, ledger.Counts{Total: 1, Submitted: 1}},
		{"approval closes it", func() error { return task.Approve(day("2026-12-09")) }, ledger.Counts{Total: 1, Closed: 1}},
		{"reopening makes it open again", func() error { return task.Reopen(day("2027-03-01"), day("2027-03-31"), "反弹") }, ledger.Counts{Total: 1, Open: 1}},
	}
	for _, s := range steps {
		before := ledger.CountsOf(task)
		require.NoError(t, s.do(), s.name)
		c.Sub(before)
		c.Add(ledger.CountsOf(task))
		assert.Equal(t, s.want, c, s.name)
	}
	t.Run("removing the task leaves every counter at zero", func(t *testing.T) {
		c.Sub(ledger.CountsOf(task))
		assert.True(t, c.IsZero())
	})
}

func TestStatsFinish(t *testing.T) {
	t.Run("rates and lights come from the counts", func(t *testing.T) {
		s := ledger.Stats{
			Counts:  ledger.Counts{Total: 10, Open: 2, InProgress: 2, Submitted: 2, Closed: 4, OnTime: 3},
			Overdue: 3, DueSoon: 1,
		}
		s.Finish()
		assert.Equal(t, 0.4, s.CompletionRate, "4 closed of 10")
		assert.Equal(t, 0.3333, s.OnTimeRate, "3 on time of 2 submitted + 4 closed + 3 overdue")
		assert.Equal(t, ledger.Lights{Red: 3, Yellow: 1, Green: 2, Done: 4}, s.Lights)
	})
	t.Run("an empty branch has rates of 0, not NaN", func(t *testing.T) {
		var s ledger.Stats
		s.Finish()
		assert.Zero(t, s.CompletionRate)
		assert.Zero(t, s.OnTimeRate)
		assert.Equal(t, ledger.Lights{}, s.Lights)
		_, err := json.Marshal(s)
		assert.NoError(t, err, "the dashboard JSON must still encode")
	})
	t.Run("no finished or overdue task gives an on-time rate of 0", func(t *testing.T) {
		s := ledger.Stats{Counts: ledger.Counts{Total: 5, Open: 5}}
		s.Finish()
		assert.Zero(t, s.OnTimeRate)
		assert.Equal(t, ledger.Lights{Green: 5}, s.Lights)
	})
	t.Run("everything closed on time is 100%", func(t *testing.T) {
		s := ledger.Stats{Counts: ledger.Counts{Total: 3, Closed: 3, OnTime: 3}}
		s.Finish()
		assert.Equal(t, 1.0, s.CompletionRate)
		assert.Equal(t, 1.0, s.OnTimeRate)
	})
}

func TestStatsRatesAreRoundedToFourPlaces(t *testing.T) {
	tests := []struct {
		name          string
		closed, total int64
		want          float64
	}{
		{"two thirds is 0.6667", 2, 3, 0.6667},
		{"one third is 0.3333", 1, 3, 0.3333},
		{"one seventh is 0.1429", 1, 7, 0.1429},
		{"one eighth is exactly 0.125", 1, 8, 0.125},
		{"half a ten-thousandth rounds up", 1, 20000, 0.0001},
		{"a third of a ten-thousandth rounds down", 1, 30000, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ledger.Stats{Counts: ledger.Counts{Total: tt.total, Closed: tt.closed}}
			s.Finish()
			assert.Equal(t, tt.want, s.CompletionRate)
		})
	}
	t.Run("the JSON shows the rounded figure", func(t *testing.T) {
		s := ledger.Stats{Counts: ledger.Counts{Total: 3, Closed: 2}}
		s.Finish()
		b, err := json.Marshal(s)
		require.NoError(t, err)
		assert.Contains(t, string(b), `"completion_rate":0.6667`)
	})
}

func TestStatsAddRollsUpBranches(t *testing.T) {
	first := ledger.Stats{Counts: ledger.Counts{Total: 4, Open: 1, Closed: 3, OnTime: 2}, Overdue: 1}
	second := ledger.Stats{Counts: ledger.Counts{Total: 6, InProgress: 3, Submitted: 2, Closed: 1, OnTime: 1}, Overdue: 2, DueSoon: 1}
	var party ledger.Stats
	party.Add(first)
	party.Add(second)
	party.Finish()
	assert.Equal(t, ledger.Counts{Total: 10, Open: 1, InProgress: 3, Submitted: 2, Closed: 4, OnTime: 3}, party.Counts)
	assert.Equal(t, int64(3), party.Overdue)
	assert.Equal(t, int64(1), party.DueSoon)
	assert.Equal(t, 0.4, party.CompletionRate)
	assert.Equal(t, 0.3333, party.OnTimeRate)
}

func TestStatsLightsMatchTheTasksLights(t *testing.T) {
	// What the dashboard counts must agree with the light each task shows.
	today := day("2026-11-26")
	longTermLate := longTermTask("2026-09-01")
	tasks := []*ledger.Task{
		deadlineTask("2026-11-20"), // red
		deadlineTask("2026-12-03"), // yellow
		deadlineTask("2027-01-31"), // green
		longTermLate,               // red: report missed
		taskIn(t, ledger.StatusSubmitted),
		taskIn(t, ledger.StatusClosed),
	}
	var s ledger.Stats
	want := map[ledger.Light]int64{}
	for _, task := range tasks {
		s.Add(ledger.Stats{Counts: ledger.CountsOf(task)})
		if task.Overdue(today) {
			s.Overdue++
		} else if task.DueSoon(today) {
			s.DueSoon++
		}
		want[task.LightOn(today)]++
	}
	s.Finish()
	assert.Equal(t, ledger.Lights{Red: want[ledger.LightRed], Yellow: want[ledger.LightYellow], Green: want[ledger.LightGreen], Done: want[ledger.LightDone]}, s.Lights)
	assert.Equal(t, ledger.Lights{Red: 2, Yellow: 1, Green: 2, Done: 1}, s.Lights)
}
