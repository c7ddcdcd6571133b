package web_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEveryPageAnswersEveryRole(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	task := a.task("完善第一议题学习制度")
	pages := []string{"/", "/?branch_id=" + itoa(a.branchID("办公室党支部")), "/tasks", "/tasks?print=1",
		"/tasks?sort=due&status=in_progress", taskPath(task), "/my", "/inbox"}
	for _, login := range []string{"jiwei", "lingdao", "zhangsan", "bgs_jw"} {
		c := a.login(login)
		for _, p := range pages {
			w := a.get(c, p)
			assert.Equal(t, http.StatusOK, w.Code, "%s %s: %s", login, p, w.Body.String())
			assert.Contains(t, w.Header().Get("Content-Type"), "text/html")
		}
		assert.Equal(t, http.StatusForbidden, a.get(c, "/admin").Code, login)
		assert.Equal(t, http.StatusForbidden, a.get(c, "/admin/backup").Code, login)
	}
}

var externalURL = regexp.MustCompile(`(?i)(src|href|action)="(https?:)?//`)

func TestPagesLoadNothingFromElsewhere(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.login("jiwei")
	login := a.get(nil, "/login")
	assert.NotRegexp(t, externalURL, login.Body.String())
	for _, p := range []string{"/", "/tasks", "/tasks?print=1", taskPath(a.task("完善第一议题学习制度")), "/my", "/inbox"} {
		w := a.get(c, p)
		require.Equal(t, http.StatusOK, w.Code, p)
		assert.NotRegexp(t, externalURL, w.Body.String(), p)
		assert.Contains(t, w.Header().Get("Content-Security-Policy"), "default-src 'self'", p)
		assert.Equal(t, "no-store", w.Header().Get("Cache-Control"), p)
	}
	css := a.get(nil, "/static/app.css")
	require.Equal(t, http.StatusOK, css.Code)
	assert.NotContains(t, css.Body.String(), "url(", "no fonts or images fetched by the stylesheet")
	assert.Equal(t, http.StatusNotFound, a.get(nil, "/static/nothing.js").Code)
}

func TestDashboardShowsOneRowPerBranchNestedUnderItsParent(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	w := a.get(a.login("lingdao"), "/")
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	for _, col := range []string{"问题数", "措施数", "已销号", "完成率", "按时完成率", "逾期", "即将到期", "待审核", "待回头看", "红 / 黄 / 绿灯"} {
		assert.Contains(t, body, ">"+col+"<", col)
	}
	assert.Contains(t, body, `<tr class="depth-0">`)
	assert.Contains(t, body, `<tr class="depth-2">`, "业务一科 sits under 综合业务党总支")
	office := a.branchRow("办公室党支部")
	row := rowOf(t, body, "办公室党支部")
	assert.Contains(t, row, `<td data-label="措施数">`+itoa(office.Total)+"</td>")
	assert.Contains(t, row, `<td data-label="已销号">`+itoa(office.Closed)+"</td>")
	assert.Contains(t, body, `class="weekly"`, "the weekly chart")
	assert.Contains(t, body, `class="hbars"`, "the completion chart")
	assert.Regexp(t, `统计日期 \d{4}年\d{1,2}月\d{1,2}日`, body)
}

// rowOf returns the dashboard table row of a branch.
func rowOf(t *testing.T, body, branch string) string {
	t.Helper()
	re := regexp.MustCompile(`(?s)<tr class="depth-\d">\s*<th scope="row" class="name"><a href="[^"]*" title="查看` + branch + `.*?</tr>`)
	row := re.FindString(body)
	require.NotEmpty(t, row, "row of %s", branch)
	return row
}

func TestDashboardDrillsDownAndFilters(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.login("jiwei")
	group := a.branchID("综合业务党总支")
	w := a.get(c, "/?branch_id="+itoa(group))
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	assert.Contains(t, body, "业务一科党支部")
	assert.NotContains(t, body, "财务审计党支部", "only the subtree drilled into")
	assert.Contains(t, body, `<span aria-current="location">综合业务党总支</span>`)

	// The org-life batch only: its tasks, none of the patrol batch's.
	w = a.get(c, "/?source_type=org_life")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), `<option value="org_life" selected>组织生活会</option>`)
	root := rowOf(t, w.Body.String(), "市直机关党委")
	assert.Contains(t, root, `<td data-label="措施数">10</td>`, "the demo's org-life batch has 10 measures")

	// A member cannot drill into another branch.
	assert.Equal(t, http.StatusNotFound, a.get(a.login("zhangsan"), "/?branch_id="+itoa(group)).Code)
	assert.Equal(t, http.StatusBadRequest, a.get(c, "/?source_type=rumour").Code)
}

