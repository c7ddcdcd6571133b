package store

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

func TestTheHygieneTestCoversTheWeekAndExtensionIndexes(t *testing.T) {
	for _, want := range [][]byte{bTaskWeek, bTaskExtension} {
		assert.True(t, slices.ContainsFunc(hygieneBuckets, func(b []byte) bool { return string(b) == string(want) }),
			"%s is compared with a full scan", want)
	}
}

// TestWeeklyChartAndPendingExtensionsEqualABruteForceCount runs random
// changes through the store and then checks the progress chart and the
// pending-extension list, read from their indexes, against a count over
// every task, for several viewers, filters and days.
func TestWeeklyChartAndPendingExtensionsEqualABruteForceCount(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	sim := newSimulation(t, db, 20260303)
	for range 1500 {
		sim.step()
	}
	assertIndexesMatchScan(t, db.s)
	assertWeeklyMatchesBruteForce(t, db.s, sim)
	assertExtensionsMatchBruteForce(t, db.s, sim)
	db.Reopen()
	assertWeeklyMatchesBruteForce(t, db.s, sim)
	assertExtensionsMatchBruteForce(t, db.s, sim)
}

func assertWeeklyMatchesBruteForce(t *testing.T, s *Store, sim *simulation) {
	t.Helper()
	tasks := allTasks(t, s)
	batches, err := s.Batches(sim.admin())
	require.NoError(t, err)
	source := map[int64]ledger.SourceType{}
	for _, b := range batches {
		source[b.ID] = b.SourceType
	}
	o := sim.o
	filters := []DashboardFilter{{}, {BatchID: o.batch.ID}, {SourceType: ledger.SourceOrgLife}, {BranchID: o.first.ID},
		{BranchID: o.second.ID}, {BranchID: sim.group.ID}, {BranchID: o.first.ID, SourceType: ledger.SourceOrgLife}}
	var due, closed int64
	today := s.Today()
	for _, viewer := range []*ledger.User{o.admin, o.partyOfficer, o.officer, o.leader1, o.officer2} {
		scope := s.Scope(viewer)
		for _, f := range filters {
			if f.BranchID != 0 && !scope.Sees(f.BranchID) {
				continue
			}
			for _, span := range [][2]ledger.Date{{today.AddDays(-77), today.AddDays(28)}, {today.AddDays(-400), today.AddDays(400)}} {
				got, err := s.Weekly(scope, f, span[0], span[1])
				require.NoError(t, err)
				want := bruteWeeks(s, scope, f, source, tasks, span[0], span[1])
				assert.Equal(t, want, got, "%s, filter %+v, weeks %v to %v", viewer.Login, f, span[0], span[1])
				for _, p := range got {
					due, closed = due+p.Due, closed+p.Closed
				}
			}
		}
	}
	assert.NotZero(t, due, "the run must leave tasks due in the weeks shown")
	assert.NotZero(t, closed, "the run must leave tasks closed in the weeks shown")
}

// bruteWeeks counts, over every task, those due and those closed in each
// week (Monday to Sunday) from the week of from to the week of to.
func bruteWeeks(s *Store, scope ledger.Scope, f DashboardFilter, source map[int64]ledger.SourceType,
	tasks []*ledger.Task, from, to ledger.Date) []WeekPoint {
	monday := func(d ledger.Date) ledger.Date {
		return d.AddDays(-(int(d.Time().Weekday()) + 6) % 7)
	}
	root := f.BranchID
	if root == 0 {
		root = scope.Root()
	}
	var out []WeekPoint
	index := map[ledger.Date]int{}
	for d := monday(from); d <= to; d = d.AddDays(7) {
		index[d] = len(out)
		out = append(out, WeekPoint{Start: d})
	}
	for _, t := range tasks {
		if !s.Tree().Contains(root, t.BranchID) || f.BatchID != 0 && t.BatchID != f.BatchID ||
			f.SourceType != "" && source[t.BatchID] != f.SourceType {
			continue
		}
		if i, ok := index[monday(t.DueOn)]; ok && !t.DueOn.IsZero() {
			out[i].Due++
		}
		if i, ok := index[monday(t.ClosedOn)]; ok && !t.ClosedOn.IsZero() {
			out[i].Closed++
		}
	}
	return out
}

