package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A tiny bench run still measures both servers, compares them by rate and
// by CPU per request, and writes a profile of each rectify phase.
func TestBenchComparesWithTheReferenceAndProfilesBothPhases(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a ledger and drives the server")
	}
	dir := t.TempDir()
	create, read := filepath.Join(dir, "create.prof"), filepath.Join(dir, "read.prof")
	var out, errs syncBuffer
	require.NoError(t, run(context.Background(), []string{"bench", "--tasks", "300", "--branches", "6", "--clients", "4",
		"--duration", "300ms", "--data", filepath.Join(dir, "ledger"), "--cpuprofile", create, "--readprofile", read}, &out, &errs), errs.String())
	for _, row := range []string{
		"task creation over HTTP, fsync on, 4 clients — ratio rectify/reference",
		"task creation over HTTP, fsync on, 4 clients — ratio by CPU per request (reference/rectify)",
		"single task read (GET /api/v1/tasks/{id}), 4 clients — ratio rectify/reference",
		"single task read (GET /api/v1/tasks/{id}), 4 clients — ratio by CPU per request (reference/rectify)",
		"µs of CPU each",
	} {
		assert.Contains(t, out.String(), row)
	}
	assert.NotContains(t, out.String(), "not written")
	for _, p := range []string{create, read} {
		fi, err := os.Stat(p)
		if assert.NoError(t, err) {
			assert.Positive(t, fi.Size(), p)
		}
	}
}
