package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// bruteEffect computes a subtree's 整改成效 from every task and rebound.
func bruteEffect(t *testing.T, tx *bbolt.Tx, scope ledger.Scope, root int64, name string) ledger.Effect {
	in := map[int64]bool{}
	for _, id := range scope.Tree.Subtree(root) {
		in[id] = scope.Sees(id)
	}
	days, quarters := ledger.CloseDays{}, map[ledger.Quarter]ledger.QuarterCount{}
	forEach(t, tx, bTasks, func(_ []byte, task *ledger.Task) {
		if !in[task.BranchID] || task.Status != ledger.StatusClosed {
			return
		}
		d := max(0, task.CreatedOn.DaysUntil(task.ClosedOn))
		days[d]++
		q := quarters[ledger.QuarterOf(task.ClosedOn)]
		q.Closed++
		if task.OnTime {
			q.OnTime++
		}
		quarters[ledger.QuarterOf(task.ClosedOn)] = q
	})
	var rebounds int64
	forEach(t, tx, bRebounds, func(_ []byte, r *ledger.Rebound) {
		if in[r.BranchID] && r.Status == ledger.ReboundConfirmed {
			rebounds++
		}
	})
	return ledger.NewEffect(root, name, days, quarters, rebounds)
}

func TestEffectFiguresEqualABruteForceCountAfterRandomChanges(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	sim := newSimulation(t, db, 20261204)
	for range 1500 {
		sim.step()
	}
	require.GreaterOrEqual(t, sim.ok["approve"], 5)
	require.GreaterOrEqual(t, sim.ok["reopen"], 1)
	for _, u := range []*ledger.User{sim.o.admin, sim.o.partyOfficer, sim.o.officer} {
		scope := db.s.Scope(u)
		total, rows, err := db.s.Effects(scope, 0)
		require.NoError(t, err)
		require.NoError(t, db.s.DB().View(func(tx *bbolt.Tx) error {
			want := bruteEffect(t, tx, scope, scope.Root(), total.Name)
			assert.Equal(t, want, total, "%s: the total", u.Login)
			assert.NotZero(t, total.Closed, "the run closed measures, or this proves nothing")
			for _, r := range rows {
				assert.Equal(t, bruteEffect(t, tx, scope, r.BranchID, r.Name), r, "%s: row %s", u.Login, r.Name)
			}
			return nil
		}))
		dash, err := db.s.Dashboard(scope, DashboardFilter{})
		require.NoError(t, err)
		require.NoError(t, db.s.DB().View(func(tx *bbolt.Tx) error {
			for _, row := range dash {
				want := bruteEffect(t, tx, scope, row.BranchID, row.Name)
				assert.Equal(t, want.MedianDaysToClose, row.MedianDaysToClose, "%s: dashboard row %s", u.Login, row.Name)
				require.NotNil(t, row.ReboundRate)
				assert.Equal(t, want.ReboundRate, *row.ReboundRate, "%s: dashboard row %s", u.Login, row.Name)
			}
			return nil
		}))
	}
}

func TestMigrationToVersion5CountsTheClosedMeasures(t *testing.T) {
	db := openTestDB(t, "2026-03-02")
	sim := newSimulation(t, db, 5)
	for range 600 {
		sim.step()
	}
	want := map[string]map[string]string{}
	for _, b := range [][]byte{bCloseDays, bCloseQuarter} {
		want[string(b)] = dumpBucket(t, db.s, b)
		require.NotEmpty(t, want[string(b)])
	}
	require.NoError(t, db.s.DB().Update(func(tx *bbolt.Tx) error {
		for _, b := range [][]byte{bCloseDays, bCloseQuarter} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		return tx.Bucket(bMeta).Put([]byte("schema_version"), itob(4))
	}))
	s := db.Reopen()
	for _, b := range [][]byte{bCloseDays, bCloseQuarter} {
		got := dumpBucket(t, s, b)
		// The histogram's pairs may be written in another order; compare
		// what they decode to.
		if string(b) == string(bCloseDays) {
			assert.Equal(t, decodeAll(want[string(b)]), decodeAll(got))
			continue
		}
		assert.Equal(t, want[string(b)], got)
	}
}

func decodeAll(m map[string]string) map[string]ledger.CloseDays {
	out := map[string]ledger.CloseDays{}
	for k, v := range m {
		out[k] = decodeCloseDays([]byte(v))
	}
	return out
}
