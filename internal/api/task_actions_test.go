package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

func TestTheWholeLifecycleFromCreateToReboundReview(t *testing.T) {
	e := newEnv(t)
	id := e.openTask()

	task := decode[ledger.Task](t, e.must(http.StatusOK, "POST", taskPath(id, "progress"), "member1",
		map[string]any{"note": "已召开支委会研究整改", "percent": 30}))
	assert.Equal(t, ledger.StatusInProgress, task.Status)
	assert.Equal(t, 30, task.Percent)
	progress := decode[struct{ Progress []ledger.ProgressNote }](t, e.must(http.StatusOK, "GET", taskPath(id, "progress"), "member1b", nil)).Progress
	require.Len(t, progress, 1)
	assert.Equal(t, "已召开支委会研究整改", progress[0].Note)
	assert.Equal(t, e.id("member1"), progress[0].ActorID)

	task = decode[ledger.Task](t, e.must(http.StatusOK, "POST", taskPath(id, "submit"), "member1", map[string]any{"note": "已建立规范记录"}))
	assert.Equal(t, ledger.StatusSubmitted, task.Status)
	assert.Equal(t, today, task.SubmittedOn.String())
	assert.True(t, task.OnTime)
	assert.Equal(t, 100, task.Percent)

	task = decode[ledger.Task](t, e.must(http.StatusOK, "POST", taskPath(id, "approve"), "officer1", map[string]any{"note": "同意销号"}))
	assert.Equal(t, ledger.StatusClosed, task.Status)
	assert.Equal(t, today, task.ClosedOn.String())
	assert.Equal(t, ledger.LightDone, task.Light)

	// The 回头看 falls due review_after_days (90) after closing.
	reviewDue := task.ClosedOn.AddDays(90)
	reviews := func(dueBefore ledger.Date) []ledger.Review {
		return decode[struct{ Reviews []ledger.Review }](t, e.must(http.StatusOK, "GET",
			"/reviews?due_before="+dueBefore.String(), "officer1", nil)).Reviews
	}
	assert.Empty(t, reviews(reviewDue.AddDays(-1)), "not listed before it is due")
	due := reviews(reviewDue)
	require.Len(t, due, 1)
	assert.Equal(t, id, due[0].TaskID)
	assert.Equal(t, "2026-06-08", due[0].DueOn.String())
	assert.False(t, due[0].Done)

	review := decode[ledger.Review](t, e.must(http.StatusOK, "POST", "/reviews/"+itoa(due[0].ID), "officer1",
		map[string]any{"outcome": "rebound", "note": "记录又不规范了", "due_on": "2026-04-15"}))
	assert.True(t, review.Done)
	assert.Equal(t, ledger.OutcomeRebound, review.Outcome)
	assert.Equal(t, "2026-04-15", review.NewDueOn.String())
	assert.Equal(t, e.id("officer1"), review.DecidedBy)

	task = *e.task(id)
	assert.Equal(t, ledger.StatusOpen, task.Status, "a rebound reopens the task")
	assert.Equal(t, "2026-04-15", task.DueOn.String())
	assert.Zero(t, task.ClosedOn)
	assert.Empty(t, reviews(0), "no 回头看 is pending any more")

	evs := e.events(id)
	var actions []string
	for _, ev := range evs {
		actions = append(actions, ev["action"].(string))
		assert.NotEmpty(t, ev["at"])
		assert.Contains(t, ev, "actor_id")
		assert.Contains(t, ev, "before")
		assert.Contains(t, ev, "after")
	}
	assert.Equal(t, []string{"create", "progress", "submit", "approve", "reopen", "rebound_flag", "review"}, actions,
		"one event per change (the rebound changes the task, records a confirmed rebound and the review)")
	status := func(ev map[string]any, side string) any {
		m, _ := ev[side].(map[string]any)
		return m["status"]
	}
	assert.Nil(t, evs[0]["before"], "creation has nothing before")
	for i, want := range [][2]any{{nil, "open"}, {"open", "in_progress"}, {"in_progress", "submitted"}, {"submitted", "closed"}, {"closed", "open"}} {
		assert.Equal(t, want[0], status(evs[i], "before"), "before of %s", actions[i])
		assert.Equal(t, want[1], status(evs[i], "after"), "after of %s", actions[i])
	}
	assert.EqualValues(t, e.id("member1"), evs[1]["actor_id"])
	assert.EqualValues(t, e.id("officer1"), evs[3]["actor_id"])
	assert.Equal(t, "confirmed", evs[5]["after"].(map[string]any)["status"])
	assert.Equal(t, false, evs[6]["before"].(map[string]any)["done"])
	assert.Equal(t, "rebound", evs[6]["after"].(map[string]any)["outcome"])
}

