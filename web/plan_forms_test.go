package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/auth"
	"rectify/internal/demo"
	"rectify/internal/ledger"
)

// planFixture is the demo ledger plus what the form tests aim at: a batch,
// a problem and an open measure of 办公室党支部, an empty problem, and an
// officer of 业务一科党支部 who must not reach any of them.
type planFixture struct {
	*testApp
	office          int64
	batch, problem  int64
	empty           int64
	task            *ledger.Task
	officer, member *http.Cookie
	stranger        *http.Cookie
}

func newPlanFixture(t *testing.T) *planFixture {
	a := newTestApp(t)
	f := &planFixture{testApp: a, office: a.branchID("办公室党支部")}
	bgs := a.user("bgs_jw")
	b := &ledger.Batch{Title: "办公室专项督查", SourceType: ledger.SourceSupervision, BranchID: f.office, StartedOn: a.st.Today()}
	require.NoError(t, a.st.CreateBatch(bgs, b))
	p := &ledger.Problem{BatchID: b.ID, BranchID: f.office, Description: "值班制度执行不严"}
	require.NoError(t, a.st.CreateProblem(bgs, p))
	e := &ledger.Problem{BatchID: b.ID, BranchID: f.office, Description: "误录的问题"}
	require.NoError(t, a.st.CreateProblem(bgs, e))
	task := &ledger.Task{ProblemID: p.ID, Description: "修订值班制度", OwnerID: a.user("zhangsan").ID, DueOn: a.st.Today().AddDays(30)}
	require.NoError(t, a.st.CreateTask(bgs, task))
	f.batch, f.problem, f.empty, f.task = b.ID, p.ID, e.ID, task
	hash, err := auth.HashPassword(demo.Password)
	require.NoError(t, err)
	require.NoError(t, a.st.CreateUser(nil, &ledger.User{Login: "yw1_jw", Name: "钱委员", Role: ledger.RoleOfficer,
		BranchID: a.branchID("业务一科党支部")}, hash))
	f.officer, f.member, f.stranger = a.login("bgs_jw"), a.login("zhangsan"), a.login("yw1_jw")
	return f
}

func (f *planFixture) events() int {
	f.t.Helper()
	es, err := f.st.EventsSince(0, 1<<20)
	require.NoError(f.t, err)
	return len(es)
}

// planForm is one form of the plan pages: a valid post, a field to break
// (with the Chinese the page must show beside it), a value typed in
// another field that must come back, and a field to make too long.
type planForm struct {
	name           string
	path           func(f *planFixture) string
	valid          func(f *planFixture) url.Values
	bad, badValue  string
	explain        string
	keep, keepText string
	long           string
	longLen        int
}

func planForms() []planForm {
	batch := func(f *planFixture) url.Values {
		return url.Values{"title": {"值班专项检查"}, "source_type": {"supervision"}, "branch_id": {itoa(f.office)},
			"started_on": {"2026-11-01"}, "review_after_days": {"60"}, "warn_days": {"5"}}
	}
	problem := func(f *planFixture) url.Values {
		return url.Values{"batch_id": {itoa(f.batch)}, "branch_id": {itoa(f.office)}, "category": {"作风建设方面"},
			"description": {"会议纪要归档不及时"}, "cause": {"责任不明确"}, "leader": {"郑书记"},
			"tasks.0.description": {"明确归档责任人"}, "tasks.0.kind": {"deadline"}, "tasks.0.due_on": {"2026-12-31"},
			"tasks.0.owner_id": {itoa(f.user("lisi").ID)}}
	}
	measure := func(f *planFixture) url.Values {
		return url.Values{"problem_id": {itoa(f.problem)}, "description": {"每周检查值班记录"}, "kind": {"deadline"},
			"owner_id": {itoa(f.user("lisi").ID)}, "lead_dept": {"办公室"}, "due_on": {"2026-12-31"}}
	}
	return []planForm{
		{"POST /batches", func(*planFixture) string { return "/batches" }, batch,
			"started_on", "2026-02-30", "请填写正确的日期", "title", "值班专项检查", "title", 201},
		{"POST /batches/{id}/edit", func(f *planFixture) string { return "/batches/" + itoa(f.batch) + "/edit" }, batch,
			"warn_days", "0", "提前提醒天数须为 1–365", "title", "值班专项检查", "title", 201},
		{"POST /problems", func(*planFixture) string { return "/problems" }, problem,
			"tasks.0.due_on", "明年", "请填写正确的整改时限", "cause", "责任不明确", "description", 5001},
		{"POST /problems/{id}/edit", func(f *planFixture) string { return "/problems/" + itoa(f.problem) + "/edit" }, problem,
			"description", "  ", "请填写内容", "cause", "责任不明确", "leader", 101},
		{"POST /tasks", func(*planFixture) string { return "/tasks" }, measure,
			"due_on", "", "请填写正确的整改时限", "lead_dept", "办公室", "description", 5001},
		{"POST /tasks/{id}/edit", func(f *planFixture) string { return "/tasks/" + itoa(f.task.ID) + "/edit" }, measure,
			"kind", "someday", "请选择措施类型", "lead_dept", "办公室", "lead_dept", 201},
		{"POST /tasks/{id}/withdraw", func(f *planFixture) string { return "/tasks/" + itoa(f.task.ID) + "/withdraw" },
			func(*planFixture) url.Values { return url.Values{"reason": {"与其他措施重复"}} },
			"reason", "", "请填写理由", "", "", "reason", 1001},
		{"POST /tasks/reassign", func(*planFixture) string { return "/tasks/reassign" },
			func(f *planFixture) url.Values {
				return url.Values{"from_owner_id": {itoa(f.user("zhangsan").ID)}, "to_owner_id": {itoa(f.user("lisi").ID)},
					"reason": {"张三调任岗位"}, "task_ids": {itoa(f.task.ID)}}
			},
			"to_owner_id", "", "", "reason", "张三调任岗位", "reason", 1001},
	}
}

