package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestATaskSaysItWasReturnedAndHowLateItWasSubmitted(t *testing.T) {
	e := newEnv(t)
	late := e.createTaskOn(e.problem, "officer1", "member1", "2026-02-28", "补齐会议记录").ID
	e.must(http.StatusOK, "POST", taskPath(late, "submit"), "member1", map[string]string{"note": "已补齐"})
	raw := func() map[string]json.RawMessage {
		var m map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(e.must(http.StatusOK, "GET", taskPath(late, ""), "member1", nil).Body.Bytes(), &m))
		return m
	}
	m := raw()
	assert.JSONEq(t, "10", string(m["submitted_late_days"]), "submitted on 03-10, due 02-28")
	assert.NotContains(t, m, "returned", "absent while not returned")

	e.must(http.StatusOK, "POST", taskPath(late, "reject"), "officer1", map[string]string{"reason": "缺少签到表"})
	m = raw()
	var r struct {
		Reason string `json:"reason"`
		By     int64  `json:"by"`
		At     string `json:"at"`
	}
	require.NoError(t, json.Unmarshal(m["returned"], &r))
	assert.Equal(t, "缺少签到表", r.Reason)
	assert.Equal(t, e.id("officer1"), r.By)
	assert.NotEmpty(t, r.At)
	assert.NotContains(t, m, "submitted_late_days", "back with the owner: overdue again, not submitted late")

	e.must(http.StatusOK, "POST", taskPath(late, "submit"), "member1", map[string]string{"note": "已补签到表"})
	m = raw()
	assert.NotContains(t, m, "returned", "submitted again")
	assert.JSONEq(t, "10", string(m["submitted_late_days"]))
}

func TestTaskSearchReachesTheProblem(t *testing.T) {
	e := newEnv(t)
	id := e.openTask()
	other := e.createTaskOn(e.problem, "officer1", "member1", "2026-04-30", "开展谈心谈话").ID
	rec := e.must(http.StatusOK, "GET", "/tasks?q=三会一课", "officer1", nil)
	var page struct {
		Tasks []struct{ ID int64 } `json:"tasks"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &page))
	require.Len(t, page.Tasks, 2, "the problem says 三会一课, so both its measures match")
	assert.Equal(t, []int64{id, other}, []int64{page.Tasks[0].ID, page.Tasks[1].ID})
	rec = e.do("GET", "/tasks?q="+url.QueryEscape(strings.Repeat("词", 101)), "officer1", nil)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
}
