package ledger

// Counts are the per (branch, batch) counters kept in the same
// transaction as every task change.
type Counts struct {
	Total      int64 `json:"total"`
	Open       int64 `json:"open"`
	InProgress int64 `json:"in_progress"`
	Submitted  int64 `json:"submitted"`
	Closed     int64 `json:"closed"`
	// OnTime counts finished (submitted or closed) tasks that were
	// submitted by their due date.
	OnTime int64 `json:"on_time"`
	// Problems counts problems (not tasks) of the branch and batch.
	Problems int64 `json:"problems"`
}

// CountsOf is what a single task contributes to the counters.
func CountsOf(t *Task) Counts {
	c := Counts{Total: 1}
	switch t.Status {
	case StatusOpen:
		c.Open = 1
	case StatusInProgress:
		c.InProgress = 1
	case StatusSubmitted:
		c.Submitted = 1
	case StatusClosed:
		c.Closed = 1
	}
	if (t.Status == StatusSubmitted || t.Status == StatusClosed) && t.OnTime {
		c.OnTime = 1
	}
	return c
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.Total += o.Total
	c.Open += o.Open
	c.InProgress += o.InProgress
	c.Submitted += o.Submitted
	c.Closed += o.Closed
	c.OnTime += o.OnTime
	c.Problems += o.Problems
}

// Sub subtracts o from c.
func (c *Counts) Sub(o Counts) {
	c.Add(Counts{-o.Total, -o.Open, -o.InProgress, -o.Submitted, -o.Closed, -o.OnTime, -o.Problems})
}

// IsZero reports whether every counter is zero.
func (c Counts) IsZero() bool { return c == Counts{} }

// Stats are the dashboard figures of one branch (rolled up or not) on a day.
type Stats struct {
	Counts
	Overdue        int64   `json:"overdue"`
	DueSoon        int64   `json:"due_soon"`
	CompletionRate float64 `json:"completion_rate"`
	OnTimeRate     float64 `json:"on_time_rate"`
	Lights         Lights  `json:"lights"`
}

// Lights counts tasks by light.
type Lights struct {
	Red    int64 `json:"red"`
	Yellow int64 `json:"yellow"`
	Green  int64 `json:"green"`
	Done   int64 `json:"done"`
}

// Add adds o's counts (not rates) to s.
func (s *Stats) Add(o Stats) {
	s.Counts.Add(o.Counts)
	s.Overdue += o.Overdue
	s.DueSoon += o.DueSoon
}

// Finish computes the rates and lights from the counts.
//
// 完成率 = closed ÷ total. 按时完成率 = finished on time ÷ (finished +
// overdue): the tasks whose outcome is known, either done or late.
func (s *Stats) Finish() {
	s.CompletionRate = ratio(s.Closed, s.Total)
	s.OnTimeRate = ratio(s.OnTime, s.Submitted+s.Closed+s.Overdue)
	s.Lights = Lights{Red: s.Overdue, Yellow: s.DueSoon, Done: s.Closed}
	s.Lights.Green = max(0, s.Total-s.Overdue-s.DueSoon-s.Closed)
}

func ratio(a, b int64) float64 {
	if b == 0 {
		return 0
	}
	// Round to 4 places so JSON shows 0.6667 rather than 0.6666666666666666.
	return float64(int64(float64(a)/float64(b)*10000+0.5)) / 10000
}
