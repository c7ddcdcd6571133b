package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/auth"
	"rectify/internal/ledger"
	"rectify/internal/store"
	"rectify/internal/testclock"
)

// The fixed "now" of every test: 10:00 on 2026-03-10 in Asia/Shanghai.
const today = "2026-03-10"

// password is every fixture user's password.
const password = "correct-horse-1"

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// routesAnswered records "METHOD /api/v1/path" of every route that
// answered 2xx anywhere in this test binary; TestMain checks that every
// registered route did.
var routesAnswered sync.Map

func TestMain(m *testing.M) {
	auth.Cost = 4
	flag.Parse()
	code := m.Run()
	if code == 0 && wholeSuite() {
		var missing []string
		for _, r := range api.New(nil, zerolog.Nop(), api.Config{}).Routes() {
			if _, ok := routesAnswered.Load(r.Method + " /api/v1" + r.Path); !ok {
				missing = append(missing, r.Method+" "+r.Path)
			}
		}
		if len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "FAIL: no test got a 2xx answer from these routes: %s\n", strings.Join(missing, ", "))
			code = 1
		}
	}
	os.Exit(code)
}

// wholeSuite reports whether every test ran (no -run or -skip filter), so
// the route coverage check is meaningful.
func wholeSuite() bool {
	for _, name := range []string{"test.run", "test.skip"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			return false
		}
	}
	return true
}

// clock is the store's clock; a test moves it by hand.
type clock = testclock.Clock

// env is one API server over a fresh store, with the fixture organisation:
//
//	党委 (officer, leader)
//	  第一支部 (officer1, member1, member1b)
//	  第二支部 (officer2, member2)
//
// and, in 第一支部, a batch and a problem whose tasks member1 owns.
type env struct {
	t      *testing.T
	st     *store.Store
	srv    *api.Server
	engine *gin.Engine
	clock  *clock

	party, branch1, branch2 int64
	users                   map[string]*ledger.User // by login
	tokens                  map[string]string       // by login
	batch, problem          int64
}

// newBareEnv opens a store with only the first admin and logs them in.
func newBareEnv(t *testing.T, cfg api.Config) *env {
	t.Helper()
	d, err := ledger.ParseDate(today)
	require.NoError(t, err)
	day := d.Time()
	c := testclock.New(time.Date(day.Year(), day.Month(), day.Day(), 10, 0, 0, 0, shanghai))
	st, err := store.Open(t.TempDir(), store.Options{Now: c.Now, Location: shanghai, NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() {
		assert.NoError(t, st.Check(), "bbolt consistency check")
		assert.NoError(t, st.Close())
	})
	e := api.NewEngine(zerolog.Nop(), nil)
	e.Use(recordRoute)
	srv := api.New(st, zerolog.Nop(), cfg)
	live, built := app.StartSimilar(st, nil)
	require.NoError(t, <-built)
	srv.App().UseSimilar(live)
	srv.Mount(e)
	ev := &env{t: t, st: st, srv: srv, engine: e, clock: c,
		users: map[string]*ledger.User{}, tokens: map[string]string{}}
	admin := &ledger.User{Login: "admin", Name: "管理员", Role: ledger.RoleAdmin}
	hash, err := auth.HashPassword(password)
	require.NoError(t, err)
	require.NoError(t, st.CreateUser(nil, admin, hash))
	ev.users["admin"] = admin
	ev.login("admin")
	return ev
}

// newEnv builds the whole fixture through the API.
func newEnv(t *testing.T) *env {
	t.Helper()
	e := newBareEnv(t, api.Config{})
	e.party = e.createBranch("党委", 0)
	e.branch1 = e.createBranch("第一支部", e.party)
	e.branch2 = e.createBranch("第二支部", e.party)
	for _, u := range []struct {
		login, name string
		role        ledger.Role
		branch      int64
	}{
		{"officer", "王纪委", ledger.RoleOfficer, e.party},
		{"leader", "赵书记", ledger.RoleLeader, e.party},
		{"officer1", "李委员", ledger.RoleOfficer, e.branch1},
		{"member1", "张三", ledger.RoleMember, e.branch1},
		{"member1b", "张四", ledger.RoleMember, e.branch1},
		{"officer2", "陈委员", ledger.RoleOfficer, e.branch2},
		{"member2", "刘五", ledger.RoleMember, e.branch2},
	} {
		e.createUser(u.login, u.name, u.role, u.branch)
		e.login(u.login)
	}
	e.batch = e.createBatch("officer1", e.branch1, "2026年度组织生活会查摆问题")
	e.problem = e.createProblem("officer1", e.batch, e.branch1, "三会一课落实不到位")
	return e
}

// recordRoute notes the routes that answered 2xx.
func recordRoute(c *gin.Context) {
	c.Next()
	if s := c.Writer.Status(); s >= 200 && s < 300 && c.FullPath() != "" {
		routesAnswered.Store(c.Request.Method+" "+c.FullPath(), true)
	}
}

// upload is a multipart body with one file part.
type upload struct {
	field, name string
	data        []byte
}

// rawJSON is a body sent as is, with Content-Type application/json.
type rawJSON string

// request builds a request to path (under /api/v1 unless it starts with
// /api/ or /healthz). body may be nil, rawJSON, upload or any value to
// marshal as JSON.
func (e *env) request(method, path, as string, body any) *http.Request {
	e.t.Helper()
	if !strings.HasPrefix(path, "/api/") && !strings.HasPrefix(path, "/healthz") {
		path = "/api/v1" + path
	}
	var r io.Reader
	ctype := "application/json"
	switch b := body.(type) {
	case nil:
		ctype = ""
	case rawJSON:
		r = strings.NewReader(string(b))
	case upload:
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		w, err := mw.CreateFormFile(b.field, b.name)
		require.NoError(e.t, err)
		_, _ = w.Write(b.data)
		require.NoError(e.t, mw.Close())
		r, ctype = &buf, mw.FormDataContentType()
	default:
		j, err := json.Marshal(b)
		require.NoError(e.t, err)
		r = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, path, r)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if as != "" {
		tok, ok := e.tokens[as]
		require.True(e.t, ok, "no token for %q", as)
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	return req
}

// serve runs req through the real router.
func (e *env) serve(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	e.engine.ServeHTTP(rec, req)
	return rec
}

// do sends a request as the user with login as ("" for no token).
func (e *env) do(method, path, as string, body any) *httptest.ResponseRecorder {
	e.t.Helper()
	return e.serve(e.request(method, path, as, body))
}

// must sends a request and requires the status.
func (e *env) must(want int, method, path, as string, body any) *httptest.ResponseRecorder {
	e.t.Helper()
	rec := e.do(method, path, as, body)
	require.Equal(e.t, want, rec.Code, "%s %s as %q: %s", method, path, as, rec.Body.String())
	return rec
}

// decode unmarshals a response body.
func decode[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &v), "body: %s", rec.Body.String())
	return v
}

