package ledger

import (
	"strings"
	"time"
	"unicode/utf8"
)

// CascadeAnswer is a branch's answer to a 举一反三 self-check.
type CascadeAnswer string

// Answers; the zero value is "not yet answered".
const (
	CascadeExists CascadeAnswer = "exists" // 存在（转为整改问题）
	CascadeAbsent CascadeAnswer = "absent" // 不存在（说明）
)

// Limits of a cascade.
const (
	MaxCascadeBranches = 500
	maxCascadeNote     = 2000
)

// Audit-trail actions of a cascade.
const (
	ActCascade       Action = "cascade"
	ActCascadeAnswer Action = "cascade_answer"
)

// Cascade is one 举一反三: a problem found in one branch sent to others,
// each to check itself for the same problem by DueOn. It lives in a
// self-check batch of its own, where the problems the branches find are
// recorded.
type Cascade struct {
	ID              int64         `json:"id"`
	SourceProblemID int64         `json:"source_problem_id"`
	BatchID         int64         `json:"batch_id"`
	BranchID        int64         `json:"branch_id"` // the batch's branch: the lowest branch above every item
	DueOn           Date          `json:"due_on"`
	CreatedBy       int64         `json:"created_by"`
	CreatedAt       time.Time     `json:"created_at"`
	Items           []CascadeItem `json:"items"`
}

// CascadeRequest is a 举一反三 to create.
type CascadeRequest struct {
	SourceProblemID int64
	BranchIDs       []int64
	DueOn           Date
}

// CascadeItem is one branch's self-check.
type CascadeItem struct {
	BranchID   int64         `json:"branch_id"`
	OwnerID    int64         `json:"owner_id"` // the branch's officer (or the nearest above)
	Answer     CascadeAnswer `json:"answer,omitempty"`
	Note       string        `json:"note,omitempty"`
	ProblemID  int64         `json:"problem_id,omitempty"` // the problem recorded when it exists
	AnsweredBy int64         `json:"answered_by,omitempty"`
	AnsweredAt time.Time     `json:"answered_at,omitzero"`
}

// CascadeRollup is the 举一反三 at a glance: N branches asked, M answered,
// K found the problem, O late.
type CascadeRollup struct {
	Asked    int `json:"asked"`
	Answered int `json:"answered"`
	Found    int `json:"found"`
	Overdue  int `json:"overdue"`
}

// Rollup counts the answers as of today.
func (c *Cascade) Rollup(today Date) CascadeRollup {
	r := CascadeRollup{Asked: len(c.Items)}
	for _, it := range c.Items {
		switch {
		case it.Answer != "":
			r.Answered++
			if it.Answer == CascadeExists {
				r.Found++
			}
		case today > c.DueOn:
			r.Overdue++
		}
	}
	return r
}

// Item returns the self-check of branch, or nil.
func (c *Cascade) Item(branch int64) *CascadeItem {
	for i := range c.Items {
		if c.Items[i].BranchID == branch {
			return &c.Items[i]
		}
	}
	return nil
}

// Record records a branch's answer: absent needs a note saying how the
// branch checked; an answered item cannot be answered again.
func (it *CascadeItem) Record(answer CascadeAnswer, note string, by int64, at time.Time) error {
	note = strings.TrimSpace(note)
	switch {
	case it.Answer != "":
		return Reasonf(ECONFLICT, "cascade.answered", "this self-check has already been answered")
	case answer != CascadeExists && answer != CascadeAbsent:
		return Reasonf(EINVALID, "field.invalid", "answer must be exists or absent").WithField("answer")
	case answer == CascadeAbsent && note == "":
		return Reasonf(EINVALID, "cascade.note_required", "say how the branch checked itself").WithField("note")
	case utf8.RuneCountInString(note) > maxCascadeNote:
		return Reasonf(EINVALID, "field.too_long", "note must be at most %d characters", maxCascadeNote).WithField("note")
	}
	it.Answer, it.Note, it.AnsweredBy, it.AnsweredAt = answer, note, by, at
	return nil
}
