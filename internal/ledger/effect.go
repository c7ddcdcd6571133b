package ledger

import (
	"fmt"
	"sort"
)

// 整改成效: how long rectification takes, whether it holds, and how often
// it is on time, per branch.

// MaxCloseDays caps the days-to-销号 histogram: longer closes count in
// its last day, which still places the median correctly unless more than
// half the measures took that long.
const MaxCloseDays = 3650

// DaysToClose is how many days a closed task took from entry to 销号, and
// false for a task that is not closed.
func DaysToClose(t *Task) (int, bool) {
	if t.Status != StatusClosed || t.ClosedOn.IsZero() {
		return 0, false
	}
	d := 0
	if !t.CreatedOn.IsZero() {
		d = t.CreatedOn.DaysUntil(t.ClosedOn)
	}
	return min(max(d, 0), MaxCloseDays), true
}

// CloseDays counts closed measures by days to 销号.
type CloseDays map[int]int64

// Add adds o's counts (sign -1 subtracts them).
func (h CloseDays) Add(o CloseDays, sign int64) {
	for d, n := range o {
		h[d] += sign * n
		if h[d] == 0 {
			delete(h, d)
		}
	}
}

// Total is the number of closed measures counted.
func (h CloseDays) Total() int64 {
	var n int64
	for _, c := range h {
		n += c
	}
	return n
}

// Median is the median days to 销号 (the mean of the two middle values for
// an even count), and false when nothing is closed.
func (h CloseDays) Median() (float64, bool) { return h.Dense().Median() }

// DayBand is one bar of the days-to-销号 distribution.
type DayBand struct {
	Label string `json:"label"`
	Max   int    `json:"max"` // inclusive upper bound of days; 0 for the last band
	Count int64  `json:"count"`
}

var bandMax = []int{7, 15, 30, 60, 90, 180, 365}

// Bands is the distribution over the bands a 纪检 report uses: within a
// week, half a month, a month, two, three, six months, a year, longer.
func (h CloseDays) Bands() []DayBand {
	out := make([]DayBand, len(bandMax)+1)
	lo := 0
	for i, m := range bandMax {
		out[i] = DayBand{Label: fmt.Sprintf("%d–%d天", lo, m), Max: m}
		lo = m + 1
	}
	out[len(bandMax)] = DayBand{Label: fmt.Sprintf("%d天以上", bandMax[len(bandMax)-1])}
	for d, n := range h {
		i := sort.SearchInts(bandMax, d)
		out[i].Count += n
	}
	return out
}

// Quarter is a calendar quarter, numbered year*4 + (quarter-1).
type Quarter int

// QuarterOf is the quarter d falls in.
func QuarterOf(d Date) Quarter {
	y, m := int(d)/10000, int(d)/100%100
	return Quarter(y*4 + (m-1)/3)
}

// String is 2026Q4.
func (q Quarter) String() string { return fmt.Sprintf("%dQ%d", int(q)/4, int(q)%4+1) }

// Chinese is 2026年第4季度.
func (q Quarter) Chinese() string { return fmt.Sprintf("%d年第%d季度", int(q)/4, int(q)%4+1) }

// QuarterRate is the on-time share of the measures closed in a quarter.
type QuarterRate struct {
	Quarter string  `json:"quarter"`
	Closed  int64   `json:"closed"`
	OnTime  int64   `json:"on_time"`
	Rate    float64 `json:"on_time_rate"`
}

// Effect is one branch's 整改成效, rolled up over its subtree.
type Effect struct {
	BranchID          int64         `json:"branch_id"`
	Name              string        `json:"name"`
	Closed            int64         `json:"closed"`
	ConfirmedRebounds int64         `json:"confirmed_rebounds"`
	ReboundRate       float64       `json:"rebound_rate"` // confirmed rebounds ÷ closed measures
	MedianDaysToClose *float64      `json:"median_days_to_close"`
	Bands             []DayBand     `json:"days_to_close"`
	Quarters          []QuarterRate `json:"quarters"`
}

// QuarterCount is what a quarter's on-time rate is made of.
type QuarterCount struct{ Closed, OnTime int64 }

// NewEffect puts a branch's figures together; quarters come out oldest
// first.
func NewEffect(branch int64, name string, days CloseDays, quarters map[Quarter]QuarterCount, rebounds int64) Effect {
	e := Effect{BranchID: branch, Name: name, Closed: days.Total(), ConfirmedRebounds: rebounds, Bands: days.Bands()}
	e.ReboundRate = ratio(rebounds, e.Closed)
	if m, ok := days.Median(); ok {
		e.MedianDaysToClose = &m
	}
	qs := make([]Quarter, 0, len(quarters))
	for q := range quarters {
		qs = append(qs, q)
	}
	sort.Slice(qs, func(i, j int) bool { return qs[i] < qs[j] })
	e.Quarters = []QuarterRate{}
	for _, q := range qs {
		c := quarters[q]
		e.Quarters = append(e.Quarters, QuarterRate{Quarter: q.String(), Closed: c.Closed, OnTime: c.OnTime, Rate: ratio(c.OnTime, c.Closed)})
	}
	return e
}

// DayCounts is a CloseDays histogram as a slice indexed by days. The
// dashboard sums one per branch up the tree; adding slices costs a
// fraction of merging maps, and the median is one pass.
type DayCounts []int64

// Dense is h as DayCounts.
func (h CloseDays) Dense() DayCounts {
	top := -1
	for d := range h {
		top = max(top, d)
	}
	c := make(DayCounts, top+1)
	for d, n := range h {
		c[d] += n
	}
	return c
}

// Add adds o's counts into c.
func (c *DayCounts) Add(o DayCounts) {
	if len(o) > len(*c) {
		*c = append(*c, make(DayCounts, len(o)-len(*c))...)
	}
	for d, n := range o {
		(*c)[d] += n
	}
}

// Total is the number of closed measures counted.
func (c DayCounts) Total() int64 {
	var n int64
	for _, v := range c {
		n += v
	}
	return n
}

// Median is the median days to 销号 (the mean of the two middle values for
// an even count), and false when nothing is closed.
func (c DayCounts) Median() (float64, bool) {
	total := c.Total()
	if total == 0 {
		return 0, false
	}
	at := func(rank int64) int { // the rank-th value, 0-based
		for d, n := range c {
			if rank < n {
				return d
			}
			rank -= n
		}
		return len(c) - 1
	}
	if total%2 == 1 {
		return float64(at(total / 2)), true
	}
	return float64(at(total/2-1)+at(total/2)) / 2, true
}

// RowFigures are a dashboard row's 成效 figures: the rebound rate over its
// closed measures and the median days to 销号 (nil when none is closed),
// by the same rules as NewEffect.
func RowFigures(days DayCounts, rebounds int64) (rate float64, median *float64) {
	if m, ok := days.Median(); ok {
		median = &m
	}
	return ratio(rebounds, days.Total()), median
}
