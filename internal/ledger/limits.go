package ledger

import "unicode/utf8"

// TextLimit is the longest text one field may hold, in characters (runes,
// so a Chinese character counts once). Every free-text field a person can
// fill has one row in TextLimits, checked in the domain before anything is
// stored, so the JSON API, the web forms, imports and jobs all refuse the
// same input with the same error. docs/SECURITY.md lists the same table; a
// test keeps the two in step.
type TextLimit struct {
	Of    string // what the field belongs to: "task", "submit", "branch"…
	Field string // the field's name in the API and in error answers
	Max   int    // characters
}

// Why these numbers: names fit on one line of the ledger's printed page; a
// description, cause or note is a long paragraph of a 整改方案 (the longest
// seen in real 对照检查材料 are about 1,500 characters), so 5,000 leaves room
// without letting one field grow the database by megabytes per action.
const (
	maxName      = 100
	maxTitle     = 200
	maxParagraph = 5000
)

// The text limits, one per field.
var (
	LimitBranchName         = TextLimit{"branch", "name", maxName}
	LimitUserName           = TextLimit{"user", "name", 50}
	LimitUserEmail          = TextLimit{"user", "email", 254}
	LimitBatchTitle         = TextLimit{"batch", "title", maxTitle}
	LimitProblemCategory    = TextLimit{"problem", "category", maxTitle}
	LimitProblemDescription = TextLimit{"problem", "description", maxParagraph}
	LimitProblemCause       = TextLimit{"problem", "cause", maxParagraph}
	LimitProblemLeader      = TextLimit{"problem", "leader", maxName}
	LimitTaskDescription    = TextLimit{"task", "description", maxParagraph}
	LimitTaskOwnerName      = TextLimit{"task", "owner_name", maxName}
	LimitTaskLeadDept       = TextLimit{"task", "lead_dept", maxTitle}
	LimitTaskSupportDept    = TextLimit{"task", "support_depts", maxTitle}
	LimitTaskRemark         = TextLimit{"task", "remark", maxParagraph}
	LimitProgressNote       = TextLimit{"progress", "note", maxParagraph}
	LimitSubmitNote         = TextLimit{"submit", "note", maxParagraph}
	LimitApproveNote        = TextLimit{"approve", "note", maxParagraph}
	LimitRejectReason       = TextLimit{"reject", "reason", maxParagraph}
	LimitExtensionReason    = TextLimit{"extension", "reason", maxParagraph}
	LimitExtensionGrant     = TextLimit{"extension grant", "note", maxParagraph}
	LimitExtensionRefusal   = TextLimit{"extension refusal", "reason", maxParagraph}
	LimitReopenReason       = TextLimit{"reopen", "reason", maxParagraph}
	LimitReviewNote         = TextLimit{"review", "note", maxParagraph}
	LimitEvidenceName       = TextLimit{"evidence", "file name", maxTitle}
	LimitSearchQuery        = TextLimit{"task list", "q", maxTitle}
	LimitChannelURL         = TextLimit{"channel", "url", 2000}
	LimitChannelSecret      = TextLimit{"channel", "secret", maxTitle}
	LimitCascadeNote        = TextLimit{"self-check answer", "note", maxCascadeNote}
	LimitReboundNote        = TextLimit{"rebound decision", "note", maxReboundNote}
	LimitUserPhone          = TextLimit{"user", "phone", 30}
	LimitWithdrawReason     = TextLimit{"withdraw", "reason", 1000}
	LimitHandoverReason     = TextLimit{"handover", "reason", 1000}
)

// TextLimits is every row above, in the order the docs list them.
var TextLimits = []TextLimit{
	LimitBranchName, LimitUserName, LimitUserEmail, LimitBatchTitle,
	LimitProblemCategory, LimitProblemDescription, LimitProblemCause, LimitProblemLeader,
	LimitTaskDescription, LimitTaskOwnerName, LimitTaskLeadDept, LimitTaskSupportDept, LimitTaskRemark,
	LimitProgressNote, LimitSubmitNote, LimitApproveNote, LimitRejectReason,
	LimitExtensionReason, LimitExtensionGrant, LimitExtensionRefusal,
	LimitReopenReason, LimitReviewNote,
	LimitEvidenceName, LimitSearchQuery, LimitChannelURL, LimitChannelSecret,
	LimitCascadeNote, LimitReboundNote,
	LimitUserPhone, LimitWithdrawReason, LimitHandoverReason,
}

// Other limits of the domain.
const (
	// MaxSupportDepts is how many 配合部门 one measure may list.
	MaxSupportDepts = 20
	// MaxBranchDepth is how deep the branch tree may go (a root has depth
	// 0). Real organisations are 党委 → 总支 → 支部 → 党小组, four levels;
	// twelve leaves room and keeps every walk up the tree short.
	MaxBranchDepth = 12
)

// Check refuses s when it is longer than the limit, with an EINVALID
// error naming the field, the reason key ReasonFieldTooLong and the limit.
func (l TextLimit) Check(s string) error {
	if len(s) <= l.Max || utf8.RuneCountInString(s) <= l.Max {
		return nil
	}
	e := Reasonf(EINVALID, ReasonFieldTooLong, "%s must be at most %d characters", l.Field, l.Max)
	e.Field = l.Field
	return e
}

// Required refuses an empty s (a plain field error) and a too long one.
func (l TextLimit) Required(s string) error {
	if s == "" {
		return FieldErrorf(l.Field, "%s is required (at most %d characters)", l.Field, l.Max)
	}
	return l.Check(s)
}

// CheckTexts returns the first error of checks, so a Validate can list its
// fields in order.
func CheckTexts(checks ...error) error {
	for _, err := range checks {
		if err != nil {
			return err
		}
	}
	return nil
}
