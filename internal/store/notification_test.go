package store

import (
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// inboxKinds lists a user's notifications as kind:task, oldest first.
func inboxKinds(t *testing.T, s *Store, userID int64) []string {
	t.Helper()
	ns, err := s.Notifications(userID, false, 0)
	require.NoError(t, err)
	var out []string
	for i := len(ns) - 1; i >= 0; i-- {
		out = append(out, ns[i].Kind+":"+strconv.FormatInt(ns[i].TaskID, 10))
	}
	return out
}

func noticeNow() time.Time { return time.Date(2026, 11, 26, 8, 30, 0, 0, shanghai) }

func TestANoticeIsWrittenOnceUnderItsKey(t *testing.T) {
	s, _ := newTestStore(t, "2026-11-26")
	o := newOrg(t, s)
	n := Notice{Key: "overdue:task:42:2026-11-26", Kind: "overdue", TaskID: 42, BranchID: o.first.ID,
		To: []Recipient{{UserID: o.member.ID}, {UserID: o.officer.ID}, {UserID: o.member.ID}}}
	for i, want := range []bool{true, false} {
		var wrote bool
		require.NoError(t, s.JobUpdate(noticeNow(), func(jt *JobTx) (err error) {
			wrote, err = jt.Notify(n)
			return err
		}))
		assert.Equal(t, want, wrote, "write %d", i+1)
	}
	assert.Equal(t, []string{"overdue:42"}, inboxKinds(t, s, o.member.ID), "one row, though listed twice and written twice")
	assert.Equal(t, []string{"overdue:42"}, inboxKinds(t, s, o.officer.ID))
	seen, err := s.NoticesSeen([]string{n.Key, "overdue:task:43:2026-11-26"})
	require.NoError(t, err)
	assert.Equal(t, []bool{true, false}, seen)
}

func TestRacingWritersOfOneKeyLeaveOneRow(t *testing.T) {
	s, _ := newTestStore(t, "2026-11-26")
	o := newOrg(t, s)
	var wg sync.WaitGroup
	var mu sync.Mutex
	wrote := 0
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var w bool
			err := s.JobUpdate(noticeNow(), func(jt *JobTx) (err error) {
				w, err = jt.Notify(Notice{Key: "due_soon:task:7:2026-12-03", Kind: "due_soon", TaskID: 7,
					BranchID: o.first.ID, To: []Recipient{{UserID: o.member.ID}}})
				return err
			})
			assert.NoError(t, err)
			mu.Lock()
			defer mu.Unlock()
			if w {
				wrote++
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, wrote)
	assert.Equal(t, []string{"due_soon:7"}, inboxKinds(t, s, o.member.ID))
}

func TestANoticeReachesTheChannelsCoveringItsBranchAndCoveredMailboxes(t *testing.T) {
	s, _ := newTestStore(t, "2026-11-26")
	o := newOrg(t, s)
	party := mustChannel(t, s, o.admin, &Channel{BranchID: o.party.ID, Type: ChannelWeCom, URL: "https://robot.example/a?key=1", Enabled: true})
	mustChannel(t, s, o.admin, &Channel{BranchID: o.second.ID, Type: ChannelDingTalk, URL: "https://robot.example/b", Enabled: true})
	mustChannel(t, s, o.admin, &Channel{BranchID: o.party.ID, Type: ChannelFeishu, URL: "https://robot.example/c", Enabled: false})
	mustChannel(t, s, o.admin, &Channel{BranchID: o.first.ID, Type: ChannelEmail, Enabled: true})
	to := []Recipient{{UserID: o.member.ID, BranchID: o.first.ID, Email: "zhang@example.gov.cn"},
		{UserID: o.member2.ID, BranchID: o.second.ID, Email: "liu@example.gov.cn"}}
	require.NoError(t, s.JobUpdate(noticeNow(), func(jt *JobTx) error {
		_, err := jt.Notify(Notice{Key: "overdue:task:5:2026-11-26", Kind: "overdue", TaskID: 5, BranchID: o.first.ID,
			Item: DigestItem{Branch: "第一支部", DueOn: date("2026-11-25"), Light: ledger.LightRed, DaysOverdue: 1}, To: to, Job: "overdue"})
		return err
	}))
	made, err := s.FlushDigests(FlushFilter{Job: "overdue", Day: date("2026-11-26"), Now: noticeNow()})
	require.NoError(t, err)
	assert.Equal(t, 2, made)
	rows, err := s.Deliveries("", 0)
	require.NoError(t, err)
	require.Len(t, rows, 2)
	byKey := map[string]*OutboxRow{}
	for _, r := range rows {
		byKey[r.Key] = r
	}
	ch := byKey["overdue:channel:"+fmtID(party.ID)+":2026-11-26"]
	require.NotNil(t, ch, "the 党委 robot covers 第一支部")
	assert.Equal(t, []DigestItem{{Kind: "overdue", TaskID: 5, Branch: "第一支部", DueOn: date("2026-11-25"),
		Light: ledger.LightRed, DaysOverdue: 1, Key: "overdue:task:5:2026-11-26"}}, ch.Items)
	mail := byKey["overdue:email:"+fmtID(o.member.ID)+":2026-11-26"]
	require.NotNil(t, mail, "the e-mail channel of 第一支部 covers 张三 but not 刘四")
	assert.Equal(t, StatePending, mail.State)
	assert.Equal(t, 0, keyCount(t, s, bPending), "flushed items are gone")
}

func TestTaskActionsTellTheNextPersonInApp(t *testing.T) {
	s, _ := newTestStore(t, "2026-11-26")
	o := newOrg(t, s)
	task := mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-12-20")
	_, err := s.Submit(o.member, task.ID, "已完成")
	require.NoError(t, err)
	_, err = s.Reject(o.officer, task.ID, "佐证不足")
	require.NoError(t, err)
	_, err = s.Submit(o.member, task.ID, "已补充佐证")
	require.NoError(t, err)
	_, err = s.Approve(o.officer, task.ID, "同意")
	require.NoError(t, err)
	id := fmtID(task.ID)
	assert.Equal(t, []string{"submitted:" + id, "submitted:" + id}, inboxKinds(t, s, o.officer.ID),
		"the 支部's officer, once per submission")
	assert.Equal(t, []string{"rejected:" + id, "approved:" + id}, inboxKinds(t, s, o.member.ID))
	assert.Empty(t, inboxKinds(t, s, o.partyOfficer.ID), "the nearest officers only")
}

func TestReadingNotifications(t *testing.T) {
	s, _ := newTestStore(t, "2026-11-26")
	o := newOrg(t, s)
	require.NoError(t, s.JobUpdate(noticeNow(), func(jt *JobTx) error {
		for _, k := range []string{"a", "b", "c"} {
			if _, err := jt.Notify(Notice{Key: k, Kind: "overdue", To: []Recipient{{UserID: o.member.ID}}}); err != nil {
				return err
			}
		}
		_, err := jt.Notify(Notice{Key: "d", Kind: "overdue", To: []Recipient{{UserID: o.member2.ID}}})
		return err
	}))
	ns, err := s.Notifications(o.member.ID, false, 0)
	require.NoError(t, err)
	require.Len(t, ns, 3)
	assert.Equal(t, "c", ns[0].Key, "newest first")
	_, err = s.MarkNotificationRead(o.member.ID, ns[1].ID)
	require.NoError(t, err)
	unread, err := s.Notifications(o.member.ID, true, 0)
	require.NoError(t, err)
	assert.Len(t, unread, 2)
	other, err := s.Notifications(o.member2.ID, false, 0)
	require.NoError(t, err)
	_, err = s.MarkNotificationRead(o.member.ID, other[0].ID)
	assert.Equal(t, ledger.ENOTFOUND, ledger.ErrorCode(err), "another user's notification")
	n, err := s.MarkAllNotificationsRead(o.member.ID)
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	unread, err = s.Notifications(o.member.ID, true, 0)
	require.NoError(t, err)
	assert.Empty(t, unread)
	unread, err = s.Notifications(o.member2.ID, true, 0)
	require.NoError(t, err)
	assert.Len(t, unread, 1, "untouched")
}

func mustChannel(t *testing.T, s *Store, admin *ledger.User, c *Channel) *Channel {
	t.Helper()
	require.NoError(t, s.CreateChannel(admin, c))
	return c
}

func fmtID(id int64) string { return strconv.FormatInt(id, 10) }

func TestMarkingSeveralNotificationsReadIsAllOrNothing(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-02")
	o := newOrg(t, s)
	task := mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-04-01")
	_, err := s.Submit(o.member, task.ID, "完成")
	require.NoError(t, err)
	_, err = s.Reject(o.officer, task.ID, "材料不全")
	require.NoError(t, err)
	mine, err := s.Notifications(o.member.ID, true, 10)
	require.NoError(t, err)
	require.NotEmpty(t, mine, "the rejection told the owner")

	_, err = s.MarkNotificationsRead(o.member.ID, []int64{mine[0].ID, 999999})
	assert.Equal(t, ledger.ENOTFOUND, ledger.ErrorCode(err))
	still, err := s.Notifications(o.member.ID, true, 10)
	require.NoError(t, err)
	assert.Len(t, still, len(mine), "a refused batch marks nothing read")

	_, err = s.MarkNotificationsRead(o.member.ID, []int64{mine[0].ID})
	require.NoError(t, err)
	still, err = s.Notifications(o.member.ID, true, 10)
	require.NoError(t, err)
	assert.Len(t, still, len(mine)-1)
}

func TestTheUnreadIndexFollowsEveryNotificationAndSurvivesAMigration(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	s := db.s
	o := newOrg(t, s)
	for i := range 3 {
		task := mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-04-01")
		_, err := s.Submit(o.member, task.ID, "完成")
		require.NoError(t, err)
		if i < 2 {
			_, err = s.Reject(o.officer, task.ID, "材料不全")
			require.NoError(t, err)
		}
	}
	count := func(s *Store) int {
		n, err := s.UnreadCount(o.member.ID)
		require.NoError(t, err)
		unread, err := s.Notifications(o.member.ID, true, MaxPageSize)
		require.NoError(t, err)
		all, err := s.Notifications(o.member.ID, false, MaxPageSize)
		require.NoError(t, err)
		brute := 0
		for _, x := range all {
			if !x.Read {
				brute++
			}
		}
		assert.Equal(t, brute, n, "the count equals the unread rows")
		assert.Len(t, unread, brute)
		return n
	}
	require.Equal(t, 2, count(s), "two rejections told the owner")
	all, err := s.Notifications(o.member.ID, false, 10)
	require.NoError(t, err)
	_, err = s.MarkNotificationsRead(o.member.ID, []int64{all[0].ID})
	require.NoError(t, err)
	assert.Equal(t, 1, count(s))

	// A version-3 file has no unread index: the migration builds it.
	require.NoError(t, s.DB().Update(func(tx *bbolt.Tx) error {
		if err := tx.DeleteBucket(bInboxUnread); err != nil {
			return err
		}
		return tx.Bucket(bMeta).Put([]byte("schema_version"), itob(3))
	}))
	s = db.Reopen()
	assert.Equal(t, 1, count(s))
	_, err = s.MarkAllNotificationsRead(o.member.ID)
	require.NoError(t, err)
	assert.Equal(t, 0, count(s))
}

func TestTheOfficersToldOfASubmissionFollowUserChanges(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-02")
	o := newOrg(t, s)
	submit := func() {
		t.Helper()
		task := mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-04-01")
		_, err := s.Submit(o.member, task.ID, "完成")
		require.NoError(t, err)
	}
	unread := func(u *ledger.User) int {
		n, err := s.UnreadCount(u.ID)
		require.NoError(t, err)
		return n
	}
	submit()
	require.Equal(t, 1, unread(o.officer), "the branch's officer is told")

	second := mustUser(t, s, o.admin, "xu", "徐委员", ledger.RoleOfficer, o.first.ID)
	submit()
	assert.Equal(t, 1, unread(second), "an officer added since the last submission is told too")

	off := true
	_, err := s.UpdateUser(o.admin, second.ID, UserUpdate{Disabled: &off})
	require.NoError(t, err)
	submit()
	assert.Equal(t, 1, unread(second), "a disabled officer is not")
	assert.Equal(t, 3, unread(o.officer))
}
