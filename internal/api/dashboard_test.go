package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type dashRow struct {
	BranchID       int64   `json:"branch_id"`
	ParentID       int64   `json:"parent_id"`
	Name           string  `json:"name"`
	Total          int64   `json:"total"`
	Open           int64   `json:"open"`
	InProgress     int64   `json:"in_progress"`
	Submitted      int64   `json:"submitted"`
	Closed         int64   `json:"closed"`
	Overdue        int64   `json:"overdue"`
	DueSoon        int64   `json:"due_soon"`
	CompletionRate float64 `json:"completion_rate"`
	OnTimeRate     float64 `json:"on_time_rate"`
	Lights         struct {
		Red, Yellow, Green, Done int64
	} `json:"lights"`
}

type dashboard struct {
	On       string    `json:"on"`
	Branches []dashRow `json:"branches"`
}

func (e *env) dashboard(as, query string) dashboard {
	e.t.Helper()
	return decode[dashboard](e.t, e.must(http.StatusOK, "GET", "/dashboard"+query, as, nil))
}

func (d dashboard) row(t *testing.T, branch int64) dashRow {
	t.Helper()
	for _, r := range d.Branches {
		if r.BranchID == branch {
			return r
		}
	}
	t.Fatalf("no dashboard row for branch %d in %+v", branch, d.Branches)
	return dashRow{}
}

// counts are the figures a test compares, without names and rates.
type counts struct{ total, open, inProgress, submitted, closed, overdue, dueSoon int64 }

func (r dashRow) counts() counts {
	return counts{r.Total, r.Open, r.InProgress, r.Submitted, r.Closed, r.Overdue, r.DueSoon}
}

func (c counts) plus(o counts) counts {
	return counts{c.total + o.total, c.open + o.open, c.inProgress + o.inProgress, c.submitted + o.submitted,
		c.closed + o.closed, c.overdue + o.overdue, c.dueSoon + o.dueSoon}
}

func TestTheDashboardRollsUpTheTree(t *testing.T) {
	e := newEnv(t)
	e.sample()
	d := e.dashboard("admin", "")
	assert.Equal(t, today, d.On, "on defaults to today in the deployment's time zone")
	require.Len(t, d.Branches, 3)
	assert.Equal(t, []int64{e.party, e.branch1, e.branch2}, []int64{d.Branches[0].BranchID, d.Branches[1].BranchID, d.Branches[2].BranchID})

	b1, b2, party := d.row(t, e.branch1), d.row(t, e.branch2), d.row(t, e.party)
	assert.Equal(t, counts{total: 6, open: 3, inProgress: 1, submitted: 1, closed: 1, overdue: 1, dueSoon: 1}, b1.counts())
	assert.Equal(t, counts{total: 2, open: 2, overdue: 1}, b2.counts())
	assert.Equal(t, b1.counts().plus(b2.counts()), party.counts(), "党委 = 第一支部 + 第二支部")
	assert.Equal(t, "第一支部", b1.Name)
	assert.Equal(t, e.party, b1.ParentID)

	assert.InDelta(t, 1.0/6, b1.CompletionRate, 0.0001)
	assert.InDelta(t, 2.0/3, b1.OnTimeRate, 0.0001, "two finished on time, one overdue")
	assert.InDelta(t, 0, b2.OnTimeRate, 0.0001)
	assert.InDelta(t, 1.0/8, party.CompletionRate, 0.0001)
	assert.InDelta(t, 2.0/4, party.OnTimeRate, 0.0001)
	assert.Equal(t, int64(1), b1.Lights.Red)
	assert.Equal(t, int64(1), b1.Lights.Yellow)
	assert.Equal(t, int64(3), b1.Lights.Green)
	assert.Equal(t, int64(1), b1.Lights.Done)
}

func TestTheDashboardDayChangesOverdueAndDueSoon(t *testing.T) {
	e := newEnv(t)
	e.sample()
	for _, c := range []struct {
		on       string
		b1, b2   counts
		lightsB1 [4]int64 // red, yellow, green, done
	}{
		// 03-01 and 02-28 are four and three days off: due soon, not yet late.
		{"2026-02-25", counts{overdue: 0, dueSoon: 1}, counts{overdue: 0, dueSoon: 1}, [4]int64{0, 1, 4, 1}},
		{today, counts{overdue: 1, dueSoon: 1}, counts{overdue: 1}, [4]int64{1, 1, 3, 1}},
		// 03-15 has passed; 04-30 is five days off.
		{"2026-04-25", counts{overdue: 2, dueSoon: 1}, counts{overdue: 1}, [4]int64{2, 1, 2, 1}},
		// Everything unfinished is late; the submitted task is not the owner's to finish.
		{"2026-07-01", counts{overdue: 4}, counts{overdue: 2}, [4]int64{4, 0, 1, 1}},
	} {
		t.Run("on "+c.on, func(t *testing.T) {
			d := e.dashboard("officer", "?on="+c.on)
			assert.Equal(t, c.on, d.On)
			b1, b2, party := d.row(t, e.branch1), d.row(t, e.branch2), d.row(t, e.party)
			assert.Equal(t, [2]int64{c.b1.overdue, c.b1.dueSoon}, [2]int64{b1.Overdue, b1.DueSoon}, "第一支部 overdue, due soon")
			assert.Equal(t, [2]int64{c.b2.overdue, c.b2.dueSoon}, [2]int64{b2.Overdue, b2.DueSoon}, "第二支部 overdue, due soon")
			assert.Equal(t, b1.counts().plus(b2.counts()), party.counts())
			assert.Equal(t, c.lightsB1, [4]int64{b1.Lights.Red, b1.Lights.Yellow, b1.Lights.Green, b1.Lights.Done})
		})
	}
}

