package jobs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/api"
	"rectify/internal/auth"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

// apiClient calls the real router as one user.
type apiClient struct {
	t     *testing.T
	h     http.Handler
	token string
}

// router mounts the core API plus Routes on a gin engine.
func (f *fixture) router() http.Handler {
	srv := api.New(f.st, zerolog.Nop(), api.Config{})
	srv.Add(Routes(f.reg)...)
	e := api.NewEngine(zerolog.Nop(), nil)
	srv.Mount(e)
	return e
}

func (f *fixture) as(h http.Handler, u *ledger.User) *apiClient {
	f.t.Helper()
	token, hash := auth.NewToken()
	now := f.clock.Now()
	require.NoError(f.t, f.st.CreateSession(hash, store.Session{UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(24 * 365 * time.Hour)}))
	return &apiClient{t: f.t, h: h, token: token}
}

func (c *apiClient) do(method, path string, body any) (int, map[string]any) {
	c.t.Helper()
	var buf bytes.Buffer
	if body != nil {
		require.NoError(c.t, json.NewEncoder(&buf).Encode(body))
	}
	req := httptest.NewRequest(method, "/api/v1"+path, &buf)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+c.token)
	w := httptest.NewRecorder()
	c.h.ServeHTTP(w, req)
	var out map[string]any
	require.NoError(c.t, json.Unmarshal(w.Body.Bytes(), &out), w.Body.String())
	return w.Code, out
}

func errField(out map[string]any) string {
	e, _ := out["error"].(map[string]any)
	f, _ := e["field"].(string)
	return f
}

func TestChannelsAPI(t *testing.T) {
	f := newFixture(t, "2026-11-26")
	h := f.router()
	admin, officer := f.as(h, f.admin), f.as(h, f.officer)

	code, _ := officer.do("POST", "/channels", map[string]any{"branch_id": f.first.ID, "type": "wecom", "url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"})
	assert.Equal(t, http.StatusForbidden, code)
	code, _ = officer.do("GET", "/channels", nil)
	assert.Equal(t, http.StatusForbidden, code)

	code, out := admin.do("POST", "/channels", map[string]any{"branch_id": f.first.ID, "type": "wecom", "url": "ftp://robot.example/x"})
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Equal(t, "url", errField(out))
	code, out = admin.do("POST", "/channels", map[string]any{"branch_id": f.first.ID, "type": "slack", "url": "https://x.example"})
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Equal(t, "type", errField(out))
	code, out = admin.do("POST", "/channels", map[string]any{"branch_id": 999, "type": "wecom", "url": "https://x.example"})
	assert.Equal(t, http.StatusNotFound, code)
	assert.Equal(t, "branch_id", errField(out))

	code, out = admin.do("POST", "/channels", map[string]any{"branch_id": f.first.ID, "type": "dingtalk",
		"url": "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef", "secret": "SECxyz-signing-secret"})
	require.Equal(t, http.StatusCreated, code, out)
	assert.Equal(t, true, out["secret_set"])
	assert.Equal(t, true, out["enabled"], "enabled unless said otherwise")
	id := int64(out["id"].(float64))

	code, out = admin.do("GET", "/channels", nil)
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

	code, out = admin.do("PATCH", fmt.Sprintf("/channels/%d", id), map[string]any{"enabled": false})
	require.Equal(t, http.StatusOK, code, out)
	assert.Equal(t, false, out["enabled"])
	stored, err := f.st.FindChannel(id)
	require.NoError(t, err)
	assert.Equal(t, "SECxyz-signing-secret", stored.Secret, "a patch without secret keeps it")
	code, _ = admin.do("DELETE", fmt.Sprintf("/channels/%d", id), nil)
	assert.Equal(t, http.StatusOK, code)
}

