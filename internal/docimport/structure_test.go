package docimport

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// outlineOf summarises a result as document titles followed by the titles
// of their entries, prefixed P, C or M, so a test reads like the document.
func outlineOf(res *Result) []string {
	var out []string
	for _, d := range res.Documents {
		out = append(out, "# "+d.Title)
		for _, p := range d.Problems {
			out = append(out, "P "+p.Category+"｜"+p.Title)
		}
		for _, c := range d.Causes {
			out = append(out, "C "+c.Title)
		}
		for _, m := range d.Measures {
			out = append(out, "M "+m.Title)
		}
	}
	return out
}

func TestParseTextStructures(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"a table of contents without 目录 makes no empty document",
			"XX党支部对照检查材料\n一、存在的问题\n二、原因剖析\n三、整改措施\n按照上级要求，现报告如下：\n" +
				"一、存在的问题：一是学习不深入，二是作风不扎实。\n二、原因剖析：主要是思想认识不到位。\n三、整改措施：第一，加强学习；第二，转变作风。\n",
			[]string{"# XX党支部对照检查材料", "P ｜学习不深入", "P ｜作风不扎实", "C 主要是思想认识不到位", "M 加强学习", "M 转变作风"}},
		{"a problem section after measures starts the next document",
			"一、存在的问题\n一是学习不够。\n二、整改措施\n一是加强学习。\n一、存在的问题\n1.作风不实。\n",
			[]string{"# ", "P ｜学习不够", "M 加强学习", "# ", "P ｜作风不实"}},
		{"a numbered list under 主要做法 is not read as problems",
			"一、主要做法\n1.组织集中学习12次。\n2.开展谈心谈话。\n二、存在的不足\n1.学习不够深入。\n",
			[]string{"# ", "P ｜学习不够深入"}},
		{"last year's rectification is not read as this year's problems",
			"一、上年度问题整改情况\n1.已完成整改x项。\n二、存在的问题\n1.学习不够深入。\n",
			[]string{"# ", "P ｜学习不够深入"}},
		{"an unnumbered summary before numbered items is not a problem",
			"存在的问题\n\n对照检查，主要存在三方面问题，需要认真加以整改。\n1.学习不够深入。\n",
			[]string{"# ", "P ｜学习不够深入"}},
		{"a category without numbered items is one problem",
			"一、存在的问题\n（一）在作风方面\n深入基层调研偏少。\n群众意见回应不及时。\n",
			[]string{"# ", "P 在作风方面｜深入基层调研偏少"}},
		{"an aspect named at the start of a paragraph is its category",
			"一、存在问题\n在纪律方面：纪律意识有所松懈。\n",
			[]string{"# ", "P 在纪律方面｜纪律意识有所松懈"}},
		{"categories numbered 1. with items numbered （1）",
			"一、存在的问题\n1.在政治建设方面\n（1）政治站位不高。\n（2）纪律意识不强。\n2.在作风方面\n（1）作风不实。\n",
			[]string{"# ", "P 在政治建设方面｜政治站位不高", "P 在政治建设方面｜纪律意识不强", "P 在作风方面｜作风不实"}},
		{"aspects numbered like sections are categories of problems",
			"XX同志对照检查材料\n按照要求，检视如下：\n一、在政治建设方面\n1.政治站位不高。\n二、在作风建设方面存在的问题\n1.作风不实。\n三、原因剖析\n思想放松。\n",
			[]string{"# XX同志对照检查材料", "P 在政治建设方面｜政治站位不高", "P 在作风建设方面｜作风不实", "C 思想放松"}},
		{"problems numbered 一、 under an unnumbered heading are items",
			"存在的问题\n一、理论学习不够深入。满足于读原文。\n二、服务意识不强。\n整改措施\n一是加强学习。\n",
			[]string{"# ", "P ｜理论学习不够深入", "P ｜服务意识不强", "M 加强学习"}},
		{"a cause heading with its own points is one cause",
			"二、原因剖析\n（一）理想信念有所弱化。一是学习少，二是改造少。\n（二）宗旨意识淡化。\n",
			[]string{"# ", "C 理想信念有所弱化", "C 宗旨意识淡化"}},
		{"the request for criticism and the signature are not part of the last measure",
			"三、整改措施\n一是加强学习。\n以上发言，请批评指正。\nXX党支部\n2024年1月15日\n",
			[]string{"# ", "M 加强学习"}},
		{"a signature without a closing request is not part of the last measure",
			"三、整改措施\n（一）加强学习\n坚持每周自学。\n党组书记：张三\n",
			[]string{"# ", "M 加强学习"}},
		{"a problem about a secretary is not taken for a signature",
			"一、存在的问题\n支部书记抓党建责任落实不到位\n二、整改措施\n压实责任。\n",
			[]string{"# ", "P ｜支部书记抓党建责任落实不到位", "M 压实责任"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ParseText(tt.text)
			require.NoError(t, err)
			assert.Equal(t, tt.want, outlineOf(res))
		})
	}
}

func TestParseTextJoinsHardLineBreaks(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"lines broken at the page width are joined",
			"一、存在的问题\n1.对习近平新时代中国特色社会主义思想的学习还不够\n深入系统，学用转化的成效还不明显，理论指导实践\n的作用发挥不够。\n2.作风不够扎实，调查研究偏少，了解情况停留在表面。\n",
			"对习近平新时代中国特色社会主义思想的学习还不够深入系统，学用转化的成效还不明显，理论指导实践的作用发挥不够。"},
		{"a line ending with a comma is joined even when it is short",
			"一、存在的问题\n1.学习不深入，\n满足于读原文。\n",
			"学习不深入，满足于读原文。"},
		{"page numbers between the halves of a sentence are dropped",
			"一、存在的问题\n1.对习近平新时代中国特色社会主义思想的学习还不够\n- 2 -\n深入系统，学用转化的成效还不明显。\n",
			"对习近平新时代中国特色社会主义思想的学习还不够深入系统，学用转化的成效还不明显。"},
		{"a short heading line keeps its body as a second paragraph",
			"一、存在的问题\n1.理论学习不够深入\n平时忙于事务性工作，挤时间学习不够。\n",
			"理论学习不够深入\n平时忙于事务性工作，挤时间学习不够。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := ParseText(tt.text)
			require.NoError(t, err)
			require.NotEmpty(t, res.Documents[0].Problems)
			assert.Equal(t, tt.want, res.Documents[0].Problems[0].Text)
		})
	}
}

func TestParseTextTakesProgressOutOfReportedProblems(t *testing.T) {
	res, err := ParseText("二、巡察反馈问题整改落实情况\n（一）关于“党建工作薄弱”方面的问题\n1.关于“组织生活不规范”的问题。整改情况：一是修订制度。二是加强检查。\n")
	require.NoError(t, err)
	require.Len(t, res.Documents[0].Problems, 1)
	p := res.Documents[0].Problems[0]
	assert.Equal(t, Problem{Category: "关于“党建工作薄弱”方面的问题", Title: "关于“组织生活不规范”的问题", Text: "关于“组织生活不规范”的问题。"}, p)
}
