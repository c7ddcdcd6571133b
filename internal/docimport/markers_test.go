package docimport

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLeadingMarker(t *testing.T) {
	tests := []struct {
		name, line string
		style      style
		rest       string
	}{
		{"一、 numbers a section", "一、存在的问题", sectionNum, "存在的问题"},
		{"第一部分 numbers a section", "第一部分 存在的问题", sectionNum, "存在的问题"},
		{"full-width brackets number a group", "（一）在理论学习方面", groupNum, "在理论学习方面"},
		{"half-width brackets number a group", "(二) 在作风方面", groupNum, "在作风方面"},
		{"1. numbers an item", "1.学习不深入", arabicNum, "学习不深入"},
		{"1、 numbers an item", "2、学习不深入", arabicNum, "学习不深入"},
		{"full-width digits number an item", "３．学习不深入", arabicNum, "学习不深入"},
		{"bracketed digits number an item", "（1）学习不深入", parenNum, "学习不深入"},
		{"circled digits number an item", "②学习不深入", circledNum, "学习不深入"},
		{"一是 numbers an item", "十一是学习不深入", shiNum, "学习不深入"},
		{"第一， numbers an item", "第二，学习不深入", diNum, "学习不深入"},
		{"a decimal number is not numbering", "1.5万元资金未到位", plain, "1.5万元资金未到位"},
		{"a year is not numbering", "2023年以来", plain, "2023年以来"},
		{"第一次 is not numbering", "第一次参加", plain, "第一次参加"},
		{"an ordinal nobody writes is not numbering", "一一是", plain, "一一是"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := leadingMarker(tt.line)
			assert.Equal(t, tt.style, m.style)
			assert.Equal(t, tt.rest, tt.line[m.end:])
		})
	}
}

func TestSplitItems(t *testing.T) {
	tests := []struct {
		name, text string
		style      style
		prefix     string
		items      []string
	}{
		{"inline items are split after punctuation",
			"主要有：一是学习不深入。二是作风不实，三是纪律松弛。", shiNum,
			"主要有：", []string{"学习不深入。", "作风不实", "纪律松弛。"}},
		{"a number inside a word does not split",
			"一是思想统一是前提。二是行动。", shiNum,
			"", []string{"思想统一是前提。", "行动。"}},
		{"a number that does not increase does not split",
			"二是学习不够。一是指……。三是作风不实。", shiNum,
			"", []string{"学习不够。一是指……。", "作风不实。"}},
		{"circled numbers split anywhere",
			"①加强学习②严格纪律", circledNum,
			"", []string{"加强学习", "严格纪律"}},
		{"paragraph-numbering styles only take a leading number",
			"1.学习不够。2.作风不实。", arabicNum,
			"", []string{"学习不够。2.作风不实。"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefix, items := splitItems(tt.text, tt.style)
			assert.Equal(t, tt.prefix, prefix)
			assert.Equal(t, tt.items, items)
		})
	}
}
