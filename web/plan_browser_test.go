package web_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/auth"
	"rectify/internal/demo"
	"rectify/internal/ledger"
	"rectify/internal/store"
	"rectify/web"
)

// emptyOrg is an organisation with people and no ledger: 机关党委 over
// 第一党支部, an officer and three members of the 支部.
func emptyOrg(t *testing.T) (*testApp, map[string]*ledger.User, int64) {
	st, err := store.Open(t.TempDir(), store.Options{Location: shanghai, NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() {
		require.NoError(t, st.Check(), "bbolt consistency check")
		require.NoError(t, st.Close())
	})
	root := &ledger.Branch{Name: "机关党委"}
	require.NoError(t, st.CreateBranch(system, root))
	branch := &ledger.Branch{Name: "第一党支部", ParentID: root.ID}
	require.NoError(t, st.CreateBranch(system, branch))
	hash, err := auth.HashPassword(demo.Password)
	require.NoError(t, err)
	users := map[string]*ledger.User{}
	for _, u := range []*ledger.User{
		{Login: "jw", Name: "纪委员", Role: ledger.RoleOfficer, BranchID: branch.ID},
		{Login: "m1", Name: "张一", Role: ledger.RoleMember, BranchID: branch.ID},
		{Login: "m2", Name: "王二", Role: ledger.RoleMember, BranchID: branch.ID},
	} {
		require.NoError(t, st.CreateUser(nil, u, hash))
		users[u.Login] = u
	}
	return newAppOn(t, st, web.Config{SessionTTL: time.Hour}), users, branch.ID
}

// fill sets form fields by name (inputs, textareas and selects alike).
func (b *browser) fill(values map[string]string) {
	b.t.Helper()
	for name, v := range values {
		b.do(chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`[name=%q]`, name)), v))
	}
}

// submit clicks sel and waits for the next page: the current one is
// marked first, so its own heading cannot pass for the new page's.
func (b *browser) submit(sel string) {
	b.t.Helper()
	b.eval(`document.body.setAttribute("data-stale", "1"), "marked"`)
	b.do(chromedp.Click(chromedp.CSS(sel)), chromedp.WaitVisible(chromedp.CSS("body:not([data-stale]) main h1")))
}

// myWork is the text of the 我的待办 page of login.
func (b *browser) myWork(login string) string {
	b.t.Helper()
	b.logout()
	b.login(login)
	b.open("/my")
	return b.text("main")
}

