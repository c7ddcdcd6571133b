package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/auth"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

func TestUserCommandsAddChangeAndListUsersOffline(t *testing.T) {
	auth.Cost = 4
	dir := t.TempDir()
	var out, errs syncBuffer
	ctx := context.Background()
	t.Setenv("RECTIFY_PASSWORD", "first-password")
	require.NoError(t, run(ctx, []string{"user", "add", "--data", dir, "--login", "root2", "--name", "备用管理员", "--role", "admin"}, &out, &errs))
	assert.Contains(t, out.String(), "created user 1 root2 (admin)")

	err := run(ctx, []string{"user", "add", "--data", dir, "--login", "x", "--name", "坏", "--role", "member"}, &out, &errs)
	require.Error(t, err, "a one-letter login is refused")
	assert.Contains(t, err.Error(), "login must be")

	t.Setenv("RECTIFY_PASSWORD", "short")
	err = run(ctx, []string{"user", "passwd", "--data", dir, "--login", "root2"}, &out, &errs)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "at least 10")

	t.Setenv("RECTIFY_PASSWORD", "second-password")
	require.NoError(t, run(ctx, []string{"user", "passwd", "--data", dir, "--login", "root2"}, &out, &errs))
	require.NoError(t, run(ctx, []string{"user", "list", "--data", dir}, &out, &errs))
	assert.Contains(t, out.String(), "root2")

	st, err := store.Open(dir, store.Options{})
	require.NoError(t, err)
	defer st.Close()
	_, hash, err := st.FindUserByLogin("root2")
	require.NoError(t, err)
	assert.True(t, auth.CheckPassword(hash, "second-password"))
	assert.False(t, auth.CheckPassword(hash, "first-password"))
}

func TestBackupCommandWritesAConsistentCopyOfflineAndFromTheServer(t *testing.T) {
	auth.Cost = 4
	t.Setenv("RECTIFY_ADMIN_PASSWORD", "admin-pass-1")
	dir := t.TempDir()
	var out, errs syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", dir, "--demo"}, &out, &errs)
	}()
	base := waitForURL(t, &out)

	offline := filepath.Join(t.TempDir(), "offline.db")
	err := run(context.Background(), []string{"backup", "--data", dir, "--out", offline}, &out, &errs)
	require.Error(t, err, "the running server holds the file")
	assert.Contains(t, err.Error(), "--server")

	online := filepath.Join(t.TempDir(), "online.db")
	require.NoError(t, run(context.Background(), []string{"backup", "--server", base, "--out", online}, &out, &errs))
	assertBackupHoldsTheDemo(t, online)

	cancel()
	require.NoError(t, <-done)
	require.NoError(t, run(context.Background(), []string{"backup", "--data", dir, "--out", offline}, &out, &errs))
	assertBackupHoldsTheDemo(t, offline)
}

func assertBackupHoldsTheDemo(t *testing.T, path string) {
	t.Helper()
	_, err := store.VerifyBackup(path)
	require.NoError(t, err)
	dir := filepath.Join(t.TempDir(), "restored")
	var out syncBuffer
	require.NoError(t, run(context.Background(), []string{"restore", path, "--data", dir}, &out, &out))
	assert.Contains(t, out.String(), "checked")
	st, err := store.Open(dir, store.Options{})
	require.NoError(t, err, "a backup is a working data folder")
	defer st.Close()
	page, err := st.FindTasks(st.Scope(&ledger.User{Role: ledger.RoleAdmin}), ledger.TaskFilter{})
	require.NoError(t, err)
	assert.Positive(t, page.Total)
}
