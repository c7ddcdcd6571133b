package sheet_test

import (
	"fmt"
	"io"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"rectify/internal/benchgen"
	"rectify/internal/ledger"
	"rectify/internal/sheet"
)

// BenchmarkExport exports generated ledgers of 20,000 and 100,000
// measures (a problem per three measures, 200 支部, closed ones with 回头看)
// and reports the peak heap in use while the export runs, sampled every
// millisecond, and the size of the file. Memory that does not grow with
// the ledger is what streaming buys:
//
//	go test ./internal/sheet -run '^$' -bench Export -benchtime 3x
func BenchmarkExport(b *testing.B) {
	for _, tasks := range []int{20000, 100000} {
		b.Run(fmt.Sprintf("tasks=%d", tasks), func(b *testing.B) {
			st, _ := openStore(b, "2026-11-26")
			require.NoError(b, benchgen.Generate(st, benchgen.Options{Branches: 200, Tasks: tasks, Seed: 1}))
			admin := &ledger.User{Login: "bench", Role: ledger.RoleAdmin}
			runtime.GC()
			var base runtime.MemStats
			runtime.ReadMemStats(&base)
			b.ResetTimer()
			var peak atomic.Uint64
			for range b.N {
				stop := sampleHeap(&peak)
				var out countingWriter
				n, err := sheet.Export(&out, st, sheet.ExportOptions{Scope: st.Scope(admin), Title: "压测台账"})
				stop()
				require.NoError(b, err)
				require.Equal(b, tasks, n.Tasks)
				b.ReportMetric(float64(out.n)/(1<<20), "file-MB")
			}
			b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(base.HeapInuse)/(1<<20), "heap-before-MB")
		})
	}
}

// sampleHeap records the largest HeapInuse seen until stop is called.
func sampleHeap(peak *atomic.Uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); <-finished }
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countingWriter)(nil)
