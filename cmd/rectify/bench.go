package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"rectify/internal/auth"
	"rectify/internal/benchgen"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

// benchCmd generates a ledger straight into a store, then serves it and
// drives the real HTTP server, printing a Markdown report.
func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tasks := fs.Int("tasks", 1_000_000, "tasks to generate")
	branches := fs.Int("branches", 2000, "branches to generate")
	clients := fs.Int("clients", 32, "concurrent HTTP clients")
	dur := fs.Duration("duration", 5*time.Second, "duration of each throughput phase")
	settle := fs.Duration("settle", 0, "wait this long after start-up before measuring (background warm-up)")
	dir := fs.String("data", "", "data folder (default: a temp folder, removed after); an existing ledger there is reused")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of rectify's creation phase to this file")
	readProfile := fs.String("readprofile", "", "write a CPU profile of rectify's single task read phase to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		d, err := os.MkdirTemp("", "rectify-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		*dir = d
	}
	b := &bench{out: stdout, dir: *dir, clients: *clients, dur: *dur, settle: *settle, cpuProfile: *cpuProfile, readProfile: *readProfile}
	return b.run(ctx, *tasks, *branches)
}

type bench struct {
	out     io.Writer
	dir     string
	clients int
	dur     time.Duration
	settle  time.Duration
	base    string
	// cpuProfile and readProfile, when set, receive a CPU profile of
	// rectify's creates and of its single task reads.
	cpuProfile  string
	readProfile string
	token       string
	http        *http.Client
}

func (b *bench) run(ctx context.Context, tasks, branches int) error {
	fmt.Fprintf(b.out, "## rectify bench: %d tasks, %d branches, %d clients (GOMAXPROCS %d)\n\n", tasks, branches, b.clients, runtime.GOMAXPROCS(0))
	fmt.Fprintln(b.out, "| measure | result |\n| --- | --- |")
	if _, err := os.Stat(filepath.Join(b.dir, "rectify.db")); err == nil {
		// An existing ledger (from an earlier bench --data DIR) is measured
		// as it is; the task count is then only used to pick ids.
		b.fileSize("database file (existing)", tasks)
	} else if err := b.generate(tasks, branches); err != nil {
		return err
	}
	loc, _ := time.LoadLocation("Asia/Shanghai")
	start := time.Now()
	st, err := store.Open(b.dir, store.Options{Location: loc})
	if err != nil {
		return err
	}
	defer st.Close()
	b.row("start-up (open + migrate + load caches)", time.Since(start).Round(time.Millisecond).String())
	stop, err := b.serve(st)
	if err != nil {
		return err
	}
	defer stop()
	time.Sleep(b.settle)
	return b.measure(ctx, st, tasks)
}

func (b *bench) fileSize(name string, tasks int) {
	if fi, err := os.Stat(filepath.Join(b.dir, "rectify.db")); err == nil {
		b.row(name, fmt.Sprintf("%.0f MB (%.0f MB per million tasks)", float64(fi.Size())/1e6, float64(fi.Size())/1e6/float64(tasks)*1e6))
	}
}

func (b *bench) row(k, v string) { fmt.Fprintf(b.out, "| %s | %s |\n", k, v) }

func (b *bench) generate(tasks, branches int) error {
	st, err := store.Open(b.dir, store.Options{NoSync: true})
	if err != nil {
		return err
	}
	start := time.Now()
	err = benchgen.Generate(st, benchgen.Options{Tasks: tasks, Branches: branches, Seed: 1})
	if err == nil {
		err = st.DB().Sync()
	}
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	b.row("generate (straight into bbolt)", time.Since(start).Round(time.Second).String())
	b.fileSize("database file after generation", tasks)
	start = time.Now()
	if _, _, err := store.Compact(b.dir); err != nil {
		return err
	}
	b.row("compaction (rectify compact)", time.Since(start).Round(time.Second).String())
	b.fileSize("database file after compaction", tasks)
	return os.Remove(filepath.Join(b.dir, "rectify.db.before-compact"))
}

// serve starts the full app on a loopback port, with fsync on, and logs
// in an admin for the clients.
func (b *bench) serve(st *store.Store) (func(), error) {
	// The scheduled jobs are measured on their own (jobs/bench_test.go);
	// here they would catch up on start and compete with the requests.
	if err := os.Setenv("RECTIFY_SCHEDULER", "off"); err != nil {
		return nil, err
	}
	cfg := &config{SessionTTL: time.Hour, location: st.Location()}
	a, err := newApp(cfg, st, zerolog.Nop())
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: a.engine, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	b.base = "http://" + ln.Addr().String()
	b.http = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: b.clients * 2}, Timeout: time.Minute}
	token, hash := auth.NewToken()
	admin := &ledger.User{Login: "bench-admin-" + strconv.FormatInt(time.Now().UnixNano(), 36), Name: "bench", Role: ledger.RoleAdmin}
	if err := st.CreateUser(nil, admin, ""); err != nil {
		return nil, err
	}
	if err := st.CreateSession(hash, store.Session{UserID: admin.ID, ExpiresAt: time.Now().Add(time.Hour)}); err != nil {
		return nil, err
	}
	b.token = token
	return func() { _ = srv.Close(); a.stop() }, nil
}

func (b *bench) get(path string) (int, []byte, error) {
	return b.do("GET", path, nil)
}

