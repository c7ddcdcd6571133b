package similar

import (
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"time"
)

// syntheticLedger builds n problems by joining clauses of the labelled set
// at random, so the grams and their frequencies look like a real ledger's.
func syntheticLedger(tb testing.TB, n int) []Doc {
	set := loadLabelled(tb)
	var clauses []string
	for _, l := range set {
		clauses = append(clauses, strings.Split(l.doc.Text, "，")...)
	}
	r := rand.New(rand.NewPCG(1, 2))
	docs := make([]Doc, n)
	for i := range docs {
		parts := []string{clauses[r.IntN(len(clauses))], clauses[r.IntN(len(clauses))], clauses[r.IntN(len(clauses))]}
		docs[i] = Doc{ID: int64(i + 1), BranchID: int64(r.IntN(2000) + 1), BatchID: int64(r.IntN(50) + 1),
			Category: set[r.IntN(len(set))].doc.Category, Text: strings.Join(parts[:1+r.IntN(3)], "，")}
	}
	return docs
}

// BenchmarkSearch330k measures one query over the 1M-task benchmark
// ledger's 330,000 problems, in a scope of 40 of its 2,000 branches.
func BenchmarkSearch330k(b *testing.B) {
	docs := syntheticLedger(b, 330_000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	x := New()
	for _, d := range docs {
		x.Put(d)
	}
	built := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	set := loadLabelled(b)
	scope := func(branch int64) bool { return branch <= 40 }
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		l := set[i%len(set)]
		x.Search(Query{Text: l.doc.Text, Category: l.doc.Category, Allow: scope, Limit: 10})
	}
	b.ReportMetric(built.Seconds(), "build-s")
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "index-MB")
}

// BenchmarkCompact330k measures the pause of one compaction of the
// benchmark ledger's index after every problem was edited once: the
// write lock is held this long, once per as many edits as problems.
func BenchmarkCompact330k(b *testing.B) {
	docs := syntheticLedger(b, 330_000)
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		x := New()
		for _, d := range docs {
			x.Put(d)
		}
		for _, d := range docs {
			x.Put(d) // an edit: the older version dies
		}
		b.StartTimer()
		x.Put(docs[0]) // the edit that tips the balance
	}
}
