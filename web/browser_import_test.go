package web_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"net/http/httptest"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

// editableDocument has three problems and three measures, which the
// parser pairs one to one; the third problem is wrongly found and the
// third measure answers the second problem.
const editableDocument = `XX党支部2025年度组织生活会对照检查材料

一、存在的问题
一是学习不够系统。二是制度执行不严。三是会议记录不规范。

二、整改措施
一是制定学习计划。责任人：张三；完成时限：2026年6月底。二是严格执行请销假制度。三是开展制度执行情况检查。
`

func TestBrowserOfficerEditsTheDocumentDraftBeforeConfirming(t *testing.T) {
	a := newTestApp(t)
	srv := httptest.NewServer(a.engine)
	t.Cleanup(srv.Close)
	b := newBrowser(t, srv.URL)
	batch := a.newBatch("组织生活会查摆问题")
	file := filepath.Join(t.TempDir(), "材料.txt")
	require.NoError(t, os.WriteFile(file, []byte(editableDocument), 0o600))

	b.login("jiwei")
	b.open("/import")
	b.do(
		chromedp.SetValue(chromedp.ID("d-batch"), itoa(batch.ID)),
		chromedp.SetValue(chromedp.ID("d-branch"), itoa(a.branchID("办公室党支部"))),
		chromedp.SetUploadFiles(chromedp.ID("d-file"), []string{file}),
		chromedp.Click(chromedp.CSS(`form[action="/import/document"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`table.draft-measures`)),
	)
	assert.Contains(t, b.text("#h-doc ~ form h3"), "识别结果：问题 3 个")

	// Leave out problem 3, move measure 3 to problem 2 and make it
	// long-term, give measure 2 an owner, a date and a kind.
	b.do(
		chromedp.Click(chromedp.CSS(`input[name=p3_remove]`)),
		chromedp.SetValue(chromedp.CSS(`select[name=m3_problem]`), "2"),
		chromedp.SetValue(chromedp.CSS(`select[name=m3_kind]`), "long_term"),
		chromedp.SetValue(chromedp.CSS(`input[name=m2_owner]`), "李四"),
		chromedp.SetValue(chromedp.CSS(`input[name=m2_due]`), "2026-09-30"),
		chromedp.SetValue(chromedp.CSS(`select[name=m2_kind]`), "deadline"),
		chromedp.Click(chromedp.CSS(`form.draft-edit button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`.flash`)),
	)
	require.Contains(t, b.text(".flash"), "新增问题 2 个、整改措施 3 项", b.text("main"))

	page, err := a.st.FindTasks(a.st.Scope(system), ledger.TaskFilter{BatchID: batch.ID, Limit: store.MaxPageSize})
	require.NoError(t, err)
	require.Len(t, page.Tasks, 3)
	problemOf := map[string]string{}
	for _, task := range page.Tasks {
		p, err := a.st.FindProblem(a.st.Scope(system), task.ProblemID)
		require.NoError(t, err)
		problemOf[task.Description] = p.Description
		assert.NotContains(t, p.Description, "会议记录不规范", "the removed problem is not imported")
		if task.Description == "严格执行请销假制度。" {
			assert.Equal(t, "李四", task.OwnerName)
			assert.Equal(t, "2026-09-30", task.DueOn.String())
			assert.Equal(t, ledger.KindDeadline, task.Kind)
		}
	}
	assert.Equal(t, "制度执行不严。", problemOf["开展制度执行情况检查。"], "the moved measure is under its new problem")
	assert.Equal(t, "学习不够系统。", problemOf["制定学习计划。责任人：张三；完成时限：2026年6月底。"])
}
