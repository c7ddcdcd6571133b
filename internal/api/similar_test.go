package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/app"
	"rectify/internal/ledger"
)

type similarAnswer struct {
	Items []app.SimilarProblem `json:"items"`
}

func TestSimilarProblemsThroughTheAPIStayInTheCallersScope(t *testing.T) {
	e := newEnv(t)
	other := e.createProblem("officer2", e.createBatch("officer2", e.branch2, "第二支部自查"), e.branch2, "三会一课制度执行不严格")

	rec := e.must(http.StatusOK, "POST", "/problems/similar", "member1", map[string]any{"text": "三会一课落实不严格", "limit": 10})
	items := decode[similarAnswer](t, rec).Items
	require.NotEmpty(t, items)
	for _, it := range items {
		assert.Equal(t, e.branch1, it.BranchID, "a member of 第一支部 sees nothing of 第二支部")
	}
	assert.True(t, items[0].SameBranch)

	rec = e.must(http.StatusOK, "GET", "/problems/"+itoa(e.problem)+"/similar?limit=5", "officer", nil)
	items = decode[similarAnswer](t, rec).Items
	require.NotEmpty(t, items)
	assert.Equal(t, other, items[0].ProblemID)
	assert.False(t, items[0].SameBranch)
	for _, it := range items {
		assert.NotEqual(t, e.problem, it.ProblemID)
	}

	wantError(t, e.do("GET", "/problems/"+itoa(other)+"/similar", "member1", nil), http.StatusNotFound, ledger.ENOTFOUND, "")
	wantError(t, e.do("POST", "/problems/similar", "member1", map[string]any{"text": ""}), http.StatusBadRequest, ledger.EINVALID, "text")
	wantError(t, e.do("GET", "/problems/"+itoa(e.problem)+"/similar?limit=51", "officer", nil), http.StatusBadRequest, ledger.EINVALID, "limit")
}

func TestACascadeThroughTheAPI(t *testing.T) {
	e := newEnv(t)
	path := "/problems/" + itoa(e.problem) + "/cascade"
	before := e.state()
	wantError(t, e.do("POST", path, "member1", map[string]any{"branch_ids": []int64{e.branch2}, "due_on": "2026-04-01"}),
		http.StatusForbidden, ledger.EFORBIDDEN, "")
	wantError(t, e.do("POST", path, "officer1", map[string]any{"branch_ids": []int64{e.branch2}, "due_on": "2026-04-01"}),
		http.StatusNotFound, ledger.ENOTFOUND, "branch_ids")
	e.unchanged(t, before)

	rec := e.must(http.StatusCreated, "POST", path, "officer", map[string]any{"all_under": true, "due_on": "2026-04-01"})
	c := decode[ledger.Cascade](t, rec)
	require.Len(t, c.Items, 2, "党委 and 第二支部: every branch the officer manages but 第一支部")

	rec = e.must(http.StatusOK, "GET", "/cascades/waiting", "officer2", nil)
	waiting := decode[struct{ Cascades []app.CascadeView }](t, rec).Cascades
	require.Len(t, waiting, 1)
	require.Len(t, waiting[0].Items, 1, "第二支部's officer sees only their own self-check")

	e.must(http.StatusOK, "POST", "/cascades/"+itoa(c.ID)+"/answer", "officer2",
		map[string]any{"branch_id": e.branch2, "answer": "absent", "note": "逐项对照检查，未发现同类问题"})
	rec = e.must(http.StatusOK, "GET", "/problems/"+itoa(e.problem)+"/cascades", "officer", nil)
	views := decode[struct{ Cascades []app.CascadeView }](t, rec).Cascades
	require.Len(t, views, 1)
	assert.Equal(t, ledger.CascadeRollup{Asked: 2, Answered: 1}, views[0].Rollup)
}

