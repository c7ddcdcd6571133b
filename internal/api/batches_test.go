package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"rectify/internal/ledger"
)

func (e *env) batchTitles(as string) []string {
	e.t.Helper()
	var titles []string
	for _, b := range decode[struct{ Batches []ledger.Batch }](e.t, e.must(http.StatusOK, "GET", "/batches", as, nil)).Batches {
		titles = append(titles, b.Title)
	}
	return titles
}

func TestABatchIsCreatedWithDefaults(t *testing.T) {
	e := newEnv(t)
	b := decode[ledger.Batch](t, e.must(http.StatusCreated, "POST", "/batches", "officer1", map[string]any{
		"title": "专项审计", "source_type": "audit", "branch_id": e.branch1, "started_on": "2026-03-01"}))
	assert.NotZero(t, b.ID)
	assert.Equal(t, 90, b.ReviewAfterDays)
	assert.Equal(t, 7, b.WarnDays)
	assert.Equal(t, "2026-03-01", b.StartedOn.String())

	wantError(t, e.do("POST", "/batches", "officer1", newBatchBody(e, map[string]any{"branch_id": e.party})),
		http.StatusNotFound, "not_found", "branch_id")
	wantError(t, e.do("POST", "/batches", "member1", newBatchBody(e, nil)), http.StatusForbidden, "forbidden", "")
	wantError(t, e.do("POST", "/batches", "officer1", newBatchBody(e, map[string]any{"review_after_days": -1})),
		http.StatusBadRequest, "invalid", "review_after_days")
}

func TestBatchesAreSeenInTheSubtreeAndFromAbove(t *testing.T) {
	e := newEnv(t)
	e.must(http.StatusCreated, "POST", "/batches", "officer", map[string]any{"title": "党委巡察", "source_type": "patrol",
		"branch_id": e.party, "started_on": "2026-02-01"})
	assert.Equal(t, []string{"党委巡察", "2026年度组织生活会查摆问题"}, e.batchTitles("officer"), "newest first")
	assert.Equal(t, []string{"党委巡察", "2026年度组织生活会查摆问题"}, e.batchTitles("member1"))
	assert.Equal(t, []string{"党委巡察"}, e.batchTitles("member2"), "a 党委 batch covers every 支部")
	wantError(t, e.do("GET", "/batches/"+itoa(e.batch), "member2", nil), http.StatusNotFound, "not_found", "")
	e.must(http.StatusOK, "GET", "/batches/"+itoa(e.batch), "member1b", nil)
}

func TestABatchIsChangedByAnOfficerOfItsBranch(t *testing.T) {
	e := newEnv(t)
	p := "/batches/" + itoa(e.batch)
	b := decode[ledger.Batch](t, e.must(http.StatusOK, "PATCH", p, "officer1", map[string]any{
		"title": "2026年度组织生活会问题清单", "warn_days": 14, "branch_id": e.branch2}))
	assert.Equal(t, "2026年度组织生活会问题清单", b.Title)
	assert.Equal(t, 14, b.WarnDays)
	assert.Equal(t, e.branch1, b.BranchID, "a batch does not move branch")
	assert.Equal(t, "2026-01-15", b.StartedOn.String(), "fields left out are unchanged")

	party := decode[ledger.Batch](t, e.must(http.StatusCreated, "POST", "/batches", "officer", map[string]any{
		"title": "党委巡察", "source_type": "patrol", "branch_id": e.party, "started_on": "2026-02-01"}))
	before := e.state("/batches/" + itoa(party.ID))
	wantError(t, e.do("PATCH", "/batches/"+itoa(party.ID), "officer1", map[string]any{"title": "改"}), http.StatusForbidden, "forbidden", "")
	e.unchanged(t, before)
}
