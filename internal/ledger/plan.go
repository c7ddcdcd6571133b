package ledger

// Plan actions: changes to who carries a measure, or whether it is part of
// the ledger at all. Each is one event in the trail.
const (
	// ActWithdraw (撤销) takes a measure out of the live ledger with a
	// reason; its last state stays in the trail.
	ActWithdraw Action = "withdraw"
	// ActReassign (整改责任交接) hands a measure to another owner.
	ActReassign Action = "reassign"
)

// OwnerLocked reports whether a measure's owner may no longer change: four
// eyes — once submitted or closed, the person who did the work is fixed.
func (t *Task) OwnerLocked() bool {
	return t.Status == StatusSubmitted || t.Status == StatusClosed
}
