package app_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

func TestTheEffectReportRollsUpTheDemoAndStaysInScope(t *testing.T) {
	f := openSimilarDemo(t)
	ctx := context.Background()
	leader := f.user(t, "lingdao")
	r, err := f.svc.Effect(ctx, leader, 0)
	require.NoError(t, err)
	assert.Equal(t, "市直机关党委", r.Total.Name)
	assert.NotZero(t, r.Total.Closed, "the demo closes measures")
	require.NotNil(t, r.Total.MedianDaysToClose)
	var sum int64
	for _, row := range r.Rows {
		sum += row.Closed
	}
	assert.LessOrEqual(t, sum, r.Total.Closed, "rows are the children; the root's own measures count only in the total")
	require.NotEmpty(t, r.Recurring, "the demo's two batches share categories")
	for _, rc := range r.Recurring {
		assert.GreaterOrEqual(t, rc.Batches, 2)
	}

	member := f.user(t, "zhangsan")
	mine, err := f.svc.Effect(ctx, member, 0)
	require.NoError(t, err)
	assert.Equal(t, "办公室党支部", mine.Total.Name)
	assert.LessOrEqual(t, mine.Total.Closed, r.Total.Closed)
	_, err = f.svc.Effect(ctx, member, f.branchID(t, "财务审计党支部"))
	assert.Equal(t, ledger.ENOTFOUND, ledger.ErrorCode(err))
}
