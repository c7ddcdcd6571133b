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
	id := e.submittedTask()
	rec := e.must(http.StatusOK, "GET", "/admin/backup", "admin", nil)
	assert.True(t, strings.HasPrefix(rec.Header().Get("Content-Disposition"), `attachment; filename="rectify-`))
	assert.Equal(t, "application/octet-stream", rec.Header().Get("Content-Type"))

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "rectify.db"), rec.Body.Bytes(), 0o600))
	copy, err := store.Open(dir, store.Options{Now: e.clock.Now, Location: shanghai, NoSync: true})
	require.NoError(t, err)
	defer copy.Close()
	require.NoError(t, copy.Check())
	admin := e.users["admin"]
	task, err := copy.FindTask(copy.Scope(admin), id)
	require.NoError(t, err)
	assert.Equal(t, ledger.StatusSubmitted, task.Status)

	for _, as := range []string{"officer", "member1", "leader"} {
		wantError(t, e.do("GET", "/admin/backup", as, nil), http.StatusForbidden, "forbidden", "")
	}
}
