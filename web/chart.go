package web

import (
	"fmt"
	"math"
	"sort"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

// The charts are SVG computed here and drawn by templates/charts.html:
// nothing is loaded from elsewhere and they print like the rest of the page.

// bar is an inline completion bar (0–100 wide in a viewBox of 100).
type bar struct{ W float64 }

func barOf(rate float64) bar { return bar{W: math.Round(rate*1000) / 10} }

const (
	weeksBack  = 11 // the progress chart shows 11 weeks before this one,
	weeksAhead = 4  // this week and 4 weeks ahead
)

// completionChart is one bar per branch of the level below the one shown.
type completionChart struct {
	Items []completionItem
	AvgX  float64 // the overall rate, as a reference line
	Avg   float64
}

type completionItem struct {
	Name   string
	URL    string
	Rate   float64
	Closed int64
	Total  int64
	Bar    bar
}

// newCompletionChart charts the children of the branch shown (or the
// roots, for an admin's whole tree), lowest completion first: those are
// the ones to chase. Every branch of the level is drawn: a leader looks
// for their own branch, and a chart that leaves some out hides them.
func newCompletionChart(rows []branchRow, avg float64) completionChart {
	depth := 1
	if !hasDepth(rows, 1) {
		depth = 0
	}
	ch := completionChart{Avg: avg, AvgX: barOf(avg).W}
	for _, r := range rows {
		if r.Depth == depth {
			ch.Items = append(ch.Items, completionItem{Name: r.Name, URL: r.URL, Rate: r.CompletionRate,
				Closed: r.Closed, Total: r.Total, Bar: r.Bar})
		}
	}
	sort.SliceStable(ch.Items, func(i, j int) bool { return ch.Items[i].Rate < ch.Items[j].Rate })
	return ch
}

func hasDepth(rows []branchRow, d int) bool {
	for _, r := range rows {
		if r.Depth == d {
			return true
		}
	}
	return false
}

// weeklyChart is closed against due per week, as grouped columns.
type weeklyChart struct {
	W, H       float64
	Left, Top  float64
	PlotW      float64
	PlotH      float64
	Right      float64
	Bottom     float64 // y of the x axis
	BarW       float64
	Slot       float64
	TickX      float64
	LabelY     float64
	FutureX    float64 // left edge of the weeks to come, 0 if none shown
	FutureW    float64
	Ticks      []tick
	Weeks      []weekColumn
	TotalDue   int64
	TotalClose int64
}

type tick struct {
	Y     float64
	Label string
}

type weekColumn struct {
	store.WeekPoint
	X         float64 // left edge of the group
	ClosedX   float64
	SlotX     float64
	LabelX    float64
	DueY      float64
	DueH      float64
	ClosedY   float64
	ClosedH   float64
	Label     string // 11/17
	ShowLabel bool
	Current   bool
	Future    bool
}

func newWeeklyChart(points []store.WeekPoint, today ledger.Date) weeklyChart {
	ch := weeklyChart{W: 640, H: 252, Left: 60, Top: 12, Bottom: 220}
	ch.TickX, ch.LabelY = ch.Left-8, ch.Bottom+26
	ch.PlotW = ch.W - ch.Left - 24
	ch.PlotH, ch.Right = ch.Bottom-ch.Top, ch.Left+ch.PlotW
	var top int64 = 1
	for _, p := range points {
		top = max(top, p.Due, p.Closed)
		ch.TotalDue += p.Due
		ch.TotalClose += p.Closed
	}
	top = niceCeil(top)
	plotH := ch.Bottom - ch.Top
	for i := int64(0); i <= 4; i++ {
		v := top * i / 4
		ch.Ticks = append(ch.Ticks, tick{Y: ch.Bottom - plotH*float64(v)/float64(top), Label: fmt.Sprint(v)})
	}
	if len(points) == 0 {
		return ch
	}
	slot := ch.PlotW / float64(len(points))
	ch.Slot, ch.BarW = slot, math.Floor(slot*0.36)
	thisWeek := store.WeekOf(today)
	cur := int(thisWeek - store.WeekOf(points[0].Start))
	for i, p := range points {
		x := ch.Left + slot*float64(i) + (slot-2*ch.BarW)/2
		dh := plotH * float64(p.Due) / float64(top)
		chh := plotH * float64(p.Closed) / float64(top)
		w := store.WeekOf(p.Start)
		if w > thisWeek && ch.FutureX == 0 {
			ch.FutureX = ch.Left + slot*float64(i)
			ch.FutureW = ch.Left + ch.PlotW - ch.FutureX
		}
		ch.Weeks = append(ch.Weeks, weekColumn{WeekPoint: p, X: x, ClosedX: x + ch.BarW, SlotX: ch.Left + slot*float64(i), LabelX: x + ch.BarW,
			DueY: ch.Bottom - dh, DueH: dh, ClosedY: ch.Bottom - chh, ClosedH: chh,
			Label:     fmt.Sprintf("%d/%d", int(p.Start)/100%100, int(p.Start)%100),
			ShowLabel: (i-cur)%2 == 0, Current: w == thisWeek, Future: w > thisWeek})
	}
	return ch
}

// niceCeil rounds n up to 1, 2 or 5 times a power of ten, and to a
// multiple of 4 so the four gridlines fall on whole numbers.
func niceCeil(n int64) int64 {
	if n <= 4 {
		return 4
	}
	p := int64(1)
	for p*10 <= n {
		p *= 10
	}
	for _, m := range []int64{1, 2, 4, 5, 8, 10} {
		if v := m * p; v >= n && v%4 == 0 {
			return v
		}
	}
	return (n + 3) / 4 * 4
}
