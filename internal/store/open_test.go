package store

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"
)

// closedLedger writes a small ledger to a fresh folder and closes it.
func closedLedger(t *testing.T) string {
	t.Helper()
	db := openTestDB(t, "2026-03-02")
	o := newOrg(t, db.s)
	mustTask(t, db.s, o.officer, o.problem1, o.member.ID, "2026-02-20")
	require.NoError(t, db.s.Close())
	db.s = nil
	return db.dir
}

func setSchema(t *testing.T, dir string, v int64) {
	t.Helper()
	db, err := bbolt.Open(filepath.Join(dir, DBFile), 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bbolt.Tx) error {
		return tx.Bucket(bMeta).Put([]byte("schema_version"), itob(v))
	}))
	require.NoError(t, db.Close())
}

func TestAnOpenThatMayNotMigrateRefusesAnOlderSchemaAndChangesNothing(t *testing.T) {
	dir := closedLedger(t)
	setSchema(t, dir, 3)
	before, err := os.ReadFile(filepath.Join(dir, DBFile))
	require.NoError(t, err)

	_, err = Open(dir, Options{})
	var old *OldSchemaError
	require.ErrorAs(t, err, &old)
	assert.Contains(t, err.Error(), "rectify migrate")
	after, err := os.ReadFile(filepath.Join(dir, DBFile))
	require.NoError(t, err)
	assert.Equal(t, before, after, "the refused open left the file byte for byte")

	s, err := Open(dir, Options{Migrate: true})
	require.NoError(t, err)
	require.NoError(t, s.Close())
	kept, err := Open(dir, Options{}) // the migrated file opens read-only commands now
	require.NoError(t, err)
	require.NoError(t, kept.Close())
	copyDir := t.TempDir()
	require.NoError(t, os.Rename(filepath.Join(dir, DBFile+".schema-3"), filepath.Join(copyDir, DBFile)))
	_, err = Open(copyDir, Options{})
	require.ErrorAs(t, err, &old, "the kept copy is the old schema-3 file")
}

func TestOpenRefusesToStartAfreshWhereALedgerLivedBefore(t *testing.T) {
	for _, sign := range []string{DBFile + ".before-compact", "evidence/ab/abcdef", "backups/rectify-2026-03-01.tar"} {
		t.Run("with "+sign+" and no database", func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, sign)), 0o750))
			require.NoError(t, os.WriteFile(filepath.Join(dir, sign), []byte("x"), 0o600))
			_, err := Open(dir, Options{})
			var missing *MissingDatabaseError
			require.ErrorAs(t, err, &missing)
			assert.Contains(t, err.Error(), "rectify restore")
			assert.NoFileExists(t, filepath.Join(dir, DBFile), "no empty ledger was created")
		})
	}
	t.Run("an empty folder gets a new ledger", func(t *testing.T) {
		s, err := Open(t.TempDir(), Options{})
		require.NoError(t, err)
		require.NoError(t, s.Close())
	})
}

func TestOpenRemovesTheTemporaryFilesOfACrashedRun(t *testing.T) {
	dir := closedLedger(t)
	left := []string{"evidence/.upload-123", "backups/.download-1.db", "backups/.backup-9", ".compact-77.db", ".backup-5"}
	for _, p := range left {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o750))
		require.NoError(t, os.WriteFile(filepath.Join(dir, p), []byte("partial"), 0o600))
	}
	keep := filepath.Join(dir, "backups", "rectify-2026-03-01.tar")
	require.NoError(t, os.WriteFile(keep, []byte("a backup"), 0o600))
	s, err := Open(dir, Options{})
	require.NoError(t, err)
	defer s.Close()
	for _, p := range left {
		assert.NoFileExists(t, filepath.Join(dir, p))
	}
	assert.FileExists(t, keep)
}

func TestADamagedFileIsAClearErrorNeverAPanic(t *testing.T) {
	cases := map[string]func(b []byte) []byte{
		"truncated to half": func(b []byte) []byte { return b[:len(b)/2] },
		"meta pages zeroed": func(b []byte) []byte { clear(b[:2*4096]); return b },
		"data bytes flipped": func(b []byte) []byte {
			for i := 2 * 4096; i < len(b); i += 97 {
				b[i] ^= 0x5a
			}
			return b
		},
	}
	for name, damage := range cases {
		t.Run(name, func(t *testing.T) {
			dir := closedLedger(t)
			path := filepath.Join(dir, DBFile)
			b, err := os.ReadFile(path)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(path, damage(b), 0o600))

			rep, err := CheckDir(dir)
			require.NoError(t, err)
			assert.NotEmpty(t, rep.Problems, "check finds the damage")
			s, err := Open(dir, Options{})
			if err == nil { // a flipped value may open; check is what finds it
				s.Close()
				return
			}
			assert.Contains(t, err.Error(), "rectify restore")
		})
	}
}

func TestCheckFindsASoundLedgerSoundAndAMissingEvidenceFile(t *testing.T) {
	dir := closedLedger(t)
	rep, err := CheckDir(dir)
	require.NoError(t, err)
	assert.True(t, rep.OK(), "%v", rep)
	assert.Equal(t, int64(SchemaVersion), rep.Schema)
}
