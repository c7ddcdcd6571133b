package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

func TestSearchReachesTheProblemAndTheNumber(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-02")
	o := newOrg(t, s)
	first := mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-04-01")
	second := &ledger.Task{ProblemID: o.problem2.ID, Description: "完善台账", SupportDepts: []string{"组织部", "宣传部"}, DueOn: date("2026-04-01")}
	require.NoError(t, s.CreateTask(o.officer2, second))
	tests := []struct {
		name   string
		viewer *ledger.User
		query  string
		want   []int64
	}{
		{"words of the problem find its measures", o.admin, "三会一课", []int64{first.ID}},
		{"the problem's category finds its measures", o.admin, "组织建设", []int64{first.ID, second.ID}},
		{"a support department finds the measure", o.admin, "宣传部", []int64{second.ID}},
		{"the measure's number with # finds it", o.admin, "#" + fmtID(second.ID), []int64{second.ID}},
		{"the bare number finds it", o.admin, fmtID(first.ID), []int64{first.ID}},
		{"the problem text never reaches outside the viewer's branch", o.officer2, "三会一课", []int64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, err := s.FindTasks(s.Scope(tt.viewer), ledger.TaskFilter{Query: tt.query})
			require.NoError(t, err)
			assert.Equal(t, tt.want, ids(page.Tasks))
			assert.Equal(t, len(tt.want), page.Total)
		})
	}
	t.Run("an overlong keyword is refused", func(t *testing.T) {
		_, err := s.FindTasks(s.Scope(o.admin), ledger.TaskFilter{Query: string(make([]rune, MaxQueryLen+1))})
		assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err))
	})
}

func TestAReturnedMeasureSaysSoUntilSubmittedAgain(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-02")
	o := newOrg(t, s)
	task := mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-02-20")
	_, err := s.Submit(o.member, task.ID, "已完成")
	require.NoError(t, err)
	got, err := s.FindTask(s.Scope(o.member), task.ID)
	require.NoError(t, err)
	assert.Equal(t, 10, got.SubmittedLateDays, "submitted 10 days after its due date")
	assert.Nil(t, got.Returned)

	_, err = s.Reject(o.officer, task.ID, " 佐证不足 ")
	require.NoError(t, err)
	got, err = s.FindTask(s.Scope(o.member), task.ID)
	require.NoError(t, err)
	require.NotNil(t, got.Returned)
	assert.Equal(t, ledger.Returned{Reason: "佐证不足", By: o.officer.ID, ByName: "李委员", At: got.Returned.At}, *got.Returned)
	assert.False(t, got.Returned.At.IsZero())
	assert.Zero(t, got.SubmittedLateDays, "back to work: it is overdue again instead")
	assert.Equal(t, ledger.LightRed, got.Light)

	_, err = s.Submit(o.member, task.ID, "已补充")
	require.NoError(t, err)
	got, err = s.FindTask(s.Scope(o.member), task.ID)
	require.NoError(t, err)
	assert.Nil(t, got.Returned, "submitted again")
	_, err = s.Approve(o.officer, task.ID, "")
	require.NoError(t, err)
	got, err = s.FindTask(s.Scope(o.member), task.ID)
	require.NoError(t, err)
	assert.Equal(t, 10, got.SubmittedLateDays, "closing keeps the late submission")
	assert.False(t, got.OnTime)
}

func TestActingOnASubmissionSettlesItsReviewRequest(t *testing.T) {
	s, _ := newTestStore(t, "2026-11-26")
	o := newOrg(t, s)
	task := mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-12-20")
	other := mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-12-20")
	for _, id := range []int64{task.ID, other.ID} {
		_, err := s.Submit(o.member, id, "已完成")
		require.NoError(t, err)
	}
	n, err := s.UnreadCount(o.officer.ID)
	require.NoError(t, err)
	require.Equal(t, 2, n)
	_, err = s.Approve(o.officer, task.ID, "")
	require.NoError(t, err)
	unread, err := s.Notifications(o.officer.ID, true, 10)
	require.NoError(t, err)
	require.Len(t, unread, 1, "the approved one drops out")
	assert.Equal(t, other.ID, unread[0].TaskID)

	_, err = s.Reject(o.officer, other.ID, "材料不全")
	require.NoError(t, err)
	n, err = s.UnreadCount(o.officer.ID)
	require.NoError(t, err)
	assert.Zero(t, n)
	mine, err := s.Notifications(o.member.ID, true, 10)
	require.NoError(t, err)
	require.NotEmpty(t, mine)
	assert.Equal(t, "材料不全", mine[0].Title, "the rejection carries its reason in-app")
}

func TestMigrationSettlesReviewRequestsAlreadyActedOn(t *testing.T) {
	db := openTestDB(t, "2026-11-26")
	o := newOrg(t, db.s)
	done := mustTask(t, db.s, o.officer, o.problem1, o.member.ID, "2026-12-20")
	waiting := mustTask(t, db.s, o.officer, o.problem1, o.member.ID, "2026-12-20")
	for _, id := range []int64{done.ID, waiting.ID} {
		_, err := db.s.Submit(o.member, id, "已完成")
		require.NoError(t, err)
	}
	_, err := db.s.Approve(o.officer, done.ID, "")
	require.NoError(t, err)
	// Make the file look like version 6: the approved request still unread.
	require.NoError(t, db.s.DB().Update(func(tx *bbolt.Tx) error {
		for _, id := range prefixIDs(tx, bInboxUser, itob(o.officer.ID)) {
			var n Notification
			require.NoError(t, get(tx, bInbox, id, "notification", &n))
			n.Read = false
			require.NoError(t, put(tx, bInbox, id, &n))
			require.NoError(t, tx.Bucket(bInboxUnread).Put(key(itob(n.UserID), itob(id)), nil))
		}
		return tx.Bucket(bMeta).Put([]byte("schema_version"), itob(6))
	}))
	s := db.Reopen()
	unread, err := s.Notifications(o.officer.ID, true, 10)
	require.NoError(t, err)
	require.Len(t, unread, 1)
	assert.Equal(t, waiting.ID, unread[0].TaskID, "only the request still waiting stays unread")
}
