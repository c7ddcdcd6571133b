package docimport

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		heading string
		want    kind
	}{
		{"存在的问题", problemSection},
		{"查摆的主要问题", problemSection},
		{"问题清单", problemSection},
		{"存在的不足", problemSection},
		{"巡察反馈问题整改落实情况", problemSection},
		{"原因剖析", causeSection},
		{"产生问题的原因", causeSection},
		{"问题根源", causeSection},
		{"整改措施", measureSection},
		{"努力方向", measureSection},
		{"下一步打算", measureSection},
		{"整改方向和措施", measureSection},
		{"学习情况和主要做法", otherSection},
		{"上年度问题整改情况", otherSection},
		{"整改工作开展情况", otherSection},
	}
	for _, tt := range tests {
		t.Run(tt.heading+" is classified by its keywords", func(t *testing.T) {
			assert.Equal(t, tt.want, classify(tt.heading))
		})
	}
}

func TestIsPlainHeading(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"存在的问题", true},
		{"存 在 的 问 题：", true},
		{"产生问题的原因", true},
		{"下一步工作打算", true},
		{"存在的问题较多，需要整改。", false},
		{"整改措施落实不到位", false},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			assert.Equal(t, tt.want, isPlainHeading(tt.line))
		})
	}
}

func TestIsClutter(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"来源：XX党建网　　发布时间：2024-01-20", true},
		{"责任编辑：赵六", true},
		{"上一篇：XX支部召开专题学习会", true},
		{"- 2 -", true},
		{"第 3 页 共 5 页", true},
		{"（本文来源于网络，如有侵权请联系删除）", true},
		{"完成时间：2024年6月底", false},
		{"一是学习不够深入。", false},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			assert.Equal(t, tt.want, isClutter(tt.line))
		})
	}
}

func TestTitleOf(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"the title is the first clause", "学习不够深入。满足于读原文。", "学习不够深入"},
		{"punctuation inside quotes does not end it", "关于“学习不深入，运用不够”的问题。整改情况：", "关于“学习不深入，运用不够”的问题"},
		{"an unclosed quote does not swallow the text", "关于“学习不深入，运用不够的问题", "关于“学习不深入"},
		{"a title never spans lines", "关于（学习\n不深入）", "关于（学习"},
		{"a long clause is clipped with an ellipsis", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, titleOf(tt.text))
		})
	}
}
