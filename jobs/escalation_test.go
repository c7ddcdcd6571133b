package jobs

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"rectify/internal/ledger"
	"rectify/internal/notify"
)

func TestEscalationTakesEachStepOfTheLadderOnce(t *testing.T) {
	f := newFixture(t, "2026-10-20")
	a := f.task(f.problem1, f.member.ID, "2026-11-01")
	esc := []string{kindTask(notify.KindEscalation, a.ID)}
	steps := []struct {
		on      string
		notices int
		events  int
	}{
		{"2026-11-07", 0, 0}, // 6 days overdue
		{"2026-11-08", 1, 1}, // 7
		{"2026-11-08 18:00", 0, 1},
		{"2026-11-09", 0, 1},
		{"2026-11-15", 1, 2}, // 14
		{"2026-11-16", 0, 2},
		{"2026-12-01", 1, 3}, // 30
		{"2026-12-02", 0, 3},
		{"2027-01-15", 0, 3}, // past the last step
	}
	for _, s := range steps {
		assert.Equal(t, s.notices, f.run(NameEscalation, s.on), s.on)
		assert.Equal(t, s.events, f.events(a.ID, ledger.ActEscalate), s.on)
	}
	want := map[string][]string{
		"sun":  {esc[0], esc[0], esc[0]}, // the 支部's leader
		"wang": {esc[0], esc[0], esc[0]}, // the officers one level up
	}
	assert.Equal(t, want, f.everyInbox(), "not the owner, not the 支部's own officer")
}

func TestEscalationAfterDowntimeRecordsThePassedStepsAndNotifiesTheHighest(t *testing.T) {
	f := newFixture(t, "2026-10-20")
	a := f.task(f.problem2, f.member2.ID, "2026-11-01")
	assert.Equal(t, 1, f.run(NameEscalation, "2026-11-20"), "19 days overdue: steps 7 and 14 passed")
	assert.Equal(t, 2, f.events(a.ID, ledger.ActEscalate))
	assert.Equal(t, 0, f.run(NameEscalation, "2026-11-21"))
	// 第二支部 has no leader of its own: the 党委's leader is the nearest.
	assert.Equal(t, map[string][]string{
		"zhao": {kindTask(notify.KindEscalation, a.ID)},
		"wang": {kindTask(notify.KindEscalation, a.ID)},
	}, f.everyInbox())
}

func TestEscalationLadderIsConfigurable(t *testing.T) {
	f := newFixture(t, "2026-10-20", func(c *Config) { c.EscalationSteps = []int{3} })
	a := f.task(f.problem1, f.member.ID, "2026-11-01")
	assert.Equal(t, 0, f.run(NameEscalation, "2026-11-03"))
	assert.Equal(t, 1, f.run(NameEscalation, "2026-11-04"))
	assert.Equal(t, 0, f.run(NameEscalation, "2026-11-15"))
	assert.Equal(t, 1, f.events(a.ID, ledger.ActEscalate))
}
