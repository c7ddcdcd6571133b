package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// dumpBucket returns every entry of a bucket: key and value, or the
// tuples of a packed index.
func dumpBucket(t *testing.T, s *Store, name []byte) map[string]string {
	t.Helper()
	var out map[string]string
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		out = indexContents(t, tx, name)
		return nil
	}))
	return out
}

func TestMigrationFromVersion1BuildsTheBranchDateIndexes(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	o := newOrg(t, db.s)
	mustTask(t, db.s, o.officer, o.problem1, o.member.ID, "2026-02-20") // overdue
	mustTask(t, db.s, o.officer, o.problem1, o.member.ID, "2026-03-05") // due soon
	lt := &ledger.Task{ProblemID: o.problem2.ID, Description: "长期坚持", Kind: ledger.KindLongTerm, OwnerID: o.member2.ID}
	require.NoError(t, db.s.CreateTask(o.officer2, lt))
	wantDue, wantReport := dumpBucket(t, db.s, bBranchDue), dumpBucket(t, db.s, bBranchReport)
	require.Len(t, wantDue, 2)
	require.Len(t, wantReport, 1)

	// Make the file look like version 1: no per-branch date indexes.
	require.NoError(t, db.s.DB().Update(func(tx *bbolt.Tx) error {
		for _, b := range [][]byte{bBranchDue, bBranchReport} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		return tx.Bucket(bMeta).Put([]byte("schema_version"), itob(1))
	}))

	s := db.Reopen()
	assert.Equal(t, wantDue, dumpBucket(t, s, bBranchDue))
	assert.Equal(t, wantReport, dumpBucket(t, s, bBranchReport))
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		assert.Equal(t, int64(SchemaVersion), btoi(tx.Bucket(bMeta).Get([]byte("schema_version"))))
		return nil
	}))
	page, err := s.FindTasks(s.Scope(o.officer), ledger.TaskFilter{BranchID: o.first.ID, Light: ledger.LightRed})
	require.NoError(t, err)
	assert.Equal(t, 1, page.Total, "the migrated index answers the branch's red list")
}

func TestRecordsStoredByOlderVersionsAsPlainJSONStillRead(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-02")
	o := newOrg(t, s)
	task := mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-04-01")
	require.NoError(t, s.DB().Update(func(tx *bbolt.Tx) error {
		var cur ledger.Task
		require.NoError(t, get(tx, bTasks, task.ID, "task", &cur))
		return tx.Bucket(bTasks).Put(itob(task.ID), []byte(`{"id":`+itoa(task.ID)+`,"problem_id":1,"batch_id":1,"branch_id":`+itoa(cur.BranchID)+`,"description":"旧格式","kind":"deadline","status":"open","due_on":"2026-04-01"}`))
	}))
	got, err := s.FindTask(s.Scope(o.officer), task.ID)
	require.NoError(t, err)
	assert.Equal(t, "旧格式", got.Description)
}

func TestTheRecordCodecNeverTouchesUserText(t *testing.T) {
	// Text that looks like the substituted keys must come back verbatim.
	tricky := `"status":"closed" "due_on":" \u0002 ` + "\x02\x1f" + ` "created_at":"`
	in := &ledger.Task{ID: 1, Description: tricky, OwnerName: `"owner_id":`, Status: ledger.StatusOpen}
	var out ledger.Task
	require.NoError(t, decode(encode(in), &out))
	assert.Equal(t, tricky, out.Description)
	assert.Equal(t, `"owner_id":`, out.OwnerName)
	assert.Less(t, len(encode(in)), len(rawOrNull(in))+1)
}

func itoa(n int64) string { return string(rawOrNull(n)) }
