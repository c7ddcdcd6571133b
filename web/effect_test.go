package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// waitingItem is the demo's 举一反三 self-check of a branch.
func (a *testApp) waitingItem(branch string) (*ledger.Cascade, int64) {
	a.t.Helper()
	cs, err := a.st.WaitingCascades(a.st.Scope(system))
	require.NoError(a.t, err)
	require.NotEmpty(a.t, cs, "the demo has a 举一反三")
	return cs[0], a.branchID(branch)
}

func (a *testApp) answerOf(cascadeID, branch int64) ledger.CascadeAnswer {
	a.t.Helper()
	cs, err := a.st.CascadesOf(a.st.Scope(system), a.cascade(cascadeID).SourceProblemID)
	require.NoError(a.t, err)
	for _, c := range cs {
		if c.ID == cascadeID {
			return c.Item(branch).Answer
		}
	}
	a.t.Fatalf("no cascade %d", cascadeID)
	return ""
}

func (a *testApp) cascade(id int64) *ledger.Cascade {
	cs, err := a.st.WaitingCascades(a.st.Scope(system))
	require.NoError(a.t, err)
	for _, c := range cs {
		if c.ID == id {
			return c
		}
	}
	a.t.Fatalf("cascade %d no longer waits", id)
	return nil
}

// pendingRebound is the demo's rebound flag.
func (a *testApp) pendingRebound() *ledger.Rebound {
	a.t.Helper()
	rs, err := a.st.ReboundsOf(a.st.Scope(system), 0, ledger.ReboundPending)
	require.NoError(a.t, err)
	require.Len(a.t, rs, 1, "the demo flags one possible rebound")
	return rs[0]
}

func (a *testApp) reboundStatus(id int64) ledger.ReboundStatus {
	a.t.Helper()
	for _, s := range []ledger.ReboundStatus{ledger.ReboundPending, ledger.ReboundConfirmed, ledger.ReboundDismissed} {
		rs, err := a.st.ReboundsOf(a.st.Scope(system), 0, s)
		require.NoError(a.t, err)
		for _, r := range rs {
			if r.ID == id {
				return r.Status
			}
		}
	}
	a.t.Fatalf("no rebound %d", id)
	return ""
}

func TestEffectPageShowsRowsPerChildBranch(t *testing.T) {
	a := newTestApp(t)
	w := a.get(a.login("lingdao"), "/effect")
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	for _, want := range []string{"整改成效", "反弹率", "销号用时中位数", "办公室党支部", "财务审计党支部", "销号用时分布", "按时完成率（按季度）"} {
		assert.Contains(t, body, want)
	}
	// Seven demo measures are closed, all on the day the demo was driven.
	assert.Contains(t, body, `<span class="k">已销号措施</span><span class="v">7</span>`)
	assert.Contains(t, body, `aria-label="0–7天销号：7 项"`)

	// Drilling down: a branch of the leader's scope.
	w = a.get(a.login("lingdao"), "/effect?branch_id="+itoa(a.branchID("综合业务党总支")))
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "业务一科党支部")
	assert.NotContains(t, w.Body.String(), "财务审计党支部")
}

func TestEffectPageScope(t *testing.T) {
	a := newTestApp(t)
	member := a.login("zhangsan")
	w := a.get(member, "/effect")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "办公室党支部")
	assert.NotContains(t, w.Body.String(), "财务审计党支部", "a member sees only their own branch")

	w = a.get(member, "/effect?branch_id="+itoa(a.branchID("财务审计党支部")))
	assert.Equal(t, http.StatusNotFound, w.Code, "another branch is not found")
	assert.NotContains(t, w.Body.String(), "财务审计党支部")
	assert.Equal(t, http.StatusBadRequest, a.get(member, "/effect?branch_id=x").Code)
}

