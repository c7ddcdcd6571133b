package web

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/sheet"
)

func TestEditedDraftAppliesThePageFields(t *testing.T) {
	d := sheet.Draft{
		Problems: []sheet.DraftProblem{
			{Description: "问题一", Measures: []sheet.DraftMeasure{{Description: "措施一", OwnerID: 7, OwnerName: "张三"}}},
			{Description: "问题二", Measures: []sheet.DraftMeasure{{Description: "措施二"}}},
		},
		UnassignedMeasures: []sheet.DraftMeasure{{Description: "措施三"}},
	}
	form := url.Values{
		"p2_remove":  {"1"},  // 问题二 goes, and 措施二 with it
		"m1_owner":   {"李四"}, // a new owner drops the matched user
		"m3_problem": {"1"},  // 措施三 is placed under 问题一
		"m3_kind":    {"long_term"},
		"m3_due":     {""},
	}
	got := editedDraft(d, form)
	require.Len(t, got.Problems, 1)
	require.Len(t, got.Problems[0].Measures, 2)
	assert.Equal(t, sheet.DraftMeasure{Description: "措施一", OwnerName: "李四"}, got.Problems[0].Measures[0])
	assert.Equal(t, sheet.DraftMeasure{Description: "措施三", Kind: "long_term"}, got.Problems[0].Measures[1])
	assert.Empty(t, got.UnassignedMeasures)

	same := editedDraft(d, url.Values{})
	assert.Equal(t, d, same, "without edit fields the draft is unchanged")
}
