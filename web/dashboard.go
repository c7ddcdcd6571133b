package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

type dashboardPage struct {
	base
	Today       ledger.Date
	BranchID    int64
	BatchID     int64
	SourceType  ledger.SourceType
	Batches     []*ledger.Batch
	SourceTypes []ledger.SourceType
	Crumbs      []crumb
	Summary     branchRow
	Rows        []branchRow
	Completion  completionChart
	Weekly      weeklyChart
	MayReport   bool // the viewer may export the 整改情况报告 of a batch
	EffectURL   string
	Cascades    []openCascade // 举一反三 still open (cascades.go)
}

// crumb is one step of the path from the user's root to the branch shown.
type crumb struct {
	Name string
	URL  string
}

// branchRow is one dashboard row with its links. It is flat on purpose:
// a template looks each field up by reflection on every row, and a lookup
// through embedded structs costs several times a direct one.
type branchRow struct {
	BranchID                             int64
	Name                                 string
	Depth                                int
	URL                                  string // drill down
	TasksURL                             string // the branch's ledger
	Problems, Total, Closed, OnTime      int64
	Submitted, Overdue, DueSoon, Reviews int64
	Red, Yellow, Green                   int64
	CompletionRate                       float64
	Completion, OnTimeRate               string
	Bar                                  bar
}

func newBranchRow(r *store.BranchRow, url, tasks string) branchRow {
	return branchRow{BranchID: r.BranchID, Name: r.Name, Depth: r.Depth, URL: url, TasksURL: tasks,
		Problems: r.Problems, Total: r.Total, Closed: r.Closed, OnTime: r.OnTime, Submitted: r.Submitted,
		Overdue: r.Overdue, DueSoon: r.DueSoon, Reviews: r.ReviewsDue,
		Red: r.Lights.Red, Yellow: r.Lights.Yellow, Green: r.Lights.Green,
		CompletionRate: r.CompletionRate, Completion: pct(r.CompletionRate), OnTimeRate: pct(r.OnTimeRate),
		Bar: barOf(r.CompletionRate)}
}

// dashboard shows the figures of the user's scope (or of the branch drilled
// into) from the store's counters and date indexes, and the two charts.
func (h *Handler) dashboard(c *gin.Context) {
	u := api.CurrentUser(c)
	scope := h.st.Scope(u)
	f, err := dashboardFilter(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	f.Today = h.st.Today()
	rows, err := h.st.Dashboard(scope, f)
	if err != nil {
		h.fail(c, err)
		return
	}
	batches, err := h.st.Batches(scope)
	if err != nil {
		h.fail(c, err)
		return
	}
	from, to := f.Today.AddDays(-7*weeksBack), f.Today.AddDays(7*weeksAhead)
	weeks, err := h.st.Weekly(scope, f, from, to)
	if err != nil {
		h.fail(c, err)
		return
	}
	p := &dashboardPage{base: base{Title: "总览", Nav: "dashboard"}, Today: f.Today, BranchID: f.BranchID,
		BatchID: f.BatchID, SourceType: f.SourceType, Batches: batches, SourceTypes: ledger.SourceTypes}
	sum := summarize(rows)
	p.Summary = newBranchRow(&sum, "", "")
	p.Crumbs = h.crumbs(scope, f)
	filters := filterQuery(f)
	p.Rows = make([]branchRow, len(rows))
	for i, r := range rows {
		p.Rows[i] = newBranchRow(r, "/?"+withBranch(filters, r.BranchID), tasksURL(r.BranchID, f.BatchID))
	}
	p.Completion = newCompletionChart(p.Rows, p.Summary.CompletionRate)
	p.Weekly = newWeeklyChart(weeks, f.Today)
	p.MayReport = mayDownload(u) && len(batches) > 0
	p.EffectURL = "/effect?" + withBranch(url.Values{}, f.BranchID)
	if p.Cascades, err = h.openCascades(u); err != nil {
		h.fail(c, err)
		return
	}
	h.render(c, http.StatusOK, "dashboard", p)
}

func dashboardFilter(c *gin.Context) (store.DashboardFilter, error) {
	var f store.DashboardFilter
	var err error
	if f.BranchID, err = queryInt(c, "branch_id"); err != nil {
		return f, err
	}
	if f.BatchID, err = queryInt(c, "batch_id"); err != nil {
		return f, err
	}
	if v := c.Query("source_type"); v != "" {
		if f.SourceType = ledger.SourceType(v); !f.SourceType.Valid() {
			return f, ledger.FieldErrorf("source_type", "unknown source_type")
		}
	}
	return f, nil
}

// queryInt reads an optional non-negative id from the query string.
func queryInt(c *gin.Context, name string) (int64, error) {
	v := c.Query(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, ledger.FieldErrorf(name, "%s must be a non-negative integer", name)
	}
	return n, nil
}

// summarize returns the figures of the whole view: the top row, or the sum
// of the top rows when an admin sees several root branches.
func summarize(rows []*store.BranchRow) store.BranchRow {
	var s store.BranchRow
	s.Name = "合计"
	for _, r := range rows {
		if r.Depth == 0 {
			s.Stats.Add(r.Stats)
			s.ReviewsDue += r.ReviewsDue
		}
	}
	s.Stats.Finish()
	return s
}

func (h *Handler) crumbs(scope ledger.Scope, f store.DashboardFilter) []crumb {
	filters := filterQuery(f)
	var out []crumb
	if scope.Root() == 0 {
		out = append(out, crumb{Name: "全部单位", URL: "/?" + withBranch(filters, 0)})
	}
	var path []int64
	for id := f.BranchID; scope.Sees(id) && len(path) <= scope.Tree.Len(); id = scope.Tree.Get(id).ParentID {
		path = append([]int64{id}, path...)
		if id == scope.Root() {
			break
		}
	}
	if f.BranchID == 0 && scope.Root() != 0 {
		path = []int64{scope.Root()}
	}
	for _, id := range path {
		out = append(out, crumb{Name: scope.Tree.Get(id).Name, URL: "/?" + withBranch(filters, id)})
	}
	return out
}

// filterQuery is the batch and source filters as a query, for links that
// keep them while changing the branch.
func filterQuery(f store.DashboardFilter) url.Values {
	v := url.Values{}
	if f.BatchID != 0 {
		v.Set("batch_id", strconv.FormatInt(f.BatchID, 10))
	}
	if f.SourceType != "" {
		v.Set("source_type", string(f.SourceType))
	}
	return v
}

func withBranch(v url.Values, branch int64) string {
	out := url.Values{}
	for k, vs := range v {
		out[k] = vs
	}
	if branch != 0 {
		out.Set("branch_id", strconv.FormatInt(branch, 10))
	}
	return out.Encode()
}

// tasksURL is the ledger list of a branch, keeping the batch filter (the
// list has no source-type filter).
func tasksURL(branch, batch int64) string {
	v := url.Values{}
	v.Set("branch_id", strconv.FormatInt(branch, 10))
	if batch != 0 {
		v.Set("batch_id", strconv.FormatInt(batch, 10))
	}
	return "/tasks?" + v.Encode()
}
