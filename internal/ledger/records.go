package ledger

import (
	"encoding/json"
	"time"
)

// ProgressNote is one 整改进展 report on a task.
type ProgressNote struct {
	ID      int64     `json:"id"`
	TaskID  int64     `json:"task_id"`
	At      time.Time `json:"at"`
	ActorID int64     `json:"actor_id"`
	Note    string    `json:"note"`
	Percent int       `json:"percent"`
}

// Evidence is the metadata of one 佐证材料 file; the bytes live on disk
// under a name derived from their SHA-256, never the uploader's name.
type Evidence struct {
	ID          int64     `json:"id"`
	TaskID      int64     `json:"task_id"`
	Name        string    `json:"name"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	ContentType string    `json:"content_type"`
	UploadedBy  int64     `json:"uploaded_by"`
	At          time.Time `json:"at"`
}

// Event is one entry of the append-only audit trail (留痕). The trail
// stores only Changes (and Data for an event that changes nothing);
// Before and After are the whole record either side of the event,
// rebuilt from the trail when the event is read.
type Event struct {
	ID       int64           `json:"id"`
	Entity   string          `json:"entity"`
	EntityID int64           `json:"entity_id"`
	TaskID   int64           `json:"task_id,omitempty"`
	At       time.Time       `json:"at"`
	ActorID  int64           `json:"actor_id"`
	Action   Action          `json:"action"`
	Note     string          `json:"note,omitempty"`
	Changes  []Change        `json:"changes"`
	Data     json.RawMessage `json:"data,omitempty"`
	Before   json.RawMessage `json:"before"`
	After    json.RawMessage `json:"after"`
	// Prev is the hash of the event before this one in the whole trail,
	// Hash this event's own (hex); see docs/AUDIT.md.
	Prev string `json:"prev"`
	Hash string `json:"hash"`
}

// Change is one field an event changed. Old or New is absent when the
// field did not exist on that side (a creation, a deletion, an emptied
// optional field).
type Change struct {
	Field string          `json:"field"`
	Old   json.RawMessage `json:"old,omitempty"`
	New   json.RawMessage `json:"new,omitempty"`
}

// ReviewOutcome is the result of a 回头看.
type ReviewOutcome string

// Review outcomes.
const (
	OutcomeConsolidated ReviewOutcome = "consolidated" // 巩固
	OutcomeRebound      ReviewOutcome = "rebound"      // 反弹
)

// Review is a 回头看 scheduled when a task is closed.
type Review struct {
	ID        int64         `json:"id"`
	TaskID    int64         `json:"task_id"`
	BranchID  int64         `json:"branch_id"`
	BatchID   int64         `json:"batch_id"`
	DueOn     Date          `json:"due_on"`
	Done      bool          `json:"done"`
	Outcome   ReviewOutcome `json:"outcome,omitempty"`
	Note      string        `json:"note,omitempty"`
	DecidedBy int64         `json:"decided_by,omitempty"`
	DecidedOn Date          `json:"decided_on,omitempty"`
	NewDueOn  Date          `json:"new_due_on,omitempty"`
	CreatedAt time.Time     `json:"created_at"`
}

// TaskFilter selects tasks for a list. Zero fields do not filter.
type TaskFilter struct {
	BranchID  int64 // subtree root
	BatchID   int64
	ProblemID int64
	OwnerID   int64
	Status    Status
	Light     Light
	DueFrom   Date
	DueTo     Date
	Query     string
	Today     Date // for lights
	Cursor    int64
	Limit     int
}
