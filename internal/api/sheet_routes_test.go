package api

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"rectify/internal/auth"
	"rectify/internal/ledger"
	"rectify/internal/sheet"
	"rectify/internal/store"
)

// sheetEnv is an API server with the sheet routes over a store holding
//
//	机关党委 (jw officer, ld leader)
//	  第一党支部 (o1 officer, m1 member 张三)
//	  第二党支部 (o2 officer)
//
// and a 党委 batch with one problem and measure in each 支部.
type sheetEnv struct {
	t      *testing.T
	st     *store.Store
	engine *gin.Engine
	tokens map[string]string
	users  map[string]*ledger.User

	party, first, second *ledger.Branch
	batch                *ledger.Batch
}

func newSheetEnv(t *testing.T) *sheetEnv {
	t.Helper()
	auth.Cost = 4
	loc, err := time.LoadLocation("Asia/Shanghai")
	require.NoError(t, err)
	now := time.Date(2026, 6, 15, 10, 0, 0, 0, loc)
	st, err := store.Open(t.TempDir(), store.Options{Now: func() time.Time { return now }, Location: loc, NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, st.Check()); assert.NoError(t, st.Close()) })
	e := NewEngine(zerolog.Nop(), nil)
	srv := New(st, zerolog.Nop(), Config{})
	srv.Add(srv.SheetRoutes()...)
	srv.Mount(e)
	env := &sheetEnv{t: t, st: st, engine: e, tokens: map[string]string{}, users: map[string]*ledger.User{}}
	hash, err := auth.HashPassword("sheet-pass-1")
	require.NoError(t, err)
	admin := &ledger.User{Login: "admin", Name: "管理员", Role: ledger.RoleAdmin}
	require.NoError(t, st.CreateUser(nil, admin, hash))
	env.users["admin"] = admin
	branch := func(parent int64, name string) *ledger.Branch {
		b := &ledger.Branch{ParentID: parent, Name: name}
		require.NoError(t, st.CreateBranch(admin, b))
		return b
	}
	env.party = branch(0, "机关党委")
	env.first, env.second = branch(env.party.ID, "第一党支部"), branch(env.party.ID, "第二党支部")
	for _, u := range []*ledger.User{
		{Login: "jw", Name: "纪委员", Role: ledger.RoleOfficer, BranchID: env.party.ID},
		{Login: "ld", Name: "郑书记", Role: ledger.RoleLeader, BranchID: env.party.ID},
		{Login: "o1", Name: "李委员", Role: ledger.RoleOfficer, BranchID: env.first.ID},
		{Login: "m1", Name: "张三", Role: ledger.RoleMember, BranchID: env.first.ID},
		{Login: "o2", Name: "陈委员", Role: ledger.RoleOfficer, BranchID: env.second.ID},
	} {
		require.NoError(t, st.CreateUser(admin, u, hash))
		env.users[u.Login] = u
	}
	for login := range env.users {
		_, token, err := srv.App().Login(login, "sheet-pass-1", "test")
		require.NoError(t, err)
		env.tokens[login] = token
	}
	env.batch = &ledger.Batch{Title: "巡察反馈问题整改", SourceType: ledger.SourcePatrol, BranchID: env.party.ID, StartedOn: ledger.DateOf(now).AddDays(-30)}
	require.NoError(t, st.CreateBatch(env.users["jw"], env.batch))
	for _, b := range []*ledger.Branch{env.first, env.second} {
		p := &ledger.Problem{BatchID: env.batch.ID, BranchID: b.ID, Description: b.Name + "会议记录不规范"}
		require.NoError(t, st.CreateProblem(env.users["jw"], p))
		require.NoError(t, st.CreateTask(env.users["jw"], &ledger.Task{ProblemID: p.ID, Description: "补齐记录", DueOn: ledger.DateOf(now).AddDays(30)}))
	}
	return env
}

