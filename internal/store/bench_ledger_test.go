package store_test

import (
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"rectify/internal/benchgen"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

// benchLedger is one generated ledger shared by the read benchmarks of a
// run: RECTIFY_BENCH_TASKS tasks (default 20000) over 200 支部.
var benchLedger struct {
	once  sync.Once
	dir   string
	s     *store.Store
	err   error
	tasks int
}

var benchToday, _ = ledger.ParseDate("2026-03-02")

func generatedLedger(b *testing.B) *store.Store {
	b.Helper()
	benchLedger.once.Do(func() {
		n := 20000
		if v := os.Getenv("RECTIFY_BENCH_TASKS"); v != "" {
			if n, benchLedger.err = strconv.Atoi(v); benchLedger.err != nil {
				return
			}
		}
		benchLedger.tasks = n
		if benchLedger.dir, benchLedger.err = os.MkdirTemp("", "rectify-bench-"); benchLedger.err != nil {
			return
		}
		now := func() time.Time { return time.Date(2026, 3, 2, 10, 0, 0, 0, benchZone) }
		if benchLedger.s, benchLedger.err = store.Open(benchLedger.dir, store.Options{Now: now, Location: benchZone, NoSync: true}); benchLedger.err != nil {
			return
		}
		start := time.Now()
		benchLedger.err = benchgen.Generate(benchLedger.s, benchgen.Options{Branches: 200, Tasks: n, Seed: 1, Today: benchToday})
		b.Logf("generated %d tasks over 200 支部 in %v", n, time.Since(start).Round(time.Millisecond))
	})
	if benchLedger.err != nil {
		b.Fatal(benchLedger.err)
	}
	return benchLedger.s
}

// TestMain removes the generated benchmark ledger after the run.
func TestMain(m *testing.M) {
	code := m.Run()
	if benchLedger.s != nil {
		benchLedger.s.Close()
		os.RemoveAll(benchLedger.dir)
	}
	os.Exit(code)
}

var benchAdmin = &ledger.User{ID: 1, Login: "bench-admin", Name: "压测管理员", Role: ledger.RoleAdmin}

// BenchmarkDashboard computes the whole tree's figures and one 支部's.
func BenchmarkDashboard(b *testing.B) {
	s := generatedLedger(b)
	scope := s.Scope(benchAdmin)
	branch := s.Tree().All()[1]
	for _, bc := range []struct {
		name string
		f    store.DashboardFilter
	}{
		{"whole tree", store.DashboardFilter{Today: benchToday}},
		{"one branch", store.DashboardFilter{BranchID: branch, Today: benchToday}},
	} {
		b.Run(fmt.Sprintf("%s of %d tasks", bc.name, benchLedger.tasks), func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Dashboard(scope, bc.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFindTasksOverdueOneBranch lists one 支部's red tasks, as its
// officer's 逾期 page does.
func BenchmarkFindTasksOverdueOneBranch(b *testing.B) {
	s := generatedLedger(b)
	branch := s.Tree().All()[1]
	officer := &ledger.User{ID: 2, Login: "bench-officer", Role: ledger.RoleOfficer, BranchID: branch}
	scope := s.Scope(officer)
	page, err := s.FindTasks(scope, ledger.TaskFilter{Light: ledger.LightRed, Today: benchToday})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.FindTasks(scope, ledger.TaskFilter{Light: ledger.LightRed, Today: benchToday}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(page.Total), "overdue/op")
}

// BenchmarkFindTask reads random tasks by id.
func BenchmarkFindTask(b *testing.B) {
	s := generatedLedger(b)
	scope := s.Scope(benchAdmin)
	rng := rand.New(rand.NewSource(1))
	for b.Loop() {
		// A generated ledger's task ids run 1..n.
		if _, err := s.FindTask(scope, 1+rng.Int63n(int64(benchLedger.tasks))); err != nil {
			b.Fatal(err)
		}
	}
}

var benchZone, _ = time.LoadLocation("Asia/Shanghai")

// BenchmarkFindTasksByKeyword searches the whole ledger (an admin's view)
// and one 支部 for words of a problem: every candidate task is decoded and
// each distinct problem once (queryMatcher).
func BenchmarkFindTasksByKeyword(b *testing.B) {
	s := generatedLedger(b)
	branch := s.Tree().All()[1]
	for _, v := range []struct {
		name string
		user *ledger.User
	}{{"whole ledger", benchAdmin}, {"one branch", &ledger.User{ID: 2, Login: "bench-officer", Role: ledger.RoleOfficer, BranchID: branch}}} {
		b.Run(v.name, func(b *testing.B) {
			scope := s.Scope(v.user)
			f := ledger.TaskFilter{Query: "形式主义", Today: benchToday, Limit: 50}
			for b.Loop() {
				if _, err := s.FindTasks(scope, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCreateTaskInLedger creates tasks from 32 goroutines (db.Batch
// groups them, as it does concurrent requests) under random problems of
// the generated ledger, fsync off: what a creation costs with every index
// entry going into a full-size index (a task's due date lands amid the
// others', not at the end). It runs last since it adds to the shared
// ledger.
func BenchmarkCreateTaskInLedger(b *testing.B) {
	s := generatedLedger(b)
	problems := int64(benchLedger.tasks / 3)
	var seed atomic.Int64
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		rng := rand.New(rand.NewSource(seed.Add(1)))
		for pb.Next() {
			t := &ledger.Task{ProblemID: 1 + rng.Int63n(problems), Description: "压测新增的整改措施",
				DueOn: benchToday.AddDays(rng.Intn(120) - 30)}
			if err := s.CreateTask(benchAdmin, t); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
