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

// form is what a page form shows: the values as typed (kept when the form
// is refused) and an error message per field, shown beside it.
type form struct {
	Values map[string]string
	Lists  map[string][]string
	Errors map[string]string
	// Top is an error that belongs to no one field.
	Top string
}

func newForm() *form {
	return &form{Values: map[string]string{}, Lists: map[string][]string{}, Errors: map[string]string{}}
}

// postedForm reads the posted fields named; repeated fields go to Lists.
func postedForm(c *gin.Context, names ...string) *form {
	f := newForm()
	for _, n := range names {
		f.Values[n] = c.PostForm(n)
	}
	return f
}

// V is the value of field name as typed.
func (f *form) V(name string) string { return f.Values[name] }

// E is the error beside field name, or "".
func (f *form) E(name string) string { return f.Errors[name] }

// Checked reports whether a checkbox list name holds v.
func (f *form) Checked(name, v string) bool {
	for _, x := range f.Lists[name] {
		if x == v {
			return true
		}
	}
	return false
}

// Any reports whether the form has an error.
func (f *form) Any() bool { return f.Top != "" || len(f.Errors) > 0 }

// ptr returns a pointer to the posted text of name, for inputs whose nil
// means "unchanged".
func (f *form) ptr(name string) *string { v := f.Values[name]; return &v }

// intField parses an optional integer field; a wrong one is recorded on the
// form and nil returned, so the use case is not called with a guess.
func (f *form) intField(name string) *int {
	v := strings.TrimSpace(f.Values[name])
	if v == "" {
		return nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		f.Errors[name] = "请填写整数。"
		return nil
	}
	return &n
}

// idField parses an id field ("" is 0).
func (f *form) idField(name string) int64 {
	v := strings.TrimSpace(f.Values[name])
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		f.Errors[name] = "请从列表中选择。"
		return 0
	}
	return n
}

// fieldText is what a user reads for a refused field, by field name; the
// reason key (ledger.Error.Reason) refines it where one field can fail in
// more than one way.
var fieldText = map[string]string{
	"title":             "请填写标题（不超过 200 字）。",
	"source_type":       "请选择问题来源。",
	"branch_id":         "请选择您负责的单位；问题的单位须是批次所属单位或其下级单位。",
	"batch_id":          "批次不存在，或您无权查看。",
	"started_on":        "请填写正确的日期（年-月-日）。",
	"review_after_days": "回头看天数须为 1–3650。",
	"warn_days":         "提前提醒天数须为 1–365。",
	"category":          "方面不超过 200 字。",
	"description":       "请填写内容（不超过 5000 字）。",
	"cause":             "原因剖析不超过 5000 字。",
	"leader":            "责任领导不超过 100 字。",
	"problem_id":        "问题不存在，或您无权在其下添加措施。",
	"kind":              "请选择措施类型。",
	"owner_id":          "责任人须是本单位或上级单位在岗的党员或纪检委员（领导和已停用的用户不能作责任人）。",
	"reviewer_id":       "复核人须是能审核本单位措施的在岗纪检委员。",
	"lead_dept":         "牵头部门不超过 200 字。",
	"support_depts":     "配合部门最多 20 个，每个不超过 200 字。",
	"due_on":            "请填写正确的整改时限（年-月-日）；限期整改和立行立改必须填写。",
	"report_every_days": "进展报告间隔须为 0–366 天。",
	"remark":            "备注不超过 2000 字。",
	"reason":            "请填写理由（不超过 1000 字）。",
	"from_owner_id":     "请选择原责任人。",
	"to_owner_id":       "请选择在岗的新责任人（党员或纪检委员，且能看到这些措施所在的单位）。",
	"task_ids":          "所选措施中有不属于原责任人的，或已提交、已销号的（其责任人不能更换），请重新选择。",
	"tasks":             "一次最多填写 10 条措施。",
	"name":              "请填写名称（不超过规定长度）。",
	"login":             "登录名须为 2–64 位字母、数字或 ._@-，且不能与已有用户重复。",
	"password":          "密码至少 10 个字符，最多 72 个字节，且不能过于简单。",
	"role":              "请选择角色。",
	"email":             "电子邮箱格式不正确。",
	"phone":             "电话只能包含数字、空格和 +-()，不超过 30 位。",
	"parent_id":         "上级单位不存在，或不能移到自己或下级单位之下。",
	"disabled":          "不能停用自己的账号。",
	"type":              "请选择通知渠道类型。",
	"url":               "请填写机器人的 Webhook 地址（以 https:// 开头，从群机器人设置中复制；电子邮件渠道不填）。",
	"secret":            "签名密钥格式不正确：企业微信机器人不需要密钥，其他机器人请完整复制、不要带空格。",
	"current_password":  "当前密码不正确。",
}

