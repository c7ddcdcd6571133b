package ledger

import (
	"strings"
	"time"
	"unicode/utf8"
)

// ReboundSource says how a possible 反弹 was found.
type ReboundSource string

// Rebound sources.
const (
	// ReboundSimilar: a new problem reads like one closed in the same
	// branch within ReboundWindowDays.
	ReboundSimilar ReboundSource = "similar"
	// ReboundReview: a 回头看 found the problem back. The officer's review
	// is itself the judgment, so it is recorded as confirmed.
	ReboundReview ReboundSource = "review"
)

// ReboundStatus is where a rebound flag stands.
type ReboundStatus string

// Rebound statuses.
const (
	ReboundPending   ReboundStatus = "pending"
	ReboundConfirmed ReboundStatus = "confirmed"
	ReboundDismissed ReboundStatus = "dismissed"
)

// ReboundWindowDays is how far back a closed problem counts as the one a
// new problem may be the return of: two years.
const ReboundWindowDays = 730

// maxReboundNote bounds the note of a decision.
const maxReboundNote = 1000

// Rebound links a problem to an earlier one it may be the return of; a
// confirmed rebound counts in the branch's 反弹率.
type Rebound struct {
	ID               int64         `json:"id"`
	ProblemID        int64         `json:"problem_id"`
	EarlierProblemID int64         `json:"earlier_problem_id"`
	BranchID         int64         `json:"branch_id"`
	TaskID           int64         `json:"task_id,omitempty"` // the reopened measure, for a review
	Score            float64       `json:"score,omitempty"`
	Source           ReboundSource `json:"source"`
	Status           ReboundStatus `json:"status"`
	Note             string        `json:"note,omitempty"`
	FlaggedAt        time.Time     `json:"flagged_at"`
	DecidedBy        int64         `json:"decided_by,omitempty"`
	DecidedAt        time.Time     `json:"decided_at,omitzero"`
}

// Decide confirms or dismisses a pending flag; dismissing needs a note
// saying why the two differ.
func (r *Rebound) Decide(confirm bool, note string, by int64, at time.Time) error {
	note = strings.TrimSpace(note)
	switch {
	case r.Status != ReboundPending:
		return Reasonf(ECONFLICT, "rebound.decided", "this rebound has already been %s", r.Status)
	case !confirm && note == "":
		return Reasonf(EINVALID, "rebound.note_required", "say why the two problems differ").WithField("note")
	case utf8.RuneCountInString(note) > maxReboundNote:
		return Reasonf(EINVALID, "field.too_long", "note must be at most %d characters", maxReboundNote).WithField("note")
	}
	r.Status, r.Note, r.DecidedBy, r.DecidedAt = ReboundDismissed, note, by, at
	if confirm {
		r.Status = ReboundConfirmed
	}
	return nil
}

// Audit-trail actions of rebound flags.
const (
	ActFlagRebound   Action = "rebound_flag"
	ActDecideRebound Action = "rebound_decide"
)
