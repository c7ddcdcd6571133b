package store

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

func TestASecondOpenOfTheSameFolderIsRefusedAsLocked(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	start := time.Now()
	s2, err := Open(db.dir, Options{Now: db.clock.Now, Location: shanghai, Timeout: 100 * time.Millisecond})
	if s2 != nil {
		s2.Close()
	}
	assert.ErrorIs(t, err, ErrLocked)
	assert.Less(t, time.Since(start), time.Second, "the refusal comes after the timeout, not a hang")
	n, err := db.s.CountUsers()
	require.NoError(t, err, "the first store still works")
	assert.Zero(t, n)
}

func TestAStoreRefusesASchemaNewerThanItself(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	require.NoError(t, db.s.DB().Update(func(tx *bbolt.Tx) error {
		return tx.Bucket(bMeta).Put([]byte("schema_version"), itob(SchemaVersion+1))
	}))
	require.NoError(t, db.s.Close())
	db.s = nil

	s, err := Open(db.dir, Options{Now: db.clock.Now, Location: shanghai})
	if s != nil {
		s.Close()
	}
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrLocked)
	assert.Contains(t, err.Error(), "newer than this binary")

	raw, err := bbolt.Open(filepath.Join(db.dir, "rectify.db"), 0o600, &bbolt.Options{ReadOnly: true, Timeout: time.Second})
	require.NoError(t, err, "a refused open releases the file")
	defer raw.Close()
	require.NoError(t, raw.View(func(tx *bbolt.Tx) error {
		assert.Equal(t, int64(SchemaVersion+1), btoi(tx.Bucket(bMeta).Get([]byte("schema_version"))),
			"the newer version is left for the newer binary")
		return nil
	}))
}

func TestReopeningKeepsEverythingAndRecordsTheSchema(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	o := newOrg(t, db.s)
	task := atSubmitted(t, db.s, o)
	s := db.Reopen()
	got, err := s.FindTask(s.Scope(o.member), task.ID)
	require.NoError(t, err)
	assert.Equal(t, ledger.StatusSubmitted, got.Status)
	assert.Equal(t, []int64{o.party.ID, o.first.ID, o.second.ID}, s.Tree().All(), "the branch tree is loaded at open")
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		assert.Equal(t, int64(SchemaVersion), btoi(tx.Bucket(bMeta).Get([]byte("schema_version"))))
		return nil
	}))
}

func TestABackupOpensWithBboltAndHoldsTheSameTasks(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-02")
	o := newOrg(t, s)
	atOpen(t, s, o)
	atClosed(t, s, o)
	atExtensionPending(t, s, o)
	live := bucketContents(t, s.DB(), bTasks)
	require.Len(t, live, 3)

	path := filepath.Join(t.TempDir(), "backups", "rectify-2026-03-02.tar")
	m, err := s.BackupFile(path)
	require.NoError(t, err)
	assert.Equal(t, int64(SchemaVersion), m.SchemaVersion)
	leftovers, err := filepath.Glob(filepath.Join(filepath.Dir(path), ".backup-*"))
	require.NoError(t, err)
	assert.Empty(t, leftovers, "no temp file is left behind")

	t.Run("and restores as a working store", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "restored")
		_, err := Restore(path, dir)
		require.NoError(t, err)
		restored, err := Open(dir, Options{Now: s.now, Location: shanghai})
		require.NoError(t, err)
		defer restored.Close()
		page, err := restored.FindTasks(restored.Scope(o.admin), ledger.TaskFilter{})
		require.NoError(t, err)
		assert.Equal(t, 3, page.Total)
		assert.Equal(t, live, bucketContents(t, restored.DB(), bTasks))
	})
	t.Run("but never over a ledger", func(t *testing.T) {
		_, err := Restore(path, s.Dir())
		assert.ErrorContains(t, err, "not empty")
	})
	t.Run("and a damaged backup is refused", func(t *testing.T) {
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		b[len(b)/2] ^= 0xff
		bad := filepath.Join(t.TempDir(), "bad.tar")
		require.NoError(t, os.WriteFile(bad, b, 0o600))
		_, err = VerifyBackup(bad)
		assert.Error(t, err)
		dir := filepath.Join(t.TempDir(), "restored")
		_, err = Restore(bad, dir)
		assert.Error(t, err)
		assert.NoFileExists(t, filepath.Join(dir, DBFile))
	})
}

func bucketContents(t *testing.T, db *bbolt.DB, bucket []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, db.View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucket).ForEach(func(k, v []byte) error {
			out[string(k)] = string(v)
			return nil
		})
	}))
	return out
}