// apiError decodes an error response and checks its JSON shape.
func apiError(t *testing.T, rec *httptest.ResponseRecorder) api.ErrorBody {
	t.Helper()
	assert.Contains(t, rec.Header().Get("Content-Type"), "application/json")
	body := decode[api.ErrorBody](t, rec)
	assert.NotEmpty(t, body.Error.Code, "error.code")
	assert.NotEmpty(t, body.Error.Message, "error.message")
	return body
}

// wantError checks status, code and (when not "") field of an error answer.
func wantError(t *testing.T, rec *httptest.ResponseRecorder, status int, code, field string) {
	t.Helper()
	require.Equal(t, status, rec.Code, "body: %s", rec.Body.String())
	body := apiError(t, rec)
	assert.Equal(t, code, body.Error.Code, "error.code of %s", rec.Body.String())
	if field != "" {
		assert.Equal(t, field, body.Error.Field, "error.field of %s", rec.Body.String())
	}
}

func (e *env) login(login string) string {
	e.t.Helper()
	rec := e.must(http.StatusOK, "POST", "/auth/login", "", map[string]string{"login": login, "password": password})
	out := decode[struct {
		Token string       `json:"token"`
		User  *ledger.User `json:"user"`
	}](e.t, rec)
	require.NotEmpty(e.t, out.Token)
	e.tokens[login] = out.Token
	e.users[login] = out.User
	return out.Token
}

func (e *env) id(login string) int64 {
	e.t.Helper()
	u, ok := e.users[login]
	require.True(e.t, ok, "no user %q", login)
	return u.ID
}

func (e *env) createBranch(name string, parent int64) int64 {
	e.t.Helper()
	rec := e.must(http.StatusCreated, "POST", "/branches", "admin", map[string]any{"name": name, "parent_id": parent})
	return decode[ledger.Branch](e.t, rec).ID
}

func (e *env) createUser(login, name string, role ledger.Role, branch int64) int64 {
	e.t.Helper()
	rec := e.must(http.StatusCreated, "POST", "/users", "admin", map[string]any{
		"login": login, "name": name, "password": password, "role": role, "branch_id": branch})
	u := decode[ledger.User](e.t, rec)
	e.users[login] = &u
	return u.ID
}

func (e *env) createBatch(as string, branch int64, title string) int64 {
	e.t.Helper()
	rec := e.must(http.StatusCreated, "POST", "/batches", as, map[string]any{
		"title": title, "source_type": "org_life", "branch_id": branch,
		"started_on": "2026-01-15", "review_after_days": 90, "warn_days": 7})
	return decode[ledger.Batch](e.t, rec).ID
}