func (b *bench) do(method, path string, body []byte) (int, []byte, error) {
	req, _ := http.NewRequest(method, b.base+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+b.token)
	resp, err := b.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, data, err
}

// latency runs fn n times in sequence and reports p50 and p95.
func (b *bench) latency(name string, n int, path func(i int) string) error {
	var ds []time.Duration
	for i := range n {
		start := time.Now()
		code, body, err := b.get(path(i))
		if err != nil || code != 200 {
			return fmt.Errorf("%s: %d %v %.200s", name, code, err, body)
		}
		ds = append(ds, time.Since(start))
	}
	slices.Sort(ds)
	b.row(name, fmt.Sprintf("p50 %s, p95 %s (%d sequential requests)", ds[len(ds)/2].Round(10*time.Microsecond), ds[len(ds)*95/100].Round(10*time.Microsecond), n))
	return nil
}

// throughput runs fn from b.clients goroutines for b.dur and reports the
// rate of successes and the process's CPU time per success (0 where it
// is not measured).
func (b *bench) throughput(name string, fn func(worker, i int) bool) (float64, time.Duration) {
	var ok, failed atomic.Int64
	deadline := time.Now().Add(b.dur)
	var wg sync.WaitGroup
	start, cpu := time.Now(), processCPU()
	for w := range b.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				if fn(w, i) {
					ok.Add(1)
				} else {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	rate := float64(ok.Load()) / secs
	result := fmt.Sprintf("%.0f/s (%d ok, %d failed in %.1fs)", rate, ok.Load(), failed.Load(), secs)
	var perOK time.Duration
	if used := processCPU() - cpu; used > 0 && ok.Load() > 0 {
		perOK = used / time.Duration(ok.Load())
		result += fmt.Sprintf(", %.1f µs of CPU each", float64(perOK)/1e3)
	}
	b.row(name, result)
	return rate, perOK
}

func (b *bench) measure(ctx context.Context, st *store.Store, tasks int) error {
	tree := st.Tree()
	leaf := tree.All()[len(tree.All())-1]
	var m runtime.MemStats
	if err := b.latency("dashboard, whole tree (GET /api/v1/dashboard)", 50, func(int) string { return "/api/v1/dashboard" }); err != nil {
		return err
	}
	if err := b.latency("one branch's overdue list (GET /api/v1/tasks?branch_id=…&light=red)", 200, func(i int) string {
		return fmt.Sprintf("/api/v1/tasks?branch_id=%d&light=red", tree.All()[1+i%(len(tree.All())-1)])
	}); err != nil {
		return err
	}
	if err := b.latency("dashboard page (GET /) server round trip", 20, func(int) string { return "/" }); err != nil {
		b.row("dashboard page", "not served: "+err.Error())
	}
	problem, err := b.someProblem(leaf)
	if err != nil {
		return err
	}
	_, sample, err := b.get("/api/v1/tasks/1")
	if err != nil {
		return err
	}
	ref, err := startRefServer(b.dir, sample, st.DB().MaxBatchSize, st.DB().MaxBatchDelay)
	if err != nil {
		return err
	}
	defer ref.close()
	createBody := func(w, i int) []byte {
		body, _ := json.Marshal(map[string]any{"problem_id": problem, "description": fmt.Sprintf("bench %d-%d", w, i), "due_on": "2027-06-30"})
		return body
	}
	b.compare(fmt.Sprintf("task creation over HTTP, fsync on, %d clients", b.clients), func(w, i int) bool {
		code, err := b.doAt(ref.base, "POST", "/tasks", createBody(w, i))
		return err == nil && code == 201
	}, func(w, i int) bool {
		code, err := b.doAt(b.base, "POST", "/api/v1/tasks", createBody(w, i))
		return err == nil && code == 201
	})
	b.compare(fmt.Sprintf("single task read (GET /api/v1/tasks/{id}), %d clients", b.clients), func(w, i int) bool {
		code, err := b.doAt(ref.base, "GET", fmt.Sprintf("/tasks/%d", 1+(w*7919+i*104729)%tasks), nil)
		return err == nil && code == 200
	}, func(w, i int) bool {
		code, err := b.doAt(b.base, "GET", fmt.Sprintf("/api/v1/tasks/%d", 1+(w*7919+i*104729)%tasks), nil)
		return err == nil && code == 200
	})
	runtime.GC()
	runtime.ReadMemStats(&m)
	b.row("Go heap in use after the run", fmt.Sprintf("%.0f MB", float64(m.HeapInuse)/1e6))
	if anon := rssAnon(); anon != "" {
		b.row("non-file-mapped memory (RssAnon)", anon)
	}
	return ctx.Err()
}

func (b *bench) someProblem(branch int64) (int64, error) {
	code, body, err := b.get(fmt.Sprintf("/api/v1/problems?branch_id=%d", branch))
	if err != nil || code != 200 {
		return 0, fmt.Errorf("problems: %d %v", code, err)
	}
	var out struct{ Problems []struct{ ID int64 } }
	if err := json.Unmarshal(body, &out); err != nil || len(out.Problems) == 0 {
		return 0, fmt.Errorf("no problem in branch %d", branch)
	}
	return out.Problems[0].ID, nil
}

// rssAnon reads the process's anonymous (not file-backed) resident memory.
func rssAnon() string {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "RssAnon:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
