package web

import (
	"strconv"
	"strings"

	"rectify/internal/ledger"
)

// barList is a chart of horizontal bars drawn by templates/effect.html:
// the label and the value are text beside an inline SVG bar, so the chart
// stays readable on a 375 px phone as on a desktop and prints like the
// rest of the page.
type barList struct {
	Title, Hint, ID string
	Items           []barItem
	Empty           bool
}

type barItem struct {
	Label string
	Value string
	Note  string // e.g. 7/8
	Title string
	Bar   bar
}

// daysChart is the distribution of days to 销号 over the report's bands,
// each bar against the largest band.
func daysChart(bands []ledger.DayBand) barList {
	ch := barList{Title: "销号用时分布", Hint: "已销号措施数，按从录入措施到销号的天数", ID: "ef-days", Empty: true}
	var most int64
	for _, b := range bands {
		most = max(most, b.Count)
	}
	for _, b := range bands {
		n := strconv.FormatInt(b.Count, 10)
		it := barItem{Label: b.Label, Value: n + " 项", Title: b.Label + "销号：" + n + " 项"}
		if most > 0 {
			it.Bar = barOf(float64(b.Count) / float64(most))
			ch.Empty = false
		}
		ch.Items = append(ch.Items, it)
	}
	return ch
}

// quartersChart is the on-time rate of the measures closed each quarter,
// the last eight quarters, oldest first.
func quartersChart(qs []ledger.QuarterRate) barList {
	ch := barList{Title: "按时完成率（按季度）", Hint: "当季销号的措施中在时限内提交的比例", ID: "ef-q", Empty: len(qs) == 0}
	if len(qs) > 8 {
		qs = qs[len(qs)-8:]
	}
	for _, q := range qs {
		closed, onTime := strconv.FormatInt(q.Closed, 10), strconv.FormatInt(q.OnTime, 10)
		ch.Items = append(ch.Items, barItem{Label: quarterLabel(q.Quarter), Value: pct(q.Rate), Note: onTime + "/" + closed,
			Title: quarterLabel(q.Quarter) + "：销号 " + closed + " 项，按时 " + onTime + " 项", Bar: barOf(q.Rate)})
	}
	return ch
}

// quarterLabel turns 2026Q4 into 2026年四季度.
func quarterLabel(q string) string {
	y, n, ok := strings.Cut(q, "Q")
	if !ok || len(n) != 1 || n[0] < '1' || n[0] > '4' {
		return q
	}
	return y + "年" + []string{"一", "二", "三", "四"}[n[0]-'1'] + "季度"
}
