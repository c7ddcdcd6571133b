package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// sample is a small ledger on 2026-03-10 (warn_days 7): six tasks of
// 第一支部 in every state and light, and two of 第二支部 under a 党委 batch.
type sample struct {
	green, yellow, red, inProgress, submitted, closed int64 // 第一支部
	b2green, b2red                                    int64 // 第二支部
	partyBatch, problem2                              int64
}

func (s sample) branch1() []int64 {
	return []int64{s.green, s.yellow, s.red, s.inProgress, s.submitted, s.closed}
}

func (s sample) branch2() []int64 { return []int64{s.b2green, s.b2red} }

func (e *env) sample() sample {
	e.t.Helper()
	var s sample
	mk := func(owner, due, desc string) int64 {
		return e.createTaskOn(e.problem, "officer1", owner, due, desc).ID
	}
	s.green = mk("member1", "2026-04-30", "完善三会一课记录")
	s.yellow = mk("member1b", "2026-03-15", "补齐谈心谈话记录")
	s.red = mk("member1", "2026-03-01", "按时足额收缴党费")
	s.inProgress = mk("member1", "2026-05-31", "规范主题党日活动")
	e.must(http.StatusOK, "POST", taskPath(s.inProgress, "progress"), "member1", map[string]any{"note": "已制定计划", "percent": 30})
	s.submitted = mk("member1", "2026-04-30", "整理党员档案")
	e.must(http.StatusOK, "POST", taskPath(s.submitted, "submit"), "member1", map[string]any{"note": "档案已整理"})
	s.closed = mk("member1", "2026-04-30", "更新党务公开栏")
	e.must(http.StatusOK, "POST", taskPath(s.closed, "submit"), "member1", map[string]any{"note": "已更新"})
	e.must(http.StatusOK, "POST", taskPath(s.closed, "approve"), "officer1", map[string]any{"note": "同意"})

	rec := e.must(http.StatusCreated, "POST", "/batches", "officer", map[string]any{"title": "2026年巡察反馈问题",
		"source_type": "patrol", "branch_id": e.party, "started_on": "2026-02-01"})
	s.partyBatch = decode[ledger.Batch](e.t, rec).ID
	s.problem2 = e.createProblem("officer2", s.partyBatch, e.branch2, "党费收缴不及时")
	s.b2green = e.createTaskOn(s.problem2, "officer2", "member2", "2026-06-30", "建立党费收缴台账").ID
	s.b2red = e.createTaskOn(s.problem2, "officer2", "member2", "2026-02-28", "补缴所欠党费").ID
	return s
}

type taskList struct {
	Tasks      []ledger.Task `json:"tasks"`
	Total      int           `json:"total"`
	NextCursor *int64        `json:"next_cursor"`
}

func (l taskList) ids() []int64 {
	out := []int64{}
	for _, t := range l.Tasks {
		out = append(out, t.ID)
	}
	return out
}

// listAll pages through GET /tasks?query with limit 2, checking that total
// stays the same on every page, and returns every id.
func (e *env) listAll(t *testing.T, as string, query url.Values) (ids []int64, total int) {
	t.Helper()
	query.Set("limit", "2")
	total = -1
	for page := 0; page < 50; page++ {
		l := decode[taskList](t, e.must(http.StatusOK, "GET", "/tasks?"+query.Encode(), as, nil))
		if total == -1 {
			total = l.Total
		}
		assert.Equal(t, total, l.Total, "total is the same on every page")
		assert.LessOrEqual(t, len(l.Tasks), 2)
		ids = append(ids, l.ids()...)
		if l.NextCursor == nil {
			return ids, total
		}
		require.NotEmpty(t, l.Tasks, "a page with a next cursor has tasks")
		assert.Equal(t, l.Tasks[len(l.Tasks)-1].ID, *l.NextCursor)
		query.Set("cursor", itoa(*l.NextCursor))
	}
	t.Fatal("paging does not end")
	return nil, 0
}

func sorted(ids ...[]int64) []int64 {
	out := slices.Concat(ids...)
	slices.Sort(out)
	return out
}

