package web_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/demo"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

// apiToken logs in through the JSON API and returns the bearer token.
func (a *testApp) apiToken(login string) string {
	a.t.Helper()
	body, _ := json.Marshal(map[string]string{"login": login, "password": demo.Password})
	r := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	w := a.do(r)
	require.Equal(a.t, http.StatusOK, w.Code, w.Body.String())
	var out struct{ Token string }
	require.NoError(a.t, json.Unmarshal(w.Body.Bytes(), &out))
	return out.Token
}

// apiRefusal sends one API request and returns its status and reason key.
func (a *testApp) apiRefusal(token, path string, body any, file []byte) (int, string) {
	a.t.Helper()
	var r *http.Request
	if file != nil {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		fw, err := mw.CreateFormFile("file", "材料.pdf")
		require.NoError(a.t, err)
		_, _ = fw.Write(file)
		require.NoError(a.t, mw.Close())
		r = httptest.NewRequest(http.MethodPost, path, &buf)
		r.Header.Set("Content-Type", mw.FormDataContentType())
	} else {
		b, _ := json.Marshal(body)
		r = httptest.NewRequest(http.MethodPost, path, bytes.NewReader(b))
		r.Header.Set("Content-Type", "application/json")
	}
	r.Header.Set("Authorization", "Bearer "+token)
	w := a.do(r)
	var out struct {
		Error struct{ Reason string }
	}
	require.NoError(a.t, json.Unmarshal(w.Body.Bytes(), &out), w.Body.String())
	return w.Code, out.Error.Reason
}

var dataReason = regexp.MustCompile(`data-reason="([^"]+)"`)

// pageReason is the reason key a page shows with its error.
func pageReason(body string) string {
	m := dataReason.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

// TestTheAPIAndTheFormRefuseTheSameWay sends each refused lifecycle step
// and upload through the JSON API and through the task page's form: both
// must answer the same status and the same reason key (one rule in
// internal/app), and neither may change the task.
func TestTheAPIAndTheFormRefuseTheSameWay(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	own := a.task("完善第一议题学习制度")         // zhangsan's, overdue
	submitted := a.task("建立公文办理督办提醒制度") // lisi's, submitted
	extension := a.task("严格执行考勤制度")     // sunqi's, extension pending
	closed := a.task("对照规范补齐会议记录")      // zhangsan's, closed, 回头看 pending
	reviews, err := a.st.Reviews(a.st.Scope(system), store.ReviewFilter{TaskID: closed.ID})
	require.NoError(t, err)
	require.NotEmpty(t, reviews)
	review := itoa(reviews[0].ID)
	pdf := []byte("%PDF-1.4 材料")
	cases := []struct {
		name   string
		login  string
		task   *ledger.Task
		action string         // the form's action; the API route is derived
		api    map[string]any // the API body (nil with a file)
		form   url.Values
		file   []byte
		status int
		reason string
	}{
		{"progress on a closed task", "jiwei", closed, "progress", map[string]any{"note": "补充"}, url.Values{"note": {"补充"}}, nil, 409, ledger.ReasonWrongState},
		{"progress over 100 percent", "zhangsan", own, "progress", map[string]any{"note": "过半", "percent": 150}, url.Values{"note": {"过半"}, "percent": {"150"}}, nil, 400, "field.percent"},
		{"progress without a note", "zhangsan", own, "progress", map[string]any{"percent": 50}, url.Values{"percent": {"50"}}, nil, 400, "field.note"},
		{"a colleague's progress", "lisi", own, "progress", map[string]any{"note": "代报"}, url.Values{"note": {"代报"}}, nil, 403, ledger.EFORBIDDEN},
		{"another branch's progress", "wangwu", own, "progress", map[string]any{"note": "越权"}, url.Values{"note": {"越权"}}, nil, 404, ledger.ENOTFOUND},
		{"submitting a closed task", "zhangsan", closed, "submit", map[string]any{"note": "再交"}, url.Values{"note": {"再交"}}, nil, 409, ledger.ReasonWrongState},
		{"approving one's own submission", "lisi", submitted, "approve", map[string]any{"note": "同意"}, url.Values{"note": {"同意"}}, nil, 403, ledger.EFORBIDDEN},
		{"approving an open task", "jiwei", own, "approve", map[string]any{"note": "同意"}, url.Values{"note": {"同意"}}, nil, 409, ledger.ReasonWrongState},
		{"rejecting without a reason", "jiwei", submitted, "reject", map[string]any{}, url.Values{}, nil, 400, "field.reason"},
		{"asking twice for more time", "sunqi", extension, "extension", map[string]any{"due_on": "2099-01-01", "reason": "再延"}, url.Values{"due_on": {"2099-01-01"}, "reason": {"再延"}}, nil, 409, ledger.ReasonExtensionPending},
		{"asking for more time with a bad date", "zhangsan", own, "extension", map[string]any{"due_on": "2099-02-30", "reason": "协调"}, url.Values{"due_on": {"2099-02-30"}, "reason": {"协调"}}, nil, 400, "field.due_on"},
		{"granting an extension nobody asked for", "jiwei", own, "extension-approve", map[string]any{}, url.Values{}, nil, 409, ledger.ReasonNoExtension},
		{"refusing an extension without a reason", "jiwei", extension, "extension-reject", map[string]any{}, url.Values{}, nil, 400, "field.reason"},
		{"reopening an open task", "jiwei", own, "reopen", map[string]any{"due_on": "2099-01-01", "reason": "再改"}, url.Values{"due_on": {"2099-01-01"}, "reason": {"再改"}}, nil, 409, ledger.ReasonWrongState},
		{"reopening without a date", "jiwei", closed, "reopen", map[string]any{"reason": "再改"}, url.Values{"reason": {"再改"}}, nil, 400, "field.due_on"},
		{"a member reopening", "zhangsan", closed, "reopen", map[string]any{"due_on": "2099-01-01", "reason": "再改"}, url.Values{"due_on": {"2099-01-01"}, "reason": {"再改"}}, nil, 403, ledger.EFORBIDDEN},
		{"a 回头看 with no outcome", "jiwei", closed, "review", map[string]any{"outcome": "maybe"}, url.Values{"review_id": {review}, "outcome": {"maybe"}}, nil, 400, "field.outcome"},
		{"a rebound without a new date", "jiwei", closed, "review", map[string]any{"outcome": "rebound", "note": "反弹"}, url.Values{"review_id": {review}, "outcome": {"rebound"}, "note": {"反弹"}}, nil, 400, "field.due_on"},
		{"evidence on a closed task", "jiwei", closed, "evidence", nil, nil, pdf, 409, ledger.ReasonEvidenceClosed},
		{"evidence on a colleague's task", "lisi", own, "evidence", nil, nil, pdf, 403, ledger.EFORBIDDEN},
		{"an empty evidence file", "zhangsan", own, "evidence", nil, nil, []byte{}, 400, "field.file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before, events := a.reload(tc.task), a.eventCount(tc.task)
			apiPath := "/api/v1" + taskPath(tc.task, strings.ReplaceAll(tc.action, "-", "/"))
			if tc.action == "review" {
				apiPath = "/api/v1/reviews/" + review
			}
			status, reason := a.apiRefusal(a.apiToken(tc.login), apiPath, tc.api, tc.file)
			assert.Equal(t, tc.status, status, "API status")
			assert.Equal(t, tc.reason, reason, "API reason")

			cookie := a.login(tc.login)
			var w *httptest.ResponseRecorder
			if tc.file != nil {
				w = a.upload(cookie, taskPath(tc.task, tc.action), "材料.pdf", tc.file)
			} else {
				w = a.post(cookie, taskPath(tc.task, tc.action), tc.form)
			}
			assert.Equal(t, tc.status, w.Code, "form status")
			assert.Equal(t, tc.reason, pageReason(w.Body.String()), "form reason")

			assert.Equal(t, before, a.reload(tc.task), "the task is unchanged")
			assert.Equal(t, events, a.eventCount(tc.task), "no event was written")
		})
	}
}

