package api_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func at(p string) func(e *env) string { return func(*env) string { return p } }

func onTask(action string, make func(e *env) int64) func(e *env) string {
	return func(e *env) string { return taskPath(make(e), action) }
}

var (
	anOpenTask     = func(e *env) int64 { return e.openTask() }
	aSubmittedTask = func(e *env) int64 { return e.submittedTask() }
	anExtendedTask = func(e *env) int64 { return e.extendedTask() }
	aClosedTask    = func(e *env) int64 { id, _ := e.closedTask(); return id }
	branch1Path    = func(e *env) string { return "/branches/" + itoa(e.branch1) }
	member1Path    = func(e *env) string { return "/users/" + itoa(e.id("member1")) }
	batchPath      = func(e *env) string { return "/batches/" + itoa(e.batch) }
	problemPath    = func(e *env) string { return "/problems/" + itoa(e.problem) }
	aPendingReview = func(e *env) string { _, r := e.closedTask(); return "/reviews/" + itoa(r) }
)

func newTaskBody(e *env, change map[string]any) map[string]any {
	return merge(map[string]any{"problem_id": e.problem, "description": "建立台账",
		"owner_id": e.id("member1"), "due_on": "2026-04-30"}, change)
}

func newUserBody(e *env, change map[string]any) map[string]any {
	return merge(map[string]any{"login": "newcomer", "name": "新党员", "password": password,
		"role": "member", "branch_id": e.branch1}, change)
}

func newBatchBody(e *env, change map[string]any) map[string]any {
	return merge(map[string]any{"title": "专项审计", "source_type": "audit", "branch_id": e.branch1,
		"started_on": "2026-03-01"}, change)
}

func newProblemBody(e *env, change map[string]any) map[string]any {
	return merge(map[string]any{"batch_id": e.batch, "branch_id": e.branch1, "description": "发展党员程序不规范"}, change)
}

// watchOf is what an admin can GET to see the target of a request path:
// the task of a task action, the resource or collection itself otherwise.
func watchOf(path string) []string {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	switch {
	case parts[0] == "reviews":
		return nil
	case path == "/tasks/reassign":
		return []string{"/tasks"}
	case parts[0] == "channels":
		return []string{"/channels"}
	case parts[0] == "problems" && len(parts) > 2:
		return []string{"/problems/" + parts[1] + "/cascades"}
	case parts[0] == "cascades", parts[0] == "rebounds":
		return []string{"/cascades/waiting", "/rebounds"}
	case parts[0] == "tasks" && len(parts) > 2:
		return []string{"/tasks/" + parts[1], "/tasks/" + parts[1] + "/events"}
	}
	return []string{path}
}

// merge returns base with change applied; a nil value deletes the key.
func merge(base, change map[string]any) map[string]any {
	for k, v := range change {
		if v == nil {
			delete(base, k)
		} else {
			base[k] = v
		}
	}
	return base
}

func TestMalformedJSONIs400AndNothingChanges(t *testing.T) {
	e := newEnv(t)
	for _, m := range mutations() {
		_, body, _ := m.prepare(e)
		if body == nil || m.route == "POST /tasks/:id/evidence" {
			continue // no JSON body is read
		}
		for name, raw := range map[string]rawJSON{
			"cut short":     `{"note":"已整改`,
			"not JSON":      `note=done`,
			"an array":      `[{"note":"已整改"}]`,
			"two objects":   `{"note":"a"} {"note":"b"}`,
			"an empty body": ``,
			"a bare string": `"note"`,
			"trailing junk": `{"note":"a"} x`,
		} {
			t.Run(m.route+" with "+name, func(t *testing.T) {
				path, _, watch := m.prepare(e)
				before := e.state(watch...)
				wantError(t, e.do(m.method(), path, m.actor, raw), http.StatusBadRequest, "invalid", "")
				e.unchanged(t, before)
			})
		}
	}
}

