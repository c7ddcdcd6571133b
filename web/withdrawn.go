package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"rectify/internal/ledger"
)

type withdrawnPage struct {
	base
	Task     *ledger.Task
	Reason   string
	By       string
	Timeline []timelineEntry
}

// withdrawnTaskPage shows a withdrawn measure (撤销): its last plan, who
// withdrew it and why, and its whole trail. It reports false when id is
// not a withdrawn measure the user sees.
func (h *Handler) withdrawnTaskPage(c *gin.Context, u *ledger.User, tid int64) bool {
	t, events, err := h.app.WithdrawnMeasure(u, tid)
	if err != nil {
		return false
	}
	p := &withdrawnPage{base: base{Title: "已撤销的措施", Nav: "tasks"}, Task: t}
	people := []int64{}
	for _, e := range events {
		people = append(people, e.ActorID)
	}
	names, err := h.st.UserNames(people)
	if err != nil {
		h.fail(c, err)
		return true
	}
	for _, e := range events {
		p.Timeline = append(p.Timeline, timelineEntry{At: e.At, Actor: orName(names, e.ActorID),
			Action: actionLabel(e), Note: e.Note, Detail: eventDetail(e)})
	}
	last := events[len(events)-1]
	p.Reason, p.By = last.Note, orName(names, last.ActorID)
	h.render(c, http.StatusOK, "withdrawn", p)
	return true
}

// planChanges says in words what an edit or a handover changed, before →
// after, field by field.
func planChanges(before, after *ledger.Task) string {
	var out []string
	add := func(label, b, a string) {
		if b != a {
			out = append(out, label+"由“"+orDash(b)+"”改为“"+orDash(a)+"”")
		}
	}
	if before.Description != after.Description {
		out = append(out, "措施内容已修改")
	}
	add("类型", before.Kind.Label(), after.Kind.Label())
	add("责任人", before.OwnerName, after.OwnerName)
	add("牵头部门", before.LeadDept, after.LeadDept)
	add("配合部门", strings.Join(before.SupportDepts, "、"), strings.Join(after.SupportDepts, "、"))
	add("整改时限", before.DueOn.Chinese(), after.DueOn.Chinese())
	if before.ReviewerID != after.ReviewerID {
		out = append(out, "复核人已更换")
	}
	if before.ReportEveryDays != after.ReportEveryDays {
		out = append(out, fmt.Sprintf("进展报告间隔由 %d 天改为 %d 天", before.ReportEveryDays, after.ReportEveryDays))
	}
	return strings.Join(out, "；")
}