func TestTheDashboardShowsOnlyTheCallersSubtree(t *testing.T) {
	e := newEnv(t)
	s := e.sample()
	d := e.dashboard("member2", "")
	require.Len(t, d.Branches, 1)
	assert.Equal(t, e.branch2, d.Branches[0].BranchID)
	assert.Equal(t, int64(2), d.Branches[0].Total)

	assert.Len(t, e.dashboard("leader", "").Branches, 3)
	d = e.dashboard("officer1", "")
	require.Len(t, d.Branches, 1)
	assert.Equal(t, int64(6), d.Branches[0].Total)

	d = e.dashboard("admin", "?branch_id="+itoa(e.branch2))
	require.Len(t, d.Branches, 1)
	assert.Equal(t, e.branch2, d.Branches[0].BranchID)

	d = e.dashboard("admin", "?batch_id="+itoa(s.partyBatch))
	assert.Equal(t, int64(0), d.row(t, e.branch1).Total)
	assert.Equal(t, int64(2), d.row(t, e.party).Total)
	d = e.dashboard("admin", "?source_type=org_life")
	assert.Equal(t, int64(6), d.row(t, e.party).Total)

	wantError(t, e.do("GET", "/dashboard?branch_id="+itoa(e.branch1), "member2", nil), http.StatusNotFound, "not_found", "branch_id")
	wantError(t, e.do("GET", "/dashboard?on=2023-02-30", "admin", nil), http.StatusBadRequest, "invalid", "on")
	wantError(t, e.do("GET", "/dashboard?batch_id=x", "admin", nil), http.StatusBadRequest, "invalid", "batch_id")
	wantError(t, e.do("GET", "/dashboard?source_type=rumour", "admin", nil), http.StatusBadRequest, "invalid", "source_type")
}

func TestALongTermTaskIsOverdueWhenAReportIsMissed(t *testing.T) {
	e := newEnv(t)
	task := decode[map[string]any](t, e.must(http.StatusCreated, "POST", "/tasks", "officer1", map[string]any{
		"problem_id": e.problem, "description": "坚持每月开展主题党日", "kind": "long_term",
		"owner_id": e.id("member1"), "report_every_days": 30}))
	id := int64(task["id"].(float64))
	overdue := func(on string) int64 { return e.dashboard("officer1", "?on="+on).row(t, e.branch1).Overdue }
	assert.Equal(t, int64(0), overdue("2026-04-09"), "the first report is due 30 days after creation")
	assert.Equal(t, int64(1), overdue("2026-04-10"))

	e.clock.Advance(26 * 24 * time.Hour) // 2026-04-05; the old sessions have expired
	e.login("member1")
	e.login("officer1")
	e.must(http.StatusOK, "POST", taskPath(id, "progress"), "member1", map[string]string{"note": "3月主题党日已开展"})
	assert.Equal(t, int64(0), overdue("2026-04-10"), "a report moves the next one to 2026-05-05")
	assert.Equal(t, int64(1), overdue("2026-05-06"))

	e.clock.Advance(31 * 24 * time.Hour) // 2026-05-06
	e.login("member1")
	e.login("officer1")
	l := decode[taskList](t, e.must(http.StatusOK, "GET", "/tasks?light=red", "member1", nil))
	require.Len(t, l.Tasks, 1, "task lists take the light on the store's today")
	assert.Equal(t, id, l.Tasks[0].ID)
	assert.Equal(t, "2026-05-06", e.dashboard("officer1", "").On)
}

func TestEveryTaskChangeMovesTheDashboard(t *testing.T) {
	e := newEnv(t)
	id := e.createTaskOn(e.problem, "officer1", "member1", "2026-03-12", "补齐谈心谈话记录").ID
	row := func() counts { return e.dashboard("officer", "").row(t, e.party).counts() }
	assert.Equal(t, counts{total: 1, open: 1, dueSoon: 1}, row())

	e.must(http.StatusOK, "PATCH", taskPath(id, ""), "officer1", map[string]string{"due_on": "2026-03-01"})
	assert.Equal(t, counts{total: 1, open: 1, overdue: 1}, row())

	e.must(http.StatusOK, "POST", taskPath(id, "extension"), "member1", map[string]string{"due_on": "2026-06-30", "reason": "需协调"})
	assert.Equal(t, counts{total: 1, open: 1, overdue: 1}, row(), "a request alone changes nothing")
	e.must(http.StatusOK, "POST", taskPath(id, "extension/approve"), "officer1", map[string]string{})
	assert.Equal(t, counts{total: 1, open: 1}, row())

	e.must(http.StatusOK, "POST", taskPath(id, "progress"), "member1", map[string]string{"note": "进行中"})
	assert.Equal(t, counts{total: 1, inProgress: 1}, row())
	e.must(http.StatusOK, "POST", taskPath(id, "submit"), "member1", map[string]string{"note": "完成"})
	assert.Equal(t, counts{total: 1, submitted: 1}, row())
	e.must(http.StatusOK, "POST", taskPath(id, "approve"), "officer1", map[string]string{})
	assert.Equal(t, counts{total: 1, closed: 1}, row())
	assert.Equal(t, 1.0, e.dashboard("officer", "").row(t, e.party).CompletionRate)

	e.must(http.StatusOK, "POST", taskPath(id, "reopen"), "officer1", map[string]string{"due_on": "2026-03-12", "reason": "复查"})
	assert.Equal(t, counts{total: 1, open: 1, dueSoon: 1}, row())

	e.must(http.StatusOK, "DELETE", taskPath(id, ""), "officer1", nil)
	assert.Equal(t, counts{}, row())
}
