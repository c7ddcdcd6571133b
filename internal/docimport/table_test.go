package docimport

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tc is a table cell with properties (w:gridSpan, w:vMerge) and
// paragraphs.
func tc(props string, paras ...string) string {
	var b strings.Builder
	for _, p := range paras {
		b.WriteString(wpText(p))
	}
	if len(paras) == 0 {
		b.WriteString(`<w:p/>`)
	}
	return `<w:tc><w:tcPr>` + props + `</w:tcPr>` + b.String() + `</w:tc>`
}

func tr(cells ...string) string { return `<w:tr>` + strings.Join(cells, "") + `</w:tr>` }

const (
	restart = `<w:vMerge w:val="restart"/>`
	merged  = `<w:vMerge/>`
)

func parseDocxBody(t *testing.T, body string) Document {
	t.Helper()
	b, err := buildDocx(body)
	require.NoError(t, err)
	res, err := ParseReader(bytes.NewReader(b), "方案.docx")
	require.NoError(t, err)
	require.Len(t, res.Documents, 1)
	return res.Documents[0]
}

func TestWordTableMergedProblemHasEachRowAsAMeasure(t *testing.T) {
	doc := parseDocxBody(t, wpText("XX局党组巡察反馈意见整改方案")+`<w:tbl>`+
		tr(tc("", "序号"), tc("", "反馈问题"), tc("", "整改措施"), tc("", "责任领导"), tc("", "责任部门"), tc("", "完成时限"))+
		tr(tc(restart, "1"), tc(restart, "学习不深入"), tc("", "制定学习计划"), tc(restart, "局长张三"), tc("", "办公室"), tc("", "2024年3月底"))+
		tr(tc(merged), tc(merged), tc("", "开展专题研讨"), tc(merged), tc("", "机关党委"), tc("", "长期坚持"))+
		tr(tc("", "2"), tc("", "作风不实"), tc("", "1.精简会议", "2.减少检查，立行立改"), tc("", "李四"), tc("", "督查室"), tc("", ""))+
		`</w:tbl>`)

	require.Len(t, doc.Problems, 2)
	assert.Equal(t, "学习不深入", doc.Problems[0].Title)
	assert.Equal(t, "作风不实", doc.Problems[1].Title)
	want := []Measure{
		{Title: "制定学习计划", Text: "制定学习计划", Owner: "张三", LeadDept: "办公室", DueOn: "2024-03-31", Kind: KindDeadline, Problem: 1},
		{Title: "开展专题研讨", Text: "开展专题研讨", Owner: "张三", LeadDept: "机关党委", Kind: KindLongTerm, Problem: 1},
		{Title: "精简会议", Text: "精简会议", Owner: "李四", LeadDept: "督查室", Problem: 2},
		{Title: "减少检查", Text: "减少检查，立行立改", Owner: "李四", LeadDept: "督查室", Kind: KindImmediate, Problem: 2},
	}
	assert.Equal(t, want, doc.Measures)
}

func TestWordTableTwoRowHeaderAndCategoryRows(t *testing.T) {
	doc := parseDocxBody(t, `<w:tbl>`+
		tr(tc(restart, "问题清单"), tc(restart, "任务清单"), tc(`<w:gridSpan w:val="2"/>`, "责任清单"), tc(restart, "整改时限"))+
		tr(tc(merged), tc(merged), tc("", "责任领导"), tc("", "责任单位"), tc(merged))+
		tr(tc(`<w:gridSpan w:val="5"/>`, "一、党的政治建设方面"))+
		tr(tc("", "意识形态责任制落实不到位"), tc("", "制定责任清单"), tc("", "王五"), tc("", "办公室"), tc("", "2024年4月30日"))+
		`</w:tbl>`)

	require.Len(t, doc.Problems, 1)
	assert.Equal(t, "党的政治建设方面", doc.Problems[0].Category)
	require.Len(t, doc.Measures, 1)
	m := doc.Measures[0]
	assert.Equal(t, []string{"王五", "办公室", "2024-04-30", KindDeadline}, []string{m.Owner, m.LeadDept, m.DueOn, m.Kind})
	assert.Equal(t, 1, m.Problem)
}

