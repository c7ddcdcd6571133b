package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/ledger"
)

type measureFormPage struct {
	base
	Form      *form
	Action    string
	Editing   bool
	Task      *ledger.Task
	Problem   *ledger.Problem
	Row       measureRow
	Kinds     []option
	Owners    []*ledger.User
	Reviewers []*ledger.User
	// Locked: submitted or closed, the plan (and owner) stay as they are.
	Locked bool
}

// plain names a measure's fields as the API does ("due_on"), for the
// single-measure forms.
func plain(field string) string { return field }

// measureInput reads one measure's fields, named by name(field).
func measureInput(f *form, name func(string) string) app.MeasureInput {
	in := app.MeasureInput{Description: f.ptr(name("description")), Kind: f.ptr(name("kind")),
		LeadDept: f.ptr(name("lead_dept")), DueOn: f.ptr(name("due_on"))}
	owner, reviewer := f.idField(name("owner_id")), f.idField(name("reviewer_id"))
	in.OwnerID, in.ReviewerID = &owner, &reviewer
	if n := f.intField(name("report_every_days")); n != nil {
		in.ReportEveryDays = n
	} else if f.V(name("report_every_days")) == "" {
		zero := 0
		in.ReportEveryDays = &zero
	}
	depts := splitDepts(f.V(name("support_depts")))
	in.SupportDepts = &depts
	return in
}

// splitDepts reads 配合部门 typed as one line: 、，, or ; between names.
func splitDepts(s string) []string {
	out := []string{}
	for _, d := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、，,;；\n", r) }) {
		if d = strings.TrimSpace(d); d != "" {
			out = append(out, d)
		}
	}
	return out
}

func kindOptions(selected string) []option {
	var out []option
	for _, k := range []ledger.Kind{ledger.KindImmediate, ledger.KindDeadline, ledger.KindLongTerm} {
		out = append(out, option{string(k), k.Label(), string(k) == selected})
	}
	return out
}

// measureNew is 添加整改措施 under a problem.
func (h *Handler) measureNew(c *gin.Context) {
	u := api.CurrentUser(c)
	if !h.mayPlan(c, u) {
		return
	}
	pid, err := strconv.ParseInt(c.Query("problem_id"), 10, 64)
	if err != nil {
		h.fail(c, ledger.Errorf(ledger.ENOTFOUND, "problem not found"))
		return
	}
	f := newForm()
	f.Values["problem_id"], f.Values["kind"] = id(pid), string(ledger.KindDeadline)
	h.renderMeasureForm(c, http.StatusOK, u, f, nil)
}

func (h *Handler) renderMeasureForm(c *gin.Context, status int, u *ledger.User, f *form, t *ledger.Task) {
	p := &measureFormPage{base: base{Title: "添加整改措施", Nav: "batches"}, Form: f, Action: "/tasks",
		Row: measureRow{Form: f}, Kinds: kindOptions(f.V("kind")), Task: t}
	pid := f.idField("problem_id")
	if t != nil {
		p.Title, p.Editing, p.Action, pid = "修改整改措施", true, "/tasks/"+id(t.ID)+"/edit", t.ProblemID
		p.Locked = t.OwnerLocked()
	}
	pr, err := h.app.Problem(u, pid)
	if err != nil {
		h.fail(c, err)
		return
	}
	p.Problem = pr
	p.Owners, p.Reviewers = h.people(u, pr.BranchID)
	if t != nil && t.OwnerID != 0 && !containsUser(p.Owners, t.OwnerID) {
		// A disabled or moved owner is shown as is, so the form does not
		// silently change them; saving asks for an active one.
		p.Owners = append(p.Owners, &ledger.User{ID: t.OwnerID, Name: t.OwnerName + "（已停用或不在本单位）"})
	}
	if status == http.StatusOK && c.Query("done") == "created" {
		p.Flash = "整改措施已添加，请继续添加下一条。"
	}
	p.Error = f.summary()
	h.render(c, status, "measure_form", p)
}

func containsUser(us []*ledger.User, uid int64) bool {
	for _, u := range us {
		if u.ID == uid {
			return true
		}
	}
	return false
}

