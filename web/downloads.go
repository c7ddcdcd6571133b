package web

import (
	"io"
	"mime"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/ledger"
	"rectify/internal/report"
	"rectify/internal/sheet"
)

// Content types of the downloads, as the API sends them.
const (
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)

// mayDownload is the API's rule for export.xlsx and report.docx: every
// role that reads the whole ledger of its scope, that is all but members.
func mayDownload(u *ledger.User) bool { return u != nil && u.Role != ledger.RoleMember }

// exportLedger streams the 台账 of the session user's scope as .xlsx,
// with the branch and batch filters of the 台账 page.
func (h *Handler) exportLedger(c *gin.Context) {
	u := api.CurrentUser(c)
	opt := sheet.ExportOptions{Scope: h.st.Scope(u), Today: h.st.Today()}
	batch, err := h.downloadFilter(c, opt.Scope, &opt.BranchID, &opt.BatchID)
	if err != nil {
		h.fail(c, err)
		return
	}
	batchTitle := ""
	if batch != nil {
		batchTitle = batch.Title
	}
	opt.Title = sheet.Title(h.unitName(opt.Scope, opt.BranchID, 0), batchTitle)
	h.sendFile(c, "整改台账-"+opt.Today.String()+".xlsx", xlsxType, func(w io.Writer) error {
		_, err := sheet.Export(w, h.st, opt)
		return err
	})
}

// reportDocument sends the 整改情况报告 of the chosen batch as .docx.
func (h *Handler) reportDocument(c *gin.Context) {
	u := api.CurrentUser(c)
	opt := report.Options{Scope: h.st.Scope(u), Today: h.st.Today(), Now: h.st.Now()}
	var batchID int64
	batch, err := h.downloadFilter(c, opt.Scope, &opt.BranchID, &batchID)
	if err == nil && batch == nil {
		err = ledger.FieldErrorf("batch_id", "batch_id is required")
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	opt.Batch = batch
	opt.Unit = h.unitName(opt.Scope, opt.BranchID, batch.BranchID)
	h.sendFile(c, "整改情况报告-"+opt.Today.String()+".docx", docxType, func(w io.Writer) error {
		_, err := report.Write(w, h.st, opt)
		return err
	})
}

// downloadFilter reads branch_id and batch_id and applies the API's
// checks in its order: members are refused, a branch or batch outside the
// scope is not found. It returns the batch, nil when none was asked for.
func (h *Handler) downloadFilter(c *gin.Context, scope ledger.Scope, branchID, batchID *int64) (*ledger.Batch, error) {
	var err error
	if *branchID, err = queryInt(c, "branch_id"); err != nil {
		return nil, err
	}
	if *batchID, err = queryInt(c, "batch_id"); err != nil {
		return nil, err
	}
	if !mayDownload(scope.User) {
		return nil, ledger.Errorf(ledger.EFORBIDDEN, "your role may not export the ledger")
	}
	if *branchID != 0 && (scope.Tree.Get(*branchID) == nil || !scope.Sees(*branchID)) {
		return nil, &ledger.Error{Code: ledger.ENOTFOUND, Field: "branch_id", Message: "branch not found"}
	}
	if *batchID == 0 {
		return nil, nil
	}
	b, err := h.st.FindBatch(scope, *batchID)
	if err != nil {
		return nil, &ledger.Error{Code: ledger.ENOTFOUND, Field: "batch_id", Message: "batch not found"}
	}
	return b, nil
}

// unitName names who the document is about: the branch asked for, else
// the batch's branch when the user sees it, else the user's own branch.
func (h *Handler) unitName(scope ledger.Scope, branchID, batchBranch int64) string {
	id := branchID
	if id == 0 && batchBranch != 0 && scope.Sees(batchBranch) {
		id = batchBranch
	}
	if id == 0 {
		id = scope.Root()
	}
	if b := scope.Tree.Get(id); b != nil {
		return b.Name
	}
	return ""
}

// sendFile writes the document to a temporary file first, so a failure
// is still an error page and the download has a length.
func (h *Handler) sendFile(c *gin.Context, name, contentType string, write func(io.Writer) error) {
	f, err := os.CreateTemp("", "rectify-download-*")
	if err != nil {
		h.fail(c, err)
		return
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if err := write(f); err != nil {
		h.fail(c, err)
		return
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if err == nil {
		_, err = f.Seek(0, io.SeekStart)
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	c.DataFromReader(http.StatusOK, size, contentType, f,
		map[string]string{"Content-Disposition": mime.FormatMediaType("attachment", map[string]string{"filename": name})})
}
