package api_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestAStepFromTheWrongStateIs409AndNothingChanges(t *testing.T) {
	e := newEnv(t)
	twiceDecided := func(e *env) string {
		_, r := e.closedTask()
		p := "/reviews/" + itoa(r)
		e.must(http.StatusOK, "POST", p, "officer1", map[string]string{"outcome": "consolidated"})
		return p
	}
	superseded := func(e *env) string {
		id, r := e.closedTask()
		e.must(http.StatusOK, "POST", taskPath(id, "reopen"), "officer1", map[string]string{"due_on": "2026-05-31", "reason": "复查发现问题"})
		return "/reviews/" + itoa(r)
	}
	note := map[string]any{"note": "说明"}
	ext := map[string]any{"due_on": "2026-06-30", "reason": "需协调", "note": "同意"}
	reopen := map[string]any{"due_on": "2026-05-31", "reason": "反弹"}
	for _, c := range []struct {
		name  string
		route string
		actor string
		path  func(e *env) string
		body  any
	}{
		{"approve an open task", "POST /tasks/:id/approve", "officer1", onTask("approve", anOpenTask), note},
		{"approve a closed task", "POST /tasks/:id/approve", "officer1", onTask("approve", aClosedTask), note},
		{"reject an open task", "POST /tasks/:id/reject", "officer1", onTask("reject", anOpenTask), map[string]any{"reason": "不合格"}},
		{"reject a closed task", "POST /tasks/:id/reject", "officer1", onTask("reject", aClosedTask), map[string]any{"reason": "不合格"}},
		{"submit a closed task", "POST /tasks/:id/submit", "member1", onTask("submit", aClosedTask), note},
		{"submit a submitted task", "POST /tasks/:id/submit", "member1", onTask("submit", aSubmittedTask), note},
		{"report progress on a submitted task", "POST /tasks/:id/progress", "member1", onTask("progress", aSubmittedTask), note},
		{"report progress on a closed task", "POST /tasks/:id/progress", "member1", onTask("progress", aClosedTask), note},
		{"upload evidence to a closed task", "POST /tasks/:id/evidence", "member1", onTask("evidence", aClosedTask),
			upload{"file", "补充材料.txt", []byte("迟到的材料")}},
		{"ask to extend a closed task", "POST /tasks/:id/extension", "member1", onTask("extension", aClosedTask), ext},
		{"ask to extend a submitted task", "POST /tasks/:id/extension", "member1", onTask("extension", aSubmittedTask), ext},
		{"ask to extend twice", "POST /tasks/:id/extension", "member1", onTask("extension", anExtendedTask),
			map[string]any{"due_on": "2026-07-31", "reason": "再延一个月"}},
		{"approve an extension when none is pending", "POST /tasks/:id/extension/approve", "officer1", onTask("extension/approve", anOpenTask), ext},
		{"refuse an extension when none is pending", "POST /tasks/:id/extension/reject", "officer1", onTask("extension/reject", anOpenTask), ext},
		{"reopen an open task", "POST /tasks/:id/reopen", "officer1", onTask("reopen", anOpenTask), reopen},
		{"reopen a submitted task", "POST /tasks/:id/reopen", "officer1", onTask("reopen", aSubmittedTask), reopen},
		{"decide a review twice", "POST /reviews/:id", "officer1", twiceDecided, map[string]any{"outcome": "consolidated"}},
		{"decide the review of a reopened task", "POST /reviews/:id", "officer1", superseded,
			map[string]any{"outcome": "rebound", "note": "反弹", "due_on": "2026-06-30"}},
		{"delete a problem that has measures", "DELETE /problems/:id", "officer1",
			func(e *env) string { e.openTask(); return "/problems/" + itoa(e.problem) }, nil},
		{"delete a branch that has users and sub-branches", "DELETE /branches/:id", "admin", func(e *env) string { return "/branches/" + itoa(e.party) }, nil},
		{"delete a branch that has tasks", "DELETE /branches/:id", "admin", branch1Path, nil},
		{"create a user with a login taken in another case", "POST /users", "admin", at("/users"),
			map[string]any{"login": "MEMBER2", "name": "重名", "password": password, "role": "member", "branch_id": 2}},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := c.path(e)
			before := e.state(watchOf(path)...)
			method := strings.SplitN(c.route, " ", 2)[0]
			wantError(t, e.do(method, path, c.actor, c.body), http.StatusConflict, "conflict", "")
			e.unchanged(t, before)
		})
	}
}
