package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"rectify/internal/ledger"
)

func (e *env) problemIDs(as, query string) []int64 {
	e.t.Helper()
	ids := []int64{}
	for _, p := range decode[struct{ Problems []ledger.Problem }](e.t, e.must(http.StatusOK, "GET", "/problems"+query, as, nil)).Problems {
		ids = append(ids, p.ID)
	}
	return ids
}

func TestProblemsAreListedByBranchAndBatchWithinScope(t *testing.T) {
	e := newEnv(t)
	s := e.sample()
	assert.Equal(t, []int64{e.problem, s.problem2}, e.problemIDs("admin", ""))
	assert.Equal(t, []int64{e.problem}, e.problemIDs("member1", ""))
	assert.Equal(t, []int64{s.problem2}, e.problemIDs("member2", ""))
	assert.Equal(t, []int64{s.problem2}, e.problemIDs("officer", "?branch_id="+itoa(e.branch2)))
	assert.Equal(t, []int64{e.problem}, e.problemIDs("officer", "?batch_id="+itoa(e.batch)))
	assert.Equal(t, []int64{}, e.problemIDs("member2", "?batch_id="+itoa(e.batch)))
	wantError(t, e.do("GET", "/problems?branch_id="+itoa(e.branch1), "member2", nil), http.StatusNotFound, "not_found", "branch_id")
	wantError(t, e.do("GET", "/problems/"+itoa(e.problem), "member2", nil), http.StatusNotFound, "not_found", "")
	p := decode[ledger.Problem](t, e.must(http.StatusOK, "GET", "/problems/"+itoa(e.problem), "member1", nil))
	assert.Equal(t, "三会一课落实不到位", p.Description)
	assert.Equal(t, "学习不够深入", p.Cause)
}

func TestAProblemMustLieUnderItsBatchsBranch(t *testing.T) {
	e := newEnv(t)
	before := e.state("/problems")
	wantError(t, e.do("POST", "/problems", "officer", newProblemBody(e, map[string]any{"branch_id": e.branch2})),
		http.StatusBadRequest, "invalid", "branch_id")
	wantError(t, e.do("POST", "/problems", "officer2", newProblemBody(e, map[string]any{"branch_id": e.branch2})),
		http.StatusNotFound, "not_found", "batch_id")
	wantError(t, e.do("POST", "/problems", "officer1", newProblemBody(e, map[string]any{"batch_id": 999})),
		http.StatusNotFound, "not_found", "batch_id")
	wantError(t, e.do("POST", "/problems", "member1", newProblemBody(e, nil)), http.StatusForbidden, "forbidden", "")
	e.unchanged(t, before)
}

func TestAProblemIsEditedAndDeletedByItsOfficer(t *testing.T) {
	e := newEnv(t)
	p := "/problems/" + itoa(e.problem)
	got := decode[ledger.Problem](t, e.must(http.StatusOK, "PATCH", p, "officer1", map[string]any{
		"category": "制度执行方面", "branch_id": e.branch2, "batch_id": 999}))
	assert.Equal(t, "制度执行方面", got.Category)
	assert.Equal(t, e.branch1, got.BranchID, "a problem does not move branch or batch")
	assert.Equal(t, e.batch, got.BatchID)
	assert.Equal(t, "三会一课落实不到位", got.Description)
	wantError(t, e.do("PATCH", p, "member1", map[string]any{"category": "x"}), http.StatusForbidden, "forbidden", "")

	id := e.createProblem("officer1", e.batch, e.branch1, "重复录入")
	e.must(http.StatusOK, "DELETE", "/problems/"+itoa(id), "officer1", nil)
	wantError(t, e.do("GET", "/problems/"+itoa(id), "officer1", nil), http.StatusNotFound, "not_found", "")
	assert.Equal(t, []int64{e.problem}, e.problemIDs("officer1", ""))
}