func TestAWrongOrMissingFieldIs400NamingItAndNothingChanges(t *testing.T) {
	e := newEnv(t)
	type fc struct {
		route string
		actor string
		path  func(e *env) string
		body  func(e *env) any
		field string // the field error.field must name
	}
	fixed := func(b any) func(*env) any { return func(*env) any { return b } }
	task := func(c map[string]any) func(*env) any { return func(e *env) any { return newTaskBody(e, c) } }
	user := func(c map[string]any) func(*env) any { return func(e *env) any { return newUserBody(e, c) } }
	batch := func(c map[string]any) func(*env) any { return func(e *env) any { return newBatchBody(e, c) } }
	problem := func(c map[string]any) func(*env) any { return func(e *env) any { return newProblemBody(e, c) } }
	review := func(c map[string]any) func(*env) any {
		return fixed(merge(map[string]any{"outcome": "rebound", "note": "问题反弹", "due_on": "2026-06-30"}, c))
	}
	ext := func(c map[string]any) func(*env) any {
		return fixed(merge(map[string]any{"due_on": "2026-06-30", "reason": "需协调"}, c))
	}
	handover := func(c map[string]any) func(*env) any {
		return func(e *env) any {
			return merge(map[string]any{"from_owner_id": e.id("member1"), "to_owner_id": e.id("officer1"), "reason": "岗位调整"}, c)
		}
	}
	reopen := func(c map[string]any) func(*env) any {
		return fixed(merge(map[string]any{"due_on": "2026-05-31", "reason": "反弹"}, c))
	}
	problemCascade := func(e *env) string { return "/problems/" + itoa(e.problem) + "/cascade" }
	aCascade := func(e *env) string { return "/cascades/" + itoa(e.cascadeTo(e.party)) + "/answer" }
	aRebound := func(verb string) func(e *env) string {
		return func(e *env) string { return "/rebounds/" + itoa(e.pendingRebound()) + "/" + verb }
	}
	cases := []fc{
		{"POST /branches", "admin", at("/branches"), fixed(map[string]any{"name": 1}), "name"},
		{"POST /branches", "admin", at("/branches"), fixed(map[string]any{"name": "第三支部", "parent_id": "1"}), "parent_id"},
		{"POST /branches", "admin", at("/branches"), fixed(map[string]any{"parent_id": 1}), "name"},
		{"POST /branches", "admin", at("/branches"), fixed(map[string]any{"name": "   "}), "name"},
		{"PATCH /branches/:id", "admin", branch1Path, fixed(map[string]any{"parent_id": "x"}), "parent_id"},
		{"PATCH /branches/:id", "admin", branch1Path, fixed(map[string]any{"name": ""}), "name"},
		{"POST /users", "admin", at("/users"), user(map[string]any{"branch_id": "2"}), "branch_id"},
		{"POST /users", "admin", at("/users"), user(map[string]any{"login": nil}), "login"},
		{"POST /users", "admin", at("/users"), user(map[string]any{"password": nil}), "password"},
		{"POST /users", "admin", at("/users"), user(map[string]any{"branch_id": nil}), "branch_id"},
		{"POST /users", "admin", at("/users"), user(map[string]any{"role": "boss"}), "role"},
		{"POST /users", "admin", at("/users"), user(map[string]any{"email": "not-an-address"}), "email"},
		{"PATCH /users/:id", "admin", member1Path, fixed(map[string]any{"disabled": "yes"}), "disabled"},
		{"PATCH /users/:id", "admin", member1Path, fixed(map[string]any{"name": ""}), "name"},
		{"PATCH /users/:id", "admin", member1Path, fixed(map[string]any{"password": "short"}), "password"},
		{"POST /batches", "officer1", at("/batches"), batch(map[string]any{"warn_days": "7"}), "warn_days"},
		{"POST /batches", "officer1", at("/batches"), batch(map[string]any{"started_on": "2023-02-30"}), "started_on"},
		{"POST /batches", "officer1", at("/batches"), batch(map[string]any{"started_on": nil}), "started_on"},
		{"POST /batches", "officer1", at("/batches"), batch(map[string]any{"title": nil}), "title"},
		{"POST /batches", "officer1", at("/batches"), batch(map[string]any{"source_type": "gossip"}), "source_type"},
		{"PATCH /batches/:id", "officer1", batchPath, fixed(map[string]any{"review_after_days": "x"}), "review_after_days"},
		{"PATCH /batches/:id", "officer1", batchPath, fixed(map[string]any{"title": "新名称", "started_on": "2023-02-30"}), "started_on"},
		{"PATCH /batches/:id", "officer1", batchPath, fixed(map[string]any{"title": "新名称", "warn_days": 0}), "warn_days"},
		{"POST /problems", "officer1", at("/problems"), problem(map[string]any{"batch_id": "x"}), "batch_id"},
		{"POST /problems", "officer1", at("/problems"), problem(map[string]any{"batch_id": nil}), "batch_id"},
		{"POST /problems", "officer1", at("/problems"), problem(map[string]any{"description": nil}), "description"},
		{"PATCH /problems/:id", "officer1", problemPath, fixed(map[string]any{"leader": 1}), "leader"},
		{"PATCH /problems/:id", "officer1", problemPath, fixed(map[string]any{"description": ""}), "description"},
		{"POST /tasks", "officer1", at("/tasks"), task(map[string]any{"due_on": "2023-02-30"}), "due_on"},
		{"POST /tasks", "officer1", at("/tasks"), task(map[string]any{"owner_id": "x"}), "owner_id"},
		{"POST /tasks", "officer1", at("/tasks"), task(map[string]any{"due_on": nil}), "due_on"},
		{"POST /tasks", "officer1", at("/tasks"), task(map[string]any{"problem_id": nil}), "problem_id"},
		{"POST /tasks", "officer1", at("/tasks"), task(map[string]any{"description": nil}), "description"},
		{"POST /tasks", "officer1", at("/tasks"), task(map[string]any{"kind": "someday"}), "kind"},
		{"PATCH /tasks/:id", "officer1", onTask("", anOpenTask), fixed(map[string]any{"due_on": "2023-02-30"}), "due_on"},
		{"PATCH /tasks/:id", "officer1", onTask("", anOpenTask), fixed(map[string]any{"support_depts": "x"}), "support_depts"},
		{"PATCH /tasks/:id", "officer1", onTask("", anOpenTask), fixed(map[string]any{"due_on": ""}), "due_on"},
		{"POST /tasks/:id/progress", "member1", onTask("progress", anOpenTask), fixed(map[string]any{"note": "进展", "percent": "x"}), "percent"},
		{"POST /tasks/:id/progress", "member1", onTask("progress", anOpenTask), fixed(map[string]any{"note": "进展", "percent": 101}), "percent"},
		{"POST /tasks/:id/progress", "member1", onTask("progress", anOpenTask), fixed(map[string]any{"percent": 50}), "note"},
		{"POST /tasks/:id/submit", "member1", onTask("submit", anOpenTask), fixed(map[string]any{"note": 1}), "note"},
		{"POST /tasks/:id/submit", "member1", onTask("submit", anOpenTask), fixed(map[string]any{}), "note"},
		{"POST /tasks/:id/approve", "officer1", onTask("approve", aSubmittedTask), fixed(map[string]any{"note": 1}), "note"},
		{"POST /tasks/:id/reject", "officer1", onTask("reject", aSubmittedTask), fixed(map[string]any{"reason": 1}), "reason"},
		{"POST /tasks/:id/reject", "officer1", onTask("reject", aSubmittedTask), fixed(map[string]any{}), "reason"},
		{"POST /tasks/:id/extension", "member1", onTask("extension", anOpenTask), ext(map[string]any{"due_on": "2023-02-30"}), "due_on"},
		{"POST /tasks/:id/extension", "member1", onTask("extension", anOpenTask), ext(map[string]any{"due_on": 20260630}), "due_on"},
		{"POST /tasks/:id/extension", "member1", onTask("extension", anOpenTask), ext(map[string]any{"due_on": nil}), "due_on"},
		{"POST /tasks/:id/extension", "member1", onTask("extension", anOpenTask), ext(map[string]any{"reason": nil}), "reason"},
		{"POST /tasks/:id/extension", "member1", onTask("extension", anOpenTask), ext(map[string]any{"due_on": "2026-04-01"}), "due_on"},
		{"POST /tasks/:id/extension/approve", "officer1", onTask("extension/approve", anExtendedTask), fixed(map[string]any{"note": 1}), "note"},
		{"POST /tasks/:id/extension/reject", "officer1", onTask("extension/reject", anExtendedTask), fixed(map[string]any{"reason": 1}), "reason"},
		{"POST /tasks/:id/extension/reject", "officer1", onTask("extension/reject", anExtendedTask), fixed(map[string]any{}), "reason"},
		{"POST /tasks/:id/reopen", "officer1", onTask("reopen", aClosedTask), reopen(map[string]any{"due_on": "2023-02-30"}), "due_on"},
		{"POST /tasks/:id/reopen", "officer1", onTask("reopen", aClosedTask), reopen(map[string]any{"due_on": nil}), "due_on"},
		{"POST /tasks/:id/reopen", "officer1", onTask("reopen", aClosedTask), reopen(map[string]any{"reason": nil}), "reason"},
		{"POST /tasks/:id/reopen", "officer1", onTask("reopen", aClosedTask), reopen(map[string]any{"due_on": "2026-03-09"}), "due_on"},
		{"POST /tasks/:id/withdraw", "officer1", onTask("withdraw", anOpenTask), fixed(map[string]any{}), "reason"},
		{"POST /tasks/:id/withdraw", "officer1", onTask("withdraw", anOpenTask), fixed(map[string]any{"reason": strings.Repeat("重", 1001)}), "reason"},
		{"POST /tasks/reassign", "officer1", at("/tasks/reassign"), handover(map[string]any{"reason": ""}), "reason"},
		{"POST /tasks/reassign", "officer1", at("/tasks/reassign"), handover(map[string]any{"to_owner_id": nil}), "to_owner_id"},
		{"POST /tasks/reassign", "officer1", at("/tasks/reassign"), handover(map[string]any{"to_owner_id": "x"}), "to_owner_id"},
		{"POST /channels", "admin", at("/channels"), fixed(map[string]any{"branch_id": 2, "type": "wecom", "url": "ftp://x"}), "url"},
		{"POST /channels", "admin", at("/channels"), fixed(map[string]any{"branch_id": 2, "type": 1}), "type"},
		{"PATCH /channels/:id", "admin", func(e *env) string { return "/channels/" + itoa(e.channel()) }, fixed(map[string]any{"enabled": "no"}), "enabled"},
		{"POST /reviews/:id", "officer1", aPendingReview, review(map[string]any{"outcome": 1}), "outcome"},
		{"POST /reviews/:id", "officer1", aPendingReview, review(map[string]any{"outcome": nil}), "outcome"},
		{"POST /reviews/:id", "officer1", aPendingReview, review(map[string]any{"due_on": "2023-02-30"}), "due_on"},
		{"POST /reviews/:id", "officer1", aPendingReview, review(map[string]any{"due_on": nil}), "due_on"},
		{"POST /reviews/:id", "officer1", aPendingReview, review(map[string]any{"note": nil}), "note"},
		{"POST /problems/:id/cascade", "officer", problemCascade, fixed(map[string]any{"branch_ids": "x", "due_on": "2026-04-01"}), "branch_ids"},
		{"POST /problems/:id/cascade", "officer", problemCascade, fixed(map[string]any{"branch_ids": []int64{3}, "due_on": "2023-02-30"}), "due_on"},
		{"POST /cascades/:id/answer", "officer", aCascade, fixed(map[string]any{"branch_id": "x", "answer": "absent", "note": "无"}), "branch_id"},
		{"POST /cascades/:id/answer", "officer", aCascade, func(e *env) any { return map[string]any{"branch_id": e.party, "answer": "maybe"} }, "answer"},
		{"POST /rebounds/:id/confirm", "officer1", aRebound("confirm"), fixed(map[string]any{"note": 1}), "note"},
		{"POST /rebounds/:id/dismiss", "officer1", aRebound("dismiss"), fixed(map[string]any{"note": ""}), "note"},
	}
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.route] = true
		method := strings.SplitN(c.route, " ", 2)[0]
		t.Run(c.route+" "+c.field, func(t *testing.T) {
			path := c.path(e)
			before := e.state(watchOf(path)...)
			wantError(t, e.do(method, path, c.actor, c.body(e)), http.StatusBadRequest, "invalid", c.field)
			e.unchanged(t, before)
		})
	}
	for _, m := range mutations() {
		_, body, _ := m.prepare(e)
		if body != nil && m.route != "POST /tasks/:id/evidence" {
			assert.True(t, covered[m.route], "no bad-field case for %s", m.route)
		}
	}
}
