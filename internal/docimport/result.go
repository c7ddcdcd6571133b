// Package docimport turns a 对照检查材料 (the self-criticism document read at
// an organisational or democratic life meeting) or a 巡察整改情况报告 into
// draft problems, causes and measures for the rectification ledger.
//
// The documents come from Word, WPS, PDFs and web pages written by many
// hands, so the parser is forgiving: it never fails on structure it does
// not recognise, and returns what it found for a person to review. Only
// unreadable input (not text, not a .docx, too large, empty) is an error.
package docimport

// Result is everything found in one uploaded file; a file may hold several
// documents (for example a branch's material followed by members' ones).
type Result struct {
	Documents []Document `json:"documents"`
}

// Document is one 对照检查材料 or report: its title and the draft entries
// found in its problem, cause and measure sections. The lists are never nil
// so that JSON shows [] rather than null for "nothing found".
type Document struct {
	Title string `json:"title"`
	// Author is the person a first-person document (个人对照检查材料) is
	// by, from its title or sign-off, or "". They own its measures.
	Author   string    `json:"author"`
	Problems []Problem `json:"problems"`
	Causes   []Cause   `json:"causes"`
	Measures []Measure `json:"measures"`
}

// Problem is one item of the problem section. Category is the heading it
// was listed under, such as 在理论学习方面, or "" when there was none.
type Problem struct {
	Category string `json:"category"`
	Title    string `json:"title"`
	Text     string `json:"text"`
	// Progress is what a 整改情况报告 or audit report says was done about
	// the problem (its 整改情况 / 整改结果), or "".
	Progress string `json:"progress"`
	// Done marks a problem whose progress says 已完成, for the officer to
	// confirm rather than to take as closed.
	Done bool `json:"done"`
}

// Cause is one item of the cause analysis (原因剖析) section.
type Cause struct {
	Title string `json:"title"`
	Text  string `json:"text"`
}

// Measure is one item of the measures (整改措施) section. Owner, DueOn and
// Kind are read from annotations such as 责任人：张三；完成时限：2024年6月底;
// DueOn is YYYY-MM-DD or "", and Kind is KindImmediate, KindDeadline,
// KindLongTerm or "" when the text does not say.
type Measure struct {
	Title string `json:"title"`
	Text  string `json:"text"`
	Owner string `json:"owner"`
	// LeadDept is the 责任部门 / 牵头单位 that leads the measure, or "".
	LeadDept string `json:"lead_dept"`
	DueOn    string `json:"due_on"`
	Kind     string `json:"kind"`
	// Problem is the 1-based index in Document.Problems of the problem
	// the measure answers, when the document says (a table row under a
	// merged problem cell), or 0.
	Problem int `json:"problem"`
}

// Kinds of measure, as stored in Measure.Kind.
const (
	// KindImmediate is a measure marked 立行立改 (fix at once).
	KindImmediate = "immediate"
	// KindDeadline is a measure with a concrete completion date.
	KindDeadline = "deadline"
	// KindLongTerm is a measure marked 长期坚持 (kept up indefinitely).
	KindLongTerm = "long_term"
)
