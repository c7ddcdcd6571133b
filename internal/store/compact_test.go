package store

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompactKeepsEveryRecordAndRefusesAnOpenDatabase(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	o := newOrg(t, db.s)
	for range 50 {
		mustTask(t, db.s, o.officer, o.problem1, o.member.ID, "2026-04-01")
	}
	wantTasks, wantEvents := dumpBucket(t, db.s, bTasks), dumpBucket(t, db.s, bEvents)

	_, _, err := Compact(db.dir)
	assert.ErrorIs(t, err, ErrLocked, "the running store holds the lock")

	require.NoError(t, db.s.Close())
	db.s = nil
	before, after, err := Compact(db.dir)
	require.NoError(t, err)
	assert.Positive(t, before)
	assert.Positive(t, after)
	_, err = os.Stat(filepath.Join(db.dir, "rectify.db.before-compact"))
	assert.NoError(t, err, "the old file is kept")

	db.s = db.open()
	assert.Equal(t, wantTasks, dumpBucket(t, db.s, bTasks))
	assert.Equal(t, wantEvents, dumpBucket(t, db.s, bEvents))
}

func TestACompactionInterruptedBeforeTheSwapLeavesTheLedgerWhole(t *testing.T) {
	dir := closedLedger(t)
	want, err := os.ReadFile(filepath.Join(dir, DBFile))
	require.NoError(t, err)
	_, _, err = compact(dir, func() error { return os.ErrDeadlineExceeded }) // the kill
	require.Error(t, err)
	got, err := os.ReadFile(filepath.Join(dir, DBFile))
	require.NoError(t, err)
	assert.Equal(t, want, got, "rectify.db is the untouched original")

	s, err := Open(dir, Options{}) // a restart cleans up and opens the ledger
	require.NoError(t, err)
	n, err := s.CountUsers()
	require.NoError(t, err)
	assert.Positive(t, n)
	require.NoError(t, s.Close())
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".compact-*"))
	assert.Empty(t, leftovers)
}

func TestASecondCompactionAtTheSameTimeIsLockedOut(t *testing.T) {
	dir := closedLedger(t)
	var second error
	_, _, err := compact(dir, func() error {
		_, _, second = Compact(dir)
		return nil
	})
	require.NoError(t, err)
	assert.ErrorIs(t, second, ErrLocked)
	rep, err := CheckDir(dir)
	require.NoError(t, err)
	assert.Empty(t, rep.Problems)

	// Compacting again replaces the kept copy with a good database, never an empty one.
	_, _, err = Compact(dir)
	require.NoError(t, err)
	kept := t.TempDir()
	require.NoError(t, os.Rename(filepath.Join(dir, DBFile+".before-compact"), filepath.Join(kept, DBFile)))
	rep, err = CheckDir(kept)
	require.NoError(t, err)
	assert.Empty(t, rep.Problems)
	s, err := Open(kept, Options{})
	require.NoError(t, err)
	defer s.Close()
	n, err := s.CountUsers()
	require.NoError(t, err)
	assert.Positive(t, n)
}

func TestCompactRefusesAFolderWithoutADatabase(t *testing.T) {
	dir := t.TempDir()
	_, _, err := Compact(dir)
	assert.ErrorIs(t, err, ErrNoDatabase)
	assert.NoFileExists(t, filepath.Join(dir, DBFile))
}
