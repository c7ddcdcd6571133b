package web

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/ledger"
)

// sectionLimit bounds each list of 我的待办; the section links to the
// full 台账 filter when there are more.
const sectionLimit = 200

type myPage struct {
	base
	Sections []section
	Today    ledger.Date
	Empty    bool
	Effect   effectWork // 举一反三 self-checks and rebound flags (cascades.go)
}

// section is one group of work, most urgent first.
type section struct {
	Title   string
	Hint    string
	Items   []workItem
	Total   int
	MoreURL string
}

type workItem struct {
	Task    *ledger.Task
	Problem string
	Branch  string
	URL     string
	Urgency string // e.g. 逾期 12 天
	Note    string
}

// myWork lists what waits for the viewer: a member's own measures by
// urgency; for an officer the submissions, extension requests, 回头看 and
// overdue items of the branches they manage; for a leader what is late.
func (h *Handler) myWork(c *gin.Context) { h.showMy(c, http.StatusOK, nil) }

// showMy renders 我的待办; form, when not nil, is a refused self-check or
// rebound form to show again with its input and the reason.
func (h *Handler) showMy(c *gin.Context, status int, form *effectForm) {
	u := api.CurrentUser(c)
	scope := h.st.Scope(u)
	p := &myPage{base: base{Title: "我的待办", Nav: "my"}, Today: h.st.Today()}
	var secs []sectionFunc
	switch u.Role {
	case ledger.RoleMember:
		secs = []sectionFunc{h.ownSection}
	case ledger.RoleLeader:
		secs = []sectionFunc{h.overdueSection, h.dueSoonSection}
	default:
		secs = []sectionFunc{h.submittedSection, h.extensionSection, h.reviewSection, h.overdueSection, h.ownSection}
	}
	for _, fn := range secs {
		s, err := fn(scope, p.Today)
		if err != nil {
			h.fail(c, err)
			return
		}
		if s.Total > 0 {
			p.Sections = append(p.Sections, s)
		}
	}
	if err := h.addEffectWork(c, p, form); err != nil {
		h.fail(c, err)
		return
	}
	p.Empty = len(p.Sections) == 0 && len(p.Effect.SelfChecks) == 0 && len(p.Effect.Rebounds) == 0
	h.render(c, status, "my", p)
}

type sectionFunc func(scope ledger.Scope, today ledger.Date) (section, error)

// ownSection: the viewer's unfinished and submitted measures, red first
// (most days late first), then yellow and green by due date, then those
// waiting for review.
func (h *Handler) ownSection(scope ledger.Scope, today ledger.Date) (section, error) {
	tasks, total, err := h.collect(scope, ledger.TaskFilter{OwnerID: scope.User.ID, Today: today}, sortLimit)
	if err != nil {
		return section{}, err
	}
	total = capped(total, len(tasks))
	tasks = slices.DeleteFunc(tasks, func(t *ledger.Task) bool { return t.Status == ledger.StatusClosed })
	slices.SortStableFunc(tasks, func(a, b *ledger.Task) int {
		return cmp.Or(cmp.Compare(urgencyRank(a), urgencyRank(b)),
			cmp.Compare(b.DaysOverdue(today), a.DaysOverdue(today)), cmp.Compare(dueKey(a), dueKey(b)))
	})
	s := section{Title: "我负责的整改措施", Hint: "按紧急程度排列：红灯（逾期）在前，其次黄灯（即将到期），再次按时限先后。"}
	return h.fill(scope, s, tasks, total, today, "/tasks?owner_id="+id(scope.User.ID))
}

// urgencyRank puts a returned measure with the overdue ones: it is work
// the owner must redo now.
func urgencyRank(t *ledger.Task) int {
	if t.Status == ledger.StatusSubmitted {
		return 4
	} else if t.Returned != nil {
		return lightRank[ledger.LightRed]
	}
	return lightRank[t.Light]
}

func dueKey(t *ledger.Task) ledger.Date {
	if t.DueOn.IsZero() {
		return 99991231
	}
	return t.DueOn
}

// submittedSection: submissions the officer may approve, oldest first.
func (h *Handler) submittedSection(scope ledger.Scope, today ledger.Date) (section, error) {
	tasks, total, err := h.st.SubmittedTasks(scope, 0, sectionLimit)
	if err != nil {
		return section{}, err
	}
	n := len(tasks)
	tasks = slices.DeleteFunc(tasks, func(t *ledger.Task) bool { return scope.CanAct(ledger.ActApprove, t) != nil })
	slices.SortStableFunc(tasks, func(a, b *ledger.Task) int { return cmp.Compare(a.SubmittedOn, b.SubmittedOn) })
	s := section{Title: "待审核销号", Hint: "责任人已提交，等待审核；先提交的排在前面。"}
	return h.fill(scope, s, tasks, total-(n-len(tasks)), today, "/tasks?status=submitted")
}

