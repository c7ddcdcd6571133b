package store

import (
	"testing"

	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// The bulk writer (benchmark ledgers) stores what actions store: indexes
// and counters equal a full scan, and its events extend the chain.
func TestBulkWritesKeepIndexesCountersAndTheChain(t *testing.T) {
	s, _ := newTestStore(t, "2026-03-02")
	o := newOrg(t, s)
	require.NoError(t, s.BulkLoad(func(b *Bulk) error {
		for i := range 30 {
			id, err := b.NextTaskID()
			require.NoError(t, err)
			task := &ledger.Task{ID: id, ProblemID: o.problem1.ID, BatchID: o.batch.ID, BranchID: o.problem1.BranchID,
				Description: "批量写入", Kind: ledger.KindDeadline, OwnerID: o.member.ID, Status: ledger.StatusOpen,
				DueOn: s.Today().AddDays(i - 10), WarnDays: 7, CreatedOn: s.Today()}
			require.NoError(t, b.PutTask(task))
			require.NoError(t, b.AddEvent("task", id, id, ledger.ActCreate, "", nil, task, s.Now()))
		}
		return nil
	}))
	assertIndexesMatchScan(t, s)
	requireChainOK(t, s)
}
