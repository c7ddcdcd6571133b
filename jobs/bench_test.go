package jobs

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"rectify/internal/benchgen"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

// BenchmarkDateJobs times the overdue and due-soon jobs on a generated
// ledger of RECTIFY_BENCH_TASKS tasks (default 100,000; the README reports
// 1,000,000). The generator makes 10% of tasks overdue, due evenly over
// the 60 days before "today"; run as of 54 days earlier, about 1% are.
// Each sub-benchmark reports its first run (which writes every notice)
// as first-run-ms and the tasks in the scanned range as touched; the
// timed loop is the steady state, a run that finds everything settled.
func BenchmarkDateJobs(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("RECTIFY_BENCH_TASKS")); err == nil && v > 0 {
		n = v
	}
	today := day("2026-11-26")
	st, err := store.Open(b.TempDir(), store.Options{Location: shanghai, NoSync: true,
		Now: func() time.Time { return at("2026-11-26 08:00") }})
	require.NoError(b, err)
	defer st.Close()
	start := time.Now()
	require.NoError(b, benchgen.Generate(st, benchgen.Options{Tasks: n, Branches: max(n/500, 10), Seed: 1, Today: today}))
	b.Logf("generated %d tasks in %s", n, time.Since(start).Round(time.Millisecond))
	reg, err := New(st, Config{Location: shanghai, Sender: &recordingSender{}, Log: zerolog.Nop()})
	require.NoError(b, err)
	scenarios := []struct {
		name string
		job  string
		asOf ledger.Date
	}{
		{"overdue/1pct", NameOverdue, today.AddDays(-54)},
		{"overdue/10pct", NameOverdue, today},
		{"due-soon/1pct", NameDueSoon, today.AddDays(-54)},
		{"due-soon/5pct", NameDueSoon, today},
	}
	for _, c := range scenarios {
		job, _ := reg.Job(c.job)
		now := at(c.asOf.String())
		touched := touchedBy(b, st, c.job, c.asOf)
		// The first run writes what the scenarios before it have not:
		// 10pct after 1pct writes the other 9%.
		t0 := time.Now()
		first, err := job.(Counting).RunCounted(context.Background(), now)
		require.NoError(b, err)
		firstRun := time.Since(t0)
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				n, err := job.(Counting).RunCounted(context.Background(), now)
				require.NoError(b, err)
				require.Zero(b, n)
			}
			b.ReportMetric(float64(touched), "touched")
			b.ReportMetric(float64(first), "first-run-notices")
			b.ReportMetric(float64(firstRun.Milliseconds()), "first-run-ms")
		})
	}
}

func touchedBy(b *testing.B, st *store.Store, job string, asOf ledger.Date) int {
	from, to := ledger.Date(0), asOf.AddDays(-1)
	if job == NameDueSoon {
		from, to = asOf, asOf.AddDays(st.MaxWarnDays())
	}
	es, err := st.DueBetween(from, to)
	require.NoError(b, err)
	return len(es)
}
