package store

import (
	"encoding/hex"
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// TestIndexesAndCountersEqualAFullScanAfterRandomChanges is the index
// hygiene test: after a long seeded run of creates, updates, closes,
// reopens, 回头看, deletes, batch changes, clock moves and restarts, every
// index and counter equals what a full scan of the records computes, and
// the dashboard and task lists equal a brute-force count over all tasks.
func TestIndexesAndCountersEqualAFullScanAfterRandomChanges(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	sim := newSimulation(t, db, 20260302)
	for i := range 2000 {
		sim.step()
		if i%250 == 249 {
			assertIndexesMatchScan(t, db.s)
		}
	}
	t.Logf("operations that succeeded: %v; refused: %v", sim.ok, sim.refused)
	for _, op := range sim.ops {
		assert.GreaterOrEqual(t, sim.ok[op.name], 5, "the run must exercise %s, or it proves nothing about it", op.name)
	}
	assertIndexesNotEmpty(t, db.s)
	assertIndexesMatchScan(t, db.s)
	db.Reopen()
	assertIndexesMatchScan(t, db.s)
	today := db.s.Today()
	for _, d := range []ledger.Date{today.AddDays(-20), today.AddDays(-1), today, today.AddDays(3), today.AddDays(20), today.AddDays(120)} {
		t.Run("on "+d.String(), func(t *testing.T) {
			assertDashboardMatchesBruteForce(t, db.s, sim.o, d)
			assertFindTasksMatchesBruteForce(t, db.s, sim.o, d)
		})
	}
}

// scanIndexes rebuilds every index and the counters from the records.
func scanIndexes(t *testing.T, tx *bbolt.Tx) (map[string]map[string]string, map[string]ledger.Counts) {
	want := map[string]map[string]string{}
	for _, b := range hygieneBuckets {
		want[string(b)] = map[string]string{}
	}
	add := func(e indexEntry) {
		m := want[string(e.bucket)]
		require.NotNil(t, m, "%s is missing from hygieneBuckets", e.bucket)
		if e.tup != nil {
			m[fmt.Sprint(e.tup)] = ""
		} else {
			m[hex.EncodeToString(e.key)] = hex.EncodeToString(e.value)
		}
	}
	counts := map[string]ledger.Counts{}
	count := func(branch, batch int64, c ledger.Counts) {
		k := fmt.Sprintf("branch %d batch %d", branch, batch)
		sum := counts[k]
		sum.Add(c)
		counts[k] = sum
	}
	forEach(t, tx, bTasks, func(k []byte, task *ledger.Task) {
		require.Equal(t, itob(task.ID), k, "a task is stored under its own id")
		for _, e := range indexEntriesOf(task) {
			add(e)
		}
		count(task.BranchID, task.BatchID, ledger.CountsOf(task))
	})
	forEach(t, tx, bProblems, func(_ []byte, p *ledger.Problem) {
		add(packedEntry(bProblemBatch, p.BatchID, p.ID))
		count(p.BranchID, p.BatchID, ledger.Counts{Problems: 1})
	})
	forEach(t, tx, bReviews, func(_ []byte, r *ledger.Review) {
		add(packedEntry(bReviewTask, r.TaskID, r.ID))
		if !r.Done {
			add(reviewDueEntry(r))
		}
	})
	require.NoError(t, tx.Bucket(bEvents).ForEach(func(k, v []byte) error {
		ev, err := decodeEvent(k, v)
		if err == nil && ev.rec.TaskID != 0 {
			add(packedEntry(bEventTask, ev.rec.TaskID, ev.id))
		}
		return err
	}))
	forEach(t, tx, bUsers, func(_ []byte, u *userRecord) {
		add(indexEntry{bucket: bUserLogin, key: loginKey(u.Login), value: itob(u.ID)})
	})
	for k, c := range counts {
		if c.IsZero() {
			delete(counts, k)
		}
	}
	return want, counts
}

// hygieneBuckets lists the ledger's secondary indexes: every bucket a task
// can have entries in (taken from indexEntriesOf of a task that has them
// all, so an index added there is checked here too), and the indexes of
// problems, reviews, events and users.
var hygieneBuckets = func() [][]byte {
	full := &ledger.Task{ID: 1, ProblemID: 1, BatchID: 1, BranchID: 1, OwnerID: 1, ImportKey: "k",
		Kind: ledger.KindLongTerm, ReportEveryDays: 30, CreatedOn: 20260101, DueOn: 20260601, Status: ledger.StatusOpen,
		Extension: &ledger.Extension{DueOn: 20260701}}
	out := [][]byte{bProblemBatch, bReviewDue, bReviewTask, bEventTask, bUserLogin}
	for _, e := range indexEntriesOf(full) {
		if !slices.ContainsFunc(out, func(b []byte) bool { return string(b) == string(e.bucket) }) {
			out = append(out, e.bucket)
		}
	}
	return out
}()

func forEach[T any](t testing.TB, tx *bbolt.Tx, bucket []byte, fn func(k []byte, v *T)) {
	require.NoError(t, tx.Bucket(bucket).ForEach(func(k, v []byte) error {
		var x T
		if err := unmarshal(v, &x); err != nil {
			return err
		}
		fn(k, &x)
		return nil
	}))
}

// readIndexes returns what the index buckets and counters hold.
func readIndexes(t *testing.T, tx *bbolt.Tx) (map[string]map[string]string, map[string]ledger.Counts) {
	got := map[string]map[string]string{}
	for _, b := range hygieneBuckets {
		got[string(b)] = indexContents(t, tx, b)
	}
	counts := map[string]ledger.Counts{}
	require.NoError(t, tx.Bucket(bCounters).ForEach(func(k, v []byte) error {
		require.Len(t, k, 16, "a counter key is branch‖batch")
		require.Len(t, v, 56, "a counter value is seven int64")
		counts[fmt.Sprintf("branch %d batch %d", btoi(k[:8]), btoi(k[8:]))] = decodeCounts(v)
		return nil
	}))
	return got, counts
}

func assertIndexesMatchScan(t *testing.T, s *Store) {
	t.Helper()
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		want, wantCounts := scanIndexes(t, tx)
		got, gotCounts := readIndexes(t, tx)
		for _, b := range hygieneBuckets {
			assert.Equal(t, want[string(b)], got[string(b)], "index %s differs from a full scan", b)
		}
		assert.Equal(t, wantCounts, gotCounts, "counters differ from a full scan")
		return nil
	}))
}

// assertIndexesNotEmpty makes sure a run left something in every index
// and counter, so that comparing them with a scan proves something.
func assertIndexesNotEmpty(t *testing.T, s *Store) {
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		for _, b := range append(hygieneBuckets, bCounters) {
			assert.NotZero(t, tx.Bucket(b).Stats().KeyN, "the run must leave entries in %s", b)
		}
		return nil
	}))
}
