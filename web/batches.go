package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

// batchRow is one batch with its figures.
type batchRow struct {
	*ledger.Batch
	Branch string
	Stats  ledger.Stats
}

type batchesPage struct {
	base
	Rows    []batchRow
	CanPlan bool
}

type batchPage struct {
	base
	Batch    batchRow
	Problems []problemRow
	CanPlan  bool
}

// problemRow is a problem with the count of its measures.
type problemRow struct {
	*ledger.Problem
	Branch   string
	Measures int
	Closed   int
}

type batchFormPage struct {
	base
	Form     *form
	Action   string
	Editing  bool
	Sources  []option
	Branches []option
}

var batchFields = []string{"title", "source_type", "branch_id", "started_on", "review_after_days", "warn_days"}

// batchList is 批次: every batch the user sees with its progress.
func (h *Handler) batchList(c *gin.Context) {
	u := api.CurrentUser(c)
	bs, err := h.app.Batches(u)
	if err != nil {
		h.fail(c, err)
		return
	}
	p := &batchesPage{base: base{Title: "批次", Nav: "batches"}, CanPlan: planner(u)}
	for _, b := range bs {
		row, err := h.batchRow(u, b)
		if err != nil {
			h.fail(c, err)
			return
		}
		p.Rows = append(p.Rows, row)
	}
	p.Flash = batchDone[c.Query("done")]
	h.render(c, http.StatusOK, "batches", p)
}

var batchDone = map[string]string{"created": "批次已创建。", "edited": "批次已修改。", "deleted": "问题已删除。"}

// batchRow sums the dashboard's top rows of a batch: the counters, so the
// figures match the 总览 exactly.
func (h *Handler) batchRow(u *ledger.User, b *ledger.Batch) (batchRow, error) {
	scope := h.st.Scope(u)
	row := batchRow{Batch: b, Branch: branchName(scope, b.BranchID)}
	rows, err := h.st.Dashboard(scope, store.DashboardFilter{BatchID: b.ID, Today: h.st.Today()})
	if err != nil || len(rows) == 0 {
		return row, err
	}
	top := rows[0].Depth
	for _, r := range rows {
		top = min(top, r.Depth)
	}
	for _, r := range rows {
		if r.Depth == top {
			row.Stats.Counts.Add(r.Counts)
			row.Stats.Overdue += r.Overdue
		}
	}
	if row.Stats.Total > 0 {
		row.Stats.CompletionRate = float64(row.Stats.Closed) / float64(row.Stats.Total)
	}
	return row, nil
}

func planner(u *ledger.User) bool { return u.Role == ledger.RoleOfficer || u.Role == ledger.RoleAdmin }

// batchShow is one batch: its figures and its problems, each with
// "添加整改措施" at hand.
func (h *Handler) batchShow(c *gin.Context) {
	u := api.CurrentUser(c)
	id, err := pathInt(c, "id")
	if err != nil {
		h.fail(c, err)
		return
	}
	b, err := h.app.Batch(u, id)
	if err != nil {
		h.fail(c, err)
		return
	}
	p := &batchPage{base: base{Title: b.Title, Nav: "batches"}, CanPlan: planner(u) && h.st.Scope(u).Manages(b.BranchID)}
	if p.Batch, err = h.batchRow(u, b); err != nil {
		h.fail(c, err)
		return
	}
	if p.Problems, err = h.problemRows(u, store.ProblemFilter{BatchID: id}, ledger.TaskFilter{BatchID: id}); err != nil {
		h.fail(c, err)
		return
	}
	p.Flash = batchDone[c.Query("done")]
	h.render(c, http.StatusOK, "batch", p)
}

// problemRows lists problems with their measure counts.
func (h *Handler) problemRows(u *ledger.User, pf store.ProblemFilter, tf ledger.TaskFilter) ([]problemRow, error) {
	scope := h.st.Scope(u)
	ps, err := h.app.Problems(u, pf)
	if err != nil {
		return nil, err
	}
	tf.Limit = store.MaxPageSize
	page, err := h.st.FindTasks(scope, tf)
	if err != nil {
		return nil, err
	}
	count, closed := map[int64]int{}, map[int64]int{}
	for _, t := range page.Tasks {
		count[t.ProblemID]++
		if t.Status == ledger.StatusClosed {
			closed[t.ProblemID]++
		}
	}
	out := make([]problemRow, len(ps))
	for i, p := range ps {
		out[i] = problemRow{Problem: p, Branch: branchName(scope, p.BranchID), Measures: count[p.ID], Closed: closed[p.ID]}
	}
	return out, nil
}

