package jobs

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
	"rectify/internal/notify"
	"rectify/internal/store"
)

func TestDueSoonRemindsTheOwnerOnceOnTheFirstDayOfTheYellowWindow(t *testing.T) {
	f := newFixture(t, "2026-11-20")
	robot := f.channel(f.party.ID, store.ChannelWeCom, "https://robot.example/send?key=k")
	a := f.task(f.problem1, f.member.ID, "2026-12-03")
	b := f.task(f.problem1, f.member.ID, "2026-12-04")

	assert.Equal(t, 0, f.run(NameDueSoon, "2026-11-25"), "12-03 is 8 days away: still green")
	assert.Empty(t, f.everyInbox())

	assert.Equal(t, 1, f.run(NameDueSoon, "2026-11-26"), "12-03 is 7 days away: yellow")
	assert.Equal(t, map[string][]string{"zhang": {kindTask(notify.KindDueSoon, a.ID)}}, f.everyInbox())
	rows := f.deliveries()
	require.Len(t, rows, 1)
	assert.Equal(t, fmt.Sprintf("due-soon:channel:%d:2026-11-26", robot.ID), rows[0].Key)
	assert.Equal(t, []store.DigestItem{{Kind: notify.KindDueSoon, TaskID: a.ID, Branch: "第一支部", DueOn: day("2026-12-03"),
		Light: ledger.LightYellow, Key: fmt.Sprintf("due_soon:task:%d:2026-12-03", a.ID)}}, rows[0].Items)

	assert.Equal(t, 0, f.run(NameDueSoon, "2026-11-26 15:00"), "a second run the same day")
	assert.Equal(t, 1, f.run(NameDueSoon, "2026-11-27"), "only b enters the window on 11-27")
	assert.Equal(t, map[string][]string{"zhang": {kindTask(notify.KindDueSoon, a.ID), kindTask(notify.KindDueSoon, b.ID)}}, f.everyInbox())
	assert.Len(t, f.deliveries(), 2, "one digest per run")
	assert.Equal(t, 0, f.run(NameDueSoon, "2026-11-28"))
}

func TestDueSoonRemindsAgainAfterAnExtensionOnlyWhenTheNewWindowOpens(t *testing.T) {
	f := newFixture(t, "2026-11-20")
	a := f.task(f.problem1, f.member.ID, "2026-12-03")
	require.Equal(t, 1, f.run(NameDueSoon, "2026-11-26"))
	_, err := f.st.RequestExtension(f.member, a.ID, day("2026-12-31"), "需协调外单位")
	require.NoError(t, err)
	_, err = f.st.DecideExtension(f.officer, a.ID, true, "")
	require.NoError(t, err)
	assert.Equal(t, 0, f.run(NameDueSoon, "2026-12-01"))
	assert.Equal(t, 1, f.run(NameDueSoon, "2026-12-24"))
	assert.Equal(t, []string{kindTask(notify.KindDueSoon, a.ID), kindTask(notify.KindDueSoon, a.ID)}, f.inbox(f.member))
}

func TestDueSoonTellsTheOfficersWhenTheOwnerHasNoAccount(t *testing.T) {
	f := newFixture(t, "2026-11-20")
	a := f.task(f.problem2, 0, "2026-11-23")
	assert.Equal(t, 1, f.run(NameDueSoon, "2026-11-20"), "created inside its window: reminded at once")
	assert.Equal(t, map[string][]string{"chen": {kindTask(notify.KindDueSoon, a.ID)}}, f.everyInbox())
}

func TestDueSoonLeavesFinishedTasksAlone(t *testing.T) {
	f := newFixture(t, "2026-11-20")
	a := f.task(f.problem1, f.member.ID, "2026-11-24")
	_, err := f.st.Submit(f.member, a.ID, "已完成")
	require.NoError(t, err)
	assert.Equal(t, 0, f.run(NameDueSoon, "2026-11-20"))
	assert.Equal(t, []string{kindTask(notify.KindSubmitted, a.ID)}, f.inbox(f.officer), "only the submission")
}
