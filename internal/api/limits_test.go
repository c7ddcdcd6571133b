package api_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// Issue 12 item 3: every text of an action had no cap (a 900 KB note was
// stored). Each one is now refused, naming the field, with nothing stored.
func TestEveryTextFieldIsCappedAndNothingIsStored(t *testing.T) {
	e := newEnv(t)
	long := strings.Repeat("字", 5001)
	fixed := func(b map[string]any) func(*env) any { return func(*env) any { return b } }
	cases := []struct {
		route, actor string
		path         func(e *env) string
		body         func(e *env) any
		field        string
	}{
		{"POST /tasks/:id/progress", "member1", onTask("progress", anOpenTask), fixed(map[string]any{"note": long}), "note"},
		{"POST /tasks/:id/submit", "member1", onTask("submit", anOpenTask), fixed(map[string]any{"note": long}), "note"},
		{"POST /tasks/:id/approve", "officer1", onTask("approve", aSubmittedTask), fixed(map[string]any{"note": long}), "note"},
		{"POST /tasks/:id/reject", "officer1", onTask("reject", aSubmittedTask), fixed(map[string]any{"reason": long}), "reason"},
		{"POST /tasks/:id/extension", "member1", onTask("extension", anOpenTask), fixed(map[string]any{"due_on": "2026-06-30", "reason": long}), "reason"},
		{"POST /tasks/:id/extension/approve", "officer1", onTask("extension/approve", anExtendedTask), fixed(map[string]any{"note": long}), "note"},
		{"POST /tasks/:id/extension/reject", "officer1", onTask("extension/reject", anExtendedTask), fixed(map[string]any{"reason": long}), "reason"},
		{"POST /tasks/:id/reopen", "officer1", onTask("reopen", aClosedTask), fixed(map[string]any{"due_on": "2026-05-31", "reason": long}), "reason"},
		{"POST /reviews/:id", "officer1", aPendingReview, fixed(map[string]any{"outcome": "consolidated", "note": long}), "note"},
		{"PATCH /tasks/:id", "officer1", onTask("", anOpenTask), fixed(map[string]any{"remark": long}), "remark"},
		{"PATCH /tasks/:id", "officer1", onTask("", anOpenTask), fixed(map[string]any{"support_depts": []string{strings.Repeat("部", 201)}}), "support_depts"},
		{"POST /tasks", "officer1", at("/tasks"), func(e *env) any { return newTaskBody(e, map[string]any{"description": long}) }, "description"},
		{"POST /problems", "officer1", at("/problems"), func(e *env) any { return newProblemBody(e, map[string]any{"cause": long}) }, "cause"},
		{"POST /batches", "officer1", at("/batches"), func(e *env) any { return newBatchBody(e, map[string]any{"title": long}) }, "title"},
		{"POST /branches", "admin", at("/branches"), fixed(map[string]any{"name": long}), "name"},
		{"PATCH /users/:id", "admin", member1Path, fixed(map[string]any{"name": long}), "name"},
	}
	for _, c := range cases {
		method := strings.SplitN(c.route, " ", 2)[0]
		t.Run(c.route+" refuses a "+c.field+" of 5001 characters", func(t *testing.T) {
			path := c.path(e)
			before := e.state(watchOf(path)...)
			wantError(t, e.do(method, path, c.actor, c.body(e)), http.StatusBadRequest, "invalid", c.field)
			e.unchanged(t, before)
		})
	}
	t.Run("a note of exactly the limit is accepted", func(t *testing.T) {
		id := e.openTask()
		e.must(http.StatusOK, "POST", taskPath(id, "submit"), "member1", map[string]any{"note": long[:len(long)-len("字")]})
	})
}

// Issue 12 item 3: the 900 KB note fits under the 1 MB body limit, so only
// the field limit stops it.
func TestANearlyMegabyteNoteIsRefusedByItsFieldLimit(t *testing.T) {
	e := newEnv(t)
	id := e.openTask()
	before := e.state(watchOf(taskPath(id, "submit"))...)
	rec := e.do("POST", taskPath(id, "submit"), "member1", map[string]any{"note": strings.Repeat("a", 900<<10)})
	wantError(t, rec, http.StatusBadRequest, "invalid", "note")
	assert.Contains(t, apiError(t, rec).Error.Message, "5000")
	e.unchanged(t, before)
}

// The limits table in docs/SECURITY.md lists every row of ledger.TextLimits
// with its number, so the documentation cannot drift from the code.
func TestSecurityDocListsEveryTextLimit(t *testing.T) {
	doc := readRepoFile(t, "docs/SECURITY.md")
	for _, l := range ledger.TextLimits {
		row := "| " + l.Of + " | `" + l.Field + "` | " + itoa(int64(l.Max)) + " |"
		assert.Contains(t, doc, row, "docs/SECURITY.md limits table")
	}
	require.NotEmpty(t, ledger.TextLimits)
}

func readRepoFile(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", rel))
	require.NoError(t, err)
	return string(b)
}

// Issue 12 item 12: "invoice\u202Efdp.exe" was kept and read as
// "invoiceexe.pdf". The stored name has no bidirectional controls.
func TestAnEvidenceFileNameKeepsNoBidiControls(t *testing.T) {
	e := newEnv(t)
	id := e.openTask()
	rec := e.must(http.StatusCreated, "POST", taskPath(id, "evidence"), "member1", upload{"file", "invoice\u202Efdp.exe", []byte("MZ")})
	assert.Equal(t, "invoicefdp.exe", decode[ledger.Evidence](t, rec).Name)
	list := e.must(http.StatusOK, "GET", taskPath(id, "evidence"), "member1", nil).Body.String()
	assert.NotContains(t, list, "\u202e")
	assert.NotContains(t, list, `\u202e`)
}

// Issue 12 item 13: "12345678" was accepted as a password. New and changed
// passwords follow the policy; a password already set keeps working.
func TestANewOrChangedPasswordFollowsThePolicy(t *testing.T) {
	e := newEnv(t)
	for _, pw := range []string{"12345678", "1234567890", "Password123"} {
		before := e.state("/users")
		wantError(t, e.do("POST", "/users", "admin", newUserBody(e, map[string]any{"password": pw})), http.StatusBadRequest, "invalid", "password")
		wantError(t, e.do("PATCH", "/users/"+itoa(e.id("member1")), "member1",
			map[string]any{"password": pw, "current_password": password}), http.StatusBadRequest, "invalid", "password")
		e.unchanged(t, before)
	}
	e.must(http.StatusCreated, "POST", "/users", "admin", newUserBody(e, map[string]any{"password": "整改台账销号回头看督办"}))
}