func TestNotificationsAPIShowsTheCallersOwn(t *testing.T) {
	f := newFixture(t, "2026-11-20")
	a := f.task(f.problem1, f.member.ID, "2026-11-25")
	require.Equal(t, 1, f.run(NameOverdue, "2026-11-26"))
	h := f.router()
	member, officer := f.as(h, f.member), f.as(h, f.officer)

	code, out := member.do("GET", "/notifications?unread=true", nil)
	require.Equal(t, http.StatusOK, code)
	ns := out["notifications"].([]any)
	require.Len(t, ns, 1)
	n := ns[0].(map[string]any)
	assert.Equal(t, "overdue", n["kind"])
	assert.EqualValues(t, a.ID, n["task_id"])
	assert.Equal(t, false, n["read"])
	assert.Contains(t, n, "created_at")
	nid := int64(n["id"].(float64))

	code, out = officer.do("POST", fmt.Sprintf("/notifications/%d/read", nid), nil)
	assert.Equal(t, http.StatusNotFound, code, "another user's notification: %v", out)
	code, out = member.do("POST", fmt.Sprintf("/notifications/%d/read", nid), nil)
	require.Equal(t, http.StatusOK, code, out)
	assert.Equal(t, true, out["read"])
	_, out = member.do("GET", "/notifications?unread=true", nil)
	assert.Empty(t, out["notifications"])
	_, out = member.do("GET", "/notifications", nil)
	assert.Len(t, out["notifications"], 1)

	code, out = officer.do("POST", "/notifications/read-all", nil)
	require.Equal(t, http.StatusOK, code)
	assert.EqualValues(t, 1, out["marked"])
	code, out = officer.do("GET", "/notifications?unread=maybe", nil)
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Equal(t, "unread", errField(out))
}

func TestAdminRunsAJobAndSeesTheDeliveries(t *testing.T) {
	f := newFixture(t, "2026-11-20")
	f.channel(f.first.ID, store.ChannelWeCom, "https://robot.example/send?key=k")
	f.task(f.problem1, f.member.ID, "2026-11-25")
	f.clock.Set(at("2026-11-26 09:15"))
	h := f.router()
	admin, officer := f.as(h, f.admin), f.as(h, f.officer)

	code, _ := officer.do("POST", "/admin/jobs/overdue/run", nil)
	assert.Equal(t, http.StatusForbidden, code)
	code, _ = admin.do("POST", "/admin/jobs/nonsense/run", nil)
	assert.Equal(t, http.StatusNotFound, code)
	code, out := admin.do("POST", "/admin/jobs/overdue/run", nil)
	require.Equal(t, http.StatusOK, code, out)
	assert.Equal(t, map[string]any{"job": "overdue", "ran_at": "2026-11-26T09:15:00+08:00", "notifications": float64(1)}, out)
	_, out = admin.do("POST", "/admin/jobs/overdue/run", nil)
	assert.Equal(t, float64(0), out["notifications"], "a second run the same day")

	code, _ = officer.do("GET", "/deliveries", nil)
	assert.Equal(t, http.StatusForbidden, code)
	code, out = admin.do("GET", "/deliveries?state=lost", nil)
	assert.Equal(t, http.StatusBadRequest, code)
	assert.Equal(t, "state", errField(out))
	code, out = admin.do("GET", "/deliveries?state=pending", nil)
	require.Equal(t, http.StatusOK, code)
	ds := out["deliveries"].([]any)
	require.Len(t, ds, 1)
	d := ds[0].(map[string]any)
	assert.Equal(t, "pending", d["state"])
	assert.EqualValues(t, 0, d["attempts"])
	assert.EqualValues(t, 1, d["items"])
	assert.Contains(t, d["key"], "overdue:channel:")

	code, out = admin.do("POST", "/admin/jobs/delivery/run", nil)
	require.Equal(t, http.StatusOK, code, out)
	assert.Equal(t, float64(1), out["notifications"])
	_, out = admin.do("GET", "/deliveries?state=sent", nil)
	require.Len(t, out["deliveries"], 1)
	assert.EqualValues(t, 1, out["deliveries"].([]any)[0].(map[string]any)["attempts"])
	_, out = admin.do("GET", "/deliveries?state=pending", nil)
	assert.Empty(t, out["deliveries"])

	code, out = admin.do("GET", "/admin/jobs", nil)
	require.Equal(t, http.StatusOK, code)
	assert.Len(t, out["jobs"], len(Names))
}
