package web_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"rectify/internal/auth"
	"rectify/internal/benchgen"
	"rectify/internal/demo"
	"rectify/internal/ledger"
	"rectify/internal/store"
	"rectify/web"
)

// BenchmarkPages measures the server time of the pages on a generated
// ledger (store.Generate: one 党委 with 200 支部). The size comes from
// RECTIFY_BENCH_TASKS (default 100000); RECTIFY_BENCH_DIR keeps the
// generated ledger between runs, since a million tasks take minutes to
// write:
//
//	RECTIFY_BENCH_TASKS=1000000 RECTIFY_BENCH_DIR=/tmp/bench1m \
//	    go test ./web/ -run '^$' -bench Pages -benchtime 20x
func BenchmarkPages(b *testing.B) {
	st := benchLedger(b)
	root := st.Tree().Children(0)[0]
	a := newAppOn(b, st, web.Config{SessionTTL: time.Hour})
	officer := a.login("bench-officer")
	branch := st.Tree().Children(root)[0]
	for _, p := range []struct{ name, path string }{
		{"dashboard", "/"},
		{"dashboard-one-branch", "/?branch_id=" + itoa(branch)},
		{"dashboard-source-filter", "/?source_type=patrol"},
		{"ledger-first-page", "/tasks"},
		{"ledger-one-branch", "/tasks?branch_id=" + itoa(branch)},
		{"my-work-officer", "/my"},
	} {
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				if w := a.get(officer, p.path); w.Code != http.StatusOK {
					b.Fatalf("%s: %d", p.path, w.Code)
				}
			}
		})
	}
}

func benchTasks(b *testing.B) int {
	n, err := strconv.Atoi(os.Getenv("RECTIFY_BENCH_TASKS"))
	if err != nil || n <= 0 {
		return 100000
	}
	return n
}

// benchLedger opens (generating if needed) the benchmark ledger, with an
// officer of the 党委 who can log in.
func benchLedger(b *testing.B) *store.Store {
	b.Helper()
	dir := os.Getenv("RECTIFY_BENCH_DIR")
	if dir == "" {
		dir = b.TempDir()
	}
	_, statErr := os.Stat(filepath.Join(dir, "rectify.db"))
	st, err := store.Open(dir, store.Options{Location: shanghai, NoSync: true})
	require.NoError(b, err)
	b.Cleanup(func() { require.NoError(b, st.Close()) })
	if statErr == nil && st.Tree().Len() > 0 {
		return st
	}
	start := time.Now()
	require.NoError(b, benchgen.Generate(st, benchgen.Options{Tasks: benchTasks(b), Branches: 200, Seed: 1}))
	b.Logf("generated %d tasks in %v", benchTasks(b), time.Since(start).Round(time.Second))
	hash, err := auth.HashPassword(demo.Password)
	require.NoError(b, err)
	root := st.Tree().Children(0)[0]
	require.NoError(b, st.CreateUser(nil, &ledger.User{Login: "bench-officer", Name: "督办员", Role: ledger.RoleOfficer, BranchID: root}, hash))
	return st
}
