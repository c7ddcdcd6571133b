package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/ledger"
)

// maxForm bounds the body of every form but an upload.
const maxForm = 1 << 20

// taskActionFunc applies one form to a task through the use-case layer,
// the same call the JSON API makes.
type taskActionFunc func(h *Handler, u *ledger.User, id int64, c *gin.Context) error

// taskActions are the lifecycle steps of app.TaskActions plus the two
// forms that are not a plain step: a 回头看 decision and an upload.
var taskActions = func() map[string]taskActionFunc {
	m := map[string]taskActionFunc{"review": (*Handler).decideReview, "evidence": (*Handler).uploadEvidence}
	for name, fn := range app.TaskActions {
		m[name] = func(h *Handler, u *ledger.User, id int64, c *gin.Context) error {
			_, err := fn(h.app, u, id, app.ActionInput{Note: c.PostForm("note"), Reason: c.PostForm("reason"),
				Percent: c.PostForm("percent"), DueOn: c.PostForm("due_on")})
			return err
		}
	}
	return m
}()

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
		h.actionFailed(c, u, id, name, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/tasks/"+strconv.FormatInt(id, 10)+"?done="+name+fromQuery(c.PostForm("from")))
}

// fromQuery carries the list a measure was opened from past a redirect.
func fromQuery(from string) string {
	if _, back := backTo(from); back == from {
		return "&from=" + url.QueryEscape(from)
	}
	return ""
}

// actionPage answers a GET of an action's address (a refused form's page
// reloaded, or bookmarked) with the measure itself.
func (h *Handler) actionPage(c *gin.Context) {
	id, err := pathInt(c, "id")
	if _, ok := taskActions[c.Param("action")]; err != nil || !ok {
		h.fail(c, ledger.Errorf(ledger.ENOTFOUND, "no such page"))
		return
	}
	c.Redirect(http.StatusSeeOther, "/tasks/"+strconv.FormatInt(id, 10)+"#act-"+c.Param("action"))
}

// actionFailed answers a refused action. Forbidden and not-found get the
// error page (nothing about the task is shown); a wrong state or missing
// field shows the task again with the message.
func (h *Handler) actionFailed(c *gin.Context, u *ledger.User, id int64, action string, err error) {
	code := ledger.ErrorCode(err)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		code, err = ledger.ETOOLARGE, ledger.Reasonf(ledger.ETOOLARGE, ledger.ReasonBodyTooLarge, "too large")
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
	p.refuse(c, action, err)
	h.render(c, statusOf(code), "task", p)
}

// decideReview records a 回头看 outcome for the pending review of this task.
func (h *Handler) decideReview(u *ledger.User, id int64, c *gin.Context) error {
	rid, _ := strconv.ParseInt(c.PostForm("review_id"), 10, 64)
	_, err := h.app.DecideTaskReview(u, id, rid, app.ReviewInput{Outcome: c.PostForm("outcome"), Note: c.PostForm("note"),
		DueOn: c.PostForm("due_on")})
	return err
}

// uploadEvidence stores a 佐证材料 file. The permission is checked before
// the body is read, so a viewer who may not upload cannot fill the disk.
func (h *Handler) uploadEvidence(u *ledger.User, id int64, c *gin.Context) error {
	if err := h.app.MayAddEvidence(u, id); err != nil {
		return err
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, h.app.MaxUpload()+maxForm)
	fh, err := api.FormFile(c, "file")
	if err != nil {
		return err
	}
	_, err = h.app.AddEvidence(u, id, fh)
	return err
}

// evidence serves a file of a task the viewer sees, as a download.
func (h *Handler) evidence(c *gin.Context) {
	id, err := pathInt(c, "id")
	if err == nil {
		var eid int64
		if eid, err = pathInt(c, "eid"); err == nil {
			err = api.ServeEvidence(c, h.app, api.CurrentUser(c), id, eid)
		}
	}
	if err != nil {
		h.fail(c, err)
	}
}
