package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

// forms lists the action forms a task page offers, by their target.
func forms(body string, t *ledger.Task) map[string]bool {
	out := map[string]bool{}
	for _, a := range []string{"progress", "evidence", "submit", "extension", "approve", "reject",
		"extension-approve", "extension-reject", "reopen", "review"} {
		out[a] = strings.Contains(body, `action="`+taskPath(t, a)+`"`)
	}
	return out
}

func TestTaskPageOffersOnlyTheViewersActions(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	own := a.task("完善第一议题学习制度")         // zhangsan's, overdue
	submitted := a.task("建立公文办理督办提醒制度") // lisi's, submitted
	extension := a.task("严格执行考勤制度")     // sunqi's, extension pending
	closed := a.task("对照规范补齐会议记录")      // zhangsan's, closed, 回头看 pending
	cases := []struct {
		name  string
		login string
		task  *ledger.Task
		want  []string
	}{
		{"the owner reports, uploads, submits and asks for more time", "zhangsan", own, []string{"progress", "evidence", "submit", "extension"}},
		{"a member of the branch who is not the owner only reads", "lisi", own, nil},
		{"the officer may add progress and evidence but not submit for the owner", "jiwei", own, []string{"progress", "evidence"}},
		{"the officer approves or rejects a submission", "jiwei", submitted, []string{"approve", "reject", "evidence"}},
		{"the owner cannot approve their own submission", "lisi", submitted, []string{"evidence"}},
		{"the officer decides a pending extension", "jiwei", extension, []string{"progress", "evidence", "extension-approve", "extension-reject"}},
		{"the owner cannot ask twice", "sunqi", extension, []string{"progress", "evidence", "submit"}},
		{"the officer reopens a closed task and records the 回头看", "jiwei", closed, []string{"reopen", "review"}},
		{"the owner of a closed task has nothing left to do", "zhangsan", closed, nil},
		{"a leader only reads", "lingdao", submitted, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := a.get(a.login(tc.login), taskPath(tc.task))
			require.Equal(t, http.StatusOK, w.Code)
			want := map[string]bool{}
			for _, f := range tc.want {
				want[f] = true
			}
			for action, shown := range forms(w.Body.String(), tc.task) {
				assert.Equal(t, want[action], shown, "form %s", action)
			}
			if tc.want == nil {
				assert.Contains(t, w.Body.String(), "您对该措施只有查看权限")
			}
		})
	}
}

func TestActionsARoleMayNotTakeAreRefusedEvenWhenPostedByHand(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	submitted := a.task("建立公文办理督办提醒制度") // lisi's, 办公室党支部
	own := a.task("完善第一议题学习制度")         // zhangsan's, 办公室党支部
	closed := a.task("对照规范补齐会议记录")
	cases := []struct {
		name   string
		login  string
		task   *ledger.Task
		action string
		form   url.Values
		status int
	}{
		{"a member approves a colleague's submission", "zhangsan", submitted, "approve", url.Values{"note": {"同意"}}, http.StatusForbidden},
		{"the owner approves their own submission", "lisi", submitted, "approve", nil, http.StatusForbidden},
		{"a member rejects", "zhangsan", submitted, "reject", url.Values{"reason": {"不行"}}, http.StatusForbidden},
		{"a leader approves", "lingdao", submitted, "approve", nil, http.StatusForbidden},
		{"a leader reports progress", "lingdao", own, "progress", url.Values{"note": {"领导代报"}}, http.StatusForbidden},
		{"an officer submits for an owner who has an account", "jiwei", own, "submit", url.Values{"note": {"代为提交"}}, http.StatusForbidden},
		{"a colleague reports progress on someone else's task", "lisi", own, "progress", url.Values{"note": {"代报"}}, http.StatusForbidden},
		{"a member reopens a closed task", "zhangsan", closed, "reopen", url.Values{"due_on": {"2099-01-01"}, "reason": {"再改"}}, http.StatusForbidden},
		{"a member of another branch reports progress", "wangwu", own, "progress", url.Values{"note": {"越权"}}, http.StatusNotFound},
		{"a member of another branch approves", "wangwu", submitted, "approve", nil, http.StatusNotFound},
		{"an officer of another branch acts", "bgs_jw", a.task("建立专项资金绩效评价制度"), "approve", nil, http.StatusNotFound},
		{"an unknown action", "jiwei", submitted, "delete", nil, http.StatusNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := a.reload(tc.task)
			events := a.eventCount(tc.task)
			w := a.post(a.login(tc.login), taskPath(tc.task, tc.action), tc.form)
			assert.Equal(t, tc.status, w.Code, w.Body.String())
			assert.Equal(t, before, a.reload(tc.task), "the task is unchanged")
			assert.Equal(t, events, a.eventCount(tc.task), "no event was written")
			assert.NotContains(t, w.Body.String(), tc.task.Description, "a refusal shows nothing of the task")
		})
	}
}

