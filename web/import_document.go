package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/docimport"
	"rectify/internal/ledger"
	"rectify/internal/sheet"
	"rectify/internal/store"
)

// maxDocument bounds an uploaded 对照检查材料, as the API does.
const maxDocument = 4 << 20

// parseDocument reads an uploaded 对照检查材料 and shows its draft with a
// button that creates the problems in the chosen batch and branch.
func (h *Handler) parseDocument(c *gin.Context) {
	if !h.requireImporter(c) {
		return
	}
	u := api.CurrentUser(c)
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxDocument+maxForm)
	p, err := h.newImportPage(u, formInt(c, "batch_id"), formInt(c, "branch_id"))
	if err != nil {
		h.fail(c, err)
		return
	}
	res, err := h.readDocument(c)
	if err != nil {
		h.importFailed(c, p, err)
		return
	}
	d := sheet.DraftOf(res)
	b, err := json.Marshal(d)
	if err != nil {
		h.fail(c, err)
		return
	}
	p.Draft, p.DraftJSON = &d, string(b)
	if len(d.Problems) == 0 {
		p.Error = "未在文件中找到问题清单（如“存在的问题”“查摆的问题”部分）。"
	}
	h.render(c, http.StatusOK, "import", p)
}

func (h *Handler) readDocument(c *gin.Context) (*docimport.Result, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, ledger.FieldErrorf("file", "a file is required")
	}
	if fh.Size > maxDocument {
		return nil, ledger.Errorf(ledger.ETOOLARGE, "对照检查材料不能超过%dMB", maxDocument>>20)
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	res, err := docimport.ParseReader(f, app.CleanFileName(fh.Filename))
	if err != nil {
		if msg, ok := documentLimits[ledger.ErrorReason(err)]; ok {
			return nil, ledger.Reasonf(ledger.ErrorCode(err), ledger.ErrorReason(err), "%s", msg)
		}
		return nil, ledger.Errorf(ledger.EUNPROCESS, "无法读取该文件（请上传 .txt 或 .docx）：%s", strings.TrimPrefix(err.Error(), "docimport: "))
	}
	return res, nil
}

// documentLimits say in Chinese which limit of docimport an upload hit.
var documentLimits = map[string]string{
	docimport.ReasonTooLarge:     "文件过大，无法读取。",
	docimport.ReasonXMLTooLarge:  fmt.Sprintf("该 Word 文件解压后超过 %dMB 的上限，无法读取。", docimport.MaxDocumentXMLBytes>>20),
	docimport.ReasonTooDeep:      fmt.Sprintf("该 Word 文件的结构嵌套超过 %d 层的上限，无法读取；请另存为新的 .docx 后重试。", docimport.MaxXMLDepth),
	docimport.ReasonTextTooLarge: fmt.Sprintf("文件的文字超过 %dMB 的上限，请拆分后分别导入。", docimport.MaxTextBytes>>20),
	docimport.ReasonBusy:         "服务器正在处理其他文件，请稍后再试。",
}

// confirmDocument creates a reviewed draft's problems and measures
// through store.ImportLedger, as POST /api/v1/import/document/confirm
// does: any error writes nothing.
func (h *Handler) confirmDocument(c *gin.Context) {
	if !h.requireImporter(c) {
		return
	}
	u := api.CurrentUser(c)
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 2*maxDocument)
	batchID, branchID := formInt(c, "batch_id"), formInt(c, "branch_id")
	p, err := h.newImportPage(u, batchID, branchID)
	if err != nil {
		h.fail(c, err)
		return
	}
	if err := h.app.MayImport(u, branchID); err != nil {
		h.importFailed(c, p, err)
		return
	}
	var d sheet.Draft
	if err := json.Unmarshal([]byte(c.PostForm("draft")), &d); err != nil {
		h.importFailed(c, p, ledger.FieldErrorf("draft", "draft is not valid JSON"))
		return
	}
	if c.PostForm("edit") != "" {
		d = editedDraft(d, c.Request.PostForm)
	}
	b, err := json.Marshal(d)
	if err != nil {
		h.fail(c, err)
		return
	}
	p.Draft, p.DraftJSON = &d, string(b)
	if len(d.Problems) == 0 {
		h.importFailed(c, p, ledger.FieldErrorf("problems", "problems is required"))
		return
	}
	problems, errs := sheet.DraftImport(d.Problems, h.st.Today())
	res, err := h.st.ImportLedger(u, &store.ImportRequest{BatchID: batchID, BranchID: branchID, DryRun: len(errs) > 0,
		Problems: problems, Source: "对照检查材料"})
	if err != nil {
		h.importFailed(c, p, err)
		return
	}
	res.DryRun = false
	res.Errors = append(errs, res.Errors...)
	p.Document = res
	if len(res.Errors) > 0 {
		p.Error = fmt.Sprintf("共%d处错误，未导入任何内容。", len(res.Errors))
		h.render(c, http.StatusUnprocessableEntity, "import", p)
		return
	}
	p.Draft, p.DraftJSON = nil, ""
	p.Flash = fmt.Sprintf("已导入：新增问题 %d 个、整改措施 %d 项，修改 %d 项，无变化 %d 项。", res.Problems, res.Tasks, res.Updated, res.Unchanged)
	h.render(c, http.StatusOK, "import", p)
}
