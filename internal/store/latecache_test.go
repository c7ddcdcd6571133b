package store

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// lateFigures extracts what the cache provides from dashboard rows.
func lateFigures(rows []*BranchRow) map[int64][2]int64 {
	out := map[int64][2]int64{}
	for _, r := range rows {
		out[r.BranchID] = [2]int64{r.Overdue, r.DueSoon}
	}
	return out
}

func assertCacheMatchesScan(t *testing.T, s *Store, scope ledger.Scope, f DashboardFilter) {
	t.Helper()
	cached, err := s.dashboard(scope, f, true)
	require.NoError(t, err)
	scanned, err := s.dashboard(scope, f, false)
	require.NoError(t, err)
	assert.Equal(t, lateFigures(scanned), lateFigures(cached), "today's cached overdue/due-soon equal an index scan")
}

func TestTodaysLateCountsStayTrueThroughRandomChangesAndDayChanges(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	sim := newSimulation(t, db, 7)
	for i := range 1500 {
		sim.step()
		if i%25 == 0 {
			scope := db.s.Scope(sim.o.admin)
			assertCacheMatchesScan(t, db.s, scope, DashboardFilter{})
			assertCacheMatchesScan(t, db.s, scope, DashboardFilter{BatchID: sim.batches[1].ID})
			assertCacheMatchesScan(t, db.s, scope, DashboardFilter{SourceType: ledger.SourcePatrol})
		}
	}
	assert.Positive(t, sim.ok["advance clock"], "the cache must have been rebuilt for new days")
}

func TestTodaysLateCountsStayTrueUnderConcurrentWrites(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-02")
	o := newOrg(t, s)
	scope := s.Scope(o.admin)
	_, err := s.Dashboard(scope, DashboardFilter{}) // build the cache before the writers start
	require.NoError(t, err)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				due := s.Today().AddDays((w*7+i)%21 - 10)
				task := &ledger.Task{ProblemID: o.problem1.ID, Description: fmt.Sprintf("措施%d-%d", w, i), OwnerID: o.member.ID, DueOn: due}
				if !assert.NoError(t, s.CreateTask(o.officer, task)) {
					return
				}
				if i%3 == 0 {
					_, err := s.Submit(o.member, task.ID, "完成")
					assert.NoError(t, err)
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 50 {
			_, err := s.Dashboard(scope, DashboardFilter{})
			assert.NoError(t, err)
		}
	}()
	wg.Wait()
	assertCacheMatchesScan(t, s, scope, DashboardFilter{})
	rows, err := s.Dashboard(scope, DashboardFilter{})
	require.NoError(t, err)
	assert.Positive(t, rows[0].Overdue)
	assert.Positive(t, rows[0].DueSoon)
}
