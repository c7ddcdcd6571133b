package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/notify"
	"rectify/internal/store"
	"rectify/jobs"
)

// countingSender stands in for the robots: it accepts every digest.
type countingSender struct {
	mu sync.Mutex
	n  int
}

func (s *countingSender) Send(context.Context, notify.Channel, notify.Digest) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	return nil
}

// withJobs gives the env's server the real scheduler, on the env's clock.
func (e *env) withJobs() *jobs.Registry {
	e.t.Helper()
	reg, err := jobs.New(e.st, jobs.Config{Location: shanghai, BaseURL: "https://ledger.example.gov.cn", Sender: &countingSender{},
		Jitter: func() float64 { return 0.5 }, Now: e.clock.Now, Log: zerolog.Nop()})
	require.NoError(e.t, err)
	e.srv.SetJobs(reg)
	return reg
}

// call sends a JSON request as a user and decodes the JSON answer.
func (e *env) call(as, method, path string, body any) (int, map[string]any) {
	e.t.Helper()
	rec := e.do(method, path, as, body)
	var out map[string]any
	require.NoError(e.t, json.Unmarshal(rec.Body.Bytes(), &out), rec.Body.String())
	return rec.Code, out
}

func errField(out map[string]any) string {
	e, _ := out["error"].(map[string]any)
	f, _ := e["field"].(string)
	return f
}

func TestChannelsAPI(t *testing.T) {
	e := newEnv(t)
	admin := func(m, p string, b any) (int, map[string]any) { return e.call("admin", m, p, b) }
	officer := func(m, p string, b any) (int, map[string]any) { return e.call("officer1", m, p, b) }

	code, _ := officer("POST", "/channels", map[string]any{"branch_id": e.branch1, "type": "wecom", "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"})
	assert.Equal(t, http.StatusForbidden, code)
	code, _ = officer("GET", "/channels", nil)
	assert.Equal(t, http.StatusForbidden, code)

	code, out := admin("POST", "/channels", map[string]any{"branch_id": e.branch1, "type": "wecom", "url": "ftp://robot.example/x"})
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Equal(t, "url", errField(out))
	code, out = admin("POST", "/channels", map[string]any{"branch_id": e.branch1, "type": "slack", "url": "https://x.example"})
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Equal(t, "type", errField(out))
	code, out = admin("POST", "/channels", map[string]any{"branch_id": 999, "type": "wecom", "url": "https://x.example"})
	assert.Equal(t, http.StatusNotFound, code)
	assert.Equal(t, "branch_id", errField(out))

	code, out = admin("POST", "/channels", map[string]any{"branch_id": e.branch1, "type": "dingtalk",
		"url": "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef", "secret": "SECxyz-signing-secret"})
	require.Equal(t, http.StatusCreated, code, out)
	assert.Equal(t, true, out["secret_set"])
	assert.Equal(t, true, out["enabled"], "enabled unless said otherwise")
	id := int64(out["id"].(float64))

	code, out = admin("GET", "/channels", nil)
	require.Equal(t, http.StatusOK, code)
	raw, _ := json.Marshal(out)
	assert.NotContains(t, string(raw), "SECxyz", "the secret never leaves")
	assert.NotContains(t, string(raw), "0123456789abcdef", "nor the access token")
	chs := out["channels"].([]any)
	require.Len(t, chs, 1)
	ch := chs[0].(map[string]any)
	assert.Equal(t, "https://oapi.dingtalk.com/robot/send?access_token=****cdef", ch["url"])
	_, hasSecret := ch["secret"]
	assert.False(t, hasSecret)

	code, out = admin("PATCH", fmt.Sprintf("/channels/%d", id), map[string]any{"enabled": false})
	require.Equal(t, http.StatusOK, code, out)
	assert.Equal(t, false, out["enabled"])
	stored, err := e.st.FindChannel(id)
	require.NoError(t, err)
	assert.Equal(t, "SECxyz-signing-secret", stored.Secret, "a patch without secret keeps it")
	code, _ = admin("DELETE", fmt.Sprintf("/channels/%d", id), nil)
	assert.Equal(t, http.StatusOK, code)
}

