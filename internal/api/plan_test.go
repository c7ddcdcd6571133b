package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
	"rectify/internal/notify"
	"rectify/internal/store"
)

// branchTotal is the dashboard's measure count of branch.
func (e *env) branchTotal(branch int64) int64 {
	e.t.Helper()
	rec := e.must(http.StatusOK, "GET", "/dashboard", "admin", nil)
	for _, r := range decode[struct{ Branches []store.BranchRow }](e.t, rec).Branches {
		if r.BranchID == branch {
			return r.Total
		}
	}
	return 0
}

func TestAWithdrawnMeasureLeavesTheCountsAndStaysInTheTrail(t *testing.T) {
	e := newEnv(t)
	keep, gone := e.openTask(), e.openTask()
	require.EqualValues(t, 2, e.branchTotal(e.branch1))

	e.must(http.StatusOK, "POST", taskPath(gone, "withdraw"), "officer1", map[string]any{"reason": "与上一项重复"})

	assert.EqualValues(t, 1, e.branchTotal(e.branch1), "the dashboard no longer counts it")
	assert.EqualValues(t, 1, e.branchTotal(e.party), "nor does the roll-up")
	wantError(t, e.do("GET", taskPath(gone, ""), "officer1", nil), http.StatusNotFound, "not_found", "")
	mine := decode[struct{ Tasks []*ledger.Task }](t, e.must(http.StatusOK, "GET", "/tasks?owner_id="+itoa(e.id("member1")), "member1", nil))
	require.Len(t, mine.Tasks, 1)
	assert.Equal(t, keep, mine.Tasks[0].ID)

	rec := e.must(http.StatusOK, "GET", taskPath(gone, "withdrawn"), "member1", nil)
	assert.Contains(t, rec.Body.String(), `"reason":"与上一项重复"`)
	wantError(t, e.do("GET", taskPath(gone, "withdrawn"), "member2", nil), http.StatusNotFound, "not_found", "")
	wantError(t, e.do("GET", taskPath(keep, "withdrawn"), "member1", nil), http.StatusNotFound, "not_found", "")
	task, events, err := e.st.WithdrawnTask(e.st.Scope(e.users["officer1"]), gone)
	require.NoError(t, err)
	assert.Equal(t, "完善三会一课记录", task.Description, "its last state is kept")
	last := events[len(events)-1]
	assert.Equal(t, ledger.ActWithdraw, last.Action)
	assert.Equal(t, "与上一项重复", last.Note)
	assert.Equal(t, e.id("officer1"), last.ActorID)
	_, _, err = e.st.WithdrawnTask(e.st.Scope(e.users["officer2"]), gone)
	assert.Error(t, err, "another branch does not see it")
}

func TestOnlyAnUnfinishedMeasureIsWithdrawn(t *testing.T) {
	e := newEnv(t)
	for name, id := range map[string]int64{"submitted": e.submittedTask(), "closed": func() int64 { id, _ := e.closedTask(); return id }()} {
		t.Run("a "+name+" one is a conflict", func(t *testing.T) {
			before := e.state(taskPath(id, ""), taskPath(id, "events"))
			wantError(t, e.do("POST", taskPath(id, "withdraw"), "officer1", map[string]any{"reason": "x"}), http.StatusConflict, "conflict", "")
			e.unchanged(t, before)
		})
	}
	open := e.openTask()
	wantError(t, e.do("POST", taskPath(open, "withdraw"), "member1", map[string]any{"reason": "x"}), http.StatusForbidden, "forbidden", "")
	wantError(t, e.do("POST", taskPath(open, "withdraw"), "officer2", map[string]any{"reason": "x"}), http.StatusNotFound, "not_found", "")
}

func TestAHandoverMovesEveryOpenMeasureAndTellsTheNewOwnerOnce(t *testing.T) {
	e := newEnv(t)
	a, b := e.openTask(), e.openTask()
	submitted := e.submittedTask()
	rec := e.must(http.StatusOK, "POST", "/tasks/reassign", "officer1", map[string]any{
		"from_owner_id": e.id("member1"), "to_owner_id": e.id("member1b"), "reason": "张三调任组织委员"})
	assert.JSONEq(t, `{"reassigned": 2}`, rec.Body.String())

	for _, id := range []int64{a, b} {
		assert.Equal(t, e.id("member1b"), e.task(id).OwnerID)
		assert.Equal(t, "张四", e.task(id).OwnerName)
		events := decode[struct{ Events []*ledger.Event }](t, e.must(http.StatusOK, "GET", taskPath(id, "events"), "officer1", nil)).Events
		assert.Equal(t, ledger.ActReassign, events[len(events)-1].Action)
		assert.Equal(t, "张三调任组织委员", events[len(events)-1].Note)
	}
	assert.Equal(t, e.id("member1"), e.task(submitted).OwnerID, "a submitted measure keeps its owner (four eyes)")
	ns, err := e.st.Notifications(e.id("member1b"), false, 10)
	require.NoError(t, err)
	require.Len(t, ns, 1, "one notice for the whole list")
	assert.Contains(t, ns[0].Title, "2 项整改措施已移交给您")
}

