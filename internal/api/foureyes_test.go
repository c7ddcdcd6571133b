package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"rectify/internal/ledger"
)

// Issue 12 item 5: an officer created a measure owned by themself,
// submitted it, changed the owner to someone else, approved it (销号) and
// changed the owner back. Each step of that swap is now refused.
func TestAnOfficerCannotApproveTheirOwnWorkBySwappingTheOwner(t *testing.T) {
	e := newEnv(t)
	id := e.createTaskOn(e.problem, "officer1", "officer1", "2026-04-30", "officer1 本人负责的措施").ID
	e.must(http.StatusOK, "POST", taskPath(id, "submit"), "officer1", map[string]string{"note": "已完成"})

	before := e.state(watchOf(taskPath(id, ""))...)
	rec := e.do("PATCH", taskPath(id, ""), "officer1", map[string]any{"owner_id": e.id("member1")})
	wantError(t, rec, http.StatusConflict, "conflict", "owner_id")
	e.unchanged(t, before)

	wantError(t, e.do("POST", taskPath(id, "approve"), "officer1", map[string]string{"note": "同意"}), http.StatusForbidden, "forbidden", "")
	e.unchanged(t, before)

	e.must(http.StatusOK, "POST", taskPath(id, "approve"), "officer", map[string]string{"note": "上级纪委同意销号"})
	closed := e.task(id)
	assert.Equal(t, ledger.StatusClosed, closed.Status)
	wantError(t, e.do("PATCH", taskPath(id, ""), "officer", map[string]any{"owner_id": e.id("member1")}), http.StatusConflict, "conflict", "owner_id")
	assert.Equal(t, e.id("officer1"), e.task(id).OwnerID, "the owner of a closed measure stays")
}

func TestNobodyApprovesASubmissionTheyMadeOrOwnedWhenMade(t *testing.T) {
	e := newEnv(t)
	t.Run("an officer standing in for an owner without an account", func(t *testing.T) {
		id := e.createTaskOn(e.problem, "officer1", "", "2026-04-30", "无账号责任人的措施").ID
		e.must(http.StatusOK, "POST", taskPath(id, "submit"), "officer1", map[string]string{"note": "代为提交"})
		assert.Equal(t, e.id("officer1"), e.task(id).SubmittedBy)
		wantError(t, e.do("POST", taskPath(id, "approve"), "officer1", map[string]string{}), http.StatusForbidden, "forbidden", "")
		e.must(http.StatusOK, "POST", taskPath(id, "approve"), "officer", map[string]string{})
	})
	t.Run("the owner changed while work was still open is fine", func(t *testing.T) {
		id := e.createTaskOn(e.problem, "officer1", "officer1", "2026-04-30", "移交给张三的措施").ID
		e.must(http.StatusOK, "PATCH", taskPath(id, ""), "officer1", map[string]any{"owner_id": e.id("member1")})
		e.must(http.StatusOK, "POST", taskPath(id, "submit"), "member1", map[string]string{"note": "已完成"})
		e.must(http.StatusOK, "POST", taskPath(id, "approve"), "officer1", map[string]string{})
	})
	t.Run("a rejected submission may change hands, and the new submission decides", func(t *testing.T) {
		id := e.createTaskOn(e.problem, "officer1", "officer1", "2026-04-30", "退回后移交的措施").ID
		e.must(http.StatusOK, "POST", taskPath(id, "submit"), "officer1", map[string]string{"note": "已完成"})
		e.must(http.StatusOK, "POST", taskPath(id, "reject"), "officer", map[string]string{"reason": "佐证不足"})
		e.must(http.StatusOK, "PATCH", taskPath(id, ""), "officer1", map[string]any{"owner_id": e.id("member1")})
		e.must(http.StatusOK, "POST", taskPath(id, "submit"), "member1", map[string]string{"note": "已补充"})
		e.must(http.StatusOK, "POST", taskPath(id, "approve"), "officer1", map[string]string{})
	})
}
