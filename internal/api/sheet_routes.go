package api

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"rectify/internal/docimport"
	"rectify/internal/ledger"
	"rectify/internal/report"
	"rectify/internal/sheet"
	"rectify/internal/store"
)

// Content types of the files these routes send.
const (
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)

// SheetRoutes are the routes that bring the ledger in and out: the .xlsx
// export and import, the 整改情况报告 and 对照检查材料 drafts.
func SheetRoutes(st *store.Store) []Route {
	h := &sheetHandlers{store: st}
	return []Route{
		{Method: "GET", Path: "/export.xlsx", Summary: "Export the ledger as .xlsx (branch_id, batch_id; officer, leader, admin)", Handler: h.export},
		{Method: "GET", Path: "/report.docx", Summary: "整改情况报告 of a batch as .docx (batch_id, branch_id; officer, leader, admin)", Handler: h.report},
		{Method: "POST", Path: "/import/xlsx", Summary: "Import a ledger sheet (multipart file; batch_id, branch_id, dry_run; officer)", Upload: true, Handler: handle(h.importXLSX)},
		{Method: "POST", Path: "/import/document", Summary: "Parse a 对照检查材料 (multipart file) into a draft to review (officer)", Upload: true, Handler: handle(h.importDocument)},
		{Method: "POST", Path: "/import/document/confirm", Summary: "Create the problems and measures of a reviewed draft (officer)", Handler: handle(h.confirmDocument)},
	}
}

type sheetHandlers struct {
	store *store.Store
}

// mayRead allows the roles that read the whole ledger of their scope.
func mayRead(u *ledger.User) error {
	if u.Role == ledger.RoleMember {
		return ledger.Errorf(ledger.EFORBIDDEN, "your role may not export the ledger")
	}
	return nil
}

// mayImport allows officers and admins who manage the branch.
func (h *sheetHandlers) mayImport(u *ledger.User, branchID int64) error {
	scope := h.store.Scope(u)
	switch {
	case branchID <= 0:
		return ledger.FieldErrorf("branch_id", "branch_id is required")
	case !scope.Sees(branchID):
		return &ledger.Error{Code: ledger.ENOTFOUND, Field: "branch_id", Message: "branch not found"}
	case !scope.Manages(branchID):
		return ledger.Errorf(ledger.EFORBIDDEN, "your role may not import into this branch")
	}
	return nil
}

func (h *sheetHandlers) export(c *gin.Context) {
	opt, err := h.exportOptions(c)
	if err != nil {
		writeError(c, err)
		return
	}
	h.sendFile(c, "整改台账-"+opt.Today.String()+".xlsx", xlsxType, func(w io.Writer) error {
		_, err := sheet.Export(w, h.store, opt)
		return err
	})
}

func (h *sheetHandlers) exportOptions(c *gin.Context) (sheet.ExportOptions, error) {
	u := CurrentUser(c)
	opt := sheet.ExportOptions{Scope: h.store.Scope(u), Today: h.store.Today()}
	var err error
	if opt.BranchID, err = queryID(c, "branch_id"); err != nil {
		return opt, err
	}
	if opt.BatchID, err = queryID(c, "batch_id"); err != nil {
		return opt, err
	}
	if err := mayRead(u); err != nil {
		return opt, err
	}
	opt.Title, err = h.title(opt.Scope, opt.BranchID, opt.BatchID)
	return opt, err
}

// title names what an export covers: the branch (or the caller's own)
// and the batch.
func (h *sheetHandlers) title(scope ledger.Scope, branchID, batchID int64) (string, error) {
	unit := ""
	root := branchID
	if root == 0 {
		root = scope.Root()
	}
	if root != 0 {
		b := scope.Tree.Get(root)
		if b == nil || !scope.Sees(root) {
			return "", &ledger.Error{Code: ledger.ENOTFOUND, Field: "branch_id", Message: "branch not found"}
		}
		unit = b.Name
	}
	if batchID == 0 {
		return sheet.Title(unit, ""), nil
	}
	b, err := h.store.FindBatch(scope, batchID)
	if err != nil {
		return "", &ledger.Error{Code: ledger.ENOTFOUND, Field: "batch_id", Message: "batch not found"}
	}
	return sheet.Title(unit, b.Title), nil
}