// measureCreate handles POST /tasks; next=more comes back for another.
func (h *Handler) measureCreate(c *gin.Context) {
	u := api.CurrentUser(c)
	if !h.mayPlan(c, u) {
		return
	}
	f := newForm()
	err := readForm(c)
	if err == nil {
		f = postedForm(c, append([]string{"problem_id"}, measureFields...)...)
		in, pid := measureInput(f, plain), f.idField("problem_id")
		if f.Any() {
			h.renderMeasureForm(c, http.StatusBadRequest, u, f, nil)
			return
		}
		var t *ledger.Task
		if t, err = h.app.CreateMeasure(u, pid, in); err == nil {
			if c.PostForm("next") == "more" {
				c.Redirect(http.StatusSeeOther, "/tasks/new?problem_id="+id(pid)+"&done=created")
			} else {
				c.Redirect(http.StatusSeeOther, "/problems/"+id(t.ProblemID)+"?done=measure")
			}
			return
		}
	}
	if status, again := h.formOutcome(c, f, err); again {
		h.renderMeasureForm(c, status, u, f, nil)
	}
}

// measureEdit shows a measure's plan for editing, with 撤销 below.
func (h *Handler) measureEdit(c *gin.Context) {
	u, t, ok := h.managedTask(c)
	if !ok {
		return
	}
	f := newForm()
	f.Values = map[string]string{"description": t.Description, "kind": string(t.Kind), "owner_id": id(t.OwnerID),
		"reviewer_id": id(t.ReviewerID), "lead_dept": t.LeadDept, "support_depts": strings.Join(t.SupportDepts, "、"),
		"due_on": dateValue(t.DueOn), "report_every_days": daysValue(t.ReportEveryDays)}
	h.renderMeasureForm(c, http.StatusOK, u, f, t)
}

// daysValue shows an unset interval (0) as an empty field.
func daysValue(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func dateValue(d ledger.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// managedTask loads the task of the path for a plan page, after the role
// check (mayPlan), with the signed-in user: not found for
// another branch, forbidden for one the user only sees.
func (h *Handler) managedTask(c *gin.Context) (*ledger.User, *ledger.Task, bool) {
	u := api.CurrentUser(c)
	if !h.mayPlan(c, u) {
		return nil, nil, false
	}
	tid, err := pathInt(c, "id")
	if err != nil {
		h.fail(c, err)
		return nil, nil, false
	}
	scope := h.st.Scope(u)
	t, err := h.st.FindTask(scope, tid)
	if err == nil && !scope.Manages(t.BranchID) {
		err = ledger.Errorf(ledger.EFORBIDDEN, "not yours to plan")
	}
	if err != nil {
		h.fail(c, err)
		return nil, nil, false
	}
	return u, t, true
}

// measureUpdate handles POST /tasks/{id}/edit.
func (h *Handler) measureUpdate(c *gin.Context) {
	u, t, ok := h.managedTask(c)
	if !ok {
		return
	}
	f := newForm()
	err := readForm(c)
	if err == nil {
		f = postedForm(c, measureFields...)
		in := measureInput(f, plain)
		if f.Any() {
			h.renderMeasureForm(c, http.StatusBadRequest, u, f, t)
			return
		}
		if _, err = h.app.UpdateMeasure(u, t.ID, in); err == nil {
			c.Redirect(http.StatusSeeOther, "/tasks/"+id(t.ID)+"?done=edited")
			return
		}
	}
	if status, again := h.formOutcome(c, f, err); again {
		h.renderMeasureForm(c, status, u, f, t)
	}
}

// measureWithdraw handles POST /tasks/{id}/withdraw (撤销, with a reason).
func (h *Handler) measureWithdraw(c *gin.Context) {
	u, t, ok := h.managedTask(c)
	if !ok {
		return
	}
	f := newForm()
	err := readForm(c)
	if err == nil {
		f = postedForm(c, "reason")
		if _, err = h.app.WithdrawMeasure(u, t.ID, f.V("reason")); err == nil {
			c.Redirect(http.StatusSeeOther, "/problems/"+id(t.ProblemID)+"?done=withdrawn")
			return
		}
	}
	if status, again := h.formOutcome(c, f, err); again {
		h.reshowWithdraw(c, status, u, f, t)
	}
}

// reshowWithdraw shows the edit page again with the withdrawal's error,
// the plan as stored.
func (h *Handler) reshowWithdraw(c *gin.Context, status int, u *ledger.User, f *form, t *ledger.Task) {
	reason, msg := f.V("reason"), f.E("reason")
	top := f.Top
	f = newForm()
	f.Values = map[string]string{"description": t.Description, "kind": string(t.Kind), "owner_id": id(t.OwnerID),
		"reviewer_id": id(t.ReviewerID), "lead_dept": t.LeadDept, "support_depts": strings.Join(t.SupportDepts, "、"),
		"due_on": dateValue(t.DueOn), "report_every_days": daysValue(t.ReportEveryDays), "reason": reason}
	if msg != "" {
		f.Errors["reason"] = msg
	}
	f.Top = top
	h.renderMeasureForm(c, status, u, f, t)
}