// batchNew is the empty 新建批次 form.
func (h *Handler) batchNew(c *gin.Context) {
	u := api.CurrentUser(c)
	if !h.mayPlan(c, u) {
		return
	}
	f := newForm()
	f.Values["source_type"] = string(ledger.SourcePatrol)
	f.Values["started_on"] = h.st.Today().String()
	f.Values["review_after_days"] = strconv.Itoa(ledger.DefaultReviewAfterDays)
	f.Values["warn_days"] = strconv.Itoa(ledger.DefaultWarnDays)
	f.Values["branch_id"] = id(u.BranchID)
	h.renderBatchForm(c, http.StatusOK, u, f, 0)
}

func (h *Handler) renderBatchForm(c *gin.Context, status int, u *ledger.User, f *form, batch int64) {
	p := &batchFormPage{base: base{Title: "新建批次", Nav: "batches"}, Form: f, Action: "/batches"}
	if batch != 0 {
		p.Title, p.Editing, p.Action = "修改批次", true, "/batches/"+id(batch)+"/edit"
	}
	for _, s := range ledger.SourceTypes {
		p.Sources = append(p.Sources, option{string(s), s.Label(), f.V("source_type") == string(s)})
	}
	p.Branches = managedBranches(h.st.Scope(u), f.V("branch_id"))
	p.Error = f.summary()
	h.render(c, status, "batch_form", p)
}

// managedBranches lists the branches the user may plan for.
func managedBranches(scope ledger.Scope, selected string) []option {
	var out []option
	for _, o := range branchOptions(scope, 0, "") {
		if o.Value == "" {
			continue
		}
		n, _ := strconv.ParseInt(o.Value, 10, 64)
		if scope.Manages(n) {
			o.Selected = o.Value == selected
			out = append(out, o)
		}
	}
	return out
}

func batchInput(f *form) app.BatchInput {
	return app.BatchInput{Title: f.ptr("title"), SourceType: f.ptr("source_type"), BranchID: f.idField("branch_id"),
		StartedOn: f.ptr("started_on"), ReviewAfterDays: f.intField("review_after_days"), WarnDays: f.intField("warn_days")}
}

// batchCreate handles POST /batches.
func (h *Handler) batchCreate(c *gin.Context) {
	u := api.CurrentUser(c)
	if !h.mayPlan(c, u) {
		return
	}
	f, err := newForm(), readForm(c)
	if err == nil {
		f = postedForm(c, batchFields...)
		in := batchInput(f)
		if f.Any() {
			h.renderBatchForm(c, http.StatusBadRequest, u, f, 0)
			return
		}
		var b *ledger.Batch
		if b, err = h.app.CreateBatch(u, in); err == nil {
			c.Redirect(http.StatusSeeOther, "/batches/"+id(b.ID)+"?done=created")
			return
		}
	}
	if status, again := h.formOutcome(c, f, err); again {
		h.renderBatchForm(c, status, u, f, 0)
	}
}

// batchEdit shows the 修改批次 form.
func (h *Handler) batchEdit(c *gin.Context) {
	u := api.CurrentUser(c)
	if !h.mayPlan(c, u) {
		return
	}
	bid, err := pathInt(c, "id")
	if err != nil {
		h.fail(c, err)
		return
	}
	b, err := h.app.Batch(u, bid)
	if err != nil {
		h.fail(c, err)
		return
	}
	f := newForm()
	f.Values = map[string]string{"title": b.Title, "source_type": string(b.SourceType), "branch_id": id(b.BranchID),
		"started_on": b.StartedOn.String(), "review_after_days": strconv.Itoa(b.ReviewAfterDays), "warn_days": strconv.Itoa(b.WarnDays)}
	h.renderBatchForm(c, http.StatusOK, u, f, bid)
}

// batchUpdate handles POST /batches/{id}/edit.
func (h *Handler) batchUpdate(c *gin.Context) {
	u := api.CurrentUser(c)
	if !h.mayPlan(c, u) {
		return
	}
	bid, err := pathInt(c, "id")
	if err != nil {
		h.fail(c, err)
		return
	}
	f := newForm()
	if err = readForm(c); err == nil {
		f = postedForm(c, batchFields...)
		in := batchInput(f)
		in.BranchID = 0 // a batch keeps its branch
		if f.Any() {
			h.renderBatchForm(c, http.StatusBadRequest, u, f, bid)
			return
		}
		if _, err = h.app.UpdateBatch(u, bid, in); err == nil {
			c.Redirect(http.StatusSeeOther, "/batches/"+id(bid)+"?done=edited")
			return
		}
	}
	if status, again := h.formOutcome(c, f, err); again {
		h.renderBatchForm(c, status, u, f, bid)
	}
}
