package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"

	"rectify/internal/demo"
	"rectify/internal/ledger"

	"github.com/stretchr/testify/require"
)

// unreadOf is the header's unread count of a user.
func (a *testApp) unreadOf(login string) int {
	n, err := a.st.UnreadCount(a.user(login).ID)
	require.NoError(a.t, err)
	return n
}

func TestARefusedReviewKeepsItsChoiceBesideTheField(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	officer := a.login("jiwei")
	closed := a.task("对照规范补齐会议记录")
	reviews := pendingReviews(t, a, closed)
	require.Len(t, reviews, 1)
	w := a.post(officer, taskPath(closed, "review"), url.Values{"review_id": {itoa(reviews[0].ID)},
		"outcome": {"rebound"}, "note": {""}, "due_on": {a.st.Today().AddDays(30).String()}, "from": {"/my"}})
	require.Equal(t, http.StatusBadRequest, w.Code)
	body := w.Body.String()
	assert.Contains(t, body, `value="rebound" checked`, "the choice is kept")
	assert.NotContains(t, body, `value="consolidated" checked`)
	assert.Contains(t, body, `value="`+a.st.Today().AddDays(30).String()+`"`, "the date is kept")
	assert.Regexp(t, `id="rv-note"[^>]*aria-invalid="true"`, body, "the note is marked")
	assert.Contains(t, body, `<p class="field-error" id="e-rv-note">`, "the message sits beside the note")
	assert.Contains(t, body, `<a href="/my">我的待办</a>`, "the breadcrumb still leads back")
	assert.Equal(t, ledger.StatusClosed, a.reload(closed).Status, "nothing changed")

	again := a.get(officer, taskPath(closed, "review"))
	assert.Equal(t, http.StatusSeeOther, again.Code, "reopening the refused post's address is not a 404")
	assert.Equal(t, taskPath(closed)+"#act-review", again.Header().Get("Location"))
	assert.Equal(t, http.StatusNotFound, a.get(officer, taskPath(closed, "nonsense")).Code)
}

func TestSubmittingWithoutNoteOrEvidenceIsCheckedByTheBrowserFirst(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	member := a.login("zhangsan")
	own := a.task("全面梳理内部管理制度")
	page := a.get(member, taskPath(own)).Body.String()
	assert.Regexp(t, `<textarea id="s-note" name="note" rows="3" required`, page,
		"required before the confirm dialog can appear")
}

func TestTheLedgerShowsUnitLatenessAndProgress(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	officer := a.login("jiwei")
	body := a.get(officer, "/tasks").Body.String()
	assert.Contains(t, body, `<th scope="col">单位</th>`, "a subtree of several branches names each row's branch")
	assert.Contains(t, body, `<td data-label="单位" class="unit">财务审计党支部</td>`)
	assert.Contains(t, body, `<strong class="red-text">40 天</strong>`, "逾期天数")
	assert.Contains(t, body, `<span class="mark late">逾期提交 45 天</span>`)
	assert.Contains(t, body, `<span class="note">已制定工作方案，正在推进落实。</span>`, "the latest progress note")
	assert.Contains(t, body, `<nav class="crumbs" aria-label="单位层级">`)

	office := a.get(officer, "/tasks?branch_id="+itoa(a.branchID("办公室党支部"))).Body.String()
	assert.NotContains(t, office, `<th scope="col">单位</th>`, "one branch needs no 单位 column")
	assert.Regexp(t, `<a href="/tasks[^"]*">市直机关党委</a></li><li><span aria-current="location">办公室党支部</span>`, office)

	print := a.get(officer, "/tasks?print=1").Body.String()
	for _, want := range []string{"<th scope=\"col\">逾期天数</th>", "<th scope=\"col\">单位</th>", "已制定工作方案，正在推进落实。",
		"逾期提交 45 天", "退回理由：佐证材料不充分", "<main>"} {
		assert.Contains(t, print, want)
	}

	found := a.get(officer, "/tasks?q=三会一课").Body.String()
	assert.Contains(t, found, "对照规范补齐会议记录", "the problem's words find its measure")
	byNumber := a.get(officer, "/tasks?q=%2327").Body.String()
	assert.Contains(t, byNumber, "共 1 项")
	assert.Contains(t, byNumber, ">#27</td>")
}

func TestAMemberLandsOnTheirOwnWork(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	for login, want := range map[string]string{"zhangsan": "/my", "jiwei": "/", "lingdao": "/"} {
		w := a.post(nil, "/login", url.Values{"login": {login}, "password": {demo.Password}})
		require.Equal(t, http.StatusSeeOther, w.Code, login)
		assert.Equal(t, want, w.Header().Get("Location"), login)
	}
	w := a.post(nil, "/login", url.Values{"login": {"zhangsan"}, "password": {demo.Password}, "next": {"/tasks"}})
	assert.Equal(t, "/tasks", w.Header().Get("Location"), "a page asked for still wins")
}