func TestTaskListFiltersReturnOnlyWhatTheCallerMaySee(t *testing.T) {
	e := newEnv(t)
	s := e.sample()
	all := sorted(s.branch1(), s.branch2())
	q := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	for _, c := range []struct {
		name  string
		as    string
		query url.Values
		want  []int64
	}{
		{"the admin sees every task", "admin", q(), all},
		{"the 党委 officer sees every task", "officer", q(), all},
		{"a leader sees every task", "leader", q(), all},
		{"branch_id is a subtree", "admin", q("branch_id", itoa(e.party)), all},
		{"branch_id of a 支部", "officer", q("branch_id", itoa(e.branch1)), sorted(s.branch1())},
		{"a member sees their whole branch", "member1b", q(), sorted(s.branch1())},
		{"member2 sees only 第二支部", "member2", q(), sorted(s.branch2())},
		{"status open", "admin", q("status", "open"), sorted([]int64{s.green, s.yellow, s.red}, s.branch2())},
		{"status in_progress", "admin", q("status", "in_progress"), []int64{s.inProgress}},
		{"status submitted", "officer1", q("status", "submitted"), []int64{s.submitted}},
		{"status closed", "admin", q("status", "closed"), []int64{s.closed}},
		{"status open for member2", "member2", q("status", "open"), sorted(s.branch2())},
		{"light red", "admin", q("light", "red"), sorted([]int64{s.red, s.b2red})},
		{"light red for member1", "member1", q("light", "red"), []int64{s.red}},
		{"light yellow", "admin", q("light", "yellow"), []int64{s.yellow}},
		{"light green", "admin", q("light", "green"), sorted([]int64{s.green, s.inProgress, s.submitted, s.b2green})},
		{"light done", "admin", q("light", "done"), []int64{s.closed}},
		{"owner_id", "admin", q("owner_id", itoa(e.id("member1b"))), []int64{s.yellow}},
		{"owner_id of another branch's member", "member2", q("owner_id", itoa(e.id("member1"))), nil},
		{"batch_id", "admin", q("batch_id", itoa(s.partyBatch)), sorted(s.branch2())},
		{"batch_id of 第一支部's batch for member2", "member2", q("batch_id", itoa(e.batch)), nil},
		{"problem_id", "admin", q("problem_id", itoa(s.problem2)), sorted(s.branch2())},
		{"q matches the description", "admin", q("q", "党费"), sorted([]int64{s.red}, s.branch2())},
		{"q matches the owner's name", "admin", q("q", "张四"), []int64{s.yellow}},
		{"q for member2 finds nothing of 第一支部", "member2", q("q", "三会一课"), nil},
		{"due range", "admin", q("due_from", "2026-03-01", "due_to", "2026-03-15"), []int64{s.yellow, s.red}},
		{"filters combine", "admin", q("branch_id", itoa(e.branch1), "status", "open", "owner_id", itoa(e.id("member1"))), sorted([]int64{s.green, s.red})},
	} {
		t.Run(c.name, func(t *testing.T) {
			ids, total := e.listAll(t, c.as, c.query)
			want := sorted(c.want)
			assert.Equal(t, want, sorted(ids), "ids")
			assert.Len(t, ids, len(want), "no task appears twice")
			assert.Equal(t, len(want), total, "total")
		})
	}
}

func TestTaskListsCarryLightsAndRefuseBadFilters(t *testing.T) {
	e := newEnv(t)
	s := e.sample()
	l := decode[taskList](t, e.must(http.StatusOK, "GET", "/tasks?branch_id="+itoa(e.branch1), "officer1", nil))
	lights := map[int64]ledger.Light{}
	for _, task := range l.Tasks {
		lights[task.ID] = task.Light
	}
	assert.Equal(t, map[int64]ledger.Light{s.green: "green", s.yellow: "yellow", s.red: "red",
		s.inProgress: "green", s.submitted: "green", s.closed: "done"}, lights)
	assert.Nil(t, l.NextCursor)

	wantError(t, e.do("GET", "/tasks?branch_id="+itoa(e.branch1), "member2", nil), http.StatusNotFound, "not_found", "branch_id")
	wantError(t, e.do("GET", "/tasks?branch_id=999", "admin", nil), http.StatusNotFound, "not_found", "branch_id")
	for field, value := range map[string]string{
		"status": "done", "light": "blue", "limit": "0", "cursor": "-1", "owner_id": "x",
		"batch_id": "1.5", "due_from": "2023-02-30", "due_to": "tomorrow", "branch_id": "-2",
	} {
		t.Run("a bad "+field, func(t *testing.T) {
			wantError(t, e.do("GET", "/tasks?"+field+"="+url.QueryEscape(value), "admin", nil), http.StatusBadRequest, "invalid", field)
		})
	}
	wantError(t, e.do("GET", "/tasks?limit=501", "admin", nil), http.StatusBadRequest, "invalid", "limit")
}

func TestCreatingATaskTakesBranchAndBatchFromItsProblem(t *testing.T) {
	e := newEnv(t)
	rec := e.must(http.StatusCreated, "POST", "/tasks", "officer1", map[string]any{
		"problem_id": e.problem, "description": "  完善三会一课记录  ", "kind": "deadline",
		"owner_id": e.id("member1"), "reviewer_id": e.id("officer"), "due_on": "2026-04-30",
		"lead_dept": "组织委员", "support_depts": []string{"宣传委员"}})
	task := decode[map[string]any](t, rec)
	assert.NotZero(t, task["id"])
	assert.EqualValues(t, e.problem, task["problem_id"])
	assert.EqualValues(t, e.branch1, task["branch_id"], "the branch comes from the problem, not the body")
	wantError(t, e.do("POST", "/tasks", "officer1", map[string]any{"problem_id": e.problem, "description": "x", "kind": "deadline",
		"due_on": "2026-04-30", "branch_id": e.branch2}), http.StatusBadRequest, "invalid", "branch_id")
	assert.EqualValues(t, e.batch, task["batch_id"])
	assert.Equal(t, "open", task["status"])
	assert.Equal(t, "deadline", task["kind"])
	assert.EqualValues(t, e.id("member1"), task["owner_id"])
	assert.Equal(t, "张三", task["owner_name"])
	assert.Equal(t, "2026-04-30", task["due_on"])
	assert.Equal(t, "green", task["light"])
	assert.Equal(t, "完善三会一课记录", task["description"])

	long := decode[ledger.Task](t, e.must(http.StatusCreated, "POST", "/tasks", "officer1", map[string]any{
		"problem_id": e.problem, "description": "坚持每月开展主题党日", "kind": "long_term", "owner_id": e.id("member1")}))
	assert.Equal(t, 30, long.ReportEveryDays, "long-term tasks report every 30 days by default")
	assert.Equal(t, ledger.LightGreen, long.Light)

	late := e.createTaskOn(e.problem, "officer1", "member1", "2026-01-31", "补录的旧台账事项")
	assert.Equal(t, ledger.LightRed, late.Light, "a due date in the past is simply overdue at once")
}