func TestBrowserAnOfficerBuildsALedgerFromNothing(t *testing.T) {
	a, users, _ := emptyOrg(t)
	srv := httptest.NewServer(a.engine)
	t.Cleanup(srv.Close)
	b := newBrowser(t, srv.URL)
	today := a.st.Today()
	due := func(days int) string { return today.AddDays(days).String() }
	b.login("jw")

	// A batch, from the 批次 page.
	b.open("/batches")
	b.submit(`a[href="/batches/new"]`)
	b.fill(map[string]string{"title": "2026年度专题组织生活会查摆问题", "source_type": "org_life", "started_on": today.String()})
	b.submit(`form[action="/batches"] button.primary`)
	assert.Equal(t, "批次已创建。", b.text(".flash.ok"))
	assert.Equal(t, "2026年度专题组织生活会查摆问题", b.text("main h1"))

	// A problem with three measures in one form.
	b.submit(`a[href^="/problems/new"]`)
	m1, m2 := fmt.Sprint(users["m1"].ID), fmt.Sprint(users["m2"].ID)
	b.fill(map[string]string{"category": "组织建设方面", "description": "“三会一课”记录不规范",
		"cause": "制度执行不严", "leader": "支部书记",
		"tasks.0.description": "补齐近一年会议记录", "tasks.0.owner_id": m1, "tasks.0.due_on": due(20),
		"tasks.1.description": "建立会议记录月检制度", "tasks.1.owner_id": m1, "tasks.1.due_on": due(40),
		"tasks.2.description": "开展一次记录规范培训", "tasks.2.owner_id": m2, "tasks.2.due_on": due(60)})
	b.submit(`form[action="/problems"] button.primary`)
	require.Equal(t, "问题详情", b.text("main h1"), b.text("main"))
	assert.Equal(t, "3", b.text("#h-measures .count-badge"))
	page, err := a.st.FindTasks(a.st.Scope(system), ledger.TaskFilter{Limit: 10})
	require.NoError(t, err)
	require.Len(t, page.Tasks, 3)
	records, rules, training := page.Tasks[0], page.Tasks[1], page.Tasks[2]

	// Edit one measure's due date and owner.
	b.submit(fmt.Sprintf(`a[href="/tasks/%d/edit"]`, records.ID))
	b.fill(map[string]string{"due_on": due(25), "owner_id": m2})
	b.submit(`form[action$="/edit"] button.primary`)
	assert.Contains(t, b.text(".flash.ok"), "整改计划已修改")
	assert.Contains(t, b.text(".timeline"), "整改时限由")
	assert.Contains(t, b.text(".timeline"), "责任人由“张一”改为“王二”")

	// Withdraw another, with a reason.
	b.open(fmt.Sprintf("/tasks/%d/edit", rules.ID))
	b.fill(map[string]string{"reason": "与第一项措施重复"})
	b.submit(`form[action$="/withdraw"] button`)
	assert.Contains(t, b.text(".flash.ok"), "已撤销")
	assert.Equal(t, "2", b.text("#h-measures .count-badge"))
	b.open(taskPath(rules))
	assert.Equal(t, "已撤销的措施", b.text("main h1"))
	assert.Contains(t, b.text("main"), "与第一项措施重复")

	// Hand 王二's open measures to 张一.
	b.open("/tasks/reassign")
	b.fill(map[string]string{"from_owner_id": m2})
	b.submit(`form[action="/tasks/reassign"][method="get"] button`)
	assert.Equal(t, "2", b.text("form[method=post] .count-badge"))
	b.fill(map[string]string{"to_owner_id": m1, "reason": "王二调任组织委员"})
	b.submit(`form[action="/tasks/reassign"][method="post"] button.primary`)
	assert.Contains(t, b.text(".flash.ok"), "已交接 2 项")

	// The dashboard counts the two live measures, both 张一's now.
	b.open("/")
	assert.Equal(t, "2", b.cell("第一党支部", "措施数"))
	assert.Equal(t, "1", b.cell("第一党支部", "问题数"))
	row := a.branchRow("第一党支部")
	assert.EqualValues(t, 2, row.Total, "the store agrees")
	for _, id := range []*ledger.Task{records, training} {
		assert.Equal(t, users["m1"].ID, a.reload(id).OwnerID)
	}
	assert.Equal(t, today.AddDays(25), a.reload(records).DueOn)

	one := b.myWork("m1")
	assert.Contains(t, one, "补齐近一年会议记录")
	assert.Contains(t, one, "开展一次记录规范培训")
	assert.NotContains(t, one, "建立会议记录月检制度", "the withdrawn one is nobody's work")
	two := b.myWork("m2")
	assert.Contains(t, two, "目前没有需要您办理的事项")
	b.open("/inbox")
	assert.NotContains(t, b.text("main"), "移交给您")
	b.logout()
	b.login("m1")
	b.open("/inbox")
	assert.True(t, strings.Contains(b.text("main"), "2 项整改措施已移交给您"), b.text("main"))
}

// TestBrowserPlanPagesFitAPhoneScreen checks the plan pages at 375 px: no
// page is wider than the screen.
func TestBrowserPlanPagesFitAPhoneScreen(t *testing.T) {
	a := newTestApp(t)
	srv := httptest.NewServer(a.engine)
	t.Cleanup(srv.Close)
	task := a.task("全面梳理内部管理制度")
	b := newBrowser(t, srv.URL)
	b.do(chromedp.EmulateViewport(375, 812))
	a.loginAdmin()
	b.login("jiwei")
	pages := []string{"/batches", "/batches/1", "/batches/new", "/batches/1/edit", "/problems/new?batch_id=1",
		"/problems/" + itoa(task.ProblemID), "/tasks/new?problem_id=" + itoa(task.ProblemID), taskPath(task, "edit"),
		"/tasks/reassign?from_owner_id=" + itoa(task.OwnerID)}
	for _, p := range pages {
		b.open(p)
		assert.Equal(t, "375", b.eval(`String(document.documentElement.scrollWidth)`), p)
	}
	b.logout()
	b.login("admin")
	for _, p := range []string{"/admin", "/admin/users/" + itoa(task.OwnerID), "/admin/branches/" + itoa(task.BranchID)} {
		b.open(p)
		assert.Equal(t, "375", b.eval(`String(document.documentElement.scrollWidth)`), p)
	}
}
