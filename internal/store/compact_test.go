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