func TestATaskOwnerAndReviewerMustFitTheBranch(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		name, field string
		change      map[string]any
	}{
		{"an owner from another branch", "owner_id", map[string]any{"owner_id": e.id("member2")}},
		{"a leader as owner", "owner_id", map[string]any{"owner_id": e.id("leader")}},
		{"an unknown owner", "owner_id", map[string]any{"owner_id": 999}},
		{"a member as reviewer", "reviewer_id", map[string]any{"reviewer_id": e.id("member1b")}},
		{"an officer of another branch as reviewer", "reviewer_id", map[string]any{"reviewer_id": e.id("officer2")}},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := e.state("/tasks")
			wantError(t, e.do("POST", "/tasks", "officer1", newTaskBody(e, c.change)), http.StatusBadRequest, "invalid", c.field)
			e.unchanged(t, before)
		})
	}
	t.Run("a problem of another branch", func(t *testing.T) {
		wantError(t, e.do("POST", "/tasks", "officer2", newTaskBody(e, map[string]any{"owner_id": e.id("member2")})),
			http.StatusNotFound, "not_found", "problem_id")
	})
	t.Run("a member may not create tasks", func(t *testing.T) {
		wantError(t, e.do("POST", "/tasks", "member1", newTaskBody(e, nil)), http.StatusForbidden, "forbidden", "")
	})
}

func TestATaskIsReadEditedAndDeletedWithinScope(t *testing.T) {
	e := newEnv(t)
	id := e.openTask()
	assert.Equal(t, "完善三会一课记录", decode[ledger.Task](t, e.must(http.StatusOK, "GET", taskPath(id, ""), "member1b", nil)).Description)
	wantError(t, e.do("GET", taskPath(id, ""), "member2", nil), http.StatusNotFound, "not_found", "")
	wantError(t, e.do("GET", "/tasks/999", "admin", nil), http.StatusNotFound, "not_found", "")
	wantError(t, e.do("GET", "/tasks/abc", "admin", nil), http.StatusBadRequest, "invalid", "id")
	wantError(t, e.do("GET", "/tasks/0", "admin", nil), http.StatusBadRequest, "invalid", "id")

	rec := e.must(http.StatusOK, "PATCH", taskPath(id, ""), "officer1", map[string]any{
		"due_on": "2026-03-12", "owner_id": e.id("member1b"), "remark": "调整责任人"})
	task := decode[ledger.Task](t, rec)
	assert.Equal(t, "2026-03-12", task.DueOn.String())
	assert.Equal(t, e.id("member1b"), task.OwnerID)
	assert.Equal(t, "张四", task.OwnerName, "the owner's name follows a new owner")
	assert.Equal(t, ledger.LightYellow, task.Light)
	assert.Equal(t, "完善三会一课记录", task.Description, "fields left out are unchanged")
	wantError(t, e.do("PATCH", taskPath(id, ""), "member1b", map[string]any{"remark": "x"}), http.StatusForbidden, "forbidden", "")

	evs := e.events(id)
	last := evs[len(evs)-1]
	assert.Equal(t, "update", last["action"])
	assert.Equal(t, "2026-04-30", last["before"].(map[string]any)["due_on"])
	assert.Equal(t, "2026-03-12", last["after"].(map[string]any)["due_on"])

	n := e.eventCount()
	e.must(http.StatusOK, "DELETE", taskPath(id, ""), "officer1", nil)
	wantError(t, e.do("GET", taskPath(id, ""), "admin", nil), http.StatusNotFound, "not_found", "")
	assert.Equal(t, n+1, e.eventCount(), "the delete is one more event; the trail is kept")
	l := decode[taskList](t, e.must(http.StatusOK, "GET", "/tasks", "admin", nil))
	assert.Equal(t, 0, l.Total)
	assert.Empty(t, l.Tasks)
}

// events returns a task's audit trail as generic JSON.
func (e *env) events(id int64) []map[string]any {
	e.t.Helper()
	return decode[struct {
		Events []map[string]any `json:"events"`
	}](e.t, e.must(http.StatusOK, "GET", taskPath(id, "events"), "admin", nil)).Events
}