func TestAnswerSelfCheck(t *testing.T) {
	a := newTestApp(t)
	c, branch := a.waitingItem("业务一科党支部")
	path := "/cascades/" + itoa(c.ID) + "/answer"
	officer := a.login("jiwei")

	w := a.get(officer, "/my")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "举一反三自查")
	assert.Contains(t, w.Body.String(), "业务一科党支部：自查是否存在同类问题")

	// 不存在 without saying how: refused, the choice kept, the reason by the note.
	w = a.post(officer, path, url.Values{"branch_id": {itoa(branch)}, "answer": {"absent"}})
	require.Equal(t, http.StatusBadRequest, w.Code)
	body := w.Body.String()
	assert.Contains(t, body, `data-reason="cascade.note_required"`)
	assert.Contains(t, body, "请写明本单位是如何自查的")
	assert.Contains(t, body, `value="absent" checked`)
	// No answer chosen: the typed note is kept.
	w = a.post(officer, path, url.Values{"branch_id": {itoa(branch)}, "note": {"查阅了会议记录本"}})
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "请选择自查结果")
	assert.Contains(t, w.Body.String(), ">查阅了会议记录本</textarea>")
	assert.Equal(t, ledger.CascadeAnswer(""), a.answerOf(c.ID, branch), "nothing recorded")

	// A member may not answer; an officer of another branch does not find it.
	w = a.post(a.login("wangwu"), path, url.Values{"branch_id": {itoa(branch)}, "answer": {"absent"}, "note": {"无"}})
	assert.Equal(t, http.StatusForbidden, w.Code)
	w = a.post(a.login("bgs_jw"), path, url.Values{"branch_id": {itoa(branch)}, "answer": {"absent"}, "note": {"无"}})
	assert.Equal(t, http.StatusNotFound, w.Code)
	// A form posted from another site changes nothing.
	w = a.post(officer, path, url.Values{"branch_id": {itoa(branch)}, "answer": {"absent"}, "note": {"无"}}, "Sec-Fetch-Site", "cross-site")
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Equal(t, ledger.CascadeAnswer(""), a.answerOf(c.ID, branch), "nothing recorded")

	w = a.post(officer, path, url.Values{"branch_id": {itoa(branch)}, "answer": {"exists"}, "note": {"业务一科党支部党员大会记录也有缺失"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	require.Equal(t, "/my?done=cascade-exists#self-checks", w.Header().Get("Location"))
	w = a.get(officer, "/my?done=cascade-exists")
	assert.Contains(t, w.Body.String(), "已转为本单位的整改问题")
	assert.NotContains(t, w.Body.String(), "业务一科党支部：自查是否存在同类问题")

	// Answering again: the item is gone, so the refusal is the page's.
	w = a.post(officer, path, url.Values{"branch_id": {itoa(branch)}, "answer": {"absent"}, "note": {"无"}})
	assert.Equal(t, http.StatusConflict, w.Code)
	assert.Contains(t, w.Body.String(), `data-reason="cascade.answered"`)

	// The dashboard's roll-up counts the answer and the problem found.
	w = a.get(a.login("lingdao"), "/")
	row := between(t, w.Body.String(), `id="t-cascades"`, "</table>")
	assert.Contains(t, row, "<td>3</td><td>2</td>\n    <td>1</td>", "3 asked, 2 answered (1 by the demo), 1 found it")
}

func TestDecideRebound(t *testing.T) {
	a := newTestApp(t)
	r := a.pendingRebound()
	officer := a.login("jiwei")
	w := a.get(officer, "/my")
	body := w.Body.String()
	assert.Contains(t, body, "疑似反弹问题")
	assert.Contains(t, body, "公务接待仍存在先接待后补办审批手续的现象")
	assert.Contains(t, body, "公务接待审批手续不完备")

	w = a.post(officer, "/rebounds/"+itoa(r.ID)+"/dismiss", url.Values{"note": {"  "}})
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), `data-reason="rebound.note_required"`)
	assert.Equal(t, http.StatusForbidden, a.post(a.login("zhouba"), "/rebounds/"+itoa(r.ID)+"/confirm", nil).Code)
	assert.Equal(t, http.StatusNotFound, a.post(a.login("bgs_jw"), "/rebounds/"+itoa(r.ID)+"/confirm", nil).Code)
	assert.Equal(t, http.StatusNotFound, a.post(officer, "/rebounds/999/confirm", nil).Code)
	assert.Equal(t, ledger.ReboundPending, a.reboundStatus(r.ID), "nothing decided")

	w = a.post(officer, "/rebounds/"+itoa(r.ID)+"/confirm", nil)
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, ledger.ReboundConfirmed, a.reboundStatus(r.ID))
	assert.NotContains(t, a.get(officer, "/my").Body.String(), "疑似反弹问题")

	// 整改成效 counts it: one confirmed rebound in 财务审计党支部.
	row := between(t, a.get(a.login("lingdao"), "/effect").Body.String(), ">财务审计党支部</a>", "</tr>")
	assert.Contains(t, row, "<td>1</td>")
}