func (h *sheetHandlers) report(c *gin.Context) {
	opt, err := h.reportOptions(c)
	if err != nil {
		writeError(c, err)
		return
	}
	h.sendFile(c, "整改情况报告-"+opt.Today.String()+".docx", docxType, func(w io.Writer) error {
		_, err := report.Write(w, h.store, opt)
		return err
	})
}

func (h *sheetHandlers) reportOptions(c *gin.Context) (report.Options, error) {
	u := CurrentUser(c)
	opt := report.Options{Scope: h.store.Scope(u), Today: h.store.Today(), Now: h.store.Now()}
	batchID, err := queryID(c, "batch_id")
	if err != nil {
		return opt, err
	} else if batchID == 0 {
		return opt, ledger.FieldErrorf("batch_id", "batch_id is required")
	}
	if opt.BranchID, err = queryID(c, "branch_id"); err != nil {
		return opt, err
	}
	if err := mayRead(u); err != nil {
		return opt, err
	}
	if opt.Batch, err = h.store.FindBatch(opt.Scope, batchID); err != nil {
		return opt, &ledger.Error{Code: ledger.ENOTFOUND, Field: "batch_id", Message: "batch not found"}
	}
	opt.Unit, err = h.unit(opt.Scope, opt.BranchID, opt.Batch)
	return opt, err
}

// unit names who reports: the branch asked for, else the batch's own
// branch when the caller sees it, else the caller's branch.
func (h *sheetHandlers) unit(scope ledger.Scope, branchID int64, b *ledger.Batch) (string, error) {
	id := branchID
	switch {
	case id != 0 && !scope.Sees(id):
		return "", &ledger.Error{Code: ledger.ENOTFOUND, Field: "branch_id", Message: "branch not found"}
	case id == 0 && scope.Sees(b.BranchID):
		id = b.BranchID
	case id == 0:
		id = scope.Root()
	}
	if br := scope.Tree.Get(id); br != nil {
		return br.Name, nil
	}
	return "", nil
}