var reasonText = map[string]string{
	"task.owner_locked":    "该措施已提交或已销号，责任人不能更换（四眼原则）。",
	"task.plan_locked":     "该措施已提交或已销号，整改计划不能再修改；如需重新整改，请先“重新整改”。",
	"task.withdraw_state":  "只有未开始或整改中的措施可以撤销；已提交的请先退回，已销号的不能撤销。",
	"task.not_owned":       "所选措施中有不属于原责任人的，请刷新后重新选择。",
	"handover.none_chosen": "请至少勾选一项要交接的措施。",
	"owner.same":           "新责任人不能与原责任人相同。",
	"field.too_long":       "内容过长，请精简后再提交。",
}

// fieldOf strips a measure row's prefix: "tasks.2.due_on" → "due_on".
func fieldOf(field string) string {
	if strings.HasPrefix(field, "tasks.") {
		if i := strings.Index(field[len("tasks."):], "."); i >= 0 {
			return field[len("tasks.")+i+1:]
		}
	}
	return field
}

// explain puts err on the form: beside its field when it names one known
// to the form, else at the top.
func (f *form) explain(err error) {
	var e *ledger.Error
	if !errors.As(err, &e) {
		f.Top = messageOf(err)
		return
	}
	msg, ok := reasonText[e.Reason]
	if !ok {
		msg, ok = reasonMessages[e.Reason]
	}
	if !ok {
		msg, ok = fieldText[fieldOf(e.Field)]
	}
	if !ok {
		msg = messageOf(err)
	}
	if _, known := f.Values[e.Field]; known && e.Field != "" {
		f.Errors[e.Field] = msg
	} else {
		f.Top = msg
	}
}

// formOutcome decides how a refused form is answered: a role refusal, an
// object out of scope or an oversized body get the error page (nothing of
// the form is shown); anything else shows the form again, as typed, with
// the error beside its field and the error's status.
func (h *Handler) formOutcome(c *gin.Context, f *form, err error) (status int, again bool) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		h.renderError(c, http.StatusRequestEntityTooLarge, "内容过大", "提交的内容超过 1 MB 的上限，未作任何修改。请精简后重试。")
		return 0, false
	}
	if store.IsDiskFull(err) {
		// Keep what was typed: the form can be sent again as it is once
		// space is freed.
		h.cfg.Log.Error().Err(err).Str("route", c.FullPath()).Str("request_id", api.RequestID(c)).Msg("web: disk full")
		f.Top = api.DiskFullMessage
		return http.StatusInsufficientStorage, true
	}
	code := ledger.ErrorCode(err)
	field := ledger.ErrorField(err)
	if code == ledger.EFORBIDDEN && field == "" || code == ledger.ENOTFOUND && field == "" || code == ledger.EINTERNAL {
		h.fail(c, err)
		return 0, false
	}
	f.explain(err)
	return statusOf(code), true
}

// bodyLimit bounds a form post, as every other form does.
func bodyLimit(c *gin.Context) {
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxForm)
}

// readForm parses the body once so an oversized one is caught before any
// field is read (PostForm would otherwise see a silently empty form).
func readForm(c *gin.Context) error {
	bodyLimit(c)
	return c.Request.ParseForm()
}

// mayPlan shows 403 to members and leaders on a plan page.
func (h *Handler) mayPlan(c *gin.Context, u *ledger.User) bool {
	if u.Role != ledger.RoleOfficer && u.Role != ledger.RoleAdmin {
		h.renderError(c, http.StatusForbidden, "无权操作", "只有纪检委员和管理员可以编排整改台账（批次、问题、整改措施和责任交接）。")
		return false
	}
	return true
}

// summary is the banner over a refused form: the error of no one field,
// or a pointer to the fields marked red (on a phone they may be off screen).
func (f *form) summary() string {
	if f.Top != "" || len(f.Errors) == 0 {
		return f.Top
	}
	return "填写有误，未作任何修改：请查看标红的项目（共 " + strconv.Itoa(len(f.Errors)) + " 处）。"
}
