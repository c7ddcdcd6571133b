package store

import (
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"rectify/internal/ledger"
)

// benchLedger is one generated ledger shared by the read benchmarks of a
// run: RECTIFY_BENCH_TASKS tasks (default 20000) over 200 支部.
var benchLedger struct {
	once  sync.Once
	dir   string
	s     *Store
	err   error
	tasks int
}

var benchToday = date("2026-03-02")

func generatedLedger(b *testing.B) *Store {
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
		now := func() time.Time { return time.Date(2026, 3, 2, 10, 0, 0, 0, shanghai) }
		if benchLedger.s, benchLedger.err = Open(benchLedger.dir, Options{Now: now, Location: shanghai, NoSync: true}); benchLedger.err != nil {
			return
		}
		start := time.Now()
		benchLedger.err = benchLedger.s.Generate(GenerateOptions{Branches: 200, Tasks: n, Seed: 1, Today: benchToday})
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

// BenchmarkCreateTask creates tasks from many goroutines at once, with
// fsync on, as concurrent requests would: db.Batch groups their commits.
func BenchmarkCreateTask(b *testing.B) {
	db := openTestDB(b, "2026-03-02")
	db.s.Close()
	s, err := Open(db.dir, Options{Now: db.clock.Now, Location: shanghai})
	if err != nil {
		b.Fatal(err)
	}
	db.s = s
	o := newOrg(b, s)
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			t := &ledger.Task{ProblemID: o.problem1.ID, Description: "并发创建的整改措施", OwnerID: o.member.ID, DueOn: date("2026-04-01")}
			if err := s.CreateTask(o.officer, t); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkDashboard computes the whole tree's figures and one 支部's.
func BenchmarkDashboard(b *testing.B) {
	s := generatedLedger(b)
	scope := s.Scope(benchAdmin)
	branch := s.Tree().All()[1]
	for _, bc := range []struct {
		name string
		f    DashboardFilter
	}{
		{"whole tree", DashboardFilter{Today: benchToday}},
		{"one branch", DashboardFilter{BranchID: branch, Today: benchToday}},
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
	var ids []int64
	for _, t := range allTasks(b, s) {
		ids = append(ids, t.ID)
	}
	for b.Loop() {
		if _, err := s.FindTask(scope, ids[rng.Intn(len(ids))]); err != nil {
			b.Fatal(err)
		}
	}
}

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