func TestLedgerListFiltersSortsAndPrints(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.login("jiwei")
	w := a.get(c, "/tasks")
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	for _, col := range []string{"编号", "单位", "问题", "整改措施", "责任人", "时限", "逾期天数", "完成情况", "亮灯状态"} {
		assert.Contains(t, body, `<th scope="col"`, col)
		assert.Contains(t, body, ">"+col+"</th>", col)
	}
	assert.Contains(t, body, "共 28 项")

	submitted := a.get(c, "/tasks?status=submitted").Body.String()
	assert.Contains(t, submitted, "共 3 项")
	assert.NotContains(t, submitted, `class="status s-open"`)

	red := a.get(c, "/tasks?light=red").Body.String()
	assert.Contains(t, red, "共 "+itoa(a.branchRow("市直机关党委").Overdue)+" 项", "the list agrees with the dashboard")

	text := a.get(c, "/tasks?q=考勤").Body.String()
	assert.Contains(t, text, "共 1 项")
	assert.Contains(t, text, "严格执行考勤制度")

	owner := a.get(c, "/tasks?owner_id="+itoa(a.user("zhangsan").ID)).Body.String()
	assert.Contains(t, owner, "共 4 项")

	byDue := a.get(c, "/tasks?sort=due").Body.String()
	dates := regexp.MustCompile(`<td data-label="时限" class="nowrap">(\d+)年(\d+)月(\d+)日</td>`).FindAllStringSubmatch(byDue, -1)
	require.NotEmpty(t, dates)
	for i := 1; i < len(dates); i++ {
		assert.LessOrEqual(t, dateKey(dates[i-1]), dateKey(dates[i]), "sorted by 时限")
	}

	print := a.get(c, "/tasks?print=1&batch_id=1")
	require.Equal(t, http.StatusOK, print.Code)
	assert.Contains(t, print.Body.String(), "问题整改台账")
	assert.Contains(t, print.Body.String(), "市委第三巡察组反馈意见整改")
	assert.Contains(t, print.Body.String(), "填报人")
	assert.Contains(t, print.Body.String(), `href="/static/print.css`)

	assert.Equal(t, http.StatusBadRequest, a.get(c, "/tasks?status=finished").Code)
}

func dateKey(m []string) int {
	n := 0
	for _, p := range m[1:] {
		v := 0
		for _, r := range p {
			v = v*10 + int(r-'0')
		}
		n = n*100 + v
	}
	return n
}

func TestLedgerListPaginates(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	addTasks(t, a, "办公室党支部", 60)
	c := a.login("jiwei")
	first := a.get(c, "/tasks").Body.String()
	assert.Contains(t, first, "共 88 项，显示第 1–50 项")
	assert.Contains(t, first, "第 1 / 2 页")
	assert.Regexp(t, `href="/tasks\?page=2"`, first)
	second := a.get(c, "/tasks?page=2").Body.String()
	assert.Contains(t, second, "显示第 51–88 项")
	assert.Equal(t, 38, strings.Count(second, `<td class="seq" data-label="编号">`))

	// Sorted pages cover the same tasks without repeats.
	seen := map[string]bool{}
	for _, p := range []string{"/tasks?sort=-due", "/tasks?sort=-due&page=2"} {
		for _, m := range regexp.MustCompile(`<a href="(/tasks/\d+)\?from=[^"]*">`).FindAllStringSubmatch(a.get(c, p).Body.String(), -1) {
			assert.False(t, seen[m[1]], "%s twice", m[1])
			seen[m[1]] = true
		}
	}
	assert.Len(t, seen, 88)
}

func TestMemberSeesOwnWorkMostUrgentFirst(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	w := a.get(a.login("zhangsan"), "/my")
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	assert.Contains(t, body, "我负责的整改措施")
	overdue := strings.Index(body, "完善第一议题学习制度")
	later := strings.Index(body, "全面梳理内部管理制度")
	require.True(t, overdue > 0 && later > 0)
	assert.Less(t, overdue, later, "the red item comes first")
	assert.Contains(t, body, "逾期 12 天")
	assert.NotContains(t, body, "对照规范补齐会议记录", "closed items are done, not to-do")
	assert.NotContains(t, body, "待审核销号", "a member approves nothing")
}