func TestOnlyAnOfficerWhoIsNotTheOwnerMayApprove(t *testing.T) {
	e := newEnv(t)
	t.Run("a member of the branch may not", func(t *testing.T) {
		id := e.submittedTask()
		wantError(t, e.do("POST", taskPath(id, "approve"), "member1b", map[string]string{}), http.StatusForbidden, "forbidden", "")
		wantError(t, e.do("POST", taskPath(id, "reject"), "member1b", map[string]string{"reason": "x"}), http.StatusForbidden, "forbidden", "")
	})
	t.Run("the owner may not", func(t *testing.T) {
		id := e.submittedTask()
		wantError(t, e.do("POST", taskPath(id, "approve"), "member1", map[string]string{}), http.StatusForbidden, "forbidden", "")
	})
	t.Run("an officer may not approve a task they own", func(t *testing.T) {
		id := e.createTaskOn(e.problem, "officer1", "officer1", "2026-04-30", "支委带头整改").ID
		e.must(http.StatusOK, "POST", taskPath(id, "submit"), "officer1", map[string]string{"note": "已完成"})
		before := e.state(taskPath(id, ""))
		wantError(t, e.do("POST", taskPath(id, "approve"), "officer1", map[string]string{}), http.StatusForbidden, "forbidden", "")
		e.unchanged(t, before)
		e.must(http.StatusOK, "POST", taskPath(id, "approve"), "officer", map[string]string{})
		assert.Equal(t, ledger.StatusClosed, e.task(id).Status, "an officer above may")
	})
	t.Run("another member may not work on the owner's task", func(t *testing.T) {
		id := e.openTask()
		wantError(t, e.do("POST", taskPath(id, "progress"), "member1b", map[string]string{"note": "x"}), http.StatusForbidden, "forbidden", "")
		wantError(t, e.do("POST", taskPath(id, "submit"), "member1b", map[string]string{"note": "x"}), http.StatusForbidden, "forbidden", "")
		wantError(t, e.do("POST", taskPath(id, "extension"), "member1b", map[string]string{"due_on": "2026-06-30", "reason": "x"}), http.StatusForbidden, "forbidden", "")
	})
	t.Run("an officer stands in for an owner without an account", func(t *testing.T) {
		id := e.createTaskOn(e.problem, "officer1", "", "2026-04-30", "导入的无账号责任人事项").ID
		wantError(t, e.do("POST", taskPath(id, "submit"), "member1", map[string]string{"note": "x"}), http.StatusForbidden, "forbidden", "")
		e.must(http.StatusOK, "POST", taskPath(id, "submit"), "officer1", map[string]string{"note": "代为提交"})
	})
}

func TestARejectedTaskGoesBackToWork(t *testing.T) {
	e := newEnv(t)
	id := e.submittedTask()
	task := decode[ledger.Task](t, e.must(http.StatusOK, "POST", taskPath(id, "reject"), "officer1", map[string]string{"reason": "缺少会议记录"}))
	assert.Equal(t, ledger.StatusInProgress, task.Status)
	assert.Zero(t, task.SubmittedOn)
	assert.Equal(t, 90, task.Percent)
	evs := e.events(id)
	assert.Equal(t, "reject", evs[len(evs)-1]["action"])
	assert.Equal(t, "缺少会议记录", evs[len(evs)-1]["note"])
	e.must(http.StatusOK, "POST", taskPath(id, "submit"), "member1", map[string]string{"note": "已补充会议记录"})
	assert.Equal(t, ledger.StatusSubmitted, e.task(id).Status)
}