// do sends a request as a user ("" for none); body is nil, a JSON value
// or a *multipart.Writer's finished body with its content type.
func (e *sheetEnv) do(method, path, as string, body io.Reader, contentType string) *httptest.ResponseRecorder {
	e.t.Helper()
	req := httptest.NewRequest(method, "/api/v1"+path, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if as != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[as])
	}
	rec := httptest.NewRecorder()
	e.engine.ServeHTTP(rec, req)
	return rec
}

func (e *sheetEnv) json(method, path, as string, v any) *httptest.ResponseRecorder {
	b, err := json.Marshal(v)
	require.NoError(e.t, err)
	return e.do(method, path, as, bytes.NewReader(b), "application/json")
}

// upload posts a multipart form with a file and fields.
func (e *sheetEnv) upload(path, as, name string, data []byte, fields map[string]string) *httptest.ResponseRecorder {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range fields {
		require.NoError(e.t, w.WriteField(k, v))
	}
	if data != nil {
		fw, err := w.CreateFormFile("file", name)
		require.NoError(e.t, err)
		_, err = fw.Write(data)
		require.NoError(e.t, err)
	}
	require.NoError(e.t, w.Close())
	return e.do("POST", path, as, &body, w.FormDataContentType())
}

// state is what an import may change.
func (e *sheetEnv) state() [2]int {
	evs, err := e.st.EventsSince(0, 1<<30)
	require.NoError(e.t, err)
	page, err := e.st.FindTasks(e.st.Scope(e.users["admin"]), ledger.TaskFilter{})
	require.NoError(e.t, err)
	return [2]int{len(evs), page.Total}
}

func errorCode(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	var body ErrorBody
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), rec.Body.String())
	return body.Error.Code
}

func itoa64(v int64) string { return strconv.FormatInt(v, 10) }

func TestExportRouteAnswersEachRoleWithinItsScope(t *testing.T) {
	e := newSheetEnv(t)
	batch := "/export.xlsx?batch_id=" + itoa64(e.batch.ID)
	assert.Equal(t, http.StatusUnauthorized, e.do("GET", batch, "", nil, "").Code)
	rec := e.do("GET", batch, "m1", nil, "")
	assert.Equal(t, http.StatusForbidden, rec.Code, "a member does not export the ledger")
	assert.Equal(t, ledger.EFORBIDDEN, errorCode(t, rec))
	assert.Equal(t, http.StatusNotFound, e.do("GET", "/export.xlsx?branch_id="+itoa64(e.first.ID), "o2", nil, "").Code)
	assert.Equal(t, http.StatusNotFound, e.do("GET", "/export.xlsx?batch_id=999", "jw", nil, "").Code)
	assert.Equal(t, http.StatusBadRequest, e.do("GET", "/export.xlsx?batch_id=x", "jw", nil, "").Code)

	count := func(as string) int {
		rec := e.do("GET", batch, as, nil, "")
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		assert.Equal(t, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", rec.Header().Get("Content-Type"))
		assert.Contains(t, rec.Header().Get("Content-Disposition"), "attachment; filename*=utf-8''"+url.PathEscape("整改台账-2026-06-15.xlsx"))
		f, err := excelize.OpenReader(rec.Body)
		require.NoError(t, err)
		defer f.Close()
		rows, err := f.GetRows(sheet.LedgerSheet)
		require.NoError(t, err)
		assert.Equal(t, sheet.Header, rows[1])
		return len(rows) - 2
	}
	assert.Equal(t, 2, count("ld"), "a 党委 leader sees both 支部")
	assert.Equal(t, 2, count("jw"))
	assert.Equal(t, 2, count("admin"))
	assert.Equal(t, 1, count("o2"), "a 支部 officer sees only the 支部")
}

func TestReportRouteWritesAWordDocumentForReaders(t *testing.T) {
	e := newSheetEnv(t)
	path := "/report.docx?batch_id=" + itoa64(e.batch.ID)
	assert.Equal(t, http.StatusBadRequest, e.do("GET", "/report.docx", "jw", nil, "").Code, "batch_id is required")
	assert.Equal(t, http.StatusForbidden, e.do("GET", path, "m1", nil, "").Code)
	assert.Equal(t, http.StatusNotFound, e.do("GET", path+"&branch_id="+itoa64(e.first.ID), "o2", nil, "").Code)
	rec := e.do("GET", path, "ld", nil, "")
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", rec.Header().Get("Content-Type"))
	zr, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
	require.NoError(t, err)
	var doc string
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			require.NoError(t, err)
			b, _ := io.ReadAll(rc)
			doc = string(b)
		}
	}
	assert.Contains(t, doc, "关于巡察反馈问题整改情况的报告")
	assert.Contains(t, doc, "本批次共有问题2个、整改措施2项。")
	rec = e.do("GET", path, "o2", nil, "")
	require.Equal(t, http.StatusOK, rec.Code)
}

