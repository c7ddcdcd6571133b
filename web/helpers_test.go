package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/auth"
	"rectify/internal/demo"
	"rectify/internal/ledger"
	"rectify/internal/store"
	"rectify/web"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// testApp is the demo ledger behind the engine cmd/rectify builds: the
// API's engine, the web pages registered by a hook, then the API mounted.
type testApp struct {
	t      testing.TB
	st     *store.Store
	engine *gin.Engine
	web    *web.Handler
	api    *api.Server
}

func newTestApp(t *testing.T) *testApp {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{Location: shanghai, NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() {
		require.NoError(t, st.Check(), "bbolt consistency check")
		require.NoError(t, st.Close())
	})
	require.NoError(t, demo.Load(st))
	a := newAppOn(t, st, web.Config{SessionTTL: time.Hour})
	// The similar-problem index, as cmd/rectify starts it: 整改成效's
	// recurring categories and 相似问题 read it.
	live, built := app.StartSimilar(st, nil)
	require.NoError(t, <-built)
	a.api.App().UseSimilar(live)
	return a
}

func newAppOn(t testing.TB, st *store.Store, cfg web.Config) *testApp {
	t.Helper()
	log := zerolog.Nop()
	e := api.NewEngine(log, nil)
	srv := api.New(st, log, api.Config{SessionTTL: time.Hour, Version: "test"})
	cfg.Log = log
	h, err := web.New(st, srv, cfg)
	require.NoError(t, err)
	h.Register(e)
	srv.Mount(e)
	return &testApp{t: t, st: st, engine: e, web: h, api: srv}
}

// do sends r through the engine.
func (a *testApp) do(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	a.engine.ServeHTTP(w, r)
	return w
}

// login posts the login form and returns the session cookie.
func (a *testApp) login(login string) *http.Cookie {
	a.t.Helper()
	w := a.post(nil, "/login", url.Values{"login": {login}, "password": {demo.Password}})
	require.Equal(a.t, http.StatusSeeOther, w.Code, "login %s: %s", login, w.Body.String())
	for _, c := range w.Result().Cookies() {
		if c.Name == web.CookieName {
			return c
		}
	}
	a.t.Fatalf("login %s set no session cookie", login)
	return nil
}

func (a *testApp) get(c *http.Cookie, path string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, path, nil)
	if c != nil {
		r.AddCookie(c)
	}
	return a.do(r)
}

func (a *testApp) post(c *http.Cookie, path string, form url.Values, headers ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	if c != nil {
		r.AddCookie(c)
	}
	return a.do(r)
}

// upload posts one file as the field "file".
func (a *testApp) upload(c *http.Cookie, path, name string, content []byte) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", name)
	require.NoError(a.t, err)
	_, _ = fw.Write(content)
	require.NoError(a.t, mw.Close())
	r := httptest.NewRequest(http.MethodPost, path, &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.AddCookie(c)
	return a.do(r)
}

func (a *testApp) user(login string) *ledger.User {
	a.t.Helper()
	u, _, err := a.st.FindUserByLogin(login)
	require.NoError(a.t, err)
	return u
}

var system = &ledger.User{Login: "system", Role: ledger.RoleAdmin}

// task finds the demo task whose measure starts with prefix.
func (a *testApp) task(prefix string) *ledger.Task {
	a.t.Helper()
	page, err := a.st.FindTasks(a.st.Scope(system), ledger.TaskFilter{Limit: store.MaxPageSize})
	require.NoError(a.t, err)
	for _, t := range page.Tasks {
		if strings.HasPrefix(t.Description, prefix) {
			return t
		}
	}
	a.t.Fatalf("no demo task %q", prefix)
	return nil
}

func (a *testApp) reload(t *ledger.Task) *ledger.Task {
	a.t.Helper()
	got, err := a.st.FindTask(a.st.Scope(system), t.ID)
	require.NoError(a.t, err)
	return got
}

func (a *testApp) eventCount(t *ledger.Task) int {
	a.t.Helper()
	es, err := a.st.TaskEvents(a.st.Scope(system), t.ID)
	require.NoError(a.t, err)
	return len(es)
}

// branchRow returns the dashboard figures of one branch as the store
// computes them today.
func (a *testApp) branchRow(name string) *store.BranchRow {
	a.t.Helper()
	rows, err := a.st.Dashboard(a.st.Scope(system), store.DashboardFilter{})
	require.NoError(a.t, err)
	for _, r := range rows {
		if r.Name == name {
			return r
		}
	}
	a.t.Fatalf("no branch %q", name)
	return nil
}

func (a *testApp) branchID(name string) int64 { return a.branchRow(name).BranchID }

func taskPath(t *ledger.Task, rest ...string) string {
	p := "/tasks/" + itoa(t.ID)
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// loginAdmin creates the admin the server would create at first start
// (the demo has none) and logs in.
func (a *testApp) loginAdmin() *http.Cookie {
	a.t.Helper()
	if _, _, err := a.st.FindUserByLogin("admin"); err != nil {
		hash, err := auth.HashPassword(demo.Password)
		require.NoError(a.t, err)
		require.NoError(a.t, a.st.CreateUser(nil, &ledger.User{Login: "admin", Name: "系统管理员", Role: ledger.RoleAdmin}, hash))
	}
	return a.login("admin")
}

// addTasks adds n measures to one new problem of branch, owned by lisi,
// due on successive days from today.
func addTasks(t *testing.T, a *testApp, branch string, n int) []*ledger.Task {
	t.Helper()
	p := &ledger.Problem{BatchID: 1, BranchID: a.branchID(branch), Category: "测试方面", Description: "批量添加的测试问题"}
	require.NoError(t, a.st.CreateProblem(system, p))
	out := make([]*ledger.Task, n)
	for i := range n {
		out[i] = &ledger.Task{ProblemID: p.ID, Description: "测试措施" + strconv.Itoa(i+1),
			OwnerID: a.user("lisi").ID, DueOn: a.st.Today().AddDays(10 + i)}
		require.NoError(t, a.st.CreateTask(system, out[i]))
	}
	return out
}
