package web

import (
	"io"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/ledger"
	"rectify/internal/report"
	"rectify/internal/sheet"
)

// Content types of the downloads, as the API sends them.
const (
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)

// mayDownload shows the download links to the roles app.MayExport allows.
func mayDownload(u *ledger.User) bool { return app.MayExport(u) == nil }

// exportLedger streams the 台账 of the session user's scope as .xlsx,
// with the branch and batch filters of the 台账 page.
func (h *Handler) exportLedger(c *gin.Context) {
	branchID, batchID, err := downloadIDs(c)
	var t *app.DownloadTarget
	if err == nil {
		t, err = h.app.ExportTarget(api.CurrentUser(c), branchID, batchID)
	}
	if err == nil {
		opt := sheet.ExportOptions{Scope: t.Scope, Today: t.Today, BranchID: t.BranchID, BatchID: batchID}
		batchTitle := ""
		if t.Batch != nil {
			batchTitle = t.Batch.Title
		}
		opt.Title = sheet.Title(t.Unit, batchTitle)
		err = api.SendFile(c, "整改台账-"+opt.Today.String()+".xlsx", xlsxType, func(w io.Writer) error {
			_, err := sheet.Export(w, h.st, opt)
			return err
		})
	}
	if err != nil {
		h.fail(c, err)
	}
}

// reportDocument sends the 整改情况报告 of the chosen batch as .docx.
func (h *Handler) reportDocument(c *gin.Context) {
	branchID, batchID, err := downloadIDs(c)
	var t *app.DownloadTarget
	if err == nil {
		t, err = h.app.ReportTarget(api.CurrentUser(c), branchID, batchID)
	}
	if err == nil {
		opt := report.Options{Scope: t.Scope, Today: t.Today, Now: t.Now, BranchID: t.BranchID, Batch: t.Batch, Unit: t.Unit}
		err = api.SendFile(c, "整改情况报告-"+opt.Today.String()+".docx", docxType, func(w io.Writer) error {
			_, err := report.Write(w, h.st, opt)
			return err
		})
	}
	if err != nil {
		h.fail(c, err)
	}
}

// downloadIDs reads the branch_id and batch_id query values.
func downloadIDs(c *gin.Context) (branchID, batchID int64, err error) {
	if branchID, err = queryInt(c, "branch_id"); err == nil {
		batchID, err = queryInt(c, "batch_id")
	}
	return branchID, batchID, err
}