func TestReboundsAndTheEffectThroughTheAPI(t *testing.T) {
	e := newEnv(t)
	e.closedTask() // e.problem is rectified in 第一支部
	require.NoError(t, func() error { _, err := e.srv.App().CheckRebounds(context.Background()); return err }())
	e.createProblem("officer1", e.batch, e.branch1, "三会一课落实仍不到位，支委会不经常")
	e.createProblem("officer1", e.batch, e.branch1, "三会一课落实不到位的问题再次出现")
	_, err := e.srv.App().CheckRebounds(context.Background())
	require.NoError(t, err)

	rec := e.must(http.StatusOK, "GET", "/rebounds?status=pending", "officer1", nil)
	flags := decode[struct{ Rebounds []ledger.Rebound }](t, rec).Rebounds
	require.Len(t, flags, 2)
	for _, f := range flags {
		assert.Equal(t, e.problem, f.EarlierProblemID)
	}
	wantError(t, e.do("POST", "/rebounds/"+itoa(flags[0].ID)+"/dismiss", "officer1", map[string]any{"note": ""}),
		http.StatusBadRequest, ledger.EINVALID, "note")
	wantError(t, e.do("GET", "/rebounds?status=maybe", "officer1", nil), http.StatusBadRequest, ledger.EINVALID, "status")
	e.must(http.StatusOK, "POST", "/rebounds/"+itoa(flags[0].ID)+"/dismiss", "officer1", map[string]any{"note": "是新的问题"})
	e.must(http.StatusOK, "POST", "/rebounds/"+itoa(flags[1].ID)+"/confirm", "officer1", map[string]any{"note": ""})

	rec = e.must(http.StatusOK, "GET", "/effect", "leader", nil)
	r := decode[app.EffectReport](t, rec)
	assert.Equal(t, int64(1), r.Total.Closed)
	assert.Equal(t, int64(1), r.Total.ConfirmedRebounds)
	assert.InDelta(t, 1.0, r.Total.ReboundRate, 1e-9)

	rec = e.must(http.StatusOK, "GET", "/dashboard", "leader", nil)
	rows := decode[struct {
		Branches []struct {
			BranchID    int64    `json:"branch_id"`
			ReboundRate *float64 `json:"rebound_rate"`
			Median      *float64 `json:"median_days_to_close"`
		}
	}](t, rec).Branches
	require.NotEmpty(t, rows)
	require.NotNil(t, rows[0].ReboundRate)
	assert.InDelta(t, 1.0, *rows[0].ReboundRate, 1e-9, "the dashboard's top row carries the same figure")
	require.NotNil(t, rows[0].Median)
}

// cascadeTo is a new 举一反三 of e.problem to one branch, by the 党委's officer.
func (e *env) cascadeTo(branch int64) int64 {
	e.t.Helper()
	rec := e.must(http.StatusCreated, "POST", "/problems/"+itoa(e.problem)+"/cascade", "officer",
		map[string]any{"branch_ids": []int64{branch}, "due_on": "2026-04-01"})
	return decode[ledger.Cascade](e.t, rec).ID
}

// pendingRebound is a new flag in 第一支部: a problem rectified, then one
// like it recorded and checked.
func (e *env) pendingRebound() int64 {
	e.t.Helper()
	earlier := e.createProblem("officer1", e.batch, e.branch1, "公务用车登记不规范")
	task := e.createTaskOn(earlier, "officer1", "member1", "2026-04-30", "规范派车登记")
	e.must(http.StatusOK, "POST", taskPath(task.ID, "submit"), "member1", map[string]string{"note": "已规范"})
	e.must(http.StatusOK, "POST", taskPath(task.ID, "approve"), "officer1", map[string]string{"note": "同意销号"})
	_, err := e.srv.App().CheckRebounds(context.Background())
	require.NoError(e.t, err)
	e.createProblem("officer1", e.batch, e.branch1, "公务用车登记仍不规范")
	_, err = e.srv.App().CheckRebounds(context.Background())
	require.NoError(e.t, err)
	rec := e.must(http.StatusOK, "GET", "/rebounds?status=pending&problem_id="+itoa(earlier), "officer1", nil)
	flags := decode[struct{ Rebounds []ledger.Rebound }](e.t, rec).Rebounds
	require.NotEmpty(e.t, flags)
	return flags[0].ID
}
