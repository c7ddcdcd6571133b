package api_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

func TestAnAdminDownloadsAHotBackupThatOpens(t *testing.T) {
	e := newEnv(t)
	id := e.openTask()
	data := []byte("会议记录扫描件")
	ev := decode[ledger.Evidence](t, e.must(http.StatusCreated, "POST", taskPath(id, "evidence"), "member1", upload{"file", "记录.pdf", data}))
	e.must(http.StatusOK, "POST", taskPath(id, "submit"), "member1", map[string]any{"note": "完成"})
	rec := e.must(http.StatusOK, "GET", "/admin/backup", "admin", nil)
	assert.True(t, strings.HasPrefix(rec.Header().Get("Content-Disposition"), `attachment; filename="rectify-`))
	assert.Equal(t, "application/x-tar", rec.Header().Get("Content-Type"))

	file := filepath.Join(t.TempDir(), "backup.tar")
	require.NoError(t, os.WriteFile(file, rec.Body.Bytes(), 0o600))
	dir := filepath.Join(t.TempDir(), "restored")
	m, err := store.Restore(file, dir)
	require.NoError(t, err)
	assert.Len(t, m.Evidence, 1, "the backup holds the evidence file")
	copy, err := store.Open(dir, store.Options{Now: e.clock.Now, Location: shanghai, NoSync: true})
	require.NoError(t, err)
	defer copy.Close()
	require.NoError(t, copy.Check())
	admin := e.users["admin"]
	task, err := copy.FindTask(copy.Scope(admin), id)
	require.NoError(t, err)
	assert.Equal(t, ledger.StatusSubmitted, task.Status)
	got, err := os.ReadFile(copy.EvidencePath(ev.SHA256))
	require.NoError(t, err, "the restored evidence file is where downloads look")
	assert.Equal(t, data, got)

	for _, as := range []string{"officer", "member1", "leader"} {
		wantError(t, e.do("GET", "/admin/backup", as, nil), http.StatusForbidden, "forbidden", "")
	}
}
