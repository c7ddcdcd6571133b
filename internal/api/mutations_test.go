package api_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/api"
)

// mutation is one request to a mutating route, aimed at 第一支部's data,
// that its rightful actor may make. prepare builds fresh targets, so a
// case never depends on another.
type mutation struct {
	route   string // "METHOD /path" as registered
	actor   string
	prepare func(e *env) (path string, body any, watch []string)
}

// exemptMutations are mutating routes without branch-scoped data: login
// is public, and logout revokes only the caller's own token.
var exemptMutations = map[string]string{
	"POST /auth/login":             "public; has its own tests",
	"POST /auth/logout":            "revokes only the caller's own token",
	"POST /notifications/read-all": "marks only the caller's own inbox",
	"POST /notifications/:id/read": "the caller's own; another's is 404 (TestNotificationsAPIShowsTheCallersOwn)",
	"POST /admin/jobs/:name/run":   "admin only, no branch data (TestAdminRunsAJobAndSeesTheDeliveries)",
	"POST /channels/:id/test":      "admin only, writes nothing; has its own tests (plan_test.go)",
	"POST /admin/chain/verify":     "admin only, reads the trail and records the outcome (TestTheAdminSeesTheChainHeadAndVerifiesIt)",
	"POST /problems/similar":       "a search: the body carries the typed text, nothing is written (TestSimilarProblemsThroughTheAPIStayInTheCallersScope)",
}

