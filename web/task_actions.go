package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

// maxForm bounds the body of every form but an upload.
const maxForm = 1 << 20

// taskActionFunc applies one form to a task through the store, which
// checks role, branch and state in the same transaction as the change.
type taskActionFunc func(h *Handler, u *ledger.User, id int64, c *gin.Context) error

var taskActions = map[string]taskActionFunc{
	"progress": func(h *Handler, u *ledger.User, id int64, c *gin.Context) error {
		percent, err := formPercent(c.PostForm("percent"))
		if err != nil {
			return err
		}
		_, err = h.st.AddProgress(u, id, c.PostForm("note"), percent)
		return err
	},
	"submit": func(h *Handler, u *ledger.User, id int64, c *gin.Context) error {
		_, err := h.st.Submit(u, id, c.PostForm("note"))
		return err
	},
	"extension": func(h *Handler, u *ledger.User, id int64, c *gin.Context) error {
		due, err := formDate(c.PostForm("due_on"))
		if err != nil {
			return err
		}
		_, err = h.st.RequestExtension(u, id, due, c.PostForm("reason"))
		return err
	},
	"approve": func(h *Handler, u *ledger.User, id int64, c *gin.Context) error {
		_, err := h.st.Approve(u, id, c.PostForm("note"))
		return err
	},
	"reject": func(h *Handler, u *ledger.User, id int64, c *gin.Context) error {
		_, err := h.st.Reject(u, id, c.PostForm("reason"))
		return err
	},
	"extension-approve": func(h *Handler, u *ledger.User, id int64, c *gin.Context) error {
		_, err := h.st.DecideExtension(u, id, true, c.PostForm("note"))
		return err
	},
	"extension-reject": func(h *Handler, u *ledger.User, id int64, c *gin.Context) error {
		_, err := h.st.DecideExtension(u, id, false, c.PostForm("reason"))
		return err
	},
	"reopen": func(h *Handler, u *ledger.User, id int64, c *gin.Context) error {
		due, err := formDate(c.PostForm("due_on"))
		if err != nil {
			return err
		}
		_, err = h.st.Reopen(u, id, due, c.PostForm("reason"))
		return err
	},
	"review":   (*Handler).decideReview,
	"evidence": (*Handler).uploadEvidence,
}

// doneMessages confirm a successful action after the redirect.
var doneMessages = map[string]string{
	"progress": "已记录整改进展。", "evidence": "佐证材料已上传。", "submit": "已提交销号申请，等待审核。",
	"extension": "延期申请已提交，等待审批。", "approve": "审核通过，该措施已销号。", "reject": "已退回整改，并通知责任人。",
	"extension-approve": "已同意延期，整改时限已调整。", "extension-reject": "已不同意延期。",
	"reopen": "该措施已重新进入整改。", "review": "回头看结论已记录。",
	"edited": "整改计划已修改，修改人、时间和修改前后的内容已记入留痕。",
}

// taskAction runs the posted action and redirects back to the task page
// (POST-redirect-GET); a refused or invalid action shows the task page
// again with the reason and the matching status.
func (h *Handler) taskAction(c *gin.Context) {
	id, err := pathInt(c, "id")
	if err != nil {
		h.fail(c, err)
		return
	}
	name := c.Param("action")
	fn, ok := taskActions[name]
	if !ok {
		h.fail(c, ledger.Errorf(ledger.ENOTFOUND, "no such action"))
		return
	}
	if name != "evidence" {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxForm)
	}
	u := api.CurrentUser(c)
	if err := fn(h, u, id, c); err != nil {
		h.actionFailed(c, u, id, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/tasks/"+strconv.FormatInt(id, 10)+"?done="+name)
}

// actionFailed answers a refused action. Forbidden and not-found get the
// error page (nothing about the task is shown); a wrong state or missing
// field shows the task again with the message.
func (h *Handler) actionFailed(c *gin.Context, u *ledger.User, id int64, err error) {
	code := ledger.ErrorCode(err)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		code, err = ledger.ETOOLARGE, ledger.Errorf(ledger.ETOOLARGE, "too large")
	}
	if code != ledger.EINVALID && code != ledger.ECONFLICT && code != ledger.ETOOLARGE {
		h.fail(c, err)
		return
	}
	p, lerr := h.loadTaskPage(u, id)
	if lerr != nil {
		h.fail(c, lerr)
		return
	}
	p.Error = messageOf(err)
	h.render(c, statusOf(code), "task", p)
}

