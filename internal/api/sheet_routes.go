package api

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"rectify/internal/app"
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
func (s *Server) SheetRoutes() []Route {
	h := &sheetHandlers{store: s.store, app: s.app}
	return []Route{
		{Method: "GET", Path: "/export.xlsx", Summary: "Export the ledger as .xlsx (branch_id, batch_id; officer, leader, admin)", Handler: h.export},
		{Method: "GET", Path: "/report.docx", Summary: "整改情况报告 of a batch as .docx (batch_id, branch_id; officer, leader, admin)", Handler: h.report},
		{Method: "POST", Path: "/import/xlsx", Summary: "Import a ledger sheet (multipart file; batch_id, branch_id, dry_run; officer)", Body: BodyMultipart, Handler: handle(h.importXLSX)},
		{Method: "POST", Path: "/import/document", Summary: "Parse a 对照检查材料 (multipart file) into a draft to review (officer)", Body: BodyMultipart, Handler: handle(h.importDocument)},
		{Method: "POST", Path: "/import/document/confirm", Summary: "Create the problems and measures of a reviewed draft (officer)", Body: BodyJSON, Handler: handle(h.confirmDocument)},
	}
}

type sheetHandlers struct {
	store *store.Store
	app   *app.Service
}

// mayImport is app.MayImport: officers and admins who manage the branch.
func (h *sheetHandlers) mayImport(u *ledger.User, branchID int64) error {
	return h.app.MayImport(u, branchID)
}

func (h *sheetHandlers) export(c *gin.Context) {
	opt, err := h.exportOptions(c)
	if err == nil {
		err = SendFile(c, "整改台账-"+opt.Today.String()+".xlsx", xlsxType, func(w io.Writer) error {
			_, err := sheet.Export(w, h.store, opt)
			return err
		})
	}
	if err != nil {
		writeError(c, err)
	}
}

// exportOptions reads branch_id and batch_id and lets app.ExportTarget
// decide who may export what.
func (h *sheetHandlers) exportOptions(c *gin.Context) (sheet.ExportOptions, error) {
	branchID, batchID, err := downloadIDs(c)
	if err != nil {
		return sheet.ExportOptions{}, err
	}
	t, err := h.app.ExportTarget(CurrentUser(c), branchID, batchID)
	if err != nil {
		return sheet.ExportOptions{}, err
	}
	opt := sheet.ExportOptions{Scope: t.Scope, Today: t.Today, BranchID: t.BranchID, BatchID: batchID}
	batchTitle := ""
	if t.Batch != nil {
		batchTitle = t.Batch.Title
	}
	opt.Title = sheet.Title(t.Unit, batchTitle)
	return opt, nil
}

// downloadIDs reads the branch_id and batch_id query values.
func downloadIDs(c *gin.Context) (branchID, batchID int64, err error) {
	if branchID, err = queryID(c, "branch_id"); err == nil {
		batchID, err = queryID(c, "batch_id")
	}
	return branchID, batchID, err
}

func (h *sheetHandlers) report(c *gin.Context) {
	opt, err := h.reportOptions(c)
	if err == nil {
		err = SendFile(c, "整改情况报告-"+opt.Today.String()+".docx", docxType, func(w io.Writer) error {
			_, err := report.Write(w, h.store, opt)
			return err
		})
	}
	if err != nil {
		writeError(c, err)
	}
}

func (h *sheetHandlers) reportOptions(c *gin.Context) (report.Options, error) {
	branchID, batchID, err := downloadIDs(c)
	if err != nil {
		return report.Options{}, err
	}
	t, err := h.app.ReportTarget(CurrentUser(c), branchID, batchID)
	if err != nil {
		return report.Options{}, err
	}
	return report.Options{Scope: t.Scope, Today: t.Today, Now: t.Now, BranchID: t.BranchID, Batch: t.Batch, Unit: t.Unit}, nil
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
	return f, app.CleanFileName(fh.Filename), err
}

// maxDocument bounds an uploaded 对照检查材料.
const maxDocument = 4 << 20

func (h *sheetHandlers) importDocument(c *gin.Context) (int, any, error) {
	if err := app.MayImportAny(CurrentUser(c)); err != nil {
		return 0, nil, err
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
		if ledger.ErrorReason(err) != "" {
			return 0, nil, err // a limit or a busy server: 413, 422 or 429
		}
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