func TestAHandoverOfChosenMeasuresIsRefusedWholeWhenOneCannotMove(t *testing.T) {
	e := newEnv(t)
	a, submitted := e.openTask(), e.submittedTask()
	body := func(ids ...int64) map[string]any {
		return map[string]any{"from_owner_id": e.id("member1"), "to_owner_id": e.id("member1b"), "task_ids": ids, "reason": "交接"}
	}
	before := e.state(taskPath(a, ""), taskPath(a, "events"), taskPath(submitted, ""))
	wantError(t, e.do("POST", "/tasks/reassign", "officer1", body(a, submitted)), http.StatusConflict, "conflict", "task_ids")
	wantError(t, e.do("POST", "/tasks/reassign", "member1", body(a)), http.StatusForbidden, "forbidden", "")
	wantError(t, e.do("POST", "/tasks/reassign", "officer2", body(a)), http.StatusNotFound, "not_found", "from_owner_id")
	wantError(t, e.do("POST", "/tasks/reassign", "officer1", map[string]any{"from_owner_id": e.id("member1"),
		"to_owner_id": e.id("member2"), "reason": "x"}), http.StatusNotFound, "not_found", "to_owner_id")
	wantError(t, e.do("POST", "/tasks/reassign", "officer", map[string]any{"from_owner_id": e.id("member1"),
		"to_owner_id": e.id("leader"), "reason": "x"}), http.StatusBadRequest, "invalid", "to_owner_id")
	e.unchanged(t, before)

	e.must(http.StatusOK, "PATCH", "/users/"+itoa(e.id("member1b")), "admin", map[string]any{"disabled": true})
	before = e.state(taskPath(a, ""), taskPath(a, "events"))
	wantError(t, e.do("POST", "/tasks/reassign", "officer1", body(a)), http.StatusBadRequest, "invalid", "to_owner_id")
	e.unchanged(t, before)
}

func TestASubmittedMeasuresOwnerCannotChange(t *testing.T) {
	e := newEnv(t)
	id := e.submittedTask()
	before := e.state(taskPath(id, ""), taskPath(id, "events"))
	wantError(t, e.do("PATCH", taskPath(id, ""), "officer1", map[string]any{"owner_id": e.id("member1b")}),
		http.StatusConflict, "conflict", "owner_id")
	e.unchanged(t, before)
}

func TestAUserGetsAPhoneAndADisabledOneCannotLogIn(t *testing.T) {
	e := newEnv(t)
	p := "/users/" + itoa(e.id("member1b"))
	rec := e.must(http.StatusOK, "PATCH", p, "admin", map[string]any{"phone": "010-6601 2345", "email": "zhangsi@example.org"})
	u := decode[ledger.User](t, rec)
	assert.Equal(t, "010-6601 2345", u.Phone)
	wantError(t, e.do("PATCH", p, "admin", map[string]any{"phone": "call me"}), http.StatusBadRequest, "invalid", "phone")

	e.must(http.StatusOK, "PATCH", p, "admin", map[string]any{"disabled": true})
	wantError(t, e.do("GET", "/me", "member1b", nil), http.StatusUnauthorized, "unauthorized", "")
	rec = e.do("POST", "/auth/login", "", map[string]string{"login": "member1b", "password": password})
	assert.Equal(t, http.StatusUnauthorized, rec.Code, rec.Body.String())
}

type fakeSender struct{ err error }

func (f fakeSender) Send(context.Context, notify.Channel, notify.Digest) error { return f.err }

func TestATestMessageShowsTheRobotsAnswer(t *testing.T) {
	e := newEnv(t)
	ch := &store.Channel{Type: store.ChannelWeCom, URL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", Enabled: true}
	require.NoError(t, e.st.CreateChannel(e.users["admin"], ch))
	path := "/channels/" + itoa(ch.ID) + "/test"

	e.srv.App().SetChannelSender(fakeSender{})
	rec := e.must(http.StatusOK, "POST", path, "admin", nil)
	assert.Contains(t, rec.Body.String(), `"ok":true`)

	e.srv.App().SetChannelSender(fakeSender{err: &notify.DeliveryError{Channel: notify.WeCom, Code: 93000, Message: "invalid webhook url"}})
	rec = e.must(http.StatusOK, "POST", path, "admin", nil)
	assert.Contains(t, rec.Body.String(), "invalid webhook url")
	wantError(t, e.do("POST", path, "officer1", nil), http.StatusForbidden, "forbidden", "")
}