func TestOfficerSeesWhatWaitsForThem(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	w := a.get(a.login("jiwei"), "/my")
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	for _, s := range []string{"待审核销号", "延期申请", "逾期未完成"} {
		assert.Contains(t, body, s)
	}
	assert.Contains(t, body, "建立公文办理督办提醒制度", "lisi's submission")
	assert.Contains(t, body, "申请延期至", "sunqi's extension request")
	assert.NotContains(t, body, "到期的回头看", "no 回头看 is due yet in the demo")

	// The branch officer sees only his branch.
	office := a.get(a.login("bgs_jw"), "/my").Body.String()
	assert.Contains(t, office, "建立公文办理督办提醒制度")
	assert.NotContains(t, office, "建立专项资金绩效评价制度", "财务审计's submission is not his")
}

func TestLeaderSeesLateWorkAndNoForms(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.login("lingdao")
	my := a.get(c, "/my").Body.String()
	assert.Contains(t, my, "逾期未完成")
	page := a.get(c, taskPath(a.task("建立公文办理督办提醒制度"))).Body.String()
	assert.Contains(t, page, "您对该措施只有查看权限")
	assert.NotContains(t, page, "<form method=\"post\" action=\"/tasks/")
}

func TestAdminPageListsBranchesUsersAndOffersABackup(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.loginAdmin()
	w := a.get(c, "/admin")
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	assert.Contains(t, body, "离退休干部党支部")
	assert.Contains(t, body, "<td>zhangsan</td><td>张三</td><td>党员/责任人</td><td>办公室党支部</td>")
	assert.Contains(t, body, `href="/admin/backup"`)
	assert.Contains(t, body, "通知渠道")

	backup := a.get(c, "/admin/backup")
	require.Equal(t, http.StatusOK, backup.Code)
	assert.Contains(t, backup.Header().Get("Content-Disposition"), "attachment")
	assert.Greater(t, backup.Body.Len(), 4096, "a whole bbolt file")

	w = a.post(c, "/admin/users", map[string][]string{"login": {"newbie"}, "name": {"新同志"}, "role": {"member"},
		"branch_id": {itoa(a.branchID("财务审计党支部"))}, "password": {"long-enough-1"}})
	assert.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "财务审计党支部", a.branchRow("财务审计党支部").Name)
	assert.Equal(t, a.branchID("财务审计党支部"), a.user("newbie").BranchID)

	w = a.post(c, "/admin/users", map[string][]string{"login": {"x"}, "name": {"太短"}, "role": {"member"}, "password": {"long-enough-1"}})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "登录名须为")

	officer := a.login("jiwei")
	w = a.post(officer, "/admin/branches", map[string][]string{"name": {"私设支部"}})
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Equal(t, 7, a.st.Tree().Len(), "no branch was added")
}

func TestAdminAddsANotificationChannelWhoseKeyIsNeverShown(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.loginAdmin()
	w := a.post(c, "/admin/channels", map[string][]string{"type": {"wecom"}, "branch_id": {itoa(a.branchID("办公室党支部"))},
		"url": {"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=robot-key-123"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	page := a.get(c, "/admin").Body.String()
	assert.Contains(t, page, "<td>企业微信群机器人</td><td>办公室党支部</td><td>https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****-123</td><td>启用</td>")
	assert.NotContains(t, page, "robot-key-123")

	w = a.post(c, "/admin/channels", map[string][]string{"type": {"feishu"},
		"url": {"https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-FEISHU-HOOK-SECRET"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.NotContains(t, a.get(c, "/admin").Body.String(), "FEISHU-HOOK", "a Feishu token in the path is masked too")

	w = a.post(c, "/admin/channels", map[string][]string{"type": {"dingtalk"}, "url": {"ftp://robot"}})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "机器人地址")
	assert.Equal(t, http.StatusForbidden, a.post(a.login("jiwei"), "/admin/channels",
		map[string][]string{"type": {"email"}}).Code)
	chs, err := a.st.Channels()
	require.NoError(t, err)
	assert.Len(t, chs, 2, "the refused posts added nothing")
}
