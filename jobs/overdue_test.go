package jobs

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
	"rectify/internal/notify"
	"rectify/internal/store"
)

func TestOverdueTellsOwnerAndOfficersAndRecordsTheFirstOverdueDay(t *testing.T) {
	f := newFixture(t, "2026-11-20")
	robot := f.channel(f.first.ID, store.ChannelDingTalk, "https://robot.example/send?access_token=t")
	f.channel(f.second.ID, store.ChannelWeCom, "https://robot.example/send?key=other")
	a := f.task(f.problem1, f.member.ID, "2026-11-25")

	assert.Equal(t, 0, f.run(NameOverdue, "2026-11-25"), "due today is not overdue")
	assert.Equal(t, 1, f.run(NameOverdue, "2026-11-26"))
	want := map[string][]string{"zhang": {kindTask(notify.KindOverdue, a.ID)}, "li": {kindTask(notify.KindOverdue, a.ID)}}
	assert.Equal(t, want, f.everyInbox())
	task := f.find(a.ID)
	assert.Equal(t, day("2026-11-26"), task.FirstOverdueOn)
	assert.Equal(t, 1, f.events(a.ID, ledger.ActOverdue))
	rows := f.deliveries()
	require.Len(t, rows, 1, "only the robot of 第一支部")
	assert.Equal(t, robot.ID, rows[0].ChannelID)
	assert.Equal(t, []store.DigestItem{{Kind: notify.KindOverdue, TaskID: a.ID, Branch: "第一支部", DueOn: day("2026-11-25"),
		Light: ledger.LightRed, DaysOverdue: 1, Key: "overdue:task:" + fmtInt(a.ID) + ":2026-11-26"}}, rows[0].Items)

	assert.Equal(t, 0, f.run(NameOverdue, "2026-11-26 20:00"))
	assert.Equal(t, 0, f.run(NameOverdue, "2026-11-27"))
	assert.Equal(t, want, f.everyInbox(), "nothing new on a rerun or the next day")
	assert.Len(t, f.deliveries(), 1)
	assert.Equal(t, 1, f.events(a.ID, ledger.ActOverdue))

	// An extension granted afterwards does not make a late finish on time.
	_, err := f.st.RequestExtension(f.member, a.ID, day("2026-12-10"), "外单位配合")
	require.NoError(t, err)
	_, err = f.st.DecideExtension(f.officer, a.ID, true, "")
	require.NoError(t, err)
	f.on("2026-12-01")
	done, err := f.st.Submit(f.member, a.ID, "已完成")
	require.NoError(t, err)
	assert.False(t, done.OnTime)
	assert.Equal(t, day("2026-11-26"), done.FirstOverdueOn)
}

func TestOverdueFoundLateStillRecordsTheDayAfterTheDueDate(t *testing.T) {
	f := newFixture(t, "2026-11-01")
	a := f.task(f.problem1, f.member.ID, "2026-11-05")
	assert.Equal(t, 1, f.run(NameOverdue, "2026-11-20"), "the server was down for two weeks")
	assert.Equal(t, day("2026-11-06"), f.find(a.ID).FirstOverdueOn)
	assert.Equal(t, []string{kindTask(notify.KindOverdue, a.ID)}, f.inbox(f.member))
}

func TestOverdueSkipsSubmittedTasks(t *testing.T) {
	f := newFixture(t, "2026-11-20")
	a := f.task(f.problem1, f.member.ID, "2026-11-22")
	_, err := f.st.Submit(f.member, a.ID, "已完成")
	require.NoError(t, err)
	assert.Equal(t, 0, f.run(NameOverdue, "2026-11-26"))
	assert.Empty(t, f.inbox(f.member))
}

func TestRacingOverdueRunsWriteEachNoticeOnce(t *testing.T) {
	f := newFixture(t, "2026-11-01")
	f.channel(0, store.ChannelWeCom, "https://robot.example/send?key=k")
	var ids []int64
	for range 20 {
		ids = append(ids, f.task(f.problem1, f.member.ID, "2026-11-10").ID)
	}
	job, _ := f.reg.Job(NameOverdue)
	now := at("2026-11-26")
	f.clock.Set(now)
	var wg sync.WaitGroup
	counts := make([]int, 4)
	for i := range counts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n, err := job.(Counting).RunCounted(context.Background(), now)
			assert.NoError(t, err)
			counts[i] = n
		}()
	}
	wg.Wait()
	assert.Equal(t, 20, counts[0]+counts[1]+counts[2]+counts[3], "each task once across the racing runs")
	assert.Len(t, f.inbox(f.member), 20)
	assert.Len(t, f.inbox(f.officer), 20)
	items := 0
	for _, r := range f.deliveries() {
		items += len(r.Items)
	}
	assert.Equal(t, 20, items, "each item in exactly one digest")
	for _, id := range ids {
		assert.Equal(t, 1, f.events(id, ledger.ActOverdue))
	}
}
