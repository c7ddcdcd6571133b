package web_test

import (
	"bytes"
	"html"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"rectify/internal/ledger"
	"rectify/internal/sheet"
	"rectify/internal/store"
)

// postFile posts a multipart form with one file field "file" (skipped
// when name is "") and the given fields.
func (a *testApp) postFile(c *http.Cookie, path string, fields url.Values, name string, content []byte) *httptest.ResponseRecorder {
	a.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			require.NoError(a.t, mw.WriteField(k, v))
		}
	}
	if name != "" {
		fw, err := mw.CreateFormFile("file", name)
		require.NoError(a.t, err)
		_, _ = fw.Write(content)
	}
	require.NoError(a.t, mw.Close())
	r := httptest.NewRequest(http.MethodPost, path, &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	if c != nil {
		r.AddCookie(c)
	}
	return a.do(r)
}

// newBatch creates an empty batch of the demo's top branch.
func (a *testApp) newBatch(title string) *ledger.Batch {
	a.t.Helper()
	b := &ledger.Batch{Title: title, SourceType: ledger.SourceSelfCheck, BranchID: a.branchID("市直机关党委"),
		StartedOn: a.st.Today()}
	require.NoError(a.t, a.st.CreateBatch(system, b))
	return b
}

// batchTasks counts the tasks of a batch.
func (a *testApp) batchTasks(batch int64) int {
	a.t.Helper()
	page, err := a.st.FindTasks(a.st.Scope(system), ledger.TaskFilter{BatchID: batch, Limit: store.MaxPageSize})
	require.NoError(a.t, err)
	return page.Total
}

// exportedLedger is the demo's first batch of a branch, as sheet.Export
// writes it.
func (a *testApp) exportedLedger(branch int64) []byte {
	a.t.Helper()
	var buf bytes.Buffer
	_, err := sheet.Export(&buf, a.st, sheet.ExportOptions{Scope: a.st.Scope(system), BranchID: branch, BatchID: 1,
		Title: "测试台账", Today: a.st.Today()})
	require.NoError(a.t, err)
	return buf.Bytes()
}

// badLedger is a sheet whose one measure has a deadline that is no date.
func badLedger(t *testing.T) []byte {
	f := excelize.NewFile()
	defer f.Close()
	header := make([]any, len(sheet.Header))
	for i, h := range sheet.Header {
		header[i] = h
	}
	require.NoError(t, f.SetSheetRow("Sheet1", "A1", &header))
	row := make([]any, len(sheet.Header))
	row[0], row[3], row[4], row[9] = 1, "会议记录不规范", "补齐会议记录", "2023年13月"
	require.NoError(t, f.SetSheetRow("Sheet1", "A2", &row))
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	return buf.Bytes()
}

var uploadField = regexp.MustCompile(`name="upload" value="([0-9a-f]{32})"`)

func TestImportIsForOfficersAndAdmins(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	assert.Contains(t, a.get(a.login("jiwei"), "/").Body.String(), `href="/import"`, "officers see the nav link")
	for _, login := range []string{"zhangsan", "lingdao"} {
		c := a.login(login)
		assert.NotContains(t, a.get(c, "/").Body.String(), `href="/import"`, login)
		assert.Equal(t, http.StatusForbidden, a.get(c, "/import").Code, login)
		fields := url.Values{"batch_id": {"1"}, "branch_id": {itoa(a.branchID("办公室党支部"))}, "dry_run": {"false"}}
		assert.Equal(t, http.StatusForbidden, a.postFile(c, "/import", fields, "x.xlsx", badLedger(t)).Code, login)
		assert.Equal(t, http.StatusForbidden, a.postFile(c, "/import/document", fields, "x.txt", []byte("x")).Code, login)
	}
	w := a.get(a.login("bgs_jw"), "/import")
	require.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), ">办公室党支部</option>")
	assert.NotContains(t, w.Body.String(), "业务一科党支部", "only branches the officer manages")
}

