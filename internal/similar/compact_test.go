package similar

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every edit of a problem puts it again; the index must not keep every
// older version, or a server that runs for months (or an officer editing
// in a loop) grows without bound and each query walks the dead postings.
func TestEditingTheSameProblemsAgainAndAgainKeepsTheIndexBounded(t *testing.T) {
	x := New()
	for id := int64(1); id <= 10; id++ {
		x.Put(Doc{ID: id, BranchID: id, Category: "作风建设方面", Text: fmt.Sprintf("公务用车管理不严格，存在公车私用问题%d", id)})
	}
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	before := heap()
	for i := range 50000 {
		id := int64(i%10 + 1)
		x.Put(Doc{ID: id, BranchID: id, BatchID: id % 2, Category: fmt.Sprintf("组织建设方面%d", i), Text: fmt.Sprintf("党费收缴不及时，第%d次修改", i)})
	}
	grown := int64(heap()) - int64(before)
	t.Logf("heap grew by %d KB over 50,000 edits of 10 problems", grown/1024)
	assert.Less(t, grown, int64(4<<20), "the older versions are dropped")
	assert.Equal(t, 10, x.Len())
	assert.LessOrEqual(t, len(x.docs), 64, "slots of older versions are reclaimed")

	hits := x.Search(Query{Text: "党费收缴不及时", Limit: 20})
	require.Len(t, hits, 10, "each problem found once, as last written")
	for _, h := range hits {
		assert.Equal(t, h.ID, h.BranchID)
	}
	x.Put(Doc{ID: 1, BranchID: 1, BatchID: 1, Category: "宣传思想方面"})
	x.Put(Doc{ID: 2, BranchID: 2, BatchID: 2, Category: "宣传思想"})
	assert.Contains(t, x.Recurring(nil, 2, 10), Recurrence{Category: "宣传思想", Batches: 2, Branches: 2, Problems: 2},
		"categories are kept for the recurrence count")
}
