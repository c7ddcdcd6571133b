package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// queueItems writes n notices of job for one robot channel.
func queueItems(t *testing.T, s *Store, o *org, job string, keys ...string) {
	t.Helper()
	require.NoError(t, s.JobUpdate(noticeNow(), func(jt *JobTx) error {
		for _, k := range keys {
			if _, err := jt.Notify(Notice{Key: k, Kind: "overdue", TaskID: 1, BranchID: o.first.ID, Job: job}); err != nil {
				return err
			}
		}
		return nil
	}))
}

func TestFlushMakesOneDigestPerChannelAndRun(t *testing.T) {
	s, _ := newTestStore(t, "2026-11-26")
	o := newOrg(t, s)
	ch := mustChannel(t, s, o.admin, &Channel{BranchID: o.party.ID, Type: ChannelWeCom, URL: "https://robot.example/a", Enabled: true})
	queueItems(t, s, o, "overdue", "k1", "k2")
	queueItems(t, s, o, "due-soon", "k3")
	day := date("2026-11-26")
	made, err := s.FlushDigests(FlushFilter{Job: "overdue", Day: day, Now: noticeNow()})
	require.NoError(t, err)
	assert.Equal(t, 1, made, "two items, one channel: one digest")
	made, err = s.FlushDigests(FlushFilter{Job: "overdue", Day: day, Now: noticeNow()})
	require.NoError(t, err)
	assert.Equal(t, 0, made, "nothing left to flush")
	queueItems(t, s, o, "overdue", "k4")
	_, err = s.FlushDigests(FlushFilter{Job: "overdue", Day: day, Now: noticeNow()})
	require.NoError(t, err)
	rows, err := s.Deliveries("", 0)
	require.NoError(t, err)
	require.Len(t, rows, 2)
	base := "overdue:channel:" + fmtID(ch.ID) + ":2026-11-26"
	assert.Equal(t, base+"#2", rows[0].Key, "a second run the same day gets its own key")
	assert.Equal(t, base, rows[1].Key)
	assert.Len(t, rows[1].Items, 2)
	assert.Equal(t, 1, keyCount(t, s, bPending), "the due-soon item waits for its own run")
}

func TestLeftoversAreFlushedOnlyWhenOld(t *testing.T) {
	s, _ := newTestStore(t, "2026-11-26")
	o := newOrg(t, s)
	mustChannel(t, s, o.admin, &Channel{BranchID: 0, Type: ChannelWeCom, URL: "https://robot.example/a", Enabled: true})
	queueItems(t, s, o, "overdue", "k1")
	made, err := s.FlushDigests(FlushFilter{Before: noticeNow(), Day: date("2026-11-26"), Now: noticeNow()})
	require.NoError(t, err)
	assert.Equal(t, 0, made, "queued at the cut-off: its job may still be running")
	made, err = s.FlushDigests(FlushFilter{Before: noticeNow().Add(time.Second), Day: date("2026-11-26"), Now: noticeNow()})
	require.NoError(t, err)
	assert.Equal(t, 1, made)
}

func TestClaimingLeasesRowsAndFinishingRecordsTheOutcome(t *testing.T) {
	s, _ := newTestStore(t, "2026-11-26")
	o := newOrg(t, s)
	mustChannel(t, s, o.admin, &Channel{BranchID: 0, Type: ChannelWeCom, URL: "https://robot.example/a", Enabled: true})
	queueItems(t, s, o, "overdue", "k1")
	now := noticeNow()
	_, err := s.FlushDigests(FlushFilter{Job: "overdue", Day: date("2026-11-26"), Now: now})
	require.NoError(t, err)

	rows, err := s.ClaimDeliveries(now, time.Minute, 10)
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, 1, rows[0].Attempts)
	again, err := s.ClaimDeliveries(now.Add(59*time.Second), time.Minute, 10)
	require.NoError(t, err)
	assert.Empty(t, again, "leased to the first sender")

	// The sender died; after the lease the row is taken again.
	retaken, err := s.ClaimDeliveries(now.Add(time.Minute), time.Minute, 10)
	require.NoError(t, err)
	require.Len(t, retaken, 1)
	assert.Equal(t, 2, retaken[0].Attempts)
	assert.Equal(t, rows[0].Key, retaken[0].Key, "the same key is sent again")

	require.NoError(t, s.FinishDelivery(DeliveryOutcome{ID: rows[0].ID, Attempt: 1, Error: "late failure", NextAt: now.Add(time.Hour)}))
	row, err := s.FindDelivery(rows[0].ID)
	require.NoError(t, err)
	assert.Equal(t, StatePending, row.State, "a lapsed claim's failure is ignored")

	next := now.Add(90 * time.Second)
	require.NoError(t, s.FinishDelivery(DeliveryOutcome{ID: row.ID, Attempt: 2, Error: "503", NextAt: next}))
	row, err = s.FindDelivery(row.ID)
	require.NoError(t, err)
	assert.Equal(t, StateFailed, row.State)
	assert.Equal(t, "503", row.LastError)
	assert.True(t, row.NextAt.Equal(next))
	none, err := s.ClaimDeliveries(next.Add(-time.Second), time.Minute, 10)
	require.NoError(t, err)
	assert.Empty(t, none, "not before its next attempt")

	third, err := s.ClaimDeliveries(next, time.Minute, 10)
	require.NoError(t, err)
	require.Len(t, third, 1)
	require.NoError(t, s.FinishDelivery(DeliveryOutcome{ID: row.ID, Attempt: 3, Sent: true, At: next}))
	require.NoError(t, s.FinishDelivery(DeliveryOutcome{ID: row.ID, Attempt: 3, Dead: true, Error: "x"}))
	row, err = s.FindDelivery(row.ID)
	require.NoError(t, err)
	assert.Equal(t, StateSent, row.State, "sent stays sent")
	assert.Equal(t, 3, row.Attempts)
	done, err := s.ClaimDeliveries(next.Add(24*time.Hour), time.Minute, 10)
	require.NoError(t, err)
	assert.Empty(t, done)
	sent, err := s.Deliveries(StateSent, 0)
	require.NoError(t, err)
	assert.Len(t, sent, 1)
	dead, err := s.Deliveries(StateDead, 0)
	require.NoError(t, err)
	assert.Empty(t, dead)
	assert.Equal(t, 0, keyCount(t, s, bOutboxNext), "no sent row is scheduled")
}
