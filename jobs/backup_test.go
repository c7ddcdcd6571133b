package jobs

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	info, err := os.Stat(filepath.Join(dir, "rectify-2026-11-05.tar"))
	require.NoError(t, err)
	f.run(NameBackup, "2026-11-05 14:00")
	again, err := os.Stat(filepath.Join(dir, "rectify-2026-11-05.tar"))
	require.NoError(t, err)
	assert.Equal(t, info.ModTime(), again.ModTime(), "not twice the same day")

	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"notes.txt", "rectify-2026-11-03.tar", "rectify-2026-11-03.tar.head", "rectify-2026-11-04.tar",
		"rectify-2026-11-04.tar.head", "rectify-2026-11-05.tar", "rectify-2026-11-05.tar.head"}, names)
	head, err := os.ReadFile(filepath.Join(dir, "rectify-2026-11-05.tar.head"))
	require.NoError(t, err)
	anchor, err := store.ParseAnchor(strings.Fields(string(head))[0])
	require.NoError(t, err, "the .head file starts with an anchor")
	v, err := f.st.VerifyChain(anchor)
	require.NoError(t, err)
	assert.True(t, v.OK, "the anchor beside the backup verifies")

	m, err := store.VerifyBackup(filepath.Join(dir, "rectify-2026-11-05.tar"))
	require.NoError(t, err, "a verified backup")
	assert.Equal(t, int64(store.SchemaVersion), m.SchemaVersion)
	assert.Equal(t, strings.Fields(string(head))[0], m.ChainHead, "the manifest carries the same anchor")
}

func TestABackupRunAsOfAnotherDayIsNamedAndPrunedByTheRealClock(t *testing.T) {
	f := newFixture(t, "2026-11-01", func(c *Config) { c.BackupKeep = 2 })
	dir := filepath.Join(f.dir, "backups")
	require.NoError(t, os.MkdirAll(dir, 0o750))
	for _, d := range []string{"2026-10-30", "2026-10-31"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "rectify-"+d+".db"), []byte("old"), 0o600))
	}
	f.clock.Set(at("2026-11-01 02:30"))
	_, err := f.reg.Run(context.Background(), NameBackup, at("2099-01-01 02:30"))
	require.NoError(t, err)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"rectify-2026-10-31.db", "rectify-2026-11-01.tar", "rectify-2026-11-01.tar.head"}, names, "no 2099 backup, and the newest real ones kept")
}