// extensionSection: pending extension requests the officer may decide.
func (h *Handler) extensionSection(scope ledger.Scope, today ledger.Date) (section, error) {
	tasks, err := h.st.PendingExtensionTasks(scope, 0)
	if err != nil {
		return section{}, err
	}
	tasks = slices.DeleteFunc(tasks, func(t *ledger.Task) bool { return scope.CanAct(ledger.ActApproveExtension, t) != nil })
	slices.SortStableFunc(tasks, func(a, b *ledger.Task) int {
		return cmp.Compare(a.Extension.RequestedOn, b.Extension.RequestedOn)
	})
	return h.fill(scope, section{Title: "延期申请", Hint: "等待审批的延期申请。"}, tasks, 0, today, "")
}

// reviewSection: 回头看 that are due, earliest first.
func (h *Handler) reviewSection(scope ledger.Scope, today ledger.Date) (section, error) {
	tasks, total, err := h.st.DueReviewTasks(scope, 0, today, sectionLimit)
	if err != nil {
		return section{}, err
	}
	s := section{Title: "到期的回头看", Hint: "销号后已到回头看时间，请核查整改成果是否巩固。"}
	return h.fill(scope, s, tasks, total, today, "")
}

// overdueSection: tasks past their due date, longest overdue first, read
// in that order from the due-date index.
func (h *Handler) overdueSection(scope ledger.Scope, today ledger.Date) (section, error) {
	tasks, total, err := h.st.LateTasks(scope, 0, 0, today.AddDays(-1), nil, sectionLimit)
	if err != nil {
		return section{}, err
	}
	s := section{Title: "逾期未完成", Hint: "超过整改时限仍未提交的措施，逾期最久的排在前面。"}
	return h.fill(scope, s, tasks, total, today, "/tasks?light=red")
}

// dueSoonSection: tasks inside their warning window, earliest due first.
func (h *Handler) dueSoonSection(scope ledger.Scope, today ledger.Date) (section, error) {
	inWindow := func(due ledger.Date, warn int) bool { return today.DaysUntil(due) <= warn }
	tasks, total, err := h.st.LateTasks(scope, 0, today, today.AddDays(h.st.MaxWarnDays()), inWindow, sectionLimit)
	if err != nil {
		return section{}, err
	}
	s := section{Title: "即将到期", Hint: "进入预警期的措施，到期早的排在前面。"}
	return h.fill(scope, s, tasks, total, today, "/tasks?light=yellow")
}

// capped returns the full count when collect stopped early, else 0: the
// caller's own count of what it kept is then exact.
func capped(total, loaded int) int {
	if loaded < total {
		return total
	}
	return 0
}

// fill turns tasks into the items of s, at most sectionLimit of them;
// total, when not 0, is the count of a list that was cut short.
func (h *Handler) fill(scope ledger.Scope, s section, tasks []*ledger.Task, total int, today ledger.Date, more string) (section, error) {
	s.Total = max(len(tasks), total)
	if s.Total > sectionLimit {
		s.MoreURL = more
	}
	tasks = tasks[:min(len(tasks), sectionLimit)]
	ids := make([]int64, len(tasks))
	for i, t := range tasks {
		ids[i] = t.ProblemID
	}
	problems, err := h.st.ProblemsByID(scope, ids)
	if err != nil {
		return s, err
	}
	for _, t := range tasks {
		it := workItem{Task: t, Branch: branchName(scope, t.BranchID), URL: taskURL(t.ID, "/my"), Urgency: urgency(t, today)}
		if p := problems[t.ProblemID]; p != nil {
			it.Problem = p.Description
		}
		if t.Extension != nil {
			it.Note = "申请延期至 " + t.Extension.DueOn.Chinese() + "：" + t.Extension.Reason
		}
		s.Items = append(s.Items, it)
	}
	return s, nil
}

func branchName(scope ledger.Scope, id int64) string {
	if b := scope.Tree.Get(id); b != nil {
		return b.Name
	}
	return ""
}

// urgency says in words how the task stands against its due date.
func urgency(t *ledger.Task, today ledger.Date) string {
	switch {
	case t.Status == ledger.StatusClosed:
		return "已销号"
	case t.Status == ledger.StatusSubmitted:
		return "已提交，待审核"
	case t.PastDue(today):
		return "逾期 " + strconv.Itoa(t.DaysOverdue(today)) + " 天"
	case t.ReportMissed(today):
		return "进展报告逾期"
	case t.DueOn.IsZero():
		return "长期坚持"
	case t.DueOn == today:
		return "今天到期"
	}
	return "剩 " + strconv.Itoa(today.DaysUntil(t.DueOn)) + " 天"
}
