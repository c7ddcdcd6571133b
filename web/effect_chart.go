package web

import (
	"math"
	"strconv"
	"strings"

	"rectify/internal/ledger"
)

// columnChart is a plain column chart drawn by templates/effect.html: one
// column per band or quarter, its value printed above it, so the chart
// reads without a legend and on paper.
type columnChart struct {
	Title, Hint, ID                string
	TickX                          float64
	W, H, Left, Top, Bottom, Right float64
	LabelY                         float64
	Ticks                          []tick
	Cols                           []column
	Empty                          bool
}

type column struct {
	X, Y, W, H  float64
	MidX, TextY float64
	Label       string
	Value       string
	Title       string
}

// newColumnChart lays out values (0..top) as columns over a 640×260 view.
func newColumnChart(title, hint, id string, labels, values, titles []string, heights []float64, top float64, tickLabel func(float64) string) columnChart {
	ch := columnChart{Title: title, Hint: hint, ID: id, W: 640, H: 260, Left: 64, Top: 26, Bottom: 220, Right: 624}
	ch.TickX = ch.Left - 8
	ch.LabelY = ch.Bottom + 24
	plotH := ch.Bottom - ch.Top
	if top <= 0 {
		ch.Empty, top = true, 1
	}
	for i := 0; i <= 4; i++ {
		v := top * float64(i) / 4
		ch.Ticks = append(ch.Ticks, tick{Y: round1(ch.Bottom - plotH*float64(i)/4), Label: tickLabel(v)})
	}
	if len(labels) == 0 {
		ch.Empty = true
		return ch
	}
	slot := (ch.Right - ch.Left) / float64(len(labels))
	w := math.Min(slot*0.6, 56)
	for i, l := range labels {
		hgt := plotH * heights[i] / top
		x := ch.Left + slot*float64(i) + (slot-w)/2
		ch.Cols = append(ch.Cols, column{X: round1(x), Y: round1(ch.Bottom - hgt), W: round1(w), H: round1(hgt),
			MidX: round1(x + w/2), TextY: round1(ch.Bottom - hgt - 6), Label: l, Value: values[i], Title: titles[i]})
	}
	return ch
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// daysChart is the distribution of days to 销号 over the report's bands.
func daysChart(bands []ledger.DayBand) columnChart {
	var labels, values, titles []string
	var hs []float64
	var most int64
	for _, b := range bands {
		most = max(most, b.Count)
	}
	for _, b := range bands {
		n := strconv.FormatInt(b.Count, 10)
		short := strings.TrimSuffix(b.Label, "天") // the axis says 天
		if b.Max == 0 {
			short = ">" + strconv.Itoa(365)
		}
		labels, values = append(labels, short), append(values, n)
		titles = append(titles, b.Label+"销号："+n+" 项")
		hs = append(hs, float64(b.Count))
	}
	top := niceTop(most)
	return newColumnChart("销号用时分布", "已销号措施数，按从录入措施到销号的天数", "ef-days", labels, values, titles, hs, float64(top), func(v float64) string {
		return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	})
}

// quartersChart is the on-time rate of the measures closed each quarter;
// the last eight quarters are shown.
func quartersChart(qs []ledger.QuarterRate) columnChart {
	if len(qs) > 8 {
		qs = qs[len(qs)-8:]
	}
	var labels, values, titles []string
	var hs []float64
	for _, q := range qs {
		labels, values = append(labels, q.Quarter), append(values, pct(q.Rate))
		titles = append(titles, q.Quarter+"：销号 "+strconv.FormatInt(q.Closed, 10)+" 项，按时 "+strconv.FormatInt(q.OnTime, 10)+" 项")
		hs = append(hs, q.Rate)
	}
	return newColumnChart("按时完成率（按季度）", "当季销号的措施中在时限内提交的比例", "ef-q", labels, values, titles, hs, 1, func(v float64) string { return pct(v) })
}

// niceTop rounds a count up to a value whose quarters are whole numbers.
func niceTop(n int64) int64 {
	if n <= 0 {
		return 0
	}
	step := int64(1)
	for _, s := range []int64{1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000} {
		step = s
		if 4*s >= n {
			break
		}
	}
	for 4*step < n {
		step *= 10
	}
	return 4 * step
}