func TestDismissReboundKeepsNothingPending(t *testing.T) {
	a := newTestApp(t)
	r := a.pendingRebound()
	w := a.post(a.login("jiwei"), "/rebounds/"+itoa(r.ID)+"/dismiss", url.Values{"note": {"前者是审批手续，后者是接待清单，不是同一问题"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, ledger.ReboundDismissed, a.reboundStatus(r.ID))
}

// between is the part of s from the first from to the next to.
func between(t *testing.T, s, from, to string) string {
	t.Helper()
	i := strings.Index(s, from)
	require.GreaterOrEqual(t, i, 0, "%q not found", from)
	j := strings.Index(s[i:], to)
	require.GreaterOrEqual(t, j, 0, "%q not found after %q", to, from)
	return s[i : i+j]
}

func TestEffectPageListsRecurringCategories(t *testing.T) {
	a := newTestApp(t)
	body := a.get(a.login("lingdao"), "/effect").Body.String()
	table := between(t, body, `id="ef-recur"`, "</section>")
	// 作风建设 is the one category found in both demo batches: 公文办理 and
	// 调查研究 (办公室, 业务二科) in the first, 会议文件 (办公室) in the second.
	assert.Contains(t, table, `<th scope="row" class="name">作风建设</th><td>2</td><td>2</td><td>3</td>`)
	assert.NotContains(t, table, "组织建设", "found in one batch only")
}

func TestSimilarJSONAnswersWithinTheSessionsScope(t *testing.T) {
	a := newTestApp(t)
	form := url.Values{"text": {"公务接待先接待后审批，审批手续不完备"}, "category": {"财务管理方面"}}
	w := a.post(a.login("jiwei"), "/problems/similar.json", form)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Equal(t, "application/json; charset=utf-8", w.Header().Get("Content-Type"))
	assert.Contains(t, w.Body.String(), `"description":"公务接待审批手续不完备，存在先接待后审批现象"`)
	assert.Contains(t, w.Body.String(), `"branch":"财务审计党支部"`)

	// A member of 办公室党支部 never hears of 财务审计党支部's problems.
	w = a.post(a.login("zhangsan"), "/problems/similar.json", form)
	require.Equal(t, http.StatusOK, w.Code)
	assert.NotContains(t, w.Body.String(), "财务审计党支部")
	assert.NotContains(t, w.Body.String(), "公务接待")

	w = a.post(a.login("jiwei"), "/problems/similar.json", url.Values{"text": {"  "}})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), `"reason":"field.required"`)
	assert.Equal(t, http.StatusForbidden, a.post(a.login("jiwei"), "/problems/similar.json", form, "Sec-Fetch-Site", "cross-site").Code)
	assert.Equal(t, http.StatusSeeOther, a.post(nil, "/problems/similar.json", form).Code, "no session: to the login page")
}

func TestStartCascadeFromAProblem(t *testing.T) {
	a := newTestApp(t)
	src := a.task("建立公文办理督办提醒制度") // 办公室党支部's problem about 公文办理
	path := "/problems/" + itoa(src.ProblemID) + "/cascade"
	officer := a.login("jiwei")
	w := a.get(officer, path)
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	assert.Contains(t, body, "下发举一反三自查")
	assert.Contains(t, body, `name="branch_ids" value="`+itoa(a.branchID("业务一科党支部"))+`"`)
	assert.NotContains(t, body, `name="branch_ids" value="`+itoa(a.branchID("办公室党支部"))+`"`, "not the problem's own branch")
	before, err := a.st.WaitingCascades(a.st.Scope(system))
	require.NoError(t, err)

	// No branch chosen: refused beside the branches, the date kept.
	w = a.post(officer, path, url.Values{"due_on": {a.st.Today().AddDays(9).String()}})
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), `id="cp-err" role="alert" data-reason="field.required"`)
	assert.Contains(t, w.Body.String(), `value="`+a.st.Today().AddDays(9).String()+`"`)
	// A date in the past: refused beside the date, the branch kept.
	one := itoa(a.branchID("业务一科党支部"))
	w = a.post(officer, path, url.Values{"branch_ids": {one}, "due_on": {a.st.Today().AddDays(-1).String()}})
	require.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), `data-reason="cascade.due_past"`)
	assert.Contains(t, w.Body.String(), `value="`+one+`" checked`)
	// Leaders and members may not send one; a member of another branch
	// does not find the problem.
	assert.Equal(t, http.StatusForbidden, a.post(a.login("lingdao"), path, url.Values{"branch_ids": {one}, "due_on": {a.st.Today().String()}}).Code)
	assert.Equal(t, http.StatusForbidden, a.post(a.login("zhangsan"), path, url.Values{"branch_ids": {one}, "due_on": {a.st.Today().String()}}).Code)
	assert.Equal(t, http.StatusNotFound, a.get(a.login("wangwu"), path).Code)
	after, err := a.st.WaitingCascades(a.st.Scope(system))
	require.NoError(t, err)
	assert.Len(t, after, len(before), "nothing sent")

	w = a.post(officer, path, url.Values{"branch_ids": {one, itoa(a.branchID("业务二科党支部"))}, "due_on": {a.st.Today().AddDays(9).String()}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	body = a.get(officer, path+"?done=sent").Body.String()
	assert.Contains(t, body, "已下发举一反三")
	assert.Contains(t, body, "下发 2 个单位，已作答 0 个，存在同类问题 0 个")
	assert.Contains(t, body, "业务一科党支部：未作答")
}
