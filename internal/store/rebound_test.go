package store

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// TestReboundIndexHygiene flags, re-flags and decides at random, then
// compares both rebound indexes with what a scan of the records implies.
func TestReboundIndexHygiene(t *testing.T) {
	s, _ := newTestStore(t, "2026-11-20")
	o := newOrg(t, s)
	r := rand.New(rand.NewPCG(7, 8))
	problems := []*ledger.Problem{o.problem1, o.problem2}
	for i := 0; i < 6; i++ {
		problems = append(problems, mustProblem(t, s, o.officer, o.batch.ID, o.first.ID, "问题"))
	}
	mark := int64(0)
	for step := 0; step < 200; step++ {
		if r.IntN(3) > 0 {
			a, b := problems[r.IntN(len(problems))], problems[r.IntN(len(problems))]
			mark++
			flag := &ledger.Rebound{ProblemID: a.ID, EarlierProblemID: b.ID, BranchID: a.BranchID,
				Source: ledger.ReboundSimilar, Status: ledger.ReboundPending, Score: 0.3}
			require.NoError(t, s.FlagRebounds(mark, []*ledger.Rebound{flag}))
			continue
		}
		pending, err := s.ReboundsOf(s.Scope(o.admin), 0, ledger.ReboundPending)
		require.NoError(t, err)
		if len(pending) > 0 {
			_, err = s.DecideRebound(o.partyOfficer, pending[r.IntN(len(pending))].ID, r.IntN(2) == 0, "核实")
			require.NoError(t, err)
		}
	}
	err := s.db.View(func(tx *bbolt.Tx) error {
		wantPending, wantProblem := map[string]bool{}, map[string]bool{}
		pairs := map[[2]int64]int{}
		require.NoError(t, tx.Bucket(bRebounds).ForEach(func(k, v []byte) error {
			var rb ledger.Rebound
			require.NoError(t, unmarshal(v, &rb))
			if rb.Status == ledger.ReboundPending {
				wantPending[string(key(itob(rb.BranchID), k))] = true
			}
			wantProblem[string(key(itob(rb.ProblemID), k))] = true
			wantProblem[string(key(itob(rb.EarlierProblemID), k))] = true
			pairs[[2]int64{rb.ProblemID, rb.EarlierProblemID}]++
			return nil
		}))
		for pair, n := range pairs {
			assert.Equal(t, 1, n, "pair %v flagged once", pair)
		}
		assert.Equal(t, wantPending, keySet(tx, bReboundPending))
		assert.Equal(t, wantProblem, keySet(tx, bReboundProblem))
		return nil
	})
	require.NoError(t, err)
}

func keySet(tx *bbolt.Tx, bucket []byte) map[string]bool {
	out := map[string]bool{}
	_ = tx.Bucket(bucket).ForEach(func(k, _ []byte) error {
		out[string(k)] = true
		return nil
	})
	return out
}

func TestAFlagRunOlderThanTheMarkWritesNothing(t *testing.T) {
	s, _ := newTestStore(t, "2026-11-20")
	o := newOrg(t, s)
	flag := func() *ledger.Rebound {
		return &ledger.Rebound{ProblemID: o.problem1.ID, EarlierProblemID: o.problem2.ID, BranchID: o.first.ID,
			Source: ledger.ReboundSimilar, Status: ledger.ReboundPending}
	}
	require.NoError(t, s.FlagRebounds(5, []*ledger.Rebound{flag()}))
	require.NoError(t, s.FlagRebounds(5, []*ledger.Rebound{{ProblemID: o.problem2.ID, EarlierProblemID: o.problem1.ID, BranchID: o.second.ID, Source: ledger.ReboundSimilar, Status: ledger.ReboundPending}}))
	all, err := s.ReboundsOf(s.Scope(o.admin), 0, "")
	require.NoError(t, err)
	assert.Len(t, all, 1, "a check that raced another and lost writes nothing")
	mark, err := s.ReboundChecked()
	require.NoError(t, err)
	assert.Equal(t, int64(5), mark)
}
