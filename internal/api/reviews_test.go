package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

func (e *env) reviews(as, query string) []ledger.Review {
	e.t.Helper()
	return decode[struct{ Reviews []ledger.Review }](e.t, e.must(http.StatusOK, "GET", "/reviews"+query, as, nil)).Reviews
}

func TestAConsolidatedReviewLeavesTheTaskClosed(t *testing.T) {
	e := newEnv(t)
	id, review := e.closedTask()
	r := decode[ledger.Review](t, e.must(http.StatusOK, "POST", "/reviews/"+itoa(review), "officer",
		map[string]string{"outcome": "consolidated", "note": "整改成果巩固"}))
	assert.True(t, r.Done)
	assert.Equal(t, ledger.OutcomeConsolidated, r.Outcome)
	assert.Equal(t, today, r.DecidedOn.String())
	assert.Equal(t, ledger.StatusClosed, e.task(id).Status)
	assert.Empty(t, e.reviews("officer", ""), "nothing is pending")
	all := e.reviews("member1", "?task_id="+itoa(id))
	require.Len(t, all, 1, "task_id lists done reviews too")
	assert.True(t, all[0].Done)
	evs := e.events(id)
	assert.Equal(t, "review", evs[len(evs)-1]["action"])
}

func TestReviewsAreScopedToTheCallersBranch(t *testing.T) {
	e := newEnv(t)
	id, review := e.closedTask()
	assert.Len(t, e.reviews("officer", ""), 1)
	assert.Len(t, e.reviews("member1", ""), 1)
	assert.Empty(t, e.reviews("member2", ""))
	assert.Empty(t, e.reviews("officer2", "?task_id="+itoa(id)))
	assert.Len(t, e.reviews("admin", "?branch_id="+itoa(e.branch1)), 1)
	assert.Empty(t, e.reviews("admin", "?branch_id="+itoa(e.branch2)))
	wantError(t, e.do("GET", "/reviews?branch_id="+itoa(e.branch1), "member2", nil), http.StatusNotFound, "not_found", "branch_id")
	wantError(t, e.do("GET", "/reviews?due_before=2026-13-01", "admin", nil), http.StatusBadRequest, "invalid", "due_before")

	before := e.state(taskPath(id, ""))
	body := map[string]string{"outcome": "rebound", "note": "反弹", "due_on": "2026-06-30"}
	wantError(t, e.do("POST", "/reviews/"+itoa(review), "member1", body), http.StatusForbidden, "forbidden", "")
	wantError(t, e.do("POST", "/reviews/"+itoa(review), "officer2", body), http.StatusNotFound, "not_found", "")
	wantError(t, e.do("POST", "/reviews/999", "admin", body), http.StatusNotFound, "not_found", "")
	e.unchanged(t, before)
}

func TestAReboundNeedsAFutureDueDate(t *testing.T) {
	e := newEnv(t)
	id, review := e.closedTask()
	before := e.state(taskPath(id, ""))
	for name, body := range map[string]map[string]string{
		"a due date in the past": {"outcome": "rebound", "note": "反弹", "due_on": "2026-03-09"},
		"an unknown outcome":     {"outcome": "maybe", "note": "?"},
	} {
		t.Run(name, func(t *testing.T) {
			rec := e.do("POST", "/reviews/"+itoa(review), "officer1", body)
			require.Equal(t, http.StatusBadRequest, rec.Code, rec.Body.String())
			assert.Contains(t, []string{"due_on", "outcome"}, apiError(t, rec).Error.Field)
		})
	}
	e.unchanged(t, before)
	e.must(http.StatusOK, "POST", "/reviews/"+itoa(review), "officer1", map[string]string{"outcome": "rebound", "note": "反弹", "due_on": today})
	assert.Equal(t, today, e.task(id).DueOn.String(), "today is allowed")
}