func assertExtensionsMatchBruteForce(t *testing.T, s *Store, sim *simulation) {
	t.Helper()
	tasks := allTasks(t, s)
	o := sim.o
	seen := 0
	for _, viewer := range []*ledger.User{o.admin, o.partyOfficer, o.officer, o.officer2, o.leader1} {
		scope := s.Scope(viewer)
		for _, branch := range []int64{0, o.first.ID, sim.group.ID} {
			if branch != 0 && !scope.Sees(branch) {
				continue
			}
			root := branch
			if root == 0 {
				root = scope.Root()
			}
			want := []int64{}
			for _, task := range tasks {
				if task.Extension != nil && s.Tree().Contains(root, task.BranchID) {
					want = append(want, task.ID)
				}
			}
			got, err := s.PendingExtensionTasks(scope, branch)
			require.NoError(t, err)
			assert.Equal(t, want, ids(got), "%s, branch %d", viewer.Login, branch)
			for _, task := range got {
				require.NotNil(t, task.Extension, "a listed task has its request")
			}
			seen += len(want)
		}
	}
	assert.NotZero(t, seen, "the run must leave extension requests pending")
}

func TestWeekKeysStartOnTheMondayOfTheirWeek(t *testing.T) {
	for _, d := range []ledger.Date{20261123, 20261126, 20261129, 20261130, 20240101, 20240229, 19700101} {
		monday := ledger.Date(weekEntry(d, weekDue, 1, 1, 1).tup[0])
		assert.Equal(t, time.Monday, monday.Time().Weekday(), "%v", d)
		assert.True(t, monday <= d && d < monday.AddDays(7), "%v is in the week of %v", d, monday)
	}
}

func TestMigrationFromVersion2BuildsTheWeekAndExtensionIndexes(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	o := newOrg(t, db.s)
	mustTask(t, db.s, o.officer, o.problem1, o.member.ID, "2026-02-20")
	closed := mustTask(t, db.s, o.officer, o.problem1, o.member.ID, "2026-03-05")
	_, err := db.s.Submit(o.member, closed.ID, "已完成")
	require.NoError(t, err)
	_, err = db.s.Approve(o.officer, closed.ID, "")
	require.NoError(t, err)
	asked := mustTask(t, db.s, o.officer2, o.problem2, o.member2.ID, "2026-03-10")
	_, err = db.s.RequestExtension(o.member2, asked.ID, date("2026-04-10"), "需协调")
	require.NoError(t, err)
	wantWeeks, wantExt := dumpBucket(t, db.s, bTaskWeek), dumpBucket(t, db.s, bTaskExtension)
	require.Len(t, wantWeeks, 4, "three due dates and one closing")
	require.Len(t, wantExt, 1)
	scope := db.s.Scope(o.admin)
	today := db.s.Today()
	wantChart, err := db.s.Weekly(scope, DashboardFilter{}, today.AddDays(-77), today.AddDays(28))
	require.NoError(t, err)

	// Make the file look like version 2: no week or extension index.
	require.NoError(t, db.s.DB().Update(func(tx *bbolt.Tx) error {
		for _, b := range [][]byte{bTaskWeek, bTaskExtension} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		return tx.Bucket(bMeta).Put([]byte("schema_version"), itob(2))
	}))

	s := db.Reopen()
	assert.Equal(t, wantWeeks, dumpBucket(t, s, bTaskWeek))
	assert.Equal(t, wantExt, dumpBucket(t, s, bTaskExtension))
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		assert.Equal(t, int64(SchemaVersion), btoi(tx.Bucket(bMeta).Get([]byte("schema_version"))))
		return nil
	}))
	chart, err := s.Weekly(scope, DashboardFilter{}, today.AddDays(-77), today.AddDays(28))
	require.NoError(t, err)
	assert.Equal(t, wantChart, chart, "the migrated index answers the chart")
	pending, err := s.PendingExtensionTasks(scope, 0)
	require.NoError(t, err)
	assert.Equal(t, []int64{asked.ID}, ids(pending), "the migrated index answers the extension list")
	assertIndexesMatchScan(t, s)
}