// sendFile writes the document to a temporary file first, so a failure
// is still a JSON error and the download has a length.
func (h *sheetHandlers) sendFile(c *gin.Context, name, contentType string, write func(io.Writer) error) {
	f, err := os.CreateTemp("", "rectify-download-*")
	if err != nil {
		writeError(c, err)
		return
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if err := write(f); err != nil {
		writeError(c, err)
		return
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		writeError(c, err)
		return
	}
	c.DataFromReader(http.StatusOK, size, contentType, f,
		map[string]string{"Content-Disposition": mime.FormatMediaType("attachment", map[string]string{"filename": name})})
}

// importResponse is the import result, with an error object when the
// import was refused (422).
type importResponse struct {
	Error *errorDetail `json:"error,omitempty"`
	*store.ImportResult
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// answer turns an import result into the response: 422 when rows have
// errors and the import was meant to apply, created otherwise.
func answer(res *store.ImportResult, created int) (int, any, error) {
	if res.Errors == nil {
		res.Errors = []store.ImportError{}
	}
	sort.SliceStable(res.Errors, func(i, j int) bool { return res.Errors[i].Row < res.Errors[j].Row })
	if !res.DryRun && len(res.Errors) > 0 {
		return http.StatusUnprocessableEntity, importResponse{ImportResult: res, Error: &errorDetail{Code: ledger.EUNPROCESS,
			Message: fmt.Sprintf("共%d处错误，未导入任何内容；请修改后重新导入", len(res.Errors))}}, nil
	}
	if res.DryRun {
		return http.StatusOK, importResponse{ImportResult: res}, nil
	}
	return created, importResponse{ImportResult: res}, nil
}

func (h *sheetHandlers) importXLSX(c *gin.Context) (int, any, error) {
	u := CurrentUser(c)
	batchID, err := formID(c, "batch_id")
	if err != nil {
		return 0, nil, err
	}
	branchID, err := formID(c, "branch_id")
	if err != nil {
		return 0, nil, err
	}
	// Without dry_run nothing is written: applying must be asked for.
	dry, err := strconv.ParseBool(c.DefaultPostForm("dry_run", "true"))
	if err != nil {
		return 0, nil, ledger.FieldErrorf("dry_run", "dry_run must be true or false")
	}
	if err := h.mayImport(u, branchID); err != nil {
		return 0, nil, err
	}
	f, name, err := formFile(c)
	if err != nil {
		return 0, nil, err
	}
	defer f.Close()
	res, err := sheet.Import(h.store, u, f, sheet.ImportOptions{BatchID: batchID, BranchID: branchID, DryRun: dry, Source: name})
	if err != nil {
		return 0, nil, err
	}
	return answer(res, http.StatusOK)
}

// formID reads a required positive integer form field.
func formID(c *gin.Context, name string) (int64, error) {
	v, err := strconv.ParseInt(c.PostForm(name), 10, 64)
	if err != nil || v <= 0 {
		return 0, ledger.FieldErrorf(name, "%s is required (a positive integer)", name)
	}
	return v, nil
}

// formFile opens the multipart field "file".
func formFile(c *gin.Context) (io.ReadCloser, string, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if asMaxBytes(err, &mbe) {
			return nil, "", mbe
		}
		return nil, "", ledger.FieldErrorf("file", "a multipart file field named \"file\" is required")
	}
	f, err := fh.Open()
	return f, CleanFileName(fh.Filename), err
}

// maxDocument bounds an uploaded 对照检查材料.
const maxDocument = 4 << 20

func (h *sheetHandlers) importDocument(c *gin.Context) (int, any, error) {
	u := CurrentUser(c)
	if u.Role != ledger.RoleOfficer && u.Role != ledger.RoleAdmin {
		return 0, nil, ledger.Errorf(ledger.EFORBIDDEN, "your role may not import documents")
	}
	fh, err := c.FormFile("file")
	if err == nil && fh.Size > maxDocument {
		// A 对照检查材料 is tens of kilobytes; parsing cost grows with size,
		// so a huge upload is refused rather than parsed for seconds.
		return 0, nil, ledger.Errorf(ledger.ETOOLARGE, "a document may be at most %d MB", maxDocument>>20)
	}
	f, name, err := formFile(c)
	if err != nil {
		return 0, nil, err
	}
	defer f.Close()
	res, err := docimport.ParseReader(f, name)
	if err != nil {
		return 0, nil, ledger.Errorf(ledger.EUNPROCESS, "the file could not be read: %s", strings.TrimPrefix(err.Error(), "docimport: "))
	}
	return http.StatusOK, gin.H{"documents": res.Documents, "draft": sheet.DraftOf(res)}, nil
}

type confirmRequest struct {
	BatchID  int64                `json:"batch_id"`
	BranchID int64                `json:"branch_id"`
	DryRun   bool                 `json:"dry_run"`
	Problems []sheet.DraftProblem `json:"problems"`
}

func (h *sheetHandlers) confirmDocument(c *gin.Context) (int, any, error) {
	u := CurrentUser(c)
	var req confirmRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	if err := h.mayImport(u, req.BranchID); err != nil {
		return 0, nil, err
	}
	if len(req.Problems) == 0 {
		return 0, nil, ledger.FieldErrorf("problems", "problems is required: at least one problem")
	}
	problems, errs := sheet.DraftImport(req.Problems, h.store.Today())
	res, err := h.store.ImportLedger(u, &store.ImportRequest{BatchID: req.BatchID, BranchID: req.BranchID,
		DryRun: req.DryRun || len(errs) > 0, Problems: problems, Source: "对照检查材料", Columns: confirmColumns})
	if err != nil {
		return 0, nil, err
	}
	res.DryRun = req.DryRun
	res.Errors = append(errs, res.Errors...)
	return answer(res, http.StatusCreated)
}

// confirmColumns name the JSON fields that errors point at.
var confirmColumns = map[string]string{
	"problem.description": "description", "problem.category": "category", "problem.cause": "cause", "problem.leader": "leader",
	"branch": "branch", "task.description": "measures.description", "task.kind": "measures.kind", "task.due_on": "measures.due_on",
	"task.lead_dept": "measures.lead_dept", "owner": "measures.owner_id", "task.owner_id": "measures.owner_id",
}
