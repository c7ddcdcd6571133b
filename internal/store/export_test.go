package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

func TestForEachTaskInScopeKeepsToTheScopeAndCarriesHistory(t *testing.T) {
	s, _ := newTestStore(t, "2026-06-15")
	o := newOrg(t, s)
	task := mustTask(t, s, o.officer, o.problem1, o.member.ID, "2026-06-30")
	_, err := s.AddProgress(o.member, task.ID, "第一次进展", 10)
	require.NoError(t, err)
	_, err = s.AddProgress(o.member, task.ID, "最新进展", 50)
	require.NoError(t, err)
	_, err = s.RequestExtension(o.member, task.ID, date("2026-07-31"), "人手不足")
	require.NoError(t, err)
	_, err = s.DecideExtension(o.officer, task.ID, true, "")
	require.NoError(t, err)
	other := mustTask(t, s, o.officer2, o.problem2, 0, "2026-06-30")

	var rows []*ExportRow
	require.NoError(t, s.ForEachTaskInScope(s.Scope(o.officer), ExportFilter{BatchID: o.batch.ID}, func(r *ExportRow) error {
		rows = append(rows, r)
		return nil
	}))
	require.Len(t, rows, 1, "第一支部's officer sees only 第一支部")
	assert.Equal(t, "最新进展", rows[0].Progress.Note)
	assert.Equal(t, "人手不足", rows[0].ExtensionReason)

	var ids []int64
	require.NoError(t, s.ForEachTaskInScope(s.Scope(o.admin), ExportFilter{BranchID: o.second.ID}, func(r *ExportRow) error {
		ids = append(ids, r.Task.ID)
		return nil
	}))
	assert.Equal(t, []int64{other.ID}, ids)

	err = s.ForEachTaskInScope(s.Scope(o.officer), ExportFilter{BranchID: o.second.ID}, func(*ExportRow) error { return nil })
	assert.Equal(t, ledger.ENOTFOUND, ledger.ErrorCode(err))
}