func TestMemberOfAnotherBranchCannotOpenTheTaskOrItsEvidence(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	task := a.task("全面梳理内部管理制度")
	owner := a.login("zhangsan")
	require.Equal(t, http.StatusSeeOther, a.upload(owner, taskPath(task, "evidence"), "制度汇编.pdf", []byte("%PDF-1.4 demo")).Code)
	files, err := a.st.EvidenceFiles(a.st.Scope(system), task.ID)
	require.NoError(t, err)
	require.Len(t, files, 1)
	evidence := taskPath(task, "evidence", itoa(files[0].ID))

	got := a.get(owner, evidence)
	require.Equal(t, http.StatusOK, got.Code)
	assert.Equal(t, "%PDF-1.4 demo", got.Body.String())
	assert.Contains(t, got.Header().Get("Content-Disposition"), "attachment")

	other := a.login("wangwu")
	for _, p := range []string{taskPath(task), evidence} {
		w := a.get(other, p)
		assert.Equal(t, http.StatusNotFound, w.Code, p)
		assert.NotContains(t, w.Body.String(), "PDF")
		assert.NotContains(t, w.Body.String(), task.Description)
	}
	assert.Equal(t, http.StatusNotFound, a.get(owner, taskPath(task, "evidence", "999")).Code)
}

func TestMemberUploadsSubmitsAndTheOfficerApproves(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	task := a.task("全面梳理内部管理制度") // zhangsan's, open
	before := a.branchRow("办公室党支部")
	member := a.login("zhangsan")

	w := a.post(member, taskPath(task, "progress"), url.Values{"note": {"已完成制度梳理初稿"}, "percent": {"60"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, taskPath(task)+"?done=progress", w.Header().Get("Location"))
	page := a.get(member, taskPath(task)+"?done=progress").Body.String()
	assert.Contains(t, page, "已记录整改进展")
	assert.Contains(t, page, "已完成制度梳理初稿")
	assert.Contains(t, page, "完成进度 60%")

	require.Equal(t, http.StatusSeeOther, a.upload(member, taskPath(task, "evidence"), "会议记录.docx", []byte("minutes")).Code)
	require.Equal(t, http.StatusSeeOther, a.post(member, taskPath(task, "submit"), url.Values{"note": {"制度已印发"}}).Code)
	assert.Equal(t, ledger.StatusSubmitted, a.reload(task).Status)

	officer := a.login("jiwei")
	require.Equal(t, http.StatusSeeOther, a.post(officer, taskPath(task, "approve"), url.Values{"note": {"同意销号"}}).Code)
	got := a.reload(task)
	assert.Equal(t, ledger.StatusClosed, got.Status)
	after := a.branchRow("办公室党支部")
	assert.Equal(t, before.Closed+1, after.Closed)

	dash := a.get(officer, "/").Body.String()
	assert.Contains(t, rowOf(t, dash, "办公室党支部"), `<td data-label="已销号">`+itoa(after.Closed)+"</td>")
	trail := a.get(officer, taskPath(task)).Body.String()
	for _, step := range []string{"报告整改进展", "上传佐证材料", "提交销号", "审核通过（销号）", "会议记录.docx"} {
		assert.Contains(t, trail, step)
	}
}

func TestInvalidOrWrongStateActionsExplainThemselvesInChinese(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	officer := a.login("jiwei")
	submitted := a.task("建立公文办理督办提醒制度")
	w := a.post(officer, taskPath(submitted, "reject"), url.Values{"reason": {"  "}})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "请填写理由")
	assert.Equal(t, ledger.StatusSubmitted, a.reload(submitted).Status)

	open := a.task("统一统计口径")
	w = a.post(officer, taskPath(open, "approve"), nil)
	assert.Equal(t, http.StatusConflict, w.Code)
	assert.Contains(t, w.Body.String(), "当前的状态不允许此操作")

	member := a.login("zhangsan")
	own := a.task("全面梳理内部管理制度")
	w = a.post(member, taskPath(own, "submit"), url.Values{"note": {""}})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "先上传佐证材料")
	w = a.post(member, taskPath(own, "extension"), url.Values{"due_on": {"2020-01-01"}, "reason": {"来不及"}})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "新的整改时限须晚于原时限")
	w = a.post(member, taskPath(own, "progress"), url.Values{"note": {"进展"}, "percent": {"150"}})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "0 到 100")
	w = a.upload(member, taskPath(own, "evidence"), "空文件.txt", nil)
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "文件不能为空")
}

