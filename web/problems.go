package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

// measureRows is how many measure rows the fast-entry form shows: a
// 整改方案 lists 2–5 measures per problem; the last two fold away.
const measureRows = 5

type problemPage struct {
	base
	Problem  *ledger.Problem
	Batch    *ledger.Batch
	Branch   string
	Measures []taskRow
	CanPlan  bool
	Today    ledger.Date
}

type problemFormPage struct {
	base
	Form      *form
	Action    string
	Editing   bool
	BatchName string
	Batches   []option
	Branches  []option
	Rows      []measureRow
	Kinds     []option
	Owners    []*ledger.User
	Reviewers []*ledger.User
	Cancel    string
}

// measureRow is one measure of the fast-entry form: its field names carry
// the row ("tasks.1.due_on"), as the API's "tasks" array does.
type measureRow struct {
	N      int
	Folded bool
	Form   *form
}

// Name is the posted name of field in this row.
func (r measureRow) Name(field string) string { return fmt.Sprintf("tasks.%d.%s", r.N, field) }

// V and E read the row's value and error.
func (r measureRow) V(field string) string { return r.Form.V(r.Name(field)) }

// E is the error beside the row's field.
func (r measureRow) E(field string) string { return r.Form.E(r.Name(field)) }

var problemFields = []string{"batch_id", "branch_id", "category", "description", "cause", "leader"}

// measureFields are the fields of a measure, in the API's names.
var measureFields = []string{"description", "kind", "owner_id", "reviewer_id", "lead_dept", "support_depts", "due_on", "report_every_days"}

// problemShow is one problem with its measures and "添加整改措施".
func (h *Handler) problemShow(c *gin.Context) {
	u := api.CurrentUser(c)
	pid, err := pathInt(c, "id")
	if err != nil {
		h.fail(c, err)
		return
	}
	pr, err := h.app.Problem(u, pid)
	if err != nil {
		h.fail(c, err)
		return
	}
	scope := h.st.Scope(u)
	p := &problemPage{base: base{Title: "问题详情", Nav: "batches"}, Problem: pr, Today: h.st.Today(),
		Branch: branchName(scope, pr.BranchID), CanPlan: planner(u) && scope.Manages(pr.BranchID)}
	if p.Batch, err = h.app.Batch(u, pr.BatchID); err != nil {
		h.fail(c, err)
		return
	}
	page, err := h.st.FindTasks(scope, ledger.TaskFilter{ProblemID: pid, Today: p.Today, Limit: store.MaxPageSize})
	if err != nil {
		h.fail(c, err)
		return
	}
	for i, t := range page.Tasks {
		p.Measures = append(p.Measures, taskRow{Seq: i + 1, Task: t, URL: "/tasks/" + id(t.ID)})
	}
	p.Flash = problemDone[c.Query("done")]
	h.render(c, http.StatusOK, "problem", p)
}

var problemDone = map[string]string{"created": "问题及整改措施已保存。", "edited": "问题已修改。",
	"measure": "整改措施已添加。", "withdrawn": "整改措施已撤销，撤销理由已记入留痕。"}

// problemNew is the fast-entry form: one problem and its measures.
func (h *Handler) problemNew(c *gin.Context) {
	u := api.CurrentUser(c)
	if !h.mayPlan(c, u) {
		return
	}
	f := newForm()
	f.Values["batch_id"], f.Values["branch_id"] = c.Query("batch_id"), c.Query("branch_id")
	if f.V("branch_id") == "" && f.V("batch_id") != "" {
		if b, err := h.app.Batch(u, f.idField("batch_id")); err == nil && h.st.Scope(u).Manages(b.BranchID) {
			f.Values["branch_id"] = id(b.BranchID)
		}
	}
	for i := range measureRows {
		f.Values[fmt.Sprintf("tasks.%d.kind", i)] = string(ledger.KindDeadline)
	}
	h.renderProblemForm(c, http.StatusOK, u, f, 0)
}

