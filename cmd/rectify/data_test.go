package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/store"
)

// oldSchema marks the database in dir as schema v.
func oldSchema(t *testing.T, dir string, v byte) {
	t.Helper()
	db, err := bbolt.Open(filepath.Join(dir, store.DBFile), 0o600, nil)
	require.NoError(t, err)
	require.NoError(t, db.Update(func(tx *bbolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), []byte{0, 0, 0, 0, 0, 0, 0, v})
	}))
	require.NoError(t, db.Close())
}

func TestOnlyMigrateAndServeUpgradeAnOlderDatabase(t *testing.T) {
	dir := t.TempDir()
	seedOverdue(t, dir)
	oldSchema(t, dir, store.SchemaVersion-1)
	ctx := context.Background()
	for _, args := range [][]string{{"user", "list"}, {"jobs", "list"}, {"backup", "--out", filepath.Join(t.TempDir(), "b.tar")}, {"export", "--out", filepath.Join(t.TempDir(), "x.xlsx")}} {
		err := run(ctx, append(args, "--data", dir), io.Discard, io.Discard)
		require.Error(t, err, "%v", args)
		assert.Contains(t, err.Error(), "rectify migrate", "%v says how to upgrade", args)
	}
	var out syncBuffer
	require.NoError(t, run(ctx, []string{"migrate", "--data", dir}, &out, &out))
	assert.FileExists(t, filepath.Join(dir, fmt.Sprintf("%s.schema-%d", store.DBFile, store.SchemaVersion-1)), "the old file is kept, named by its schema")
	require.NoError(t, run(ctx, []string{"user", "list", "--data", dir}, &out, &out))
}

func TestEveryCommandRefusesAFolderThatLostItsDatabase(t *testing.T) {
	dir := t.TempDir()
	seedOverdue(t, dir)
	ctx := context.Background()
	require.NoError(t, run(ctx, []string{"backup", "--data", dir, "--out", filepath.Join(dir, "backups", "rectify-2026-11-20.tar")}, io.Discard, io.Discard))
	require.NoError(t, os.Remove(filepath.Join(dir, store.DBFile)))
	for _, args := range [][]string{{"serve", "--addr", "127.0.0.1:0"}, {"user", "list"}, {"jobs", "run", "overdue"}, {"compact"}} {
		err := run(ctx, append(args, "--data", dir), io.Discard, io.Discard)
		require.Error(t, err, "%v", args)
		assert.Contains(t, err.Error(), "rectify restore", "%v says how to restore", args)
		assert.NoFileExists(t, filepath.Join(dir, store.DBFile), "%v created no empty ledger", args)
	}
	var out syncBuffer
	err := run(ctx, []string{"restore", filepath.Join(dir, "backups", "rectify-2026-11-20.tar"), "--data", dir}, &out, &out)
	assert.ErrorContains(t, err, "not empty", "restore never writes into a folder with files")
	fresh := filepath.Join(t.TempDir(), "data")
	require.NoError(t, run(ctx, []string{"restore", filepath.Join(dir, "backups", "rectify-2026-11-20.tar"), "--data", fresh}, &out, &out))
	require.NoError(t, run(ctx, []string{"check", "--data", fresh}, &out, &out))
	assert.Contains(t, out.String(), "database sound")
}

func TestCheckExitsWithAnErrorOnATruncatedFile(t *testing.T) {
	dir := t.TempDir()
	seedOverdue(t, dir)
	path := filepath.Join(dir, store.DBFile)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, b[:len(b)/3], 0o600)) // past the pages in use
	var out syncBuffer
	err = run(context.Background(), []string{"check", "--data", dir}, &out, &out)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "rectify restore")
	for _, args := range [][]string{{"serve", "--addr", "127.0.0.1:0"}, {"backup", "--out", filepath.Join(t.TempDir(), "b.tar")}} {
		err := run(context.Background(), append(args, "--data", dir), io.Discard, io.Discard)
		require.Error(t, err, "%v: no panic, an error", args)
		assert.Contains(t, err.Error(), "rectify restore")
	}
}
