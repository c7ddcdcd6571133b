package jobs

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
	"rectify/internal/notify"
)

func TestLongTermReportGapsAreRemindedThenTreatedAsOverdue(t *testing.T) {
	f := newFixture(t, "2026-10-01")
	lt := &ledger.Task{ProblemID: f.problem1.ID, Description: "长期坚持：每月开展一次谈心谈话", Kind: ledger.KindLongTerm,
		OwnerID: f.member.ID, ReportEveryDays: 30}
	require.NoError(t, f.st.CreateTask(f.officer, lt))
	require.Equal(t, day("2026-10-31"), lt.ReportDueOn())

	assert.Equal(t, 0, f.run(NameLongTerm, "2026-10-31"), "due today, not missed")
	assert.Equal(t, 1, f.run(NameLongTerm, "2026-11-01"))
	assert.Equal(t, map[string][]string{"zhang": {kindTask(notify.KindReportDue, lt.ID)}}, f.everyInbox())
	assert.Equal(t, day("2026-11-01"), f.find(lt.ID).FirstOverdueOn)
	assert.Equal(t, 1, f.events(lt.ID, ledger.ActOverdue))
	assert.Equal(t, ledger.LightRed, f.find(lt.ID).Light)

	assert.Equal(t, 0, f.run(NameLongTerm, "2026-11-02"))
	assert.Equal(t, 0, f.run(NameLongTerm, "2026-11-07"), "within the 7-day grace")
	assert.Equal(t, 1, f.run(NameLongTerm, "2026-11-08"), "grace over: treated as overdue")
	assert.Equal(t, 0, f.run(NameLongTerm, "2026-11-09"))
	assert.Equal(t, map[string][]string{
		"zhang": {kindTask(notify.KindReportDue, lt.ID), kindTask(notify.KindOverdue, lt.ID)},
		"li":    {kindTask(notify.KindOverdue, lt.ID)},
	}, f.everyInbox())
	assert.Equal(t, 1, f.events(lt.ID, ledger.ActOverdue), "the first overdue day is recorded once")

	// A report resets the clock: the next gap is a new reminder.
	f.on("2026-11-10")
	_, err := f.st.AddProgress(f.member, lt.ID, "本月已开展谈心谈话5人次", 40)
	require.NoError(t, err)
	assert.Equal(t, 0, f.run(NameLongTerm, "2026-12-10"))
	assert.Equal(t, 1, f.run(NameLongTerm, "2026-12-11"))
	assert.Equal(t, []string{kindTask(notify.KindReportDue, lt.ID), kindTask(notify.KindOverdue, lt.ID),
		kindTask(notify.KindReportDue, lt.ID)}, f.inbox(f.member))
}