func (e *env) createProblem(as string, batch, branch int64, desc string) int64 {
	e.t.Helper()
	rec := e.must(http.StatusCreated, "POST", "/problems", as, map[string]any{
		"batch_id": batch, "branch_id": branch, "category": "组织建设方面", "description": desc,
		"cause": "学习不够深入", "leader": "赵书记"})
	return decode[ledger.Problem](e.t, rec).ID
}

// createTask adds a deadline task on problem, owned by owner, due on due.
func (e *env) createTaskOn(problem int64, as, owner, due, desc string) *ledger.Task {
	e.t.Helper()
	body := map[string]any{"problem_id": problem, "description": desc, "kind": "deadline",
		"due_on": due, "lead_dept": "组织委员"}
	if owner != "" {
		body["owner_id"] = e.id(owner)
	}
	rec := e.must(http.StatusCreated, "POST", "/tasks", as, body)
	t := decode[ledger.Task](e.t, rec)
	return &t
}

// openTask is a new task of 第一支部 owned by member1, due 2026-04-30.
func (e *env) openTask() int64 {
	e.t.Helper()
	return e.createTaskOn(e.problem, "officer1", "member1", "2026-04-30", "完善三会一课记录").ID
}

// submittedTask is a task member1 has submitted with a note.
func (e *env) submittedTask() int64 {
	e.t.Helper()
	id := e.openTask()
	e.must(http.StatusOK, "POST", taskPath(id, "submit"), "member1", map[string]string{"note": "已整改完毕"})
	return id
}

// closedTask is a task officer1 has approved; it returns the task and its
// pending 回头看.
func (e *env) closedTask() (task, review int64) {
	e.t.Helper()
	id := e.submittedTask()
	e.must(http.StatusOK, "POST", taskPath(id, "approve"), "officer1", map[string]string{"note": "同意销号"})
	rec := e.must(http.StatusOK, "GET", "/reviews?task_id="+itoa(id), "officer1", nil)
	rs := decode[struct{ Reviews []ledger.Review }](e.t, rec).Reviews
	require.Len(e.t, rs, 1)
	return id, rs[0].ID
}

// extendedTask is an open task with a pending extension request.
func (e *env) extendedTask() int64 {
	e.t.Helper()
	id := e.openTask()
	e.must(http.StatusOK, "POST", taskPath(id, "extension"), "member1",
		map[string]string{"due_on": "2026-06-30", "reason": "需协调上级部门"})
	return id
}

func (e *env) task(id int64) *ledger.Task {
	e.t.Helper()
	t := decode[ledger.Task](e.t, e.must(http.StatusOK, "GET", taskPath(id, ""), "admin", nil))
	return &t
}

func taskPath(id int64, action string) string {
	p := "/tasks/" + itoa(id)
	if action != "" {
		p += "/" + action
	}
	return p
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// eventCount is the length of the whole audit trail.
func (e *env) eventCount() int {
	e.t.Helper()
	evs, err := e.st.EventsSince(0, 1<<30)
	require.NoError(e.t, err)
	return len(evs)
}

// state is what "nothing changed" compares: a digest of every bucket of
// the database (keys, values, sequences) and of the evidence folder, the
// number of events, and the admin's view of the watched resources.
type state struct {
	digest  string
	events  int
	watched map[string]string
}

func (e *env) state(watch ...string) state {
	e.t.Helper()
	s := state{digest: e.digest(), events: e.eventCount(), watched: map[string]string{}}
	for _, p := range watch {
		s.watched[p] = e.must(http.StatusOK, "GET", p, "admin", nil).Body.String()
	}
	return s
}

// unchanged asserts that nothing changed since before.
func (e *env) unchanged(t *testing.T, before state) {
	t.Helper()
	var paths []string
	for p := range before.watched {
		paths = append(paths, p)
	}
	after := e.state(paths...)
	assert.Equal(t, before.events, after.events, "event count")
	for _, p := range paths {
		assert.JSONEq(t, before.watched[p], after.watched[p], "GET %s", p)
	}
	assert.Equal(t, before.digest, after.digest, "database and evidence folder")
}

func (e *env) digest() string {
	e.t.Helper()
	h := sha256.New()
	require.NoError(e.t, e.st.DB().View(func(tx *bbolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
			fmt.Fprintf(h, "bucket %q seq %d\n", name, b.Sequence())
			return b.ForEach(func(k, v []byte) error {
				fmt.Fprintf(h, "%x=%x\n", k, v)
				return nil
			})
		})
	}))
	var files []string
	root := filepath.Join(e.st.Dir(), "evidence")
	require.NoError(e.t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	}))
	sort.Strings(files)
	fmt.Fprintf(h, "files %q\n", files)
	return hex.EncodeToString(h.Sum(nil))
}