func (h *Handler) renderProblemForm(c *gin.Context, status int, u *ledger.User, f *form, problem int64) {
	scope := h.st.Scope(u)
	p := &problemFormPage{base: base{Title: "新增问题及整改措施", Nav: "batches"}, Form: f, Action: "/problems", Kinds: kindOptions("")}
	if problem != 0 {
		p.Title, p.Editing, p.Action = "修改问题", true, "/problems/"+id(problem)+"/edit"
		p.Cancel = "/problems/" + id(problem)
	} else if b := f.V("batch_id"); b != "" {
		p.Cancel = "/batches/" + b
	} else {
		p.Cancel = "/batches"
	}
	bs, _ := h.app.Batches(u)
	for _, b := range bs {
		p.Batches = append(p.Batches, option{id(b.ID), b.SourceType.Label() + " · " + b.Title, id(b.ID) == f.V("batch_id")})
		if id(b.ID) == f.V("batch_id") {
			p.BatchName = b.SourceType.Label() + " · " + b.Title
		}
	}
	p.Branches = managedBranches(scope, f.V("branch_id"))
	if !p.Editing {
		for i := range measureRows {
			p.Rows = append(p.Rows, measureRow{N: i, Folded: i >= 3 && f.V(fmt.Sprintf("tasks.%d.description", i)) == "", Form: f})
		}
		h.fillPeople(u, f.idField("branch_id"), p)
	}
	if c.Query("done") == "created" && status == http.StatusOK {
		p.Flash = "问题及整改措施已保存，请继续添加下一个问题。"
	}
	p.Error = f.summary()
	h.render(c, status, "problem_form", p)
}

// fillPeople lists who may own and review measures of branch (0: the
// user's own): active members and officers; disabled users never.
func (h *Handler) fillPeople(u *ledger.User, branch int64, p *problemFormPage) {
	if branch == 0 {
		branch = u.BranchID
	}
	p.Owners, p.Reviewers = h.people(u, branch)
}

func (h *Handler) people(u *ledger.User, branch int64) (owners, reviewers []*ledger.User) {
	owners, _ = h.app.Owners(u, branch)
	tree := h.st.Tree()
	for _, o := range owners {
		if o.Role == ledger.RoleOfficer && (ledger.Scope{User: o, Tree: tree}).Manages(branch) {
			reviewers = append(reviewers, o)
		}
	}
	return owners, reviewers
}

// measuresPosted reads the measure rows that have a description; empty
// rows are skipped, so a form with 3 rows may save 1, 2 or 3 measures.
func measuresPosted(c *gin.Context, f *form) []app.MeasureInput {
	var out []app.MeasureInput
	for i := range measureRows {
		row := measureRow{N: i, Form: f}
		for _, fl := range measureFields {
			f.Values[row.Name(fl)] = c.PostForm(row.Name(fl))
		}
		if row.V("description") == "" {
			continue
		}
		out = append(out, measureInput(f, row.Name))
	}
	return out
}

// problemCreate handles POST /problems, with its measures; "保存并继续添加"
// (next=more) comes back to an empty form for the same batch and branch.
func (h *Handler) problemCreate(c *gin.Context) {
	u := api.CurrentUser(c)
	if !h.mayPlan(c, u) {
		return
	}
	f := newForm()
	err := readForm(c)
	if err == nil {
		f = postedForm(c, problemFields...)
		ms := measuresPosted(c, f)
		in := app.ProblemInput{BatchID: f.idField("batch_id"), BranchID: f.idField("branch_id"), Category: f.ptr("category"),
			Description: f.ptr("description"), Cause: f.ptr("cause"), Leader: f.ptr("leader")}
		if f.Any() {
			h.renderProblemForm(c, http.StatusBadRequest, u, f, 0)
			return
		}
		var p *ledger.Problem
		if p, _, err = h.app.CreateProblem(u, in, renumber(f, ms)); err == nil {
			if c.PostForm("next") == "more" {
				c.Redirect(http.StatusSeeOther, fmt.Sprintf("/problems/new?batch_id=%d&branch_id=%d&done=created", p.BatchID, p.BranchID))
			} else {
				c.Redirect(http.StatusSeeOther, "/problems/"+id(p.ID)+"?done=created")
			}
			return
		}
		err = rowError(f, err)
	}
	if status, again := h.formOutcome(c, f, err); again {
		h.renderProblemForm(c, status, u, f, 0)
	}
}

// renumber remembers which form row each posted measure came from, so an
// error on the N-th saved measure lands beside the right row.
func renumber(f *form, ms []app.MeasureInput) []app.MeasureInput {
	f.Lists["rows"] = nil
	for i := range measureRows {
		if f.V(fmt.Sprintf("tasks.%d.description", i)) != "" {
			f.Lists["rows"] = append(f.Lists["rows"], strconv.Itoa(i))
		}
	}
	return ms
}

// rowError maps "tasks.N.field" of the N-th saved measure to its row.
func rowError(f *form, err error) error {
	e, ok := err.(*ledger.Error)
	if !ok || len(e.Field) < 8 || e.Field[:6] != "tasks." {
		return err
	}
	var n int
	var field string
	if _, serr := fmt.Sscanf(e.Field, "tasks.%d.%s", &n, &field); serr != nil || n >= len(f.Lists["rows"]) {
		return err
	}
	c := *e
	c.Field = "tasks." + f.Lists["rows"][n] + "." + field
	return &c
}
