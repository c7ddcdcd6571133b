package web

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/ledger"
	"rectify/internal/sheet"
	"rectify/internal/store"
)

// uploadTTL is how long an uploaded sheet waits for its 确认导入 after the
// dry run; older files are deleted at the next upload.
const uploadTTL = 30 * time.Minute

type importPage struct {
	base
	Batches  []option
	Branches []option
	BatchID  int64
	BranchID int64
	// Sheet is the result of a dry run or an import of a .xlsx ledger.
	Sheet *store.ImportResult
	// Plan is the rows of Sheet that change something or fail, shown
	// before anything is written; PlanHidden counts those past the cap.
	Plan       []ledger.ImportRow
	PlanHidden int
	FileName   string
	Upload     string // id of the uploaded sheet kept for 确认导入
	// Draft is a parsed 对照检查材料 shown for review.
	Draft     *sheet.Draft
	DraftJSON string
	// Document is the result of creating a draft's problems.
	Document  *store.ImportResult
	LedgerURL string
}

// importTargets feeds the batch and branch selects of one form.
type importTargets struct {
	Prefix string
	Page   *importPage
}

// mayImport is app.MayImportAny: officers and admins; app.MayImport then
// checks that they manage the branch.
func mayImport(u *ledger.User) bool { return app.MayImportAny(u) == nil }

// requireImporter answers 403 for everyone who may not import.
func (h *Handler) requireImporter(c *gin.Context) bool {
	if !mayImport(api.CurrentUser(c)) {
		h.renderError(c, http.StatusForbidden, "无权访问", "导入台账仅对纪检委员和管理员开放。")
		return false
	}
	return true
}

func (h *Handler) importForm(c *gin.Context) {
	if !h.requireImporter(c) {
		return
	}
	p, err := h.newImportPage(api.CurrentUser(c), 0, 0)
	if err != nil {
		h.fail(c, err)
		return
	}
	h.render(c, http.StatusOK, "import", p)
}

// newImportPage lists the batches the user sees and the branches they
// manage, marking the chosen ones.
func (h *Handler) newImportPage(u *ledger.User, batchID, branchID int64) (*importPage, error) {
	scope := h.st.Scope(u)
	p := &importPage{base: base{Title: "导入", Nav: "import", User: u}, BatchID: batchID, BranchID: branchID}
	batches, err := h.st.Batches(scope)
	if err != nil {
		return nil, err
	}
	for _, b := range batches {
		p.Batches = append(p.Batches, option{id(b.ID), b.Title, b.ID == batchID})
	}
	for _, o := range branchOptions(scope, branchID, "") {
		if n, _ := strconv.ParseInt(o.Value, 10, 64); n > 0 && scope.Manages(n) {
			p.Branches = append(p.Branches, o)
		}
	}
	if batchID > 0 {
		p.LedgerURL = tasksURL(branchID, batchID)
	}
	return p, nil
}

// importSheet runs a .xlsx ledger through sheet.Import: dry_run=true
// checks it and keeps the file for the 确认导入 button; dry_run=false
// applies it (all or nothing) from that kept file or a new upload.
func (h *Handler) importSheet(c *gin.Context) {
	if !h.requireImporter(c) {
		return
	}
	u := api.CurrentUser(c)
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, sheet.MaxFileBytes+maxForm)
	batchID, branchID := formInt(c, "batch_id"), formInt(c, "branch_id")
	p, err := h.newImportPage(u, batchID, branchID)
	if err != nil {
		h.fail(c, err)
		return
	}
	dry := c.PostForm("dry_run") != "false"
	path, name, err := h.uploadedSheet(c, u)
	if err == nil {
		if p.Sheet, err = h.runImport(u, path, name, batchID, branchID, dry); err != nil {
			// A refused import keeps nothing on disk.
			_ = os.Remove(path)
		}
	}
	if err != nil {
		h.importFailed(c, p, err)
		return
	}
	p.FileName = name
	p.Plan, p.PlanHidden = planRows(p.Sheet.Rows)
	status := http.StatusOK
	switch {
	case len(p.Sheet.Errors) > 0 && !dry:
		status, p.Error = http.StatusUnprocessableEntity, fmt.Sprintf("共%d处错误，未导入任何内容；请修改后重新导入。", len(p.Sheet.Errors))
		_ = os.Remove(path)
	case dry && len(p.Sheet.Errors) == 0:
		p.Upload = uploadID(path)
	case dry:
		_ = os.Remove(path)
	default:
		_ = os.Remove(path)
		p.Flash = fmt.Sprintf("已导入：新增问题 %d 个、整改措施 %d 项，修改 %d 项，无变化 %d 项。", p.Sheet.Problems, p.Sheet.Tasks, p.Sheet.Updated, p.Sheet.Unchanged)
	}
	h.render(c, status, "import", p)
}

