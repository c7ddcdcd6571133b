package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"rectify/internal/ledger"
)

func (e *env) userLogins(as string) []string {
	e.t.Helper()
	rec := e.must(http.StatusOK, "GET", "/users", as, nil)
	assert.NotContains(e.t, rec.Body.String(), "password")
	var logins []string
	for _, u := range decode[struct{ Users []ledger.User }](e.t, rec).Users {
		logins = append(logins, u.Login)
	}
	return logins
}

func TestUsersListOnlyTheCallersSubtree(t *testing.T) {
	e := newEnv(t)
	everyone := []string{"admin", "officer", "leader", "officer1", "member1", "member1b", "officer2", "member2"}
	assert.ElementsMatch(t, everyone, e.userLogins("admin"))
	assert.ElementsMatch(t, everyone[1:], e.userLogins("officer"), "admins are not listed to others")
	assert.ElementsMatch(t, []string{"officer1", "member1", "member1b"}, e.userLogins("member1"))
	assert.ElementsMatch(t, []string{"officer2", "member2"}, e.userLogins("member2"))

	for _, c := range []struct {
		as, whom string
		status   int
	}{
		{"member2", "member1", 404},
		{"member1", "officer", 404},
		{"officer", "admin", 404},
		{"member1", "member1b", 200},
		{"member2", "member2", 200},
		{"officer", "member2", 200},
		{"admin", "member2", 200},
	} {
		rec := e.do("GET", "/users/"+itoa(e.id(c.whom)), c.as, nil)
		assert.Equal(t, c.status, rec.Code, "%s reading %s: %s", c.as, c.whom, rec.Body.String())
	}
	wantError(t, e.do("GET", "/users/999", "admin", nil), http.StatusNotFound, "not_found", "")
}

func TestAnAdminCreatesUsersWhoCanLogIn(t *testing.T) {
	e := newEnv(t)
	rec := e.must(http.StatusCreated, "POST", "/users", "admin", map[string]any{"login": "wang.wu", "name": "王五",
		"password": "a-long-password", "role": "member", "branch_id": e.branch2, "email": "wangwu@example.org"})
	assert.NotContains(t, rec.Body.String(), "password")
	u := decode[ledger.User](t, rec)
	assert.NotZero(t, u.ID)
	assert.Equal(t, ledger.RoleMember, u.Role)
	e.must(http.StatusOK, "POST", "/auth/login", "", map[string]string{"login": "wang.wu", "password": "a-long-password"})

	wantError(t, e.do("POST", "/users", "admin", newUserBody(e, map[string]any{"branch_id": 999})), http.StatusNotFound, "not_found", "branch_id")
	wantError(t, e.do("POST", "/users", "officer", newUserBody(e, nil)), http.StatusForbidden, "forbidden", "")
}

func TestAUserMayChangeOnlyTheirOwnNameEmailAndPassword(t *testing.T) {
	e := newEnv(t)
	me := "/users/" + itoa(e.id("member1"))
	u := decode[ledger.User](t, e.must(http.StatusOK, "PATCH", me, "member1", map[string]any{"name": "张三丰", "email": "z@example.org"}))
	assert.Equal(t, "张三丰", u.Name)
	assert.Equal(t, e.branch1, u.BranchID)

	before := e.state(me)
	wantError(t, e.do("PATCH", me, "member1", map[string]any{"role": "admin"}), http.StatusForbidden, "forbidden", "")
	wantError(t, e.do("PATCH", me, "member1", map[string]any{"branch_id": e.party}), http.StatusForbidden, "forbidden", "")
	wantError(t, e.do("PATCH", me, "member1b", map[string]any{"name": "冒名"}), http.StatusForbidden, "forbidden", "")
	wantError(t, e.do("PATCH", me, "officer1", map[string]any{"name": "冒名"}), http.StatusForbidden, "forbidden", "")
	e.unchanged(t, before)

	admin := "/users/" + itoa(e.id("admin"))
	wantError(t, e.do("PATCH", admin, "admin", map[string]any{"disabled": true}), http.StatusBadRequest, "invalid", "disabled")
	wantError(t, e.do("PATCH", me, "admin", map[string]any{"branch_id": 999}), http.StatusNotFound, "not_found", "branch_id")
	id := e.openTask()
	moved := decode[ledger.User](t, e.must(http.StatusOK, "PATCH", me, "admin", map[string]any{"branch_id": e.branch2}))
	assert.Equal(t, e.branch2, moved.BranchID)
	wantError(t, e.do("GET", taskPath(id, ""), "member1", nil), http.StatusNotFound, "not_found", "")
	assert.Equal(t, []string{"第二支部"}, e.branchNames("member1"), "the scope follows the new branch at once")
}