// TestTheAPIAndTheLoginFormRefuseTheSameWay: app.Login behind both.
func TestTheAPIAndTheLoginFormRefuseTheSameWay(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	for _, tc := range []struct {
		name, login, password string
		status                int
		reason                string
	}{
		{"a wrong password", "zhangsan", "not-the-password", 401, ledger.ReasonBadCredentials},
		{"an unknown login", "nobody", "not-the-password", 401, ledger.ReasonBadCredentials},
		{"no password", "zhangsan", "", 400, "field.password"},
		{"no login", " ", "x", 400, "field.login"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]string{"login": tc.login, "password": tc.password})
			r := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			r.RemoteAddr = "192.0.2.1:1234" // the throttle counts per address too
			w := a.do(r)
			var out struct {
				Error struct{ Reason string }
			}
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &out), w.Body.String())
			assert.Equal(t, tc.status, w.Code, "API status")
			assert.Equal(t, tc.reason, out.Error.Reason, "API reason")

			page := a.post(nil, "/login", url.Values{"login": {tc.login}, "password": {tc.password}})
			assert.Equal(t, tc.status, page.Code, "form status")
			assert.Equal(t, tc.reason, pageReason(page.Body.String()), "form reason")
		})
	}
}

// TestTheAPIAndTheAdminPageRefuseABadChannelTheSameWay: app.ApplyChannel
// behind both.
func TestTheAPIAndTheAdminPageRefuseABadChannelTheSameWay(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	branch := itoa(a.branchID("办公室党支部"))
	admin := a.loginAdmin()
	for _, tc := range []struct {
		name, typ, url string
		reason         string
	}{
		{"a robot address that is not http", "wecom", "ftp://robot.example/x", "channel.url"},
		{"an unknown type", "slack", "https://robot.example/x", "channel.type"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, _ := json.Marshal(map[string]any{"branch_id": a.branchID("办公室党支部"), "type": tc.typ, "url": tc.url})
			r := httptest.NewRequest(http.MethodPost, "/api/v1/channels", bytes.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("Authorization", "Bearer "+a.apiToken("admin"))
			w := a.do(r)
			var out struct {
				Error struct{ Reason string }
			}
			require.NoError(t, json.Unmarshal(w.Body.Bytes(), &out), w.Body.String())
			assert.Equal(t, http.StatusBadRequest, w.Code, "API status")
			assert.Equal(t, tc.reason, out.Error.Reason, "API reason")

			page := a.post(admin, "/admin/channels", url.Values{"branch_id": {branch}, "type": {tc.typ}, "url": {tc.url}})
			assert.Equal(t, http.StatusBadRequest, page.Code, "form status")
			assert.Equal(t, tc.reason, pageReason(page.Body.String()), "form reason")
			chs, err := a.st.Channels()
			require.NoError(t, err)
			assert.Empty(t, chs, "nothing was created")
		})
	}
}
