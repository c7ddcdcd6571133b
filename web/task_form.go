package web

import (
	"net/url"

	"github.com/gin-gonic/gin"

	"rectify/internal/ledger"
)

// formState is a refused action form: its input, shown again, and the
// message, shown beside the field it names (or atop the form).
type formState struct {
	Action  string
	Values  url.Values
	Field   string
	Message string
}

// formTitles name each action form, for the alert that points to it.
var formTitles = map[string]string{
	"progress": "报告整改进展", "evidence": "上传佐证材料", "submit": "提交销号", "extension": "申请延期",
	"approve": "审核销号", "reject": "退回整改", "extension-approve": "延期审批", "extension-reject": "延期审批",
	"reopen": "重新整改", "review": "回头看",
}

// refuse keeps a refused form on the page: the input stays, the message
// goes beside the field, and the alert at the top points to the form.
func (p *taskPage) refuse(c *gin.Context, action string, err error) {
	p.setBack(c.PostForm("from"))
	p.ErrorReason = ledger.ReasonOf(err)
	if !p.shows(action) {
		// The state changed under the viewer: no form to point to.
		p.Error = messageOf(err)
		return
	}
	p.Failed = formState{Action: action, Values: c.Request.PostForm, Field: ledger.ErrorField(err), Message: messageOf(err)}
	p.Error = "未能保存：请按「" + formTitles[action] + "」中标出的提示修改后重新提交。"
}

// shows reports whether the page shows the form of action.
func (p *taskPage) shows(action string) bool {
	a := p.Can
	return map[string]bool{"progress": a.Progress, "evidence": a.Evidence, "submit": a.Submit, "extension": a.Extension,
		"approve": a.Approve, "reject": a.Reject, "extension-approve": a.DecideExtension, "extension-reject": a.DecideExtension,
		"reopen": a.Reopen, "review": a.Review}[action]
}

// Kept is the refused form's value of field, or def when action is not
// the refused one.
func (p *taskPage) Kept(action, field, def string) string {
	if p.Failed.Action != action || p.Failed.Values == nil {
		return def
	}
	return p.Failed.Values.Get(field)
}

// Invalid is the message for field of action when that field was refused.
func (p *taskPage) Invalid(action, field string) string {
	if p.Failed.Action == action && p.Failed.Field == field {
		return p.Failed.Message
	}
	return ""
}

// Refused is the message of a refused action that names no field of its
// form, shown atop the form.
func (p *taskPage) Refused(action string) string {
	if p.Failed.Action != action || formFields[action][p.Failed.Field] {
		return ""
	}
	return p.Failed.Message
}

// formFields are the fields each form shows an error beside.
var formFields = map[string]map[string]bool{
	"progress": {"note": true, "percent": true}, "evidence": {"file": true}, "submit": {"note": true},
	"extension": {"due_on": true, "reason": true}, "approve": {"note": true}, "reject": {"reason": true},
	"extension-approve": {"note": true}, "extension-reject": {"reason": true},
	"reopen": {"due_on": true, "reason": true}, "review": {"outcome": true, "note": true, "due_on": true},
}
