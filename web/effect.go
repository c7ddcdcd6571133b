package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/ledger"
	"rectify/internal/similar"
	"rectify/internal/store"
)

// effectPage is 整改成效: whether rectification works in a branch and the
// branches under it (docs/SIMILAR.md says how each figure is counted).
type effectPage struct {
	base
	Today     ledger.Date
	Crumbs    []crumb
	Total     effectRow
	Rows      []effectRow
	Days      barList
	Quarters  barList
	Bands     []ledger.DayBand
	QuarterTb []ledger.QuarterRate
	Recurring []similar.Recurrence
}

// effectRow is one branch's figures as the page prints them.
type effectRow struct {
	Name        string
	URL         string
	Closed      int64
	Rebounds    int64
	ReboundRate string
	Median      string
	OnTime      string
}

func newEffectRow(e ledger.Effect, url string) effectRow {
	r := effectRow{Name: e.Name, URL: url, Closed: e.Closed, Rebounds: e.ConfirmedRebounds,
		ReboundRate: "—", Median: "—", OnTime: "—"}
	if e.Closed > 0 {
		r.ReboundRate = pct(e.ReboundRate)
	}
	if m := e.MedianDaysToClose; m != nil {
		r.Median = strconv.FormatFloat(*m, 'f', -1, 64) + " 天"
	}
	var closed, onTime int64
	for _, q := range e.Quarters {
		closed, onTime = closed+q.Closed, onTime+q.OnTime
	}
	if closed > 0 {
		r.OnTime = pct(float64(onTime) / float64(closed))
	}
	return r
}

// effect shows the 整改成效 of the viewer's scope or of the branch asked
// for, read through the same use case as GET /api/v1/effect.
func (h *Handler) effect(c *gin.Context) {
	u := api.CurrentUser(c)
	branch, err := queryInt(c, "branch_id")
	if err != nil {
		h.fail(c, err)
		return
	}
	r, err := h.app.Effect(c.Request.Context(), u, branch)
	if err != nil {
		h.fail(c, err)
		return
	}
	h.render(c, http.StatusOK, "effect", h.newEffectPage(u, r))
}

func (h *Handler) newEffectPage(u *ledger.User, r *app.EffectReport) *effectPage {
	scope := h.st.Scope(u)
	p := &effectPage{base: base{Title: "整改成效", Nav: "effect"}, Today: h.st.Today(),
		Total: newEffectRow(r.Total, ""), Bands: r.Total.Bands, QuarterTb: r.Total.Quarters, Recurring: r.Recurring}
	if p.Total.Name == "" {
		p.Total.Name = "全部单位"
	}
	p.Crumbs = h.crumbs(scope, store.DashboardFilter{BranchID: r.Total.BranchID})
	for i := range p.Crumbs {
		p.Crumbs[i].URL = "/effect" + p.Crumbs[i].URL[1:]
	}
	for _, e := range r.Rows {
		p.Rows = append(p.Rows, newEffectRow(e, "/effect?branch_id="+id(e.BranchID)))
	}
	p.Days = daysChart(r.Total.Bands)
	p.Quarters = quartersChart(r.Total.Quarters)
	return p
}
