package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

type taskPage struct {
	base
	Task          *ledger.Task
	Problem       *ledger.Problem
	Batch         *ledger.Batch
	BranchPath    string
	ReviewerName  string
	Timeline      []timelineEntry
	Evidence      []evidenceRow
	Reviews       []*ledger.Review
	PendingReview *ledger.Review
	Can           actions
	Today         ledger.Date
	DaysOverdue   int
	DaysLeft      int
	BackLabel     string // the list the breadcrumb returns to
	BackURL       string
	From          string    // that list's address, kept through the action forms
	Failed        formState // a refused form: input and message
}

// actions are the forms the viewer sees: exactly the ones ledger.Scope
// allows in the task's present state. The store checks again on POST.
// actions are the forms the task page offers: app.OffersOn, the rule the
// actions themselves enforce.
type actions = app.Offers

type timelineEntry struct {
	At     time.Time
	Actor  string
	Action string
	Note   string
	Detail string
}

type evidenceRow struct {
	*ledger.Evidence
	Uploader string
	URL      string
	Size     string
}

// taskPage shows one measure: the problem it answers, its plan and state,
// the trail of what happened, the evidence, and the viewer's actions.
func (h *Handler) taskPage(c *gin.Context) {
	id, err := pathInt(c, "id")
	if err != nil {
		h.fail(c, err)
		return
	}
	u := api.CurrentUser(c)
	p, err := h.loadTaskPage(u, id)
	if ledger.ErrorCode(err) == ledger.ENOTFOUND && h.withdrawnTaskPage(c, u, id) {
		return
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	p.Flash = doneMessages[c.Query("done")]
	p.setBack(c.Query("from"))
	h.markTaskNoticesRead(u, id)
	h.render(c, http.StatusOK, "task", p)
}

// setBack points the breadcrumb at the list the measure was opened from.
func (p *taskPage) setBack(from string) {
	p.BackLabel, p.BackURL = backTo(from)
	if p.BackURL != "/tasks" || from == "/tasks" {
		p.From = p.BackURL
	}
}

func (h *Handler) loadTaskPage(u *ledger.User, id int64) (*taskPage, error) {
	scope := h.st.Scope(u)
	t, err := h.st.FindTask(scope, id)
	if err != nil {
		return nil, err
	}
	p := &taskPage{base: base{Title: "措施详情", Nav: "tasks", User: u}, Task: t, Today: h.st.Today()}
	p.DaysOverdue = t.DaysOverdue(p.Today)
	if !t.DueOn.IsZero() {
		p.DaysLeft = p.Today.DaysUntil(t.DueOn)
	}
	p.BranchPath = strings.Join(scope.Tree.Path(t.BranchID), " / ")
	if p.Problem, err = h.st.FindProblem(scope, t.ProblemID); err != nil {
		return nil, err
	}
	if p.Batch, err = h.st.FindBatch(scope, t.BatchID); err != nil {
		return nil, err
	}
	if err := h.loadTrail(scope, p); err != nil {
		return nil, err
	}
	p.Can = app.OffersOn(scope, t, p.PendingReview != nil)
	return p, nil
}

// loadTrail reads the events, evidence and reviews of the task, and the
// names of everyone who appears in them.
func (h *Handler) loadTrail(scope ledger.Scope, p *taskPage) error {
	id := p.Task.ID
	events, err := h.st.TaskEvents(scope, id)
	if err != nil {
		return err
	}
	files, err := h.st.EvidenceFiles(scope, id)
	if err != nil {
		return err
	}
	if p.Reviews, err = h.st.Reviews(scope, store.ReviewFilter{TaskID: id}); err != nil {
		return err
	}
	for _, r := range p.Reviews {
		if !r.Done {
			p.PendingReview = r
		}
	}
	people := []int64{p.Task.ReviewerID}
	for _, e := range events {
		people = append(people, e.ActorID)
	}
	for _, f := range files {
		people = append(people, f.UploadedBy)
	}
	names, err := h.st.UserNames(people)
	if err != nil {
		return err
	}
	p.ReviewerName = names[p.Task.ReviewerID]
	for _, e := range events {
		p.Timeline = append(p.Timeline, timelineEntry{At: e.At, Actor: orName(names, e.ActorID),
			Action: actionLabel(e), Note: e.Note, Detail: eventDetail(e)})
	}
	for _, f := range files {
		p.Evidence = append(p.Evidence, evidenceRow{Evidence: f, Uploader: orName(names, f.UploadedBy),
			URL: fmt.Sprintf("/tasks/%d/evidence/%d", id, f.ID), Size: humanSize(f.Size)})
	}
	return nil
}

func orName(names map[int64]string, id int64) string {
	if id == 0 {
		return "系统"
	}
	if n, ok := names[id]; ok {
		return n
	}
	return "用户" + strconv.FormatInt(id, 10)
}

var actionLabels = map[ledger.Action]string{
	ledger.ActCreate: "创建", ledger.ActUpdate: "修改", ledger.ActImport: "导入修改", ledger.ActDelete: "删除", ledger.ActProgress: "报告整改进展",
	ledger.ActEvidence: "上传佐证材料", ledger.ActSubmit: "提交销号", ledger.ActApprove: "审核通过（销号）",
	ledger.ActReject: "退回整改", ledger.ActRequestExtension: "申请延期", ledger.ActApproveExtension: "同意延期",
	ledger.ActRejectExtension: "不同意延期", ledger.ActReopen: "重新整改", ledger.ActOverdue: "逾期",
	ledger.ActEscalate: "督办", ledger.ActReview: "回头看", ledger.ActWithdraw: "撤销", ledger.ActReassign: "责任交接",
}

func actionLabel(e *ledger.Event) string {
	if l, ok := actionLabels[e.Action]; ok {
		return l
	}
	return string(e.Action)
}

// eventDetail says in words what an event changed, from its before and
// after records.
func eventDetail(e *ledger.Event) string {
	if e.Entity == "review" {
		var r ledger.Review
		if json.Unmarshal(e.After, &r) == nil && r.Outcome != "" {
			return "结论：" + outcomeLabel(r.Outcome)
		}
		return ""
	}
	var before, after ledger.Task
	_ = json.Unmarshal(e.Before, &before)
	_ = json.Unmarshal(e.After, &after)
	switch e.Action {
	case ledger.ActCreate:
		return "整改时限 " + orDash(after.DueOn.Chinese())
	case ledger.ActProgress:
		if after.Percent > 0 {
			return "完成进度 " + strconv.Itoa(after.Percent) + "%"
		}
	case ledger.ActRequestExtension:
		if after.Extension != nil {
			return "申请延期至 " + after.Extension.DueOn.Chinese()
		}
	case ledger.ActApproveExtension:
		if before.DueOn != after.DueOn {
			return "整改时限由 " + orDash(before.DueOn.Chinese()) + " 调整为 " + orDash(after.DueOn.Chinese())
		}
	case ledger.ActUpdate, ledger.ActReassign:
		return planChanges(&before, &after)
	case ledger.ActReopen:
		return "新的整改时限 " + after.DueOn.Chinese()
	}
	return ""
}

func outcomeLabel(o ledger.ReviewOutcome) string {
	switch o {
	case ledger.OutcomeConsolidated:
		return "整改成果巩固"
	case ledger.OutcomeRebound:
		return "问题反弹，重新整改"
	}
	return string(o)
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d 字节", n)
}

// pathInt reads a positive id from the path.
func pathInt(c *gin.Context, name string) (int64, error) {
	n, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, ledger.Errorf(ledger.ENOTFOUND, "no such %s", name)
	}
	return n, nil
}