func TestPastedTextTableLeavesMergedCellsEmpty(t *testing.T) {
	res, err := ParseText("整改任务清单\n序号\t存在问题\t整改措施\t责任人\t完成时限\n" +
		"1\t学习不深入\t制定学习计划\t张三\t2024年6月底\n\t\t开展专题研讨\t\t长期坚持\n")
	require.NoError(t, err)
	doc := res.Documents[0]
	require.Len(t, doc.Problems, 1)
	require.Len(t, doc.Measures, 2)
	assert.Equal(t, 1, doc.Measures[1].Problem, "an empty problem cell continues the problem above")
	assert.Equal(t, KindLongTerm, doc.Measures[1].Kind)
}

func TestTableWithoutProblemOrMeasureHeaderIsText(t *testing.T) {
	res, err := ParseText("一、存在的问题\n姓名\t职务\n张三\t书记\n")
	require.NoError(t, err)
	assert.Empty(t, res.Documents[0].Measures, "a table of people is not a measure list")
}

func TestWordTableSplitByAPageBreakReadsOn(t *testing.T) {
	header := tr(tc("", "序号"), tc("", "反馈问题"), tc("", "整改措施"), tc("", "责任领导"), tc("", "完成时限"))
	doc := parseDocxBody(t, wpText("XX局党组巡察反馈意见整改方案")+
		`<w:tbl>`+header+tr(tc("", "1"), tc("", "学习不深入"), tc("", "制定学习计划"), tc("", "张三"), tc("", "2024年3月底"))+`</w:tbl>`+
		wpText("— 2 —")+
		`<w:tbl>`+header+tr(tc("", "2"), tc("", "作风不实"), tc("", "精简会议"), tc("", "李四"), tc("", "长期坚持"))+`</w:tbl>`+
		`<w:tbl>`+tr(tc("", "3"), tc("", "制度不健全"), tc("", "修订制度"), tc("", "王五"), tc("", "2024年6月底"))+`</w:tbl>`)

	var titles []string
	for _, p := range doc.Problems {
		titles = append(titles, p.Title)
	}
	assert.Equal(t, []string{"学习不深入", "作风不实", "制度不健全"}, titles, "a repeated header is no problem, and a headless continuation is read")
	require.Len(t, doc.Measures, 3)
	assert.Equal(t, 3, doc.Measures[2].Problem)
	assert.Equal(t, "王五", doc.Measures[2].Owner)
}

func TestTwoRowHeaderRepeatedOnTheNextPageKeepsTheMergedProblem(t *testing.T) {
	head := tr(tc(restart, "问题清单"), tc(restart, "任务清单"), tc(`<w:gridSpan w:val="2"/>`, "责任清单"), tc(restart, "整改时限")) +
		tr(tc(merged), tc(merged), tc("", "责任领导"), tc("", "责任单位"), tc(merged))
	doc := parseDocxBody(t, `<w:tbl>`+head+
		tr(tc(restart, "意识形态责任制落实不到位"), tc("", "制定责任清单"), tc("", "王五"), tc("", "办公室"), tc("", "2024年4月30日"))+
		head+ // a converted PDF repeats the header and the problem on the next page
		tr(tc("", "意识形态责任制落实不到位"), tc("", "开展形势研判"), tc("", "王五"), tc("", "办公室"), tc("", "长期坚持"))+
		`</w:tbl>`)
	require.Len(t, doc.Problems, 1, "the repeated header neither adds a problem nor splits the merged one")
	require.Len(t, doc.Measures, 2)
	assert.Equal(t, 1, doc.Measures[1].Problem)
}