func mutations() []mutation {
	task := func(action string, make func(e *env) int64, body any) func(e *env) (string, any, []string) {
		return func(e *env) (string, any, []string) {
			id := make(e)
			return taskPath(id, action), body, []string{taskPath(id, ""), taskPath(id, "events"), taskPath(id, "progress"), taskPath(id, "evidence")}
		}
	}
	open := func(e *env) int64 { return e.openTask() }
	submitted := func(e *env) int64 { return e.submittedTask() }
	extended := func(e *env) int64 { return e.extendedTask() }
	closed := func(e *env) int64 { id, _ := e.closedTask(); return id }
	return []mutation{
		{"POST /branches", "admin", func(e *env) (string, any, []string) {
			return "/branches", map[string]any{"name": "第三党小组", "parent_id": e.branch1}, []string{"/branches"}
		}},
		{"PATCH /branches/:id", "admin", func(e *env) (string, any, []string) {
			p := "/branches/" + itoa(e.branch1)
			return p, map[string]any{"name": "第一党支部"}, []string{p}
		}},
		{"DELETE /branches/:id", "admin", func(e *env) (string, any, []string) {
			p := "/branches/" + itoa(e.createBranch("临时党小组", e.branch1))
			return p, nil, []string{p}
		}},
		{"POST /users", "admin", func(e *env) (string, any, []string) {
			return "/users", map[string]any{"login": "newcomer", "name": "新党员", "password": password,
				"role": "member", "branch_id": e.branch1}, []string{"/users"}
		}},
		{"PATCH /users/:id", "admin", func(e *env) (string, any, []string) {
			p := "/users/" + itoa(e.id("member1"))
			return p, map[string]any{"name": "张三丰", "email": "zhang@example.org"}, []string{p}
		}},
		{"POST /batches", "officer1", func(e *env) (string, any, []string) {
			return "/batches", map[string]any{"title": "专项审计", "source_type": "audit", "branch_id": e.branch1,
				"started_on": "2026-03-01"}, []string{"/batches"}
		}},
		{"PATCH /batches/:id", "officer1", func(e *env) (string, any, []string) {
			p := "/batches/" + itoa(e.batch)
			return p, map[string]any{"title": "2026年度组织生活会问题清单", "warn_days": 10}, []string{p}
		}},
		{"POST /problems", "officer1", func(e *env) (string, any, []string) {
			return "/problems", map[string]any{"batch_id": e.batch, "branch_id": e.branch1,
				"description": "发展党员程序不规范"}, []string{"/problems"}
		}},
		{"PATCH /problems/:id", "officer1", func(e *env) (string, any, []string) {
			p := "/problems/" + itoa(e.problem)
			return p, map[string]any{"cause": "制度执行不严"}, []string{p}
		}},
		{"DELETE /problems/:id", "officer1", func(e *env) (string, any, []string) {
			p := "/problems/" + itoa(e.createProblem("officer1", e.batch, e.branch1, "录入有误的问题"))
			return p, nil, []string{p}
		}},
		{"POST /tasks", "officer1", func(e *env) (string, any, []string) {
			return "/tasks", map[string]any{"problem_id": e.problem, "description": "建立台账",
				"owner_id": e.id("member1"), "due_on": "2026-04-30"}, []string{"/tasks?problem_id=" + itoa(e.problem)}
		}},
		{"PATCH /tasks/:id", "officer1", task("", open, map[string]any{"description": "完善并公示三会一课记录", "due_on": "2026-05-15"})},
		{"DELETE /tasks/:id", "officer1", task("", open, nil)},
		{"POST /tasks/:id/progress", "member1", task("progress", open, map[string]any{"note": "已召开支委会研究", "percent": 40})},
		{"POST /tasks/:id/evidence", "member1", task("evidence", open, upload{"file", "会议记录.pdf", []byte("%PDF-1.4 支委会会议记录")})},
		{"POST /tasks/:id/submit", "member1", task("submit", open, map[string]any{"note": "已整改完毕"})},
		{"POST /tasks/:id/approve", "officer1", task("approve", submitted, map[string]any{"note": "同意销号"})},
		{"POST /tasks/:id/reject", "officer1", task("reject", submitted, map[string]any{"reason": "佐证材料不足"})},
		{"POST /tasks/:id/extension", "member1", task("extension", open, map[string]any{"due_on": "2026-06-30", "reason": "需协调上级部门"})},
		{"POST /tasks/:id/extension/approve", "officer1", task("extension/approve", extended, map[string]any{"note": "同意延期"})},
		{"POST /tasks/:id/extension/reject", "officer1", task("extension/reject", extended, map[string]any{"reason": "理由不充分"})},
		{"POST /tasks/:id/withdraw", "officer1", task("withdraw", open, map[string]any{"reason": "与第2项措施重复"})},
		{"POST /tasks/reassign", "officer1", func(e *env) (string, any, []string) {
			id := e.openTask()
			return "/tasks/reassign", map[string]any{"from_owner_id": e.id("member1"), "to_owner_id": e.id("officer1"),
				"task_ids": []int64{id}, "reason": "岗位调整"}, []string{taskPath(id, ""), taskPath(id, "events")}
		}},
		{"POST /tasks/:id/reopen", "officer1", task("reopen", closed, map[string]any{"due_on": "2026-05-31", "reason": "回头看发现反弹"})},
		{"POST /channels", "admin", func(e *env) (string, any, []string) {
			return "/channels", map[string]any{"branch_id": e.branch1, "type": "wecom",
				"url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1"}, []string{"/channels"}
		}},
		{"PATCH /channels/:id", "admin", func(e *env) (string, any, []string) {
			p := "/channels/" + itoa(e.channel())
			return p, map[string]any{"enabled": false}, []string{"/channels"}
		}},
		{"DELETE /channels/:id", "admin", func(e *env) (string, any, []string) {
			return "/channels/" + itoa(e.channel()), nil, []string{"/channels"}
		}},
		{"POST /reviews/:id", "officer1", func(e *env) (string, any, []string) {
			id, review := e.closedTask()
			return "/reviews/" + itoa(review), map[string]any{"outcome": "consolidated", "note": "整改成果巩固"},
				[]string{taskPath(id, ""), "/reviews?task_id=" + itoa(id)}
		}},
		{"POST /problems/:id/cascade", "officer", func(e *env) (string, any, []string) {
			return "/problems/" + itoa(e.problem) + "/cascade", map[string]any{"branch_ids": []int64{e.branch2}, "due_on": "2026-04-01"},
				[]string{"/problems/" + itoa(e.problem) + "/cascades"}
		}},
		{"POST /cascades/:id/answer", "officer", func(e *env) (string, any, []string) {
			id := e.cascadeTo(e.party)
			return "/cascades/" + itoa(id) + "/answer", map[string]any{"branch_id": e.party, "answer": "absent", "note": "已对照自查，未发现"},
				[]string{"/problems/" + itoa(e.problem) + "/cascades"}
		}},
		{"POST /rebounds/:id/confirm", "officer1", func(e *env) (string, any, []string) {
			return "/rebounds/" + itoa(e.pendingRebound()) + "/confirm", map[string]any{"note": ""}, []string{"/rebounds"}
		}},
		{"POST /rebounds/:id/dismiss", "officer1", func(e *env) (string, any, []string) {
			return "/rebounds/" + itoa(e.pendingRebound()) + "/dismiss", map[string]any{"note": "不是同一问题"}, []string{"/rebounds"}
		}},
	}
}

// channel is a new WeCom channel of 第一支部.
func (e *env) channel() int64 {
	e.t.Helper()
	rec := e.must(http.StatusCreated, "POST", "/channels", "admin", map[string]any{"branch_id": e.branch1, "type": "wecom",
		"url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k2"})
	return decode[struct {
		ID int64 `json:"id"`
	}](e.t, rec).ID
}