// ledgerFile is a small ledger sheet; bad adds a row with a wrong date.
func ledgerFile(t *testing.T, bad bool) []byte {
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"问题描述", "责任单位", "整改措施", "整改时限", "责任人"},
		{"党费收缴不及时", "第一党支部", "补缴党费", "2026-07-31", "张三"},
		{"党费收缴不及时", "第一党支部", "建立台账", "2026年8月底", "张三"},
	}
	if bad {
		rows = append(rows, []any{"学习不深入", "第一党支部", "制定计划", "2023年13月", ""})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(t, f.SetSheetRow("Sheet1", cell, &r))
	}
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	return buf.Bytes()
}

func TestImportXLSXRouteChecksAppliesAndRefuses(t *testing.T) {
	e := newSheetEnv(t)
	fields := func(branch int64, dry string) map[string]string {
		return map[string]string{"batch_id": itoa64(e.batch.ID), "branch_id": itoa64(branch), "dry_run": dry}
	}
	type result struct {
		DryRun    bool                `json:"dry_run"`
		Problems  int                 `json:"problems"`
		Tasks     int                 `json:"tasks"`
		Skipped   int                 `json:"skipped"`
		Unchanged int                 `json:"unchanged"`
		Errors    []store.ImportError `json:"errors"`
	}
	decode := func(rec *httptest.ResponseRecorder) result {
		var r result
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &r), rec.Body.String())
		return r
	}
	before := e.state()
	rec := e.upload("/import/xlsx", "jw", "台账.xlsx", ledgerFile(t, false), fields(e.party.ID, "true"))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, result{DryRun: true, Problems: 1, Tasks: 2, Errors: []store.ImportError{}}, decode(rec))
	assert.Equal(t, before, e.state(), "a dry run writes nothing")
	var plan struct {
		Rows []map[string]any `json:"rows"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &plan))
	assert.Equal(t, []map[string]any{
		{"row": 2.0, "action": "create", "problem": "党费收缴不及时", "measure": "补缴党费", "changes": []any{}},
		{"row": 3.0, "action": "create", "problem": "党费收缴不及时", "measure": "建立台账", "changes": []any{}},
	}, plan.Rows, "the dry run answers its plan row by row")

	noDry := fields(e.party.ID, "")
	delete(noDry, "dry_run")
	rec = e.upload("/import/xlsx", "jw", "台账.xlsx", ledgerFile(t, false), noDry)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.True(t, decode(rec).DryRun, "without dry_run the import only checks")
	assert.Equal(t, before, e.state(), "and writes nothing")

	rec = e.upload("/import/xlsx", "jw", "台账.xlsx", ledgerFile(t, true), fields(e.party.ID, "false"))
	require.Equal(t, http.StatusUnprocessableEntity, rec.Code, rec.Body.String())
	assert.Equal(t, []store.ImportError{{Row: 4, Column: "D", Message: "第4行 整改时限「2023年13月」不是有效日期"}}, decode(rec).Errors)
	assert.Equal(t, ledger.EUNPROCESS, errorCode(t, rec))
	assert.Equal(t, before, e.state(), "a file with an error writes nothing")

	rec = e.upload("/import/xlsx", "o1", "台账.xlsx", ledgerFile(t, false), fields(e.first.ID, "false"))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, result{Problems: 1, Tasks: 2, Errors: []store.ImportError{}}, decode(rec))
	assert.Equal(t, before[1]+2, e.state()[1])
	rec = e.upload("/import/xlsx", "jw", "台账.xlsx", ledgerFile(t, false), fields(e.first.ID, "false"))
	assert.Equal(t, result{Skipped: 2, Unchanged: 2, Errors: []store.ImportError{}}, decode(rec), "the same file again changes nothing")

	for _, tc := range []struct {
		as     string
		name   string
		data   []byte
		fields map[string]string
		status int
	}{
		{"m1", "台账.xlsx", ledgerFile(t, false), fields(e.first.ID, "true"), http.StatusForbidden},
		{"ld", "台账.xlsx", ledgerFile(t, false), fields(e.party.ID, "true"), http.StatusForbidden},
		{"o2", "台账.xlsx", ledgerFile(t, false), fields(e.first.ID, "true"), http.StatusNotFound},
		{"jw", "台账.xlsx", nil, fields(e.party.ID, "true"), http.StatusBadRequest},
		{"jw", "台账.xlsx", ledgerFile(t, false), fields(e.party.ID, "maybe"), http.StatusBadRequest},
		{"jw", "台账.xlsx", ledgerFile(t, false), map[string]string{"branch_id": itoa64(e.party.ID)}, http.StatusBadRequest},
		{"jw", "台账.xls", []byte("not a workbook"), fields(e.party.ID, "true"), http.StatusBadRequest},
		{"jw", "台账.xlsx", ledgerFile(t, false), map[string]string{"batch_id": "999", "branch_id": itoa64(e.party.ID)}, http.StatusNotFound},
	} {
		rec := e.upload("/import/xlsx", tc.as, tc.name, tc.data, tc.fields)
		assert.Equal(t, tc.status, rec.Code, "%s %v: %s", tc.as, tc.fields, rec.Body.String())
	}
	assert.Equal(t, before[1]+2, e.state()[1])
}

const material = `XX党支部2023年度组织生活会对照检查材料

一、存在的问题
（一）在理论学习方面。一是学习不够系统深入。满足于读原文。二是学用结合不够紧密。理论指导实践不够。
二、原因剖析
一是理想信念有所松懈。二是宗旨意识有所淡化。
三、整改措施
一是加强理论学习。制定学习计划。责任人：张三；完成时限：2026年9月底。
二是推动学用结合。立行立改。
`

func TestImportDocumentRouteReturnsADraftToReview(t *testing.T) {
	e := newSheetEnv(t)
	assert.Equal(t, http.StatusForbidden, e.upload("/import/document", "m1", "材料.txt", []byte(material), nil).Code)
	rec := e.upload("/import/document", "o1", "材料.txt", []byte(material), nil)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	var out struct {
		Documents []struct {
			Title string `json:"title"`
		} `json:"documents"`
		Draft confirmRequest `json:"draft"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out))
	require.Len(t, out.Documents, 1)
	assert.Equal(t, "XX党支部2023年度组织生活会对照检查材料", out.Documents[0].Title)
	require.Len(t, out.Draft.Problems, 2)
	assert.Equal(t, "在理论学习方面", out.Draft.Problems[0].Category)
	require.Len(t, out.Draft.Problems[0].Measures, 1, "two problems, two measures: paired in order")
	assert.Equal(t, "张三", out.Draft.Problems[0].Measures[0].OwnerName)
	assert.Equal(t, "2026-09-30", out.Draft.Problems[0].Measures[0].DueOn)

	rec = e.upload("/import/document", "o1", "材料.pdf", []byte("%PDF-1.4 ..."), nil)
	assert.Equal(t, http.StatusUnprocessableEntity, rec.Code, rec.Body.String())
	rec = e.upload("/import/document", "o1", "空.txt", []byte("   \n"), nil)
	assert.Equal(t, http.StatusUnprocessableEntity, rec.Code, rec.Body.String())
}