// maxPlanRows bounds the plan table: a sheet of 100,000 rows is shown by
// its counts and the first rows that change something.
const maxPlanRows = 2000

// planRows are the rows a person must look at: creates, updates, errors
// and rows with notes; unchanged rows are only counted.
func planRows(rows []ledger.ImportRow) ([]ledger.ImportRow, int) {
	var out []ledger.ImportRow
	hidden := 0
	for _, r := range rows {
		if r.Action == ledger.ImportUnchanged && len(r.Notes) == 0 {
			continue
		}
		if len(out) == maxPlanRows {
			hidden++
			continue
		}
		out = append(out, r)
	}
	return out, hidden
}

func (h *Handler) runImport(u *ledger.User, path, name string, batchID, branchID int64, dry bool) (*store.ImportResult, error) {
	if err := h.app.MayImport(u, branchID); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	res, err := sheet.Import(h.st, u, f, sheet.ImportOptions{BatchID: batchID, BranchID: branchID, DryRun: dry, Source: name})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(res.Errors, func(a, b store.ImportError) int { return a.Row - b.Row })
	return res, nil
}

// importFailed shows the form again with the reason a file was refused.
func (h *Handler) importFailed(c *gin.Context, p *importPage, err error) {
	code := ledger.ErrorCode(err)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		code = ledger.ETOOLARGE
	}
	if code == ledger.EINTERNAL || code == ledger.EFORBIDDEN || code == ledger.EUNAUTHORIZED {
		h.fail(c, err)
		return
	}
	p.Error = importMessage(err)
	h.render(c, statusOf(code), "import", p)
}

// importMessages translate the store's refusals of an import target.
var importMessages = map[string]string{
	"batch_id":  "请选择问题批次（该批次不存在或您无权查看）。",
	"branch_id": "请选择您管理的单位；该单位须是所选批次的单位或其下级单位。",
	"draft":     "草稿内容有误，请重新上传文件。",
	"problems":  "草稿中没有问题，未导入任何内容。",
}

// importMessage is the Chinese reason for a refused import. The sheet and
// document readers already speak Chinese; their text is shown as is.
func importMessage(err error) string {
	msg := ledger.ErrorMessage(err)
	if code := ledger.ErrorCode(err); code != ledger.EINTERNAL && utf8.RuneCountInString(msg) < len(msg) {
		return msg
	}
	if m, ok := importMessages[ledger.ErrorField(err)]; ok {
		return m
	}
	return messageOf(err)
}

func formInt(c *gin.Context, name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(c.PostForm(name)), 10, 64)
	return max(n, 0)
}

// uploadedSheet returns the file to import: a new upload, saved under
// the data folder, or the one a dry run kept (field "upload").
func (h *Handler) uploadedSheet(c *gin.Context, u *ledger.User) (path, name string, err error) {
	if up := c.PostForm("upload"); up != "" {
		path, err = h.keptUpload(u, up)
		return path, app.CleanFileName(c.PostForm("file_name")), err
	}
	fh, err := c.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", "", err
		}
		return "", "", ledger.FieldErrorf("file", "a file is required")
	}
	src, err := fh.Open()
	if err != nil {
		return "", "", err
	}
	defer src.Close()
	path, err = h.keepUpload(u, src)
	return path, app.CleanFileName(fh.Filename), err
}

func (h *Handler) uploadDir() string { return filepath.Join(h.st.Dir(), "imports") }

// keepUpload saves an uploaded sheet as imports/<user>-<random>.xlsx and
// deletes the kept files that have outlived uploadTTL.
func (h *Handler) keepUpload(u *ledger.User, r io.Reader) (string, error) {
	dir := h.uploadDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	h.sweepUploads(dir)
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	path := filepath.Join(dir, fmt.Sprintf("%d-%s.xlsx", u.ID, hex.EncodeToString(b[:])))
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", err
	}
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return "", err
	}
	return path, nil
}

var uploadPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// keptUpload finds a sheet this user uploaded for a dry run; another
// user's id, an expired one or a malformed one is not found.
func (h *Handler) keptUpload(u *ledger.User, up string) (string, error) {
	gone := ledger.FieldErrorf("file", "上传的文件已过期，请重新选择文件并预检")
	if !uploadPattern.MatchString(up) {
		return "", gone
	}
	path := filepath.Join(h.uploadDir(), fmt.Sprintf("%d-%s.xlsx", u.ID, up))
	fi, err := os.Stat(path)
	if err != nil || time.Since(fi.ModTime()) > uploadTTL {
		return "", gone
	}
	return path, nil
}

// uploadID is the random part of a kept upload's name.
func uploadID(path string) string {
	base := strings.TrimSuffix(filepath.Base(path), ".xlsx")
	_, rnd, _ := strings.Cut(base, "-")
	return rnd
}

func (h *Handler) sweepUploads(dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if fi, err := e.Info(); err == nil && time.Since(fi.ModTime()) > uploadTTL {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}
