package api_test

import (
	"net/http"
	"testing"

	"rectify/internal/api"
	"rectify/internal/ledger"
)

// Issue 12 item 11: branches could nest without end (a chain of 1,000 was
// built through the API). They now nest at most ledger.MaxBranchDepth
// levels below a root, on creation and on a move.
func TestBranchesCannotNestDeeperThanTheLimit(t *testing.T) {
	e := newBareEnv(t, api.Config{})
	parent := int64(0)
	var chain []int64
	for range ledger.MaxBranchDepth + 1 {
		parent = e.createBranch("支部", parent)
		chain = append(chain, parent)
	}
	before := e.state("/branches")
	wantError(t, e.do("POST", "/branches", "admin", map[string]any{"name": "太深的支部", "parent_id": parent}),
		http.StatusBadRequest, "invalid", "parent_id")
	e.unchanged(t, before)

	root := e.createBranch("另一党委", 0)
	child := e.createBranch("下级", root)
	before = e.state("/branches")
	wantError(t, e.do("PATCH", "/branches/"+itoa(root), "admin", map[string]any{"parent_id": parent}),
		http.StatusBadRequest, "invalid", "parent_id")
	e.unchanged(t, before)
	e.must(http.StatusOK, "PATCH", "/branches/"+itoa(child), "admin", map[string]any{"parent_id": chain[len(chain)-2]})
}