func TestNotificationsAPIShowsTheCallersOwn(t *testing.T) {
	e := newEnv(t)
	reg := e.withJobs()
	a := e.createTaskOn(e.problem, "officer1", "member1", "2026-03-08", "按期完成")
	res, err := reg.Run(context.Background(), jobs.NameOverdue, e.clock.Now())
	require.NoError(t, err)
	require.Equal(t, 1, res.Notifications)
	member := func(m, p string, b any) (int, map[string]any) { return e.call("member1", m, p, b) }
	officer := func(m, p string, b any) (int, map[string]any) { return e.call("officer2", m, p, b) }

	code, out := member("GET", "/notifications?unread=true", nil)
	require.Equal(t, http.StatusOK, code)
	ns := out["notifications"].([]any)
	require.Len(t, ns, 1)
	n := ns[0].(map[string]any)
	assert.Equal(t, "overdue", n["kind"])
	assert.EqualValues(t, a.ID, n["task_id"])
	assert.Equal(t, false, n["read"])
	assert.Contains(t, n, "created_at")
	nid := int64(n["id"].(float64))

	code, out = officer("POST", fmt.Sprintf("/notifications/%d/read", nid), nil)
	assert.Equal(t, http.StatusNotFound, code, "another user's notification: %v", out)
	code, out = member("POST", fmt.Sprintf("/notifications/%d/read", nid), nil)
	require.Equal(t, http.StatusOK, code, out)
	assert.Equal(t, true, out["read"])
	_, out = member("GET", "/notifications?unread=true", nil)
	assert.Empty(t, out["notifications"])
	_, out = member("GET", "/notifications", nil)
	assert.Len(t, out["notifications"], 1)

	code, out = e.call("officer1", "POST", "/notifications/read-all", nil)
	require.Equal(t, http.StatusOK, code)
	assert.EqualValues(t, 1, out["marked"])
	code, out = officer("GET", "/notifications?unread=maybe", nil)
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Equal(t, "unread", errField(out))
}

func TestAdminRunsAJobAndSeesTheDeliveries(t *testing.T) {
	e := newEnv(t)
	e.withJobs()
	require.NoError(t, e.st.CreateChannel(e.users["admin"], &store.Channel{BranchID: e.branch1, Type: store.ChannelWeCom,
		URL: "https://robot.example/send?key=k", Enabled: true}))
	e.createTaskOn(e.problem, "officer1", "member1", "2026-03-08", "按期完成")
	admin := func(m, p string, b any) (int, map[string]any) { return e.call("admin", m, p, b) }
	officer := func(m, p string, b any) (int, map[string]any) { return e.call("officer1", m, p, b) }

	code, _ := officer("POST", "/admin/jobs/overdue/run", nil)
	assert.Equal(t, http.StatusForbidden, code)
	code, _ = admin("POST", "/admin/jobs/nonsense/run", nil)
	assert.Equal(t, http.StatusNotFound, code)
	code, out := admin("POST", "/admin/jobs/overdue/run", nil)
	require.Equal(t, http.StatusOK, code, out)
	assert.Equal(t, map[string]any{"job": "overdue", "ran_at": "2026-03-10T10:00:00+08:00", "notifications": float64(1)}, out)
	_, out = admin("POST", "/admin/jobs/overdue/run", nil)
	assert.Equal(t, float64(0), out["notifications"], "a second run the same day")

	code, _ = officer("GET", "/deliveries", nil)
	assert.Equal(t, http.StatusForbidden, code)
	code, out = admin("GET", "/deliveries?state=lost", nil)
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Equal(t, "state", errField(out))
	code, out = admin("GET", "/deliveries?state=pending", nil)
	require.Equal(t, http.StatusOK, code)
	ds := out["deliveries"].([]any)
	require.Len(t, ds, 1)
	d := ds[0].(map[string]any)
	assert.Equal(t, "pending", d["state"])
	assert.EqualValues(t, 0, d["attempts"])
	assert.EqualValues(t, 1, d["items"])
	assert.Contains(t, d["key"], "overdue:channel:")

	code, out = admin("POST", "/admin/jobs/delivery/run", nil)
	require.Equal(t, http.StatusOK, code, out)
	assert.Equal(t, float64(1), out["notifications"])
	_, out = admin("GET", "/deliveries?state=sent", nil)
	require.Len(t, out["deliveries"], 1)
	assert.EqualValues(t, 1, out["deliveries"].([]any)[0].(map[string]any)["attempts"])
	_, out = admin("GET", "/deliveries?state=pending", nil)
	assert.Empty(t, out["deliveries"])

	code, out = admin("GET", "/admin/jobs", nil)
	require.Equal(t, http.StatusOK, code)
	assert.Len(t, out["jobs"], len(jobs.Names))
}

func TestJobRoutesWithoutASchedulerSayWhy(t *testing.T) {
	e := newEnv(t)
	rec := e.do("POST", "/admin/jobs/overdue/run", "admin", nil)
	wantError(t, rec, http.StatusUnprocessableEntity, "unprocessable", "")
}