func TestImportDryRunShowsEveryErrorAndWritesNothing(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	b := a.newBatch("试导入批次")
	fields := url.Values{"batch_id": {itoa(b.ID)}, "branch_id": {itoa(a.branchID("办公室党支部"))}, "dry_run": {"true"}}
	c := a.login("jiwei")
	w := a.postFile(c, "/import", fields, "bad.xlsx", badLedger(t))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Contains(t, w.Body.String(), "第2行 整改时限「2023年13月」不是有效日期")
	assert.Contains(t, w.Body.String(), "错误 1 处")
	assert.NotRegexp(t, uploadField, w.Body.String(), "no 确认导入 form for a sheet with errors")
	assert.Equal(t, 0, a.batchTasks(b.ID))

	fields.Set("dry_run", "false")
	w = a.postFile(c, "/import", fields, "bad.xlsx", badLedger(t))
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code)
	assert.Contains(t, w.Body.String(), "未导入任何内容")
	assert.Equal(t, 0, a.batchTasks(b.ID), "applying a sheet with errors writes nothing")
}

func TestImportConfirmAppliesTheCheckedSheet(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	office := a.branchID("办公室党支部")
	b := a.newBatch("导入批次")
	file := sheetOf(t, [][]any{
		{"问题描述", "整改措施", "整改时限"},
		{"公文处理不规范", "修订公文处理办法", "2026-12-31"},
		{"公文处理不规范", "开展公文培训", "2026-10-31"},
	})
	c := a.login("jiwei")
	fields := url.Values{"batch_id": {itoa(b.ID)}, "branch_id": {itoa(office)}, "dry_run": {"true"}}
	w := a.postFile(c, "/import", fields, "台账.xlsx", file)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	m := uploadField.FindStringSubmatch(w.Body.String())
	require.NotNil(t, m, "a 确认导入 form: %s", w.Body.String())
	assert.Contains(t, w.Body.String(), `<button type="submit">确认导入</button>`)
	assert.Contains(t, w.Body.String(), "<td>2</td><td>新增</td><td>公文处理不规范</td><td>修订公文处理办法</td>", "the plan is shown row by row")
	assert.Equal(t, 0, a.batchTasks(b.ID), "the dry run wrote nothing")

	other := a.post(a.login("bgs_jw"), "/import",
		url.Values{"batch_id": {itoa(b.ID)}, "branch_id": {itoa(office)}, "upload": {m[1]}, "dry_run": {"false"}})
	assert.Equal(t, http.StatusBadRequest, other.Code, "another user cannot use the kept file")

	confirm := url.Values{"batch_id": {itoa(b.ID)}, "branch_id": {itoa(office)}, "upload": {m[1]},
		"file_name": {"台账.xlsx"}, "dry_run": {"false"}}
	w = a.postFile(c, "/import", confirm, "", nil)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Contains(t, w.Body.String(), "已导入")
	assert.Equal(t, 2, a.batchTasks(b.ID), "every row is imported")

	ledgerPage := a.get(c, "/tasks?batch_id="+itoa(b.ID))
	assert.Contains(t, ledgerPage.Body.String(), "共 2 项")

	again := a.postFile(c, "/import", confirm, "", nil)
	assert.Equal(t, http.StatusBadRequest, again.Code, "the kept file is gone once applied")
	assert.Equal(t, 2, a.batchTasks(b.ID))
}

func TestReimportingAnExportIntoAnotherBatchChangesNothing(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	office := a.branchID("办公室党支部")
	file := a.exportedLedger(office)
	page, err := a.st.FindTasks(a.st.Scope(system), ledger.TaskFilter{BatchID: 1, BranchID: office, Limit: store.MaxPageSize})
	require.NoError(t, err)
	b := a.newBatch("导入批次")
	c := a.login("jiwei")
	w := a.postFile(c, "/import", url.Values{"batch_id": {itoa(b.ID)}, "branch_id": {itoa(office)}, "dry_run": {"true"}}, "台账.xlsx", file)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Contains(t, w.Body.String(), "新增问题 0 个、整改措施 0 项，修改 0 项，无变化 "+itoa(int64(page.Total))+" 项",
		"each row is matched to its measure in the batch its 问题来源 names")
	assert.NotContains(t, w.Body.String(), "逐行计划", "nothing to list")
}