func TestConfirmDocumentRouteCreatesTheReviewedDraftOnce(t *testing.T) {
	e := newSheetEnv(t)
	draft := map[string]any{"batch_id": e.batch.ID, "branch_id": e.first.ID, "problems": []map[string]any{
		{"category": "在理论学习方面", "description": "学习不够系统深入", "cause": "理想信念有所松懈", "measures": []map[string]any{
			{"description": "制定学习计划", "owner_name": "张三", "due_on": "2026年9月底"},
			{"description": "开展专题研讨", "owner_id": e.users["m1"].ID, "kind": "立行立改"},
		}},
		{"description": "学用结合不够紧密", "measures": []map[string]any{{"description": "坚持学用结合", "kind": "long_term"}}},
	}}
	before := e.state()
	bad := map[string]any{"batch_id": e.batch.ID, "branch_id": e.first.ID, "problems": []map[string]any{
		{"description": "学习不够系统深入", "measures": []map[string]any{{"description": "制定学习计划", "due_on": "2026年13月"}, {"description": "无时限"}}}}}
	rec := e.json("POST", "/import/document/confirm", "o1", bad)
	require.Equal(t, http.StatusUnprocessableEntity, rec.Code, rec.Body.String())
	var res store.ImportResult
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &res))
	assert.Equal(t, []store.ImportError{
		{Row: 1, Column: "measures.due_on", Message: "第1个问题第1项措施 整改时限「2026年13月」不是有效日期"},
		{Row: 1, Column: "measures.due_on", Message: "第1个问题第2项措施 整改时限未填写（限期整改须写明完成日期）"},
	}, res.Errors)
	assert.Equal(t, before, e.state())

	assert.Equal(t, http.StatusForbidden, e.json("POST", "/import/document/confirm", "m1", draft).Code)
	assert.Equal(t, http.StatusNotFound, e.json("POST", "/import/document/confirm", "o2", draft).Code)
	assert.Equal(t, http.StatusBadRequest, e.json("POST", "/import/document/confirm", "o1",
		map[string]any{"batch_id": e.batch.ID, "branch_id": e.first.ID}).Code, "no problems")

	rec = e.json("POST", "/import/document/confirm", "o1", draft)
	require.Equal(t, http.StatusCreated, rec.Code, rec.Body.String())
	assert.JSONEq(t, `{"dry_run":false,"problems":2,"tasks":3,"updated":0,"unchanged":0,"skipped":0,"errors":[],"rows":[
		{"row":1,"action":"create","problem":"学习不够系统深入","measure":"制定学习计划","task_id":3,"changes":[]},
		{"row":1,"action":"create","problem":"学习不够系统深入","measure":"开展专题研讨","task_id":4,"changes":[]},
		{"row":2,"action":"create","problem":"学用结合不够紧密","measure":"坚持学用结合","task_id":5,"changes":[]}]}`, rec.Body.String())
	page, err := e.st.FindTasks(e.st.Scope(e.users["admin"]), ledger.TaskFilter{OwnerID: e.users["m1"].ID})
	require.NoError(t, err)
	assert.Equal(t, 2, page.Total, "张三 is matched by name and by id")
	rec = e.json("POST", "/import/document/confirm", "o1", draft)
	var again struct{ Problems, Tasks, Updated, Unchanged int }
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &again))
	assert.Equal(t, struct{ Problems, Tasks, Updated, Unchanged int }{Unchanged: 3}, again, "the same draft again changes nothing")
}

func TestImportXLSXRouteNamesTheLimitAWorkbookBreaks(t *testing.T) {
	e := newSheetEnv(t)
	f := excelize.NewFile()
	defer f.Close()
	require.NoError(t, f.SetSheetRow("Sheet1", "A1", &[]any{"问题描述", "整改措施"}))
	require.NoError(t, f.SetCellValue("Sheet1", "A1048576", "末行"))
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	before := e.state()
	rec := e.upload("/import/xlsx", "jw", "台账.xlsx", buf.Bytes(),
		map[string]string{"batch_id": itoa64(e.batch.ID), "branch_id": itoa64(e.party.ID), "dry_run": "true"})
	require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code, rec.Body.String())
	assert.Equal(t, ledger.ETOOLARGE, errorCode(t, rec))
	assert.Contains(t, rec.Body.String(), "超过120000行的限制", "the answer names the limit")
	assert.Equal(t, before, e.state())
}
