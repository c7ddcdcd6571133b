package docimport

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const committeeDocx = "testdata/committee.docx"

// tocEntry is a Word TOC line: a field code (not visible text), the
// heading, a tab and the page number.
func tocEntry(heading, page string) string {
	return wp(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK \l "_Toc1" </w:instrText></w:r>`,
		wr(heading), wtab, wr(page), `<w:r><w:fldChar w:fldCharType="end"/></w:r>`)
}

// textBox is a floating text box as Word writes it: the same content in
// mc:Choice for new readers and in mc:Fallback for old ones.
func textBox(text string) string {
	box := `<w:txbxContent>` + wpText(text) + `</w:txbxContent>`
	return wp(`<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>` + box +
		`</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox>` + box +
		`</v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>`)
}

// committeeBody is the body of testdata/committee.docx: a leading group's
// material with a Word TOC, runs split mid-word, a soft line break, a text
// box and a measures table.
func committeeBody() string {
	return strings.Join([]string{
		wp(wr("XX公司党委领导班子2023年度"), wr("主题教育专题民主生活会"), wr("检视剖析材料")),
		textBox("内部资料 注意保存"),
		wpText("目录"),
		tocEntry("一、检视出的问题", "1"),
		tocEntry("二、原因剖析", "3"),
		tocEntry("三、整改措施", "4"),
		wpText("根据公司党委主题教育领导小组的安排，领导班子认真开展检视剖析，现将有关情况报告如下。"),
		wp(wr("一、"), wtab, wr("检视出的问题")),
		wpText("（一）在理论学习方面"),
		wp(wr("一是学习的深度不够。对党的创新理论学"), wr("得不够系统，"), wbr, wr("满足于一般性了解。"),
			wr("二是转化运用不够。用理论指导企业改革发展的办法不多。")),
		wpText("（二）在担当作为方面"),
		wpText("1.推动改革的魄力不够。对XX业务板块的重组整合行动迟缓。"),
		wpText("2.防范风险的能力不足。对XX项目的资金风险预判不够，处置不及时。"),
		wp(wr("二、原因剖析")),
		wpText("（一）理论武装不够到位。班子成员存在重业务、轻学习的倾向。"),
		wpText("（二）担当精神不够强。求稳怕乱，缺乏攻坚克难的勇气。"),
		wpText("三、整改措施"),
		wtable(
			[]string{"序号", "整改措施", "责任领导", "完成时限"},
			[]string{"1", "完善党委理论学习中心组学习制度，每月集中学习一次", "张三", "2024年3月底"},
			[]string{"2", "制定XX业务板块重组整合方案", "李四", "2024年6月30日"},
			[]string{"3", "建立重大项目风险动态排查机制", "王五", "长期坚持"},
		),
		wpText("以上检视剖析，请同志们批评指正。"),
	}, "")
}

// TestCommitteeDocxFixtureIsCurrent keeps the committed .docx fixture in
// step with committeeBody; go test -update rewrites it.
func TestCommitteeDocxFixtureIsCurrent(t *testing.T) {
	built, err := buildDocx(committeeBody())
	require.NoError(t, err)
	if *update {
		require.NoError(t, os.WriteFile(committeeDocx, built, 0o644))
	}
	committed, err := os.ReadFile(committeeDocx)
	require.NoError(t, err, "run go test -update to create the fixture")
	want, err := DocxText(built)
	require.NoError(t, err)
	got, err := DocxText(committed)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}
