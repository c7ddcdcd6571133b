package sheet

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/docimport"
)

func TestDraftOfPutsTableMeasuresUnderTheirProblem(t *testing.T) {
	res := &docimport.Result{Documents: []docimport.Document{{
		Problems: []docimport.Problem{{Text: "学习不深入"}, {Text: "作风不实", Progress: "已整改。已完成", Done: true}},
		Measures: []docimport.Measure{
			{Text: "制定计划", Owner: "张三", LeadDept: "办公室", Problem: 1},
			{Text: "开展研讨", Owner: "张三", Problem: 1},
			{Text: "精简会议", Owner: "李四", Problem: 2},
		},
	}}}
	d := DraftOf(res)
	require.Len(t, d.Problems, 2)
	require.Len(t, d.Problems[0].Measures, 2, "two measures of a merged problem cell stay under it")
	assert.Equal(t, "办公室", d.Problems[0].Measures[0].LeadDept)
	require.Len(t, d.Problems[1].Measures, 1)
	assert.True(t, d.Problems[1].Done)
	assert.Empty(t, d.UnassignedMeasures)
}

func TestDraftOfPairsUnlinkedMeasuresOnlyOneToOne(t *testing.T) {
	res := &docimport.Result{Documents: []docimport.Document{{
		Problems: []docimport.Problem{{Text: "甲"}, {Text: "乙"}},
		Measures: []docimport.Measure{{Text: "一"}, {Text: "二"}, {Text: "三"}},
	}}}
	d := DraftOf(res)
	assert.Empty(t, d.Problems[0].Measures)
	assert.Len(t, d.UnassignedMeasures, 3, "three measures for two problems are left for the officer to place")
}
