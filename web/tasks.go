package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

const (
	pageSize  = 50
	maxPages  = 200  // deeper pages cost more than a filter does
	sortLimit = 5000 // sorting other than by 序号 loads the whole result
	printRows = 2000
)

type tasksPage struct {
	base
	Filter    ledger.TaskFilter
	Sort      string
	Sorts     []option
	Statuses  []option
	Lights    []option
	Batches   []option
	Owners    []option
	Branches  []option
	Rows      []taskRow
	Total     int
	From, To  int
	Page      int
	Pages     int
	PrevURL   string
	NextURL   string
	PrintURL  string
	ExportURL string // the .xlsx of the branch and batch filters
	Notice    string
	Today     ledger.Date
	Heading   string  // print view: whose ledger
	Crumbs    []crumb // the branch shown, from the viewer's root
	// MultiBranch shows the 单位 column: the view spans several branches.
	MultiBranch bool
	// Here is this list's address, which a measure's breadcrumb returns to.
	Here    string
	BackURL string // print view: the screen ledger with the same filters
}

// option is one choice of a <select>.
type option struct {
	Value    string
	Label    string
	Selected bool
}

// taskRow is one line of the 台账.
type taskRow struct {
	Seq         int
	Task        *ledger.Task
	Problem     *ledger.Problem
	Batch       *ledger.Batch
	URL         string
	Span        int    // print view: rows the problem cell spans (0: merged above)
	Branch      string // 单位
	DaysOverdue int
	Note        string // the latest progress note, for 完成情况
}

// taskList is the 台账 table: the tasks of the user's subtree, filtered,
// sorted and paginated; ?print=1 gives the paper layout.
func (h *Handler) taskList(c *gin.Context) {
	u := api.CurrentUser(c)
	scope := h.st.Scope(u)
	f, err := api.TaskFilterFromQuery(c)
	if err != nil {
		h.fail(c, err)
		return
	}
	f.Today, f.Cursor, f.Limit = h.st.Today(), 0, 0
	printView := c.Query("print") == "1"
	p := &tasksPage{base: base{Title: "整改台账", Nav: "tasks"}, Filter: f, Today: f.Today, Sort: sortKey(c.Query("sort"))}
	p.Page = max(1, atoiDefault(c.Query("page"), 1))
	if p.Page > maxPages {
		p.Page, p.Notice = maxPages, "页数过多，请先用筛选条件缩小范围。"
	}
	first, count := (p.Page-1)*pageSize, pageSize
	if printView {
		first, count = 0, printRows
	}
	tasks, total, note, err := h.loadTasks(scope, f, p.Sort, first, count)
	if err != nil {
		h.fail(c, err)
		return
	}
	p.Total, p.Notice = total, firstNonEmpty(p.Notice, note)
	p.Here = c.Request.URL.RequestURI()
	p.Crumbs, p.MultiBranch = ledgerCrumbs(scope, f), len(scope.Tree.Subtree(rootOf(scope, f.BranchID))) > 1
	if p.Rows, err = h.taskRows(scope, tasks, first, p.Here); err != nil {
		h.fail(c, err)
		return
	}
	if err := h.fillTaskOptions(scope, p); err != nil {
		h.fail(c, err)
		return
	}
	h.paginate(c, p)
	if printView {
		p.Heading = h.ledgerHeading(scope, f)
		if total > printRows {
			p.Notice = "仅打印前 " + strconv.Itoa(printRows) + " 条，请用筛选条件分批打印。"
		}
		mergeProblems(p.Rows)
		h.render(c, http.StatusOK, "print", p)
		return
	}
	h.render(c, http.StatusOK, "tasks", p)
}

// loadTasks returns count tasks from position first. In 序号 order it
// reads only as far as the page; other orders load and sort the whole
// result, which is refused beyond sortLimit.
func (h *Handler) loadTasks(scope ledger.Scope, f ledger.TaskFilter, sortBy string, first, count int) ([]*ledger.Task, int, string, error) {
	need := first + count
	if sortBy != "seq" {
		need = sortLimit + 1
	}
	tasks, total, err := h.collect(scope, f, need)
	if err != nil {
		return nil, 0, "", err
	}
	note := ""
	if sortBy != "seq" {
		if total > sortLimit {
			note = "符合条件的措施超过 " + strconv.Itoa(sortLimit) + " 条，已按序号排列；请先筛选再排序。"
			tasks = tasks[:min(len(tasks), first+count)]
		} else {
			sortTasks(tasks, sortBy)
		}
	}
	if first >= len(tasks) {
		return nil, total, note, nil
	}
	return tasks[first:min(len(tasks), first+count)], total, note, nil
}

// collect pages through FindTasks until it holds need tasks or all.
func (h *Handler) collect(scope ledger.Scope, f ledger.TaskFilter, need int) ([]*ledger.Task, int, error) {
	var out []*ledger.Task
	f.Limit = store.MaxPageSize
	for {
		page, err := h.st.FindTasks(scope, f)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, page.Tasks...)
		if page.NextCursor == 0 || len(out) >= need {
			return out, page.Total, nil
		}
		f.Cursor = page.NextCursor
	}
}

