// Package sheet reads and writes the 整改台账 as an .xlsx workbook in the
// layout units already keep in Excel: a title row, a header row, one row
// per measure with each problem's cells merged over its measures, and a
// sheet of per-branch statistics. Export streams rows, so a ledger of any
// size is written in bounded memory; import accepts the same layout and
// sheets that order or name their columns differently.
package sheet

import (
	"regexp"
	"strings"
)

// field is a column's meaning, whatever the sheet calls it.
type field int

// The exported columns, in order, then the ones only an import reads.
const (
	fSeq field = iota
	fSource
	fCategory
	fProblem
	fMeasure
	fKind
	fLeader
	fLeadDept
	fOwner
	fDue
	fProgress
	fStatus
	fClosedOn
	fEvidence
	fReview
	fRemark
	fBranch  // 责任单位: a branch in the import's subtree
	fRef     // 措施编号: the identity an export writes, last
	fCause   // 原因剖析
	fSupport // 配合部门
)

// numExported is how many columns an export writes.
const numExported = int(fRef) + 1

// Header is the header row of an exported ledger.
var Header = []string{"序号", "问题来源", "问题类别", "问题描述", "整改措施", "整改类型", "责任领导", "牵头部门",
	"责任人", "整改时限", "整改进展", "完成情况", "销号日期", "佐证材料", "回头看情况", "备注", "责任单位", "措施编号"}

// widths are the exported column widths, in characters of the default font.
var widths = []float64{6, 14, 14, 42, 42, 10, 10, 14, 10, 14, 30, 10, 14, 20, 24, 16, 16, 12}

// synonyms maps the header names found in real ledgers to fields.
var synonyms = map[string]field{
	"序号": fSeq, "编号": fSeq, "问题序号": fSeq, "问题编号": fSeq,
	"问题来源": fSource, "来源": fSource, "批次": fSource,
	"问题类别": fCategory, "问题类型": fCategory, "类别": fCategory, "方面": fCategory, "问题方面": fCategory, "问题分类": fCategory,
	"问题描述": fProblem, "问题": fProblem, "存在问题": fProblem, "存在的问题": fProblem, "问题表现": fProblem,
	"具体问题": fProblem, "问题清单": fProblem, "问题内容": fProblem, "反馈问题": fProblem, "问题具体表现": fProblem,
	"整改措施": fMeasure, "措施": fMeasure, "整改任务": fMeasure, "具体措施": fMeasure, "整改举措": fMeasure, "整改措施及目标": fMeasure,
	"整改类型": fKind, "整改方式": fKind, "类型": fKind, "整改性质": fKind,
	"责任领导": fLeader, "分管领导": fLeader, "牵头领导": fLeader, "责任领导班子成员": fLeader,
	"牵头部门": fLeadDept, "牵头单位": fLeadDept, "牵头科室": fLeadDept,
	"责任人": fOwner, "整改责任人": fOwner, "具体责任人": fOwner, "负责人": fOwner, "直接责任人": fOwner,
	"整改时限": fDue, "完成时限": fDue, "完成时间": fDue, "整改期限": fDue, "时限": fDue, "办结时限": fDue, "整改时间": fDue, "时限要求": fDue,
	"整改进展": fProgress, "进展情况": fProgress, "整改进展情况": fProgress, "整改情况": fProgress, "推进情况": fProgress, "整改落实情况": fProgress,
	"完成情况": fStatus, "整改状态": fStatus, "状态": fStatus, "是否完成": fStatus, "整改完成情况": fStatus, "是否完成整改": fStatus,
	"销号日期": fClosedOn, "销号时间": fClosedOn, "完成日期": fClosedOn, "办结日期": fClosedOn,
	"佐证材料": fEvidence, "佐证": fEvidence, "佐证资料": fEvidence, "证明材料": fEvidence,
	"回头看情况": fReview, "回头看": fReview, "回头看结果": fReview,
	"备注": fRemark, "说明": fRemark,
	"措施编号": fRef, "系统编号": fRef,
	"责任单位": fBranch, "责任部门": fBranch, "责任支部": fBranch, "整改单位": fBranch, "责任主体": fBranch,
	"原因剖析": fCause, "原因分析": fCause, "原因": fCause, "问题原因": fCause,
	"配合部门": fSupport, "配合单位": fSupport, "协办部门": fSupport,
}

// storeField names each field for ledger.ImportRequest.Columns.
var storeField = map[field][]string{
	fCategory: {"problem.category"}, fProblem: {"problem.description"}, fCause: {"problem.cause"},
	fLeader: {"problem.leader"}, fBranch: {"branch"}, fMeasure: {"task.description"},
	fKind: {"task.kind"}, fDue: {"task.due_on"}, fLeadDept: {"task.lead_dept"}, fSupport: {"task.support_depts"},
	fOwner: {"owner", "task.owner_id"}, fClosedOn: {"task.closed_on"}, fSource: {"batch"}, fRef: {"task.id"},
	fStatus: {"task.status"}, fProgress: {"task.progress"}, fRemark: {"task.remark"},
}

var reNoise = regexp.MustCompile(`[（(][^）)]*[）)]|[*＊:：]`)

// normHeader strips what headers decorate names with: spaces, line
// breaks, asterisks for required columns and bracketed hints.
func normHeader(s string) string {
	return reNoise.ReplaceAllString(strings.Join(strings.Fields(s), ""), "")
}

// partial names a field by a word its header contains, for the headers
// no synonym lists (整改责任单位, 存在的主要问题); the first match wins, so
// the more specific words come first.
var partial = []struct {
	word string
	f    field
}{
	{"责任单位", fBranch}, {"责任部门", fBranch}, {"责任领导", fLeader}, {"责任人", fOwner}, {"措施", fMeasure},
	{"时限", fDue}, {"期限", fDue}, {"进展", fProgress}, {"佐证", fEvidence}, {"回头看", fReview}, {"问题", fProblem},
}

// fieldOf is the field a header names, if any.
func fieldOf(header string) (field, bool) {
	h := normHeader(header)
	if f, ok := synonyms[h]; ok {
		return f, true
	}
	if strings.HasSuffix(h, "数") || strings.HasSuffix(h, "率") {
		return 0, false // a count or a rate (问题数, 完成率), as in the statistics
	}
	for _, p := range partial {
		if strings.Contains(h, p.word) {
			return p.f, true
		}
	}
	return 0, false
}

// columnsOf maps a header row to the column index of each field; the
// first column of a field wins.
func columnsOf(header []string) map[field]int {
	cols := map[field]int{}
	for i, h := range header {
		f, ok := fieldOf(h)
		if _, seen := cols[f]; ok && !seen {
			cols[f] = i
		}
	}
	return cols
}

// isHeader reports whether a row names at least the problem and measure
// columns.
func isHeader(row []string) bool {
	cols := columnsOf(row)
	_, p := cols[fProblem]
	_, m := cols[fMeasure]
	return p && m
}

// isRepeatedHeader reports whether a row under the header is the header
// printed again: every cell with text is a header word (a known column
// name, or the header's own name for that column) and nothing else. A
// row with any other words in it is data, however much it mentions 问题
// or 措施.
func isRepeatedHeader(row, header []string) bool {
	if !isHeader(row) {
		return false
	}
	for i, cell := range row {
		h := normHeader(cell)
		if h == "" {
			continue
		}
		if _, ok := synonyms[h]; ok {
			continue
		}
		if i < len(header) && h == normHeader(header[i]) {
			continue
		}
		return false
	}
	return true
}
