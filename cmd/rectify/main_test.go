package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/auth"
)

// TestServeWalksTheMainWorkflow runs the real program on port 0 and a temp
// data folder and walks create → progress → submit → approve → dashboard.
func TestServeWalksTheMainWorkflow(t *testing.T) {
	auth.Cost = 4
	t.Setenv("RECTIFY_ADMIN_PASSWORD", "admin-pass-1")
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--log-format", "json", "--metrics-token", "scrape-secret-1"}, &stdout, &stderr)
	}()
	base := waitForURL(t, &stdout)
	assert.Contains(t, stdout.String(), `created the first admin: login "admin"`)

	anon := &client{t: t, base: base}
	anon.must(200, "GET", "/healthz", nil)
	anon.must(401, "GET", "/api/v1/tasks", nil)
	anon.must(401, "POST", "/api/v1/auth/login", map[string]string{"login": "admin", "password": "wrong-password"})

	admin := anon.login("admin", "admin-pass-1")
	party := admin.must(201, "POST", "/api/v1/branches", map[string]any{"name": "机关党委"})
	branch := admin.must(201, "POST", "/api/v1/branches", map[string]any{"name": "第一党支部", "parent_id": id(party)})
	admin.must(201, "POST", "/api/v1/users", map[string]any{"login": "jiwei", "name": "纪委员", "password": "officer-pass", "role": "officer", "branch_id": id(party)})
	member := admin.must(201, "POST", "/api/v1/users", map[string]any{"login": "zhang", "name": "张三", "password": "member-pass", "role": "member", "branch_id": id(branch)})
	officer := anon.login("jiwei", "officer-pass")
	owner := anon.login("zhang", "member-pass")

	today := time.Now().In(mustLoc(t)).Format(time.DateOnly)
	batch := officer.must(201, "POST", "/api/v1/batches", map[string]any{"title": "巡察反馈整改", "source_type": "patrol", "branch_id": id(party), "started_on": today})
	problem := officer.must(201, "POST", "/api/v1/problems", map[string]any{"batch_id": id(batch), "branch_id": id(branch), "category": "作风建设方面", "description": "会议记录不规范"})
	due := time.Now().In(mustLoc(t)).AddDate(0, 0, 30).Format(time.DateOnly)
	task := officer.must(201, "POST", "/api/v1/tasks", map[string]any{"problem_id": id(problem), "description": "补齐会议记录", "kind": "deadline", "owner_id": id(member), "due_on": due})
	assert.Equal(t, "open", task["status"])
	assert.Equal(t, "green", task["light"])
	path := fmt.Sprintf("/api/v1/tasks/%d", id(task))

	owner.must(200, "POST", path+"/progress", map[string]any{"note": "已整理一半", "percent": 50})
	officer.must(409, "POST", path+"/approve", map[string]any{"note": "太早"})
	owner.must(200, "POST", path+"/submit", map[string]any{"note": "已全部补齐"})
	closed := officer.must(200, "POST", path+"/approve", map[string]any{"note": "同意销号"})
	assert.Equal(t, "closed", closed["status"])
	assert.Equal(t, "done", closed["light"])

	dash := officer.must(200, "GET", "/api/v1/dashboard", nil)
	rows := dash["branches"].([]any)
	require.Len(t, rows, 2)
	for _, r := range rows {
		row := r.(map[string]any)
		assert.EqualValues(t, 1, row["total"], row["name"])
		assert.EqualValues(t, 1, row["closed"], row["name"])
		assert.EqualValues(t, 1, row["completion_rate"], row["name"])
		assert.EqualValues(t, 1, row["on_time_rate"], row["name"])
	}
	events := officer.must(200, "GET", path+"/events", nil)["events"].([]any)
	assert.Len(t, events, 4, "create, progress, submit, approve")

	anon.must(401, "GET", "/metrics", nil)
	req, err := http.NewRequest("GET", base+"/metrics", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer scrape-secret-1")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(metrics), `rectify_tasks{status="closed"} 1`)
	assert.Contains(t, string(metrics), `rectify_http_requests_total{method="POST",route="/api/v1/tasks/:id/approve",status="200"} 1`)

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err, "graceful shutdown")
	case <-time.After(20 * time.Second):
		t.Fatal("server did not shut down")
	}
}

func mustLoc(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	return loc
}

func TestSecondServerOnTheSameFolderExitsWithAClearMessage(t *testing.T) {
	auth.Cost = 4
	t.Setenv("RECTIFY_ADMIN_PASSWORD", "admin-pass-1")
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out1, out2, errs syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, &out1, &errs) }()
	waitForURL(t, &out1)
	second := make(chan error, 1)
	go func() {
		second <- run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, &out2, &errs)
	}()
	select {
	case err := <-second:
		require.Error(t, err)
		assert.Contains(t, err.Error(), "in use by another rectify process")
	case <-time.After(30 * time.Second):
		t.Fatal("the second server hangs instead of exiting")
	}
	cancel()
	<-done
}

func TestVersionAndUnknownCommand(t *testing.T) {
	var out, errs syncBuffer
	require.NoError(t, run(context.Background(), []string{"version"}, &out, &errs))
	assert.Contains(t, out.String(), "rectify ")
	assert.Error(t, run(context.Background(), []string{"frobnicate"}, &out, &errs))
	assert.Error(t, run(context.Background(), nil, &out, &errs))
}