func TestExtensionRequestIsDecidedByTheOfficer(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	task := a.task("全面梳理内部管理制度")
	newDue := task.DueOn.AddDays(30)
	member := a.login("zhangsan")
	w := a.post(member, taskPath(task, "extension"), url.Values{"due_on": {newDue.String()}, "reason": {"需等待上级文件"}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())

	officer := a.login("jiwei")
	my := a.get(officer, "/my").Body.String()
	assert.Contains(t, my, "全面梳理内部管理制度")
	assert.Contains(t, my, "申请延期至 "+newDue.Chinese())

	require.Equal(t, http.StatusSeeOther, a.post(officer, taskPath(task, "extension-approve"), nil).Code)
	got := a.reload(task)
	assert.Equal(t, newDue, got.DueOn)
	assert.Nil(t, got.Extension)
	assert.NotContains(t, a.get(officer, "/my").Body.String(), "全面梳理内部管理制度", "decided requests leave the list")
	assert.Contains(t, a.get(officer, taskPath(task)).Body.String(), "整改时限由 "+task.DueOn.Chinese()+" 调整为 "+newDue.Chinese())
}

func TestOfficerRecordsTheReview(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	officer := a.login("jiwei")
	closed := a.task("对照规范补齐会议记录")
	reviews := pendingReviews(t, a, closed)
	require.Len(t, reviews, 1)
	w := a.post(officer, taskPath(closed, "review"), url.Values{"review_id": {itoa(reviews[0].ID)},
		"outcome": {"rebound"}, "note": {"记录再次缺失"}, "due_on": {a.st.Today().AddDays(30).String()}})
	require.Equal(t, http.StatusSeeOther, w.Code, w.Body.String())
	assert.Equal(t, ledger.StatusOpen, a.reload(closed).Status, "a rebound reopens the task")
	assert.Empty(t, pendingReviews(t, a, closed))
	page := a.get(officer, taskPath(closed)).Body.String()
	assert.Contains(t, page, "问题反弹，重新整改")
	assert.Contains(t, page, "记录再次缺失")

	other := a.task("组织警示教育大会") // another closed task, in 业务一科
	w = a.post(officer, taskPath(other, "review"), url.Values{"review_id": {itoa(reviews[0].ID)}, "outcome": {"consolidated"}})
	assert.Equal(t, http.StatusNotFound, w.Code, "a review of another task is not this task's")
}

func TestSubmissionsAndRejectionsReachTheInbox(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	own := a.task("完善第一议题学习制度")
	member, officer := a.login("zhangsan"), a.login("jiwei")
	require.Equal(t, http.StatusSeeOther, a.post(member, taskPath(own, "submit"), url.Values{"note": {"已建立台账"}}).Code)
	inbox := a.get(officer, "/inbox").Body.String()
	title := "措施 #" + itoa(own.ID) + "「完善第一议题学习制度，建立学习台账，…」提交销号，等待您审核"
	assert.Contains(t, inbox, title, "the title names the measure by number and first words")
	assert.Contains(t, inbox, `href="`+taskPath(own)+`?from=%2Finbox"`)

	require.Equal(t, http.StatusSeeOther, a.post(officer, taskPath(own, "reject"), url.Values{"reason": {"研讨记录不全"}}).Code)
	assert.NotContains(t, a.get(officer, "/inbox?show=unread").Body.String(), title,
		"a review request acted on drops out of 未读")
	page := a.get(member, "/inbox?show=unread").Body.String()
	assert.Contains(t, page, "被退回整改")
	assert.Contains(t, page, "退回理由：研讨记录不全")
	assert.Regexp(t, `通知 <span class="badge"><span class="sr">，未读 </span>\d+</span>`, page)

	before := a.unreadOf("zhangsan")
	require.Equal(t, http.StatusOK, a.get(member, taskPath(own)+"?from=%2Finbox").Code)
	assert.Less(t, a.unreadOf("zhangsan"), before, "opening the measure reads its notices")
	assert.NotContains(t, a.get(member, "/inbox?show=unread").Body.String(), "研讨记录不全")
	assert.Contains(t, a.get(member, "/inbox").Body.String(), "研讨记录不全", "全部 still lists it")

	w := a.post(member, "/inbox/read", nil)
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.NotContains(t, a.get(member, "/inbox").Body.String(), `class="badge"`)
}

func pendingReviews(t *testing.T, a *testApp, task *ledger.Task) []*ledger.Review {
	t.Helper()
	rs, err := a.st.Reviews(a.st.Scope(system), store.ReviewFilter{TaskID: task.ID})
	require.NoError(t, err)
	var out []*ledger.Review
	for _, r := range rs {
		if !r.Done {
			out = append(out, r)
		}
	}
	return out
}
