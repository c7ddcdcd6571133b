package store

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// TestMigrationFrom8PacksTheIndexesAndEveryAnswerStaysTheSame builds a
// ledger by random operations, rewrites its indexes as schema 8 kept them
// (one key per entry, 8-byte ids), and opens it: the migration drops the
// old buckets, and every list, dashboard, chart, job scan and trail answers
// as before, and the packed indexes equal a full scan.
func TestMigrationFrom8PacksTheIndexesAndEveryAnswerStaysTheSame(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	sim := newSimulation(t, db, 20261204)
	for range 900 {
		sim.step()
	}
	before := collectAnswers(t, db.s, sim.o)

	require.NoError(t, db.s.DB().Update(func(tx *bbolt.Tx) error {
		for _, b := range packedBuckets {
			old, err := tx.CreateBucket([]byte(strings.Replace(string(b), "_v2", "_v1", 1)))
			require.NoError(t, err)
			packedIndex(tx, b).scan(nil, func(tp tuple) bool {
				k, v := schema8Entry(b, tp)
				require.NoError(t, old.Put(k, v))
				return true
			})
			require.NoError(t, tx.DeleteBucket(b))
		}
		return tx.Bucket(bMeta).Put([]byte("schema_version"), itob(8))
	}))

	s := db.Reopen()
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		for _, name := range unpackedIndexes {
			assert.Nil(t, tx.Bucket([]byte(name)), "the migration drops %s", name)
		}
		assert.Equal(t, int64(SchemaVersion), btoi(tx.Bucket(bMeta).Get([]byte("schema_version"))))
		return nil
	}))
	assert.Equal(t, before, collectAnswers(t, s, sim.o))
	assertIndexesMatchScan(t, s)
}

// schema8Entry is a packed entry as schema 8 stored it.
func schema8Entry(bucket []byte, t tuple) (k, v []byte) {
	id := func(i int) []byte { return itob(int64(t[i])) }
	day := func(i int) []byte { return binary.BigEndian.AppendUint32(nil, uint32(t[i])) }
	warn := func(i int) []byte { return binary.BigEndian.AppendUint16(nil, uint16(t[i])) }
	switch string(bucket) {
	case string(bTaskDue):
		return key(day(0), id(1)), key(id(2), id(3), warn(4))
	case string(bBranchDue):
		return key(id(0), day(1), id(2)), key(id(0), id(3), warn(4))
	case string(bTaskReport):
		return key(day(0), id(1)), key(id(2), id(3), day(4))
	case string(bBranchReport):
		return key(id(0), day(1), id(2)), key(id(0), id(3), day(4))
	case string(bReviewDue):
		return key(day(0), id(1)), id(2)
	case string(bTaskStatus):
		return key([]byte{byte(t[0])}, id(1), id(2)), nil
	case string(bTaskWeek):
		return key(day(0), []byte{byte(t[1])}, id(2), id(3)), id(4)
	}
	return key(id(0), id(1)), nil
}

// answers is what the pages, the API and the jobs read from the indexes.
type answers struct {
	Dashboards [][]*BranchRow
	Weeks      [][]WeekPoint
	Pages      []*TaskPage
	Late       [][]*ledger.Task
	Submitted  [][]*ledger.Task
	Extensions [][]*ledger.Task
	Due        []DueEntry
	Reports    []ReportEntry
	Reviews    []ReviewEntry
	TaskViews  [][]*ledger.Review
	Trails     [][]*ledger.Event
	Problems   [][]*ledger.Problem
	Chain      bool
}

func collectAnswers(t *testing.T, s *Store, o *org) answers {
	t.Helper()
	var a answers
	today := s.Today()
	admin, first := s.Scope(o.admin), s.Scope(o.officer)
	tasks := allTasks(t, s)
	require.NotEmpty(t, tasks)
	for _, scope := range []ledger.Scope{admin, first} {
		for _, f := range []DashboardFilter{{}, {BatchID: o.batch.ID}, {Today: today.AddDays(9)}} {
			rows, err := s.Dashboard(scope, f)
			require.NoError(t, err)
			a.Dashboards = append(a.Dashboards, rows)
			w, err := s.Weekly(scope, f, today.AddDays(-70), today.AddDays(70))
			require.NoError(t, err)
			a.Weeks = append(a.Weeks, w)
		}
		filters := []ledger.TaskFilter{{}, {Light: ledger.LightRed}, {Light: ledger.LightYellow}, {Light: ledger.LightDone},
			{Status: ledger.StatusSubmitted}, {Status: ledger.StatusOpen}, {OwnerID: o.member.ID},
			{ProblemID: o.problem1.ID}, {BranchID: o.first.ID}, {BatchID: o.batch.ID}}
		for _, f := range filters {
			f.Today, f.Limit = today, 1000
			page, err := s.FindTasks(scope, f)
			require.NoError(t, err)
			a.Pages = append(a.Pages, page)
		}
		late, _, err := s.LateTasks(scope, 0, 1, today.AddDays(30), nil, 1000)
		require.NoError(t, err)
		sub, _, err := s.SubmittedTasks(scope, 0, 1000)
		require.NoError(t, err)
		ext, err := s.PendingExtensionTasks(scope, 0)
		require.NoError(t, err)
		a.Late, a.Submitted, a.Extensions = append(a.Late, late), append(a.Submitted, sub), append(a.Extensions, ext)
		for _, f := range []ProblemFilter{{}, {BatchID: o.batch.ID}} {
			ps, err := s.Problems(scope, f)
			require.NoError(t, err)
			a.Problems = append(a.Problems, ps)
		}
	}
	var err error
	a.Due, err = s.DueBetween(1, today.AddDays(400))
	require.NoError(t, err)
	a.Reports, err = s.ReportsDueBetween(1, today.AddDays(400))
	require.NoError(t, err)
	a.Reviews, err = s.ReviewsDueBetween(0, today.AddDays(400))
	require.NoError(t, err)
	require.NotEmpty(t, a.Due)
	require.NotEmpty(t, a.Reviews)
	for _, task := range tasks {
		rs, err := s.Reviews(admin, ReviewFilter{TaskID: task.ID})
		require.NoError(t, err)
		evs, err := s.TaskEvents(admin, task.ID)
		require.NoError(t, err)
		a.TaskViews, a.Trails = append(a.TaskViews, rs), append(a.Trails, evs)
	}
	v, err := s.VerifyChain()
	require.NoError(t, err)
	a.Chain = v.OK
	require.True(t, a.Chain, "the chain verifies: %+v", v)
	return a
}
