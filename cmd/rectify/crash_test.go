package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

// TestKilledServerLosesNoAcknowledgedWrite builds the binary, drives it
// with concurrent task creation, kills it with SIGKILL at random moments,
// and checks after each restart that every write answered 2xx is there
// and the file is consistent.
func TestKilledServerLosesNoAcknowledgedWrite(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the real binary; run without -short")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	var acked []int64
	problem, killed := int64(0), 0
	for round := range 4 {
		base, cmd := startBinary(t, bin, dir)
		c := (&client{t: t, base: base}).login("admin", "crash-admin-pass")
		if problem == 0 {
			problem = crashFixture(t, c)
		}
		ids := hammer(base, c.token, problem, time.Duration(200+rng.IntN(600))*time.Millisecond, cmd)
		t.Logf("round %d: %d writes acknowledged before SIGKILL", round, len(ids))
		acked = append(acked, ids...)
		_, _ = cmd.Process.Wait()
		verifyStore(t, dir, acked)
		for range 3 {
			killed += killMidway(t, rng, exec.Command(bin, "compact", "--data", dir))
			verifyStore(t, dir, acked)
			out := filepath.Join(t.TempDir(), "b.tar")
			killed += killMidway(t, rng, exec.Command(bin, "backup", "--data", dir, "--out", out))
			verifyStore(t, dir, acked)
			if _, err := os.Stat(out); err == nil {
				_, err := store.VerifyBackup(out)
				assert.NoError(t, err, "a backup under its final name is whole")
			}
		}
	}
	t.Logf("%d of 24 compactions and backups were killed before they finished", killed)
	require.NotEmpty(t, acked)
}

// buildBinary builds rectify into a temp folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "rectify")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())
	return bin
}

// killMidway starts an offline command and SIGKILLs it after a random
// moment, often while it writes (it may also have finished by then); it
// returns 1 when the kill landed.
func killMidway(t *testing.T, rng *rand.Rand, cmd *exec.Cmd) int {
	t.Helper()
	require.NoError(t, cmd.Start())
	time.Sleep(time.Duration(rng.IntN(60)) * time.Millisecond)
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 1
	}
	return 0
}

func startBinary(t *testing.T, bin, dir string) (string, *exec.Cmd) {
	t.Helper()
	var out syncBuffer
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", dir, "--log-level", "warn")
	cmd.Env = append(os.Environ(), "RECTIFY_ADMIN_PASSWORD=crash-admin-pass")
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return waitForURL(t, &out), cmd
}

func crashFixture(t *testing.T, c *client) int64 {
	b := c.must(201, "POST", "/api/v1/branches", map[string]any{"name": "支部"})
	batch := c.must(201, "POST", "/api/v1/batches", map[string]any{"title": "批次", "source_type": "audit", "branch_id": id(b), "started_on": "2026-01-01"})
	p := c.must(201, "POST", "/api/v1/problems", map[string]any{"batch_id": id(batch), "branch_id": id(b), "description": "问题"})
	return id(p)
}

// hammer creates tasks from 16 clients until it kills the server after d;
// it returns the ids of the creations the server acknowledged.
func hammer(base, token string, problem int64, d time.Duration, cmd *exec.Cmd) []int64 {
	var mu sync.Mutex
	var ids []int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				body, _ := json.Marshal(map[string]any{"problem_id": problem, "description": fmt.Sprintf("措施 %d-%d", w, i), "due_on": "2026-12-31"})
				req, _ := http.NewRequest("POST", base+"/api/v1/tasks", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					return
				}
				var t struct{ ID int64 }
				ok := resp.StatusCode == 201 && json.NewDecoder(resp.Body).Decode(&t) == nil
				resp.Body.Close()
				if ok {
					mu.Lock()
					ids = append(ids, t.ID)
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(d)
	_ = cmd.Process.Signal(syscall.SIGKILL)
	close(stop)
	wg.Wait()
	return ids
}

func verifyStore(t *testing.T, dir string, acked []int64) {
	t.Helper()
	st, err := store.Open(dir, store.Options{})
	require.NoError(t, err)
	defer st.Close()
	require.NoError(t, st.Check(), "bbolt consistency check")
	scope := st.Scope(&ledger.User{Role: ledger.RoleAdmin})
	for _, id := range acked {
		_, err := st.FindTask(scope, id)
		assert.NoError(t, err, "acknowledged task %d lost", id)
	}
}
