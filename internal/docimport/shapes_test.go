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