// decideReview records a 回头看 outcome for the pending review of this task.
func (h *Handler) decideReview(u *ledger.User, id int64, c *gin.Context) error {
	rid, err := strconv.ParseInt(c.PostForm("review_id"), 10, 64)
	if err != nil {
		return ledger.FieldErrorf("outcome", "review_id is required")
	}
	reviews, err := h.st.Reviews(h.st.Scope(u), store.ReviewFilter{TaskID: id})
	if err != nil {
		return err
	}
	found := false
	for _, r := range reviews {
		found = found || r.ID == rid
	}
	if !found {
		return ledger.Errorf(ledger.ENOTFOUND, "review %d not found", rid)
	}
	outcome := ledger.ReviewOutcome(c.PostForm("outcome"))
	var due ledger.Date
	if outcome == ledger.OutcomeRebound {
		if due, err = formDate(c.PostForm("due_on")); err != nil {
			return err
		}
	}
	_, err = h.st.DecideReview(u, rid, outcome, c.PostForm("note"), due)
	return err
}

// uploadEvidence stores a 佐证材料 file. The permission is checked before
// the body is read, so a viewer who may not upload cannot fill the disk.
func (h *Handler) uploadEvidence(u *ledger.User, id int64, c *gin.Context) error {
	scope := h.st.Scope(u)
	t, err := h.st.FindTask(scope, id)
	if err != nil {
		return err
	}
	if err := scope.CanAct(ledger.ActEvidence, t); err != nil {
		return err
	} else if t.Status == ledger.StatusClosed {
		// Refused before any byte is stored, as the API does.
		return ledger.Errorf(ledger.ECONFLICT, "cannot add evidence to a closed task")
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, h.cfg.MaxUpload+maxForm)
	fh, err := c.FormFile("file")
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return ledger.FieldErrorf("file", "a file is required")
	}
	if fh.Size > h.cfg.MaxUpload {
		return ledger.Errorf(ledger.ETOOLARGE, "file too large")
	}
	f, err := fh.Open()
	if err != nil {
		return err
	}
	defer f.Close()
	e, err := api.SaveEvidenceFile(h.st, f, api.CleanFileName(fh.Filename))
	if err != nil {
		return err
	}
	_, err = h.st.AddEvidence(u, id, e)
	return err
}

// evidence serves a file of a task the viewer sees, as a download.
func (h *Handler) evidence(c *gin.Context) {
	id, err := pathInt(c, "id")
	if err != nil {
		h.fail(c, err)
		return
	}
	eid, err := pathInt(c, "eid")
	if err != nil {
		h.fail(c, err)
		return
	}
	e, err := h.st.FindEvidence(h.st.Scope(api.CurrentUser(c)), id, eid)
	if err != nil {
		h.fail(c, err)
		return
	}
	api.ServeEvidence(c, h.st, e)
}

func formPercent(v string) (int, error) {
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "%"))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 100 {
		return 0, ledger.FieldErrorf("percent", "percent must be 0–100")
	}
	return n, nil
}

func formDate(v string) (ledger.Date, error) {
	d, err := ledger.ParseDate(strings.TrimSpace(v))
	if err != nil {
		return 0, ledger.FieldErrorf("due_on", "due_on must be YYYY-MM-DD")
	}
	return d, nil
}
