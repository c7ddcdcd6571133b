package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

func (e *env) branchNames(as string) []string {
	e.t.Helper()
	bs := decode[struct{ Branches []ledger.Branch }](e.t, e.must(http.StatusOK, "GET", "/branches", as, nil)).Branches
	var names []string
	for _, b := range bs {
		names = append(names, b.Name)
	}
	return names
}

func TestBranchesListOnlyTheCallersSubtree(t *testing.T) {
	e := newEnv(t)
	all := []string{"党委", "第一支部", "第二支部"}
	for as, want := range map[string][]string{
		"admin": all, "officer": all, "leader": all,
		"officer1": {"第一支部"}, "member1": {"第一支部"}, "member2": {"第二支部"},
	} {
		assert.Equal(t, want, e.branchNames(as), "branches of %s", as)
	}
	b := decode[ledger.Branch](t, e.must(http.StatusOK, "GET", "/branches/"+itoa(e.branch1), "member1", nil))
	assert.Equal(t, "第一支部", b.Name)
	assert.Equal(t, e.party, b.ParentID)
	wantError(t, e.do("GET", "/branches/"+itoa(e.branch1), "member2", nil), http.StatusNotFound, "not_found", "")
	wantError(t, e.do("GET", "/branches/"+itoa(e.party), "member1", nil), http.StatusNotFound, "not_found", "")
	wantError(t, e.do("GET", "/branches/999", "admin", nil), http.StatusNotFound, "not_found", "")
	wantError(t, e.do("GET", "/branches/abc", "admin", nil), http.StatusBadRequest, "invalid", "id")
}

func TestAnAdminShapesTheBranchTree(t *testing.T) {
	e := newEnv(t)
	b := decode[ledger.Branch](t, e.must(http.StatusCreated, "POST", "/branches", "admin", map[string]any{"name": "  第三支部  ", "parent_id": e.party}))
	assert.NotZero(t, b.ID)
	assert.Equal(t, "第三支部", b.Name)
	assert.Equal(t, []string{"党委", "第一支部", "第二支部", "第三支部"}, e.branchNames("officer"))

	wantError(t, e.do("POST", "/branches", "admin", map[string]any{"name": "孤儿", "parent_id": 999}), http.StatusNotFound, "not_found", "parent_id")
	wantError(t, e.do("POST", "/branches", "officer", map[string]any{"name": "越权", "parent_id": e.party}), http.StatusForbidden, "forbidden", "")

	renamed := decode[ledger.Branch](t, e.must(http.StatusOK, "PATCH", "/branches/"+itoa(b.ID), "admin", map[string]any{"name": "第三党支部"}))
	assert.Equal(t, "第三党支部", renamed.Name)
	assert.Equal(t, e.party, renamed.ParentID, "fields left out are unchanged")

	// Moving 第二支部 under 第一支部 brings it into officer1's scope at once.
	e.must(http.StatusOK, "PATCH", "/branches/"+itoa(e.branch2), "admin", map[string]any{"parent_id": e.branch1})
	assert.Equal(t, []string{"第一支部", "第二支部"}, e.branchNames("officer1"))

	before := e.state("/branches")
	wantError(t, e.do("PATCH", "/branches/"+itoa(e.party), "admin", map[string]any{"parent_id": e.branch2}), http.StatusBadRequest, "invalid", "parent_id")
	wantError(t, e.do("PATCH", "/branches/"+itoa(e.party), "admin", map[string]any{"parent_id": e.party}), http.StatusBadRequest, "invalid", "parent_id")
	wantError(t, e.do("PATCH", "/branches/"+itoa(e.branch1), "admin", map[string]any{"parent_id": 999}), http.StatusNotFound, "not_found", "parent_id")
	wantError(t, e.do("PATCH", "/branches/999", "admin", map[string]any{"name": "x"}), http.StatusNotFound, "not_found", "")
	e.unchanged(t, before)

	e.must(http.StatusOK, "DELETE", "/branches/"+itoa(b.ID), "admin", nil)
	wantError(t, e.do("GET", "/branches/"+itoa(b.ID), "admin", nil), http.StatusNotFound, "not_found", "")
	wantError(t, e.do("DELETE", "/branches/"+itoa(b.ID), "admin", nil), http.StatusNotFound, "not_found", "")
	evs, err := e.st.EventsSince(0, 1<<30)
	require.NoError(t, err)
	last := evs[len(evs)-1]
	assert.Equal(t, ledger.ActDelete, last.Action)
	assert.Equal(t, "branch", last.Entity)
	assert.JSONEq(t, "null", string(last.After))
}