// taskRows attaches each task's problem, batch and latest progress note,
// in one transaction each; from is the list the rows link back to.
func (h *Handler) taskRows(scope ledger.Scope, tasks []*ledger.Task, first int, from string) ([]taskRow, error) {
	ids, taskIDs := make([]int64, len(tasks)), make([]int64, len(tasks))
	for i, t := range tasks {
		ids[i], taskIDs[i] = t.ProblemID, t.ID
	}
	problems, err := h.st.ProblemsByID(scope, ids)
	if err != nil {
		return nil, err
	}
	notes, err := h.st.LatestNotes(scope, taskIDs)
	if err != nil {
		return nil, err
	}
	today := h.st.Today()
	batches, err := h.batchMap(scope)
	if err != nil {
		return nil, err
	}
	rows := make([]taskRow, len(tasks))
	for i, t := range tasks {
		rows[i] = taskRow{Seq: first + i + 1, Task: t, Problem: problems[t.ProblemID], Batch: batches[t.BatchID],
			URL: taskURL(t.ID, from), Span: 1, Branch: branchName(scope, t.BranchID), DaysOverdue: t.DaysOverdue(today)}
		if n := notes[t.ID]; n != nil {
			rows[i].Note = n.Note
		}
		if rows[i].Problem == nil {
			rows[i].Problem = &ledger.Problem{}
		}
	}
	return rows, nil
}

func (h *Handler) batchMap(scope ledger.Scope) (map[int64]*ledger.Batch, error) {
	bs, err := h.st.Batches(scope)
	m := make(map[int64]*ledger.Batch, len(bs))
	for _, b := range bs {
		m[b.ID] = b
	}
	return m, err
}

// mergeProblems spans the problem cell over consecutive measures of the
// same problem, as a paper 台账 does.
func mergeProblems(rows []taskRow) {
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && rows[j].Task.ProblemID == rows[i].Task.ProblemID {
			rows[j].Span = 0
			j++
		}
		rows[i].Span = j - i
		i = j
	}
}

// paginate fills the counters and links of the page.
func (h *Handler) paginate(c *gin.Context, p *tasksPage) {
	p.Pages = max(1, min(maxPages, (p.Total+pageSize-1)/pageSize))
	if len(p.Rows) > 0 {
		p.From, p.To = p.Rows[0].Seq, p.Rows[len(p.Rows)-1].Seq
	}
	q := c.Request.URL.Query()
	q.Del("print")
	link := func(page int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("page", strconv.Itoa(page))
		return "/tasks?" + v.Encode()
	}
	if p.Page > 1 {
		p.PrevURL = link(p.Page - 1)
	}
	if p.Page < p.Pages {
		p.NextURL = link(p.Page + 1)
	}
	q.Del("page")
	p.BackURL = "/tasks?" + q.Encode()
	q.Set("print", "1")
	p.PrintURL = "/tasks?" + q.Encode()
	p.ExportURL = exportURL(p.Filter.BranchID, p.Filter.BatchID)
}

// ledgerHeading names the printed ledger: the branch and the batch.
func (h *Handler) ledgerHeading(scope ledger.Scope, f ledger.TaskFilter) string {
	root := f.BranchID
	if root == 0 {
		root = scope.Root()
	}
	name := "全部单位"
	if b := scope.Tree.Get(root); b != nil {
		name = b.Name
	}
	if f.BatchID != 0 {
		if b, err := h.st.FindBatch(scope, f.BatchID); err == nil {
			return name + " · " + b.Title
		}
	}
	return name
}

// rootOf is the branch a list shows: the chosen one or the viewer's root.
func rootOf(scope ledger.Scope, branch int64) int64 {
	if branch == 0 {
		return scope.Root()
	}
	return branch
}

// ledgerCrumbs is the path from the viewer's root to the branch the
// ledger shows, each step the ledger of that branch with the same batch.
func ledgerCrumbs(scope ledger.Scope, f ledger.TaskFilter) []crumb {
	var out []crumb
	if scope.Root() == 0 {
		out = append(out, crumb{Name: "全部单位", URL: "/tasks" + batchQuery(f.BatchID, "?")})
	}
	var path []int64
	for id := rootOf(scope, f.BranchID); id != 0 && scope.Sees(id) && len(path) <= scope.Tree.Len(); id = scope.Tree.Get(id).ParentID {
		path = append([]int64{id}, path...)
		if id == scope.Root() {
			break
		}
	}
	for _, id := range path {
		out = append(out, crumb{Name: scope.Tree.Get(id).Name, URL: tasksURL(id, f.BatchID)})
	}
	return out
}

func batchQuery(batch int64, sep string) string {
	if batch == 0 {
		return ""
	}
	return sep + "batch_id=" + strconv.FormatInt(batch, 10)
}

// taskURL is a measure's page, remembering the list it was opened from so
// its breadcrumb leads back there.
func taskURL(id int64, from string) string {
	u := "/tasks/" + strconv.FormatInt(id, 10)
	if from != "" {
		u += "?from=" + url.QueryEscape(from)
	}
	return u
}

// backTo is the list a measure page returns to: a local address of the
// ledger, 我的待办, the dashboard or the inbox, else the ledger.
func backTo(from string) (label, href string) {
	path, _, _ := strings.Cut(from, "?")
	labels := map[string]string{"/tasks": "整改台账", "/my": "我的待办", "/": "总览", "/inbox": "通知"}
	if l, ok := labels[path]; ok && !strings.ContainsAny(from, "\\\r\n") {
		return l, from
	}
	return "整改台账", "/tasks"
}

func atoiDefault(s string, def int) int {
	if n, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
		return n
	}
	return def
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// exportURL is the .xlsx download of the 台账 with the page's branch and
// batch filters; the others (status, owner, …) do not apply to an export.
func exportURL(branch, batch int64) string {
	v := url.Values{}
	if branch != 0 {
		v.Set("branch_id", strconv.FormatInt(branch, 10))
	}
	if batch != 0 {
		v.Set("batch_id", strconv.FormatInt(batch, 10))
	}
	if len(v) == 0 {
		return "/export.xlsx"
	}
	return "/export.xlsx?" + v.Encode()
}
