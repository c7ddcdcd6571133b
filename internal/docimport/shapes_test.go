package docimport

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTitleBrokenAfterAnUnpunctuatedLastLineStartsTheNextDocument(t *testing.T) {
	res, err := ParseText(`XX党支部2023年度组织生活会对照检查材料
一、存在的问题
一是学习不够深入，没有做到学以致用，联系实际不够紧密，工作推进的办法不多，成效也不够明显
二、整改措施
一是加强学习，每月集中学习一次，坚持理论联系实际，推动学习成果转化为工作成效，完成时限：长期坚持
张三同志2023年度组织生活会
个人对照检查材料
一、存在的问题
一是学习不够深入。
二、整改措施
一是加强学习。
`)
	require.NoError(t, err)
	require.Len(t, res.Documents, 2)
	assert.Equal(t, "加强学习，每月集中学习一次，坚持理论联系实际，推动学习成果转化为工作成效，完成时限：长期坚持",
		res.Documents[0].Measures[0].Text, "the next title is not glued to the last measure")
	assert.Equal(t, "张三同志2023年度组织生活会个人对照检查材料", res.Documents[1].Title)
	assert.Equal(t, "张三", res.Documents[1].Measures[0].Owner, "the author owns a personal document's measures")
}

func TestLeadInOfAPersonalDocumentIsNoMeasure(t *testing.T) {
	res, err := ParseText("个人对照检查材料\n一、存在的问题\n1.学习不深入。\n二、整改措施\n今后，我将从以下几个方面加以改进：\n一是加强学习。二是改进作风。\n\n检视人：王芳\n")
	require.NoError(t, err)
	doc := res.Documents[0]
	require.Len(t, doc.Measures, 2)
	assert.Equal(t, "加强学习", doc.Measures[0].Title)
	assert.Equal(t, "王芳", doc.Author)
	assert.Equal(t, "改进作风。", doc.Measures[1].Text, "the sign-off is not part of the last measure")
}

func TestCategoriesNumberedWithProblemsInside(t *testing.T) {
	want := []Problem{{Category: "理论学习方面", Title: "学习不系统"}, {Category: "理论学习方面", Title: "学用脱节"},
		{Category: "作风建设方面", Title: "调研不深入"}}
	tests := []struct{ name, text string }{
		{"一是 inline after a category sentence", "1.理论学习方面存在的问题。一是学习不系统。二是学用脱节。\n2.作风建设方面存在的问题。一是调研不深入。"},
		{"(1) lines under a bare category", "1.理论学习方面\n(1)学习不系统。\n(2)学用脱节。\n2.作风建设方面\n(1)调研不深入。"},
		{"（1） inline after a colon", "1.理论学习方面：（1）学习不系统；（2）学用脱节。\n2.作风建设方面：（1）调研不深入。"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" gives one problem per item", func(t *testing.T) {
			res, err := ParseText("XX党支部对照检查材料\n一、存在的问题\n" + tt.text + "\n")
			require.NoError(t, err)
			var got []Problem
			for _, p := range res.Documents[0].Problems {
				got = append(got, Problem{Category: p.Category, Title: p.Title})
			}
			assert.Equal(t, want, got)
		})
	}
}
