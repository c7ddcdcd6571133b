package store

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// TestPackedIndexesEqualARebuildAfterHandoverWithdrawAndDeletes moves
// entries between the groups of the packed indexes — an owner's tasks
// handed over, measures withdrawn, closed and reopened, tasks and their
// problem deleted — with groups big enough to span several runs, and
// after each step compares every index with a scan of the records and with
// what the migration's rebuild writes.
func TestPackedIndexesEqualARebuildAfterHandoverWithdrawAndDeletes(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-10")
	o := newOrg(t, s)
	heir := mustUser(t, s, o.admin, "qian", "钱六", ledger.RoleMember, o.first.ID)
	third := mustProblem(t, s, o.officer, o.batch.ID, o.first.ID, "第三个问题")
	var tasks []*ledger.Task
	for i := range 240 {
		p := []*ledger.Problem{o.problem1, third}[i%2]
		tasks = append(tasks, mustTask(t, s, o.officer, p, o.member.ID, fmt.Sprintf("2026-%02d-%02d", 2+i%5, 1+i%28)))
	}
	assertPackedIndexesRebuilt(t, s, "after the creations")

	moved, err := s.ReassignTasks(o.officer, Handover{From: o.member.ID, To: heir.ID, TaskIDs: []int64{tasks[7].ID, tasks[100].ID}, Reason: "岗位调整"})
	require.NoError(t, err)
	require.Len(t, moved, 2)
	assertPackedIndexesRebuilt(t, s, "after handing two measures over")
	moved, err = s.ReassignTasks(o.officer, Handover{From: o.member.ID, To: heir.ID, Reason: "岗位调整"})
	require.NoError(t, err)
	require.Len(t, moved, 238)
	assertPackedIndexesRebuilt(t, s, "after handing every measure over")

	for _, task := range tasks[10:40] {
		_, err := s.WithdrawTask(o.officer, task.ID, "重复录入")
		require.NoError(t, err)
	}
	assertPackedIndexesRebuilt(t, s, "after withdrawals")

	for _, task := range tasks[40:120] {
		_, err := s.Submit(heir, task.ID, "已完成")
		require.NoError(t, err)
		_, err = s.Approve(o.officer, task.ID, "")
		require.NoError(t, err)
	}
	for _, task := range tasks[60:70] {
		_, err := s.Reopen(o.officer, task.ID, date("2026-08-01"), "回头看发现反弹")
		require.NoError(t, err)
	}
	assertPackedIndexesRebuilt(t, s, "after closings and reopenings")

	for i, task := range tasks {
		if i%2 == 1 && (i < 10 || i >= 40) { // the third problem's live measures
			require.NoError(t, s.DeleteTask(o.admin, task.ID))
		}
	}
	require.NoError(t, s.DeleteProblem(o.admin, third.ID))
	assertPackedIndexesRebuilt(t, s, "after deleting a problem and its measures")

	mine, err := s.FindTasks(s.Scope(o.admin), ledger.TaskFilter{OwnerID: heir.ID, Limit: MaxPageSize})
	require.NoError(t, err)
	assert.NotEmpty(t, mine.Tasks)
	for _, task := range mine.Tasks {
		assert.Equal(t, heir.ID, task.OwnerID)
	}
}

var errRollBack = errors.New("roll back")

// assertPackedIndexesRebuilt compares the packed indexes with a scan of the
// records, and with what fillPackedIndexes writes from scratch (in a
// transaction rolled back after).
func assertPackedIndexesRebuilt(t *testing.T, s *Store, when string) {
	t.Helper()
	assertIndexesMatchScan(t, s)
	err := s.DB().Update(func(tx *bbolt.Tx) error {
		kept := map[string]map[string]string{}
		for _, b := range packedBuckets {
			kept[string(b)] = indexContents(t, tx, b)
		}
		require.NoError(t, fillPackedIndexes(tx, packedBuckets...))
		for _, b := range packedBuckets {
			assert.Equal(t, indexContents(t, tx, b), kept[string(b)], "%s: %s equals a rebuild", when, b)
		}
		return errRollBack
	})
	require.ErrorIs(t, err, errRollBack)
}

// TestVerifyNamesAnEventTheEventIndexLosesOrAnEntryItGains: the chain walk
// checks the packed event index too — an entry taken out names its event,
// an entry added is counted.
func TestVerifyNamesAnEventTheEventIndexLosesOrAnEntryItGains(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-10")
	o := newOrg(t, s)
	var tasks []*ledger.Task
	for range 30 {
		tasks = append(tasks, mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-04-01"))
	}
	evs, err := s.TaskEvents(s.Scope(o.admin), tasks[12].ID)
	require.NoError(t, err)
	require.NotEmpty(t, evs)
	lost := evs[0].ID
	change := func(fn func(p packed) error) {
		require.NoError(t, s.DB().Update(func(tx *bbolt.Tx) error { return fn(packedIndex(tx, bEventTask)) }))
	}

	change(func(p packed) error { return p.remove(tuple{uint64(tasks[12].ID), uint64(lost)}) })
	v, err := s.VerifyChain()
	require.NoError(t, err)
	require.False(t, v.OK)
	assert.Equal(t, lost, v.Break.Seq)
	assert.Contains(t, v.Break.Reason, "event index")

	change(func(p packed) error {
		if err := p.add(tuple{uint64(tasks[12].ID), uint64(lost)}); err != nil {
			return err
		}
		return p.add(tuple{uint64(tasks[3].ID), uint64(lost)}) // listed under a second task
	})
	v, err = s.VerifyChain()
	require.NoError(t, err)
	require.False(t, v.OK)
	assert.Contains(t, v.Break.Reason, "entries for")

	change(func(p packed) error { return p.remove(tuple{uint64(tasks[3].ID), uint64(lost)}) })
	v, err = s.VerifyChain()
	require.NoError(t, err)
	assert.True(t, v.OK, "%+v", v.Break)
}
