package similar

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSearchRanksTheSameSubjectFirstAndNeverTheQueryItself(t *testing.T) {
	x := New()
	x.Put(Doc{ID: 1, BranchID: 1, Category: "作风建设方面", Text: "公务用车管理不严格，存在公车私用问题"})
	x.Put(Doc{ID: 2, BranchID: 2, Category: "作风建设方面", Text: "个别干部节假日驾驶公车办私事"})
	x.Put(Doc{ID: 3, BranchID: 3, Category: "组织建设方面", Text: "党费收缴不及时，部分党员连续三个月未交纳党费"})
	hits := x.Search(Query{Text: "公务用车管理不严格，存在公车私用问题", Category: "作风建设方面", Exclude: 1, Limit: 5})
	require.NotEmpty(t, hits)
	assert.Equal(t, int64(2), hits[0].ID)
	for _, h := range hits {
		assert.NotEqual(t, int64(1), h.ID)
		assert.Greater(t, h.Score, 0.0)
		assert.LessOrEqual(t, h.Score, 1.0)
	}
}

func TestTheQueryOwnTextScoresOne(t *testing.T) {
	x := New()
	x.Put(Doc{ID: 1, BranchID: 1, Text: "三会一课制度落实不严格"})
	x.Put(Doc{ID: 2, BranchID: 1, Text: "党费收缴不及时"})
	hits := x.Search(Query{Text: "三会一课制度落实不严格", Limit: 1})
	require.Len(t, hits, 1)
	assert.InDelta(t, 1.0, hits[0].Score, 0.001)
}

func TestScopeFiltersEveryHit(t *testing.T) {
	x := New()
	for i := int64(1); i <= 40; i++ {
		x.Put(Doc{ID: i, BranchID: i % 4, Text: "会议记录不规范，缺少议题"})
	}
	hits := x.Search(Query{Text: "会议记录不规范", Allow: func(b int64) bool { return b == 2 }, Limit: 100})
	require.Len(t, hits, 10)
	for _, h := range hits {
		assert.Equal(t, int64(2), h.BranchID)
	}
}

func TestBoilerplateAloneMatchesLittle(t *testing.T) {
	x := New()
	x.Put(Doc{ID: 1, BranchID: 1, Text: "一是存在落实不到位问题，二是工作不够深入"})
	x.Put(Doc{ID: 2, BranchID: 1, Text: "公务接待超标准，接待清单与实际不符"})
	hits := x.Search(Query{Text: "一是存在问题不够到位，公务接待超标准", Limit: 2})
	require.NotEmpty(t, hits)
	assert.Equal(t, int64(2), hits[0].ID, "the subject outweighs the official prose around it")
}

func TestAReplacedOrRemovedDocumentIsFoundOnlyInItsNewState(t *testing.T) {
	x := New()
	x.Put(Doc{ID: 1, BranchID: 1, Text: "党费收缴不及时"})
	x.Put(Doc{ID: 1, BranchID: 1, Text: "涉密计算机违规连接互联网"})
	assert.Empty(t, x.Search(Query{Text: "党费收缴不及时", Limit: 5}))
	assert.Len(t, x.Search(Query{Text: "涉密计算机", Limit: 5}), 1)
	x.Remove(1)
	assert.Empty(t, x.Search(Query{Text: "涉密计算机", Limit: 5}))
	assert.Equal(t, 0, x.Len())
}

func TestAHugeQueryCostsNoMoreThanItsBound(t *testing.T) {
	x := New()
	x.Put(Doc{ID: 1, BranchID: 1, Text: "会议记录不规范"})
	huge := strings.Repeat("会议记录不规范，", 200_000)
	hits := x.Search(Query{Text: huge, Limit: 5})
	assert.Len(t, hits, 1)
}

func TestRecurringCountsCategoriesAcrossBatchesInScope(t *testing.T) {
	x := New()
	x.Put(Doc{ID: 1, BranchID: 1, BatchID: 1, Category: "作风建设方面", Text: "a"})
	x.Put(Doc{ID: 2, BranchID: 2, BatchID: 2, Category: "作风建设", Text: "b"})
	x.Put(Doc{ID: 3, BranchID: 1, BatchID: 1, Category: "组织建设方面", Text: "c"})
	x.Put(Doc{ID: 4, BranchID: 3, BatchID: 3, Category: "组织建设方面", Text: "d"})
	x.Put(Doc{ID: 5, BranchID: 3, BatchID: 4, Category: "组织建设方面", Text: "e"})
	all := x.Recurring(nil, 2, 10)
	assert.Equal(t, []Recurrence{
		{Category: "组织建设", Batches: 3, Branches: 2, Problems: 3},
		{Category: "作风建设", Batches: 2, Branches: 2, Problems: 2},
	}, all)
	mine := x.Recurring(func(b int64) bool { return b == 1 }, 2, 10)
	assert.Empty(t, mine, "in branch 1 alone nothing recurs across batches")
	x.Remove(5)
	assert.Equal(t, 2, x.Recurring(nil, 2, 10)[0].Batches)
}