func TestAMemberPostingAPlanFormGets403AndNothingChanges(t *testing.T) {
	f := newPlanFixture(t)
	for _, pf := range planForms() {
		t.Run(pf.name, func(t *testing.T) {
			before := f.events()
			w := f.post(f.member, pf.path(f), pf.valid(f))
			assert.Equal(t, http.StatusForbidden, w.Code, w.Body.String())
			assert.Contains(t, w.Body.String(), "无权操作")
			assert.Equal(t, before, f.events())
		})
	}
	for _, p := range []string{"/batches/new", "/problems/new", "/tasks/new?problem_id=" + itoa(f.problem), "/tasks/reassign"} {
		assert.Equal(t, http.StatusForbidden, f.get(f.member, p).Code, p)
	}
}

func TestAnotherBranchsOfficerGets404AndNothingChanges(t *testing.T) {
	f := newPlanFixture(t)
	for _, pf := range planForms() {
		t.Run(pf.name, func(t *testing.T) {
			before := f.events()
			w := f.post(f.stranger, pf.path(f), pf.valid(f))
			assert.Equal(t, http.StatusNotFound, w.Code, w.Body.String())
			assert.NotContains(t, w.Body.String(), "值班制度执行不严", "nothing of the other branch is shown")
			assert.Equal(t, before, f.events())
		})
	}
	for _, p := range []string{"/batches/" + itoa(f.batch), "/problems/" + itoa(f.problem), taskPath(f.task, "edit"),
		"/tasks/new?problem_id=" + itoa(f.problem), "/problems/" + itoa(f.problem) + "/edit"} {
		assert.Equal(t, http.StatusNotFound, f.get(f.stranger, p).Code, p)
	}
}

func TestAnInvalidFieldIsExplainedBesideItAndTheInputKept(t *testing.T) {
	f := newPlanFixture(t)
	for _, pf := range planForms() {
		t.Run(pf.name, func(t *testing.T) {
			before := f.events()
			form := pf.valid(f)
			form.Set(pf.bad, pf.badValue)
			w := f.post(f.officer, pf.path(f), form)
			require.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
			body := w.Body.String()
			id := "f-" + strings.ReplaceAll(pf.bad, ".", "-")
			assert.Contains(t, body, `id="`+id+`-e"`, "the error sits beside %s", pf.bad)
			assert.Contains(t, body, `aria-describedby="`+id+`-e"`)
			if pf.explain != "" {
				assert.Contains(t, body, pf.explain)
			}
			if pf.keep != "" {
				assert.Contains(t, body, pf.keepText, "what was typed in %s is kept", pf.keep)
			}
			assert.Equal(t, before, f.events(), "nothing changed")
		})
	}
}

func TestAnOversizedFieldIsRefusedAndAnOversizedBodyIs413(t *testing.T) {
	f := newPlanFixture(t)
	for _, pf := range planForms() {
		t.Run(pf.name+" with a long "+pf.long, func(t *testing.T) {
			before := f.events()
			form := pf.valid(f)
			form.Set(pf.long, strings.Repeat("长", pf.longLen))
			w := f.post(f.officer, pf.path(f), form)
			assert.Equal(t, http.StatusBadRequest, w.Code, w.Body.String())
			assert.Contains(t, w.Body.String(), `class="ferr"`)
			assert.Equal(t, before, f.events())
		})
		t.Run(pf.name+" with a body over 1 MiB", func(t *testing.T) {
			before := f.events()
			form := pf.valid(f)
			form.Set("padding", strings.Repeat("x", 1<<20))
			w := f.post(f.officer, pf.path(f), form)
			assert.Equal(t, http.StatusRequestEntityTooLarge, w.Code)
			assert.Equal(t, before, f.events())
		})
	}
}

func TestEachPlanFormSavesAndRedirectsToWhatItChanged(t *testing.T) {
	for _, pf := range planForms() {
		t.Run(pf.name, func(t *testing.T) {
			f := newPlanFixture(t)
			before := f.events()
			w := f.post(f.officer, pf.path(f), pf.valid(f))
			require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
			assert.Greater(t, f.events(), before)
			next := f.get(f.officer, w.Header().Get("Location"))
			assert.Equal(t, http.StatusOK, next.Code, w.Header().Get("Location"))
			assert.Contains(t, next.Body.String(), `class="flash ok"`)
		})
	}
}

func TestACrossSitePlanPostIsRefused(t *testing.T) {
	f := newPlanFixture(t)
	before := f.events()
	w := f.post(f.officer, "/batches", url.Values{"title": {"伪造"}, "source_type": {"audit"}, "branch_id": {itoa(f.office)},
		"started_on": {"2026-11-01"}}, "Sec-Fetch-Site", "cross-site")
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Equal(t, before, f.events())
}

func TestAHandoverWithNothingTickedIsNotAHandoverOfEverything(t *testing.T) {
	f := newPlanFixture(t)
	before := f.events()
	w := f.post(f.officer, "/tasks/reassign", url.Values{"from_owner_id": {itoa(f.user("zhangsan").ID)},
		"to_owner_id": {itoa(f.user("lisi").ID)}, "reason": {"调岗"}, "chosen": {"1"}})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "请至少勾选一项")
	assert.Equal(t, before, f.events())
}