func (m mutation) method() string { return strings.SplitN(m.route, " ", 2)[0] }

func TestTheMutationTableCoversEveryMutatingRoute(t *testing.T) {
	want := map[string]bool{}
	for _, r := range api.New(nil, zerolog.Nop(), api.Config{}).Routes() {
		if r.Method != http.MethodGet && exemptMutations[r.Method+" "+r.Path] == "" {
			want[r.Method+" "+r.Path] = true
		}
	}
	got := map[string]bool{}
	for _, m := range mutations() {
		assert.False(t, got[m.route], "%s is listed twice", m.route)
		got[m.route] = true
	}
	assert.Equal(t, want, got)
}

func TestTheRightfulActorMayMakeEveryMutation(t *testing.T) {
	e := newEnv(t)
	for _, m := range mutations() {
		t.Run(m.route+" by "+m.actor, func(t *testing.T) {
			path, body, _ := m.prepare(e)
			before := e.eventCount()
			rec := e.do(m.method(), path, m.actor, body)
			require.Contains(t, []int{http.StatusOK, http.StatusCreated}, rec.Code, rec.Body.String())
			assert.Greater(t, e.eventCount(), before, "a change writes an event")
		})
	}
}

func TestAnotherBranchCannotMutateAndNothingChanges(t *testing.T) {
	e := newEnv(t)
	for _, m := range mutations() {
		for _, intruder := range []string{"member2", "officer2"} {
			t.Run(m.route+" by "+intruder, func(t *testing.T) {
				path, body, watch := m.prepare(e)
				before := e.state(watch...)
				rec := e.do(m.method(), path, intruder, body)
				require.Contains(t, []int{http.StatusForbidden, http.StatusNotFound}, rec.Code, rec.Body.String())
				apiError(t, rec)
				e.unchanged(t, before)
			})
		}
	}
}

func TestALeaderMayReadButEveryActionIsForbidden(t *testing.T) {
	e := newEnv(t)
	id := e.openTask()
	e.must(http.StatusOK, "GET", "/dashboard", "leader", nil)
	e.must(http.StatusOK, "GET", "/tasks", "leader", nil)
	e.must(http.StatusOK, "GET", taskPath(id, ""), "leader", nil)
	e.must(http.StatusOK, "GET", taskPath(id, "events"), "leader", nil)
	for _, m := range mutations() {
		t.Run(m.route, func(t *testing.T) {
			path, body, watch := m.prepare(e)
			before := e.state(watch...)
			wantError(t, e.do(m.method(), path, "leader", body), http.StatusForbidden, "forbidden", "")
			e.unchanged(t, before)
		})
	}
	t.Run("GET /admin/backup", func(t *testing.T) {
		wantError(t, e.do("GET", "/admin/backup", "leader", nil), http.StatusForbidden, "forbidden", "")
	})
}

// oversized is a JSON object just over the 1 MiB body limit.
func oversized() rawJSON {
	return rawJSON(`{"note":"` + strings.Repeat("x", 1<<20) + `","reason":"x","name":"x"}`)
}

func TestABodyOverOneMebibyteIs413AndNothingChanges(t *testing.T) {
	e := newEnv(t)
	cases := mutations()
	cases = append(cases,
		mutation{"POST /auth/login", "", func(e *env) (string, any, []string) {
			return "/auth/login", map[string]string{"login": "member1", "password": password}, nil
		}},
		mutation{"POST /auth/logout", "member1", func(e *env) (string, any, []string) {
			return "/auth/logout", nil, nil
		}})
	for _, m := range cases {
		t.Run(m.route+" with a Content-Length", func(t *testing.T) {
			path, _, watch := m.prepare(e)
			before := e.state(watch...)
			wantError(t, e.do(m.method(), path, m.actor, oversized()), http.StatusRequestEntityTooLarge, "too_large", "")
			e.unchanged(t, before)
		})
		_, body, _ := m.prepare(e)
		if body == nil || m.route == "POST /tasks/:id/evidence" {
			continue // the handler never reads a JSON body
		}
		t.Run(m.route+" streamed without a Content-Length", func(t *testing.T) {
			path, _, watch := m.prepare(e)
			before := e.state(watch...)
			req := e.request(m.method(), path, m.actor, oversized())
			req.ContentLength = -1
			req.Body = io.NopCloser(req.Body)
			wantError(t, e.serve(req), http.StatusRequestEntityTooLarge, "too_large", "")
			e.unchanged(t, before)
		})
	}
}