func TestAnExtensionIsRequestedThenGrantedOrRefused(t *testing.T) {
	e := newEnv(t)
	id := e.extendedTask()
	task := e.task(id)
	require.NotNil(t, task.Extension)
	assert.Equal(t, "2026-06-30", task.Extension.DueOn.String())
	assert.Equal(t, "2026-04-30", task.DueOn.String(), "nothing moves until an officer decides")

	task = ptr(decode[ledger.Task](t, e.must(http.StatusOK, "POST", taskPath(id, "extension/approve"), "officer1", map[string]string{"note": "同意"})))
	assert.Nil(t, task.Extension)
	assert.Equal(t, "2026-06-30", task.DueOn.String())
	assert.Equal(t, "2026-04-30", task.OriginalDueOn.String())

	e.must(http.StatusOK, "POST", taskPath(id, "extension"), "member1", map[string]string{"due_on": "2026-09-30", "reason": "再延期"})
	wantError(t, e.do("POST", taskPath(id, "extension/approve"), "member1", map[string]string{}), http.StatusForbidden, "forbidden", "")
	task = ptr(decode[ledger.Task](t, e.must(http.StatusOK, "POST", taskPath(id, "extension/reject"), "officer1", map[string]string{"reason": "不宜再延"})))
	assert.Nil(t, task.Extension)
	assert.Equal(t, "2026-06-30", task.DueOn.String())

	before := e.state(taskPath(id, ""))
	wantError(t, e.do("POST", taskPath(id, "extension"), "member1", map[string]string{"due_on": "2026-05-01", "reason": "提前"}),
		http.StatusBadRequest, "invalid", "due_on")
	e.unchanged(t, before)
}

func TestSubmittingNeedsANoteOrEvidence(t *testing.T) {
	e := newEnv(t)
	id := e.openTask()
	before := e.state(taskPath(id, ""))
	wantError(t, e.do("POST", taskPath(id, "submit"), "member1", map[string]string{"note": "   "}), http.StatusBadRequest, "invalid", "note")
	wantError(t, e.do("POST", taskPath(id, "submit"), "member1", map[string]string{}), http.StatusBadRequest, "invalid", "note")
	e.unchanged(t, before)

	e.must(http.StatusCreated, "POST", taskPath(id, "evidence"), "member1", upload{"file", "整改报告.txt", []byte("整改报告正文")})
	task := decode[ledger.Task](t, e.must(http.StatusOK, "POST", taskPath(id, "submit"), "member1", map[string]string{}))
	assert.Equal(t, ledger.StatusSubmitted, task.Status, "one evidence file is enough")
}

func TestALateSubmissionIsNotOnTime(t *testing.T) {
	e := newEnv(t)
	id := e.createTaskOn(e.problem, "officer1", "member1", "2026-03-01", "逾期事项").ID
	assert.Equal(t, ledger.LightRed, e.task(id).Light)
	task := decode[ledger.Task](t, e.must(http.StatusOK, "POST", taskPath(id, "submit"), "member1", map[string]string{"note": "补做完成"}))
	assert.False(t, task.OnTime)
	assert.Equal(t, ledger.LightGreen, task.Light, "a submitted task waits for the officer, not the owner")
}

func TestAnOfficerReopensAClosedTaskWithANewDueDate(t *testing.T) {
	e := newEnv(t)
	id, review := e.closedTask()
	task := decode[ledger.Task](t, e.must(http.StatusOK, "POST", taskPath(id, "reopen"), "officer1",
		map[string]string{"due_on": "2026-05-31", "reason": "复查发现问题"}))
	assert.Equal(t, ledger.StatusOpen, task.Status)
	assert.Equal(t, "2026-05-31", task.DueOn.String())
	wantError(t, e.do("POST", taskPath(id, "reopen"), "member1", map[string]string{"due_on": "2026-05-31", "reason": "x"}),
		http.StatusForbidden, "forbidden", "")
	rs := decode[struct{ Reviews []ledger.Review }](t, e.must(http.StatusOK, "GET", "/reviews?task_id="+itoa(id), "officer1", nil)).Reviews
	require.Len(t, rs, 1)
	assert.Equal(t, review, rs[0].ID)
	assert.True(t, rs[0].Done, "the pending 回头看 is superseded")
}

func ptr[T any](v T) *T { return &v }
