package jobs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/store"
)

func TestBackupWritesOnePerDayAndKeepsTheNewest(t *testing.T) {
	f := newFixture(t, "2026-11-01", func(c *Config) { c.BackupKeep = 3 })
	dir := filepath.Join(f.dir, "backups")
	require.NoError(t, os.MkdirAll(dir, 0o750))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("kept"), 0o600))
	for _, d := range []string{"2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"} {
		f.run(NameBackup, d+" 02:30")
	}
	info, err := os.Stat(filepath.Join(dir, "rectify-2026-11-05.db"))
	require.NoError(t, err)
	f.run(NameBackup, "2026-11-05 14:00")
	again, err := os.Stat(filepath.Join(dir, "rectify-2026-11-05.db"))
	require.NoError(t, err)
	assert.Equal(t, info.ModTime(), again.ModTime(), "not twice the same day")

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"notes.txt", "rectify-2026-11-03.db", "rectify-2026-11-03.db.head", "rectify-2026-11-04.db",
		"rectify-2026-11-04.db.head", "rectify-2026-11-05.db", "rectify-2026-11-05.db.head"}, names)
	head, err := os.ReadFile(filepath.Join(dir, "rectify-2026-11-05.db.head"))
	require.NoError(t, err)
	anchor, err := store.ParseAnchor(strings.Fields(string(head))[0])
	require.NoError(t, err, "the .head file starts with an anchor")
	v, err := f.st.VerifyChain(anchor)
	require.NoError(t, err)
	assert.True(t, v.OK, "the anchor beside the backup verifies")

	db, err := bbolt.Open(filepath.Join(dir, "rectify-2026-11-05.db"), 0o600, &bbolt.Options{ReadOnly: true})
	require.NoError(t, err, "a usable database")
	require.NoError(t, db.View(func(tx *bbolt.Tx) error {
		assert.NotNil(t, tx.Bucket([]byte("tasks_v1")))
		return nil
	}))
	require.NoError(t, db.Close())
}