// sheetOf writes rows as a workbook.
func sheetOf(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(t, f.SetSheetRow("Sheet1", cell, &r))
	}
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	return buf.Bytes()
}

const sampleDocument = `XX党支部2023年度组织生活会对照检查材料

一、存在的问题

（一）在理论学习方面
一是学习不够系统深入。满足于读原文、记笔记。
二是学用结合不够紧密。运用理论解决实际问题的能力还不强。

二、整改措施

一是加强系统学习。责任人：张三；完成时限：2026年6月底。
二是坚持学用结合。立行立改。
`

func TestDocumentUploadShowsTheDraftAndConfirmCreatesIt(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	office := a.branchID("办公室党支部")
	b := a.newBatch("组织生活会")
	c := a.login("jiwei")
	fields := url.Values{"batch_id": {itoa(b.ID)}, "branch_id": {itoa(office)}}
	w := a.postFile(c, "/import/document", fields, "材料.txt", []byte(sampleDocument))
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	body := w.Body.String()
	assert.Contains(t, body, "识别结果：问题 2 个")
	assert.Contains(t, body, "在理论学习方面")
	assert.Contains(t, body, "学习不够系统深入")
	assert.Contains(t, body, `name="m1_owner" value="张三"`)
	assert.Contains(t, body, `name="m1_due" value="2026-06-30"`)
	assert.Contains(t, body, "立行立改")
	assert.Equal(t, 0, a.batchTasks(b.ID), "showing the draft writes nothing")

	draft := regexp.MustCompile(`name="draft" value="([^"]*)"`).FindStringSubmatch(body)
	require.NotNil(t, draft)
	fields.Set("draft", html.UnescapeString(draft[1]))
	w = a.post(c, "/import/document/confirm", fields)
	require.Equal(t, http.StatusOK, w.Code, w.Body.String())
	assert.Contains(t, w.Body.String(), "新增问题 2 个、整改措施 2 项")
	assert.Equal(t, 2, a.batchTasks(b.ID))
	ledgerPage := a.get(c, "/tasks?batch_id="+itoa(b.ID)).Body.String()
	assert.Contains(t, ledgerPage, "加强系统学习")
	assert.Contains(t, ledgerPage, "学习不够系统深入")
}

func TestDocumentConfirmWithABadDateWritesNothing(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	b := a.newBatch("组织生活会")
	fields := url.Values{"batch_id": {itoa(b.ID)}, "branch_id": {itoa(a.branchID("办公室党支部"))},
		"draft": {`{"problems":[{"description":"问题一","measures":[{"description":"措施一","due_on":"2023年13月"}]},` +
			`{"description":"问题二","measures":[{"description":"措施二","due_on":"2026-06-30"}]}]}`}}
	w := a.post(a.login("jiwei"), "/import/document/confirm", fields)
	assert.Equal(t, http.StatusUnprocessableEntity, w.Code)
	assert.Contains(t, w.Body.String(), "第1个问题第1项措施 整改时限「2023年13月」不是有效日期")
	assert.Equal(t, 0, a.batchTasks(b.ID))
}

func TestImportPostsFromAnotherSiteAreRefused(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	fields := url.Values{"batch_id": {"1"}, "branch_id": {"1"}, "draft": {`{"problems":[{"description":"x"}]}`}}
	w := a.post(a.login("jiwei"), "/import/document/confirm", fields, "Sec-Fetch-Site", "cross-site")
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Contains(t, w.Body.String(), "来自其他网站")
}
