package ledger

import "strings"

// Action names a change to a task; each is one event in the audit trail.
type Action string

// Task actions.
const (
	ActCreate           Action = "create"
	ActUpdate           Action = "update"
	ActDelete           Action = "delete"
	ActProgress         Action = "progress"
	ActEvidence         Action = "evidence"
	ActSubmit           Action = "submit"
	ActApprove          Action = "approve"
	ActReject           Action = "reject"
	ActRequestExtension Action = "extension_request"
	ActApproveExtension Action = "extension_approve"
	ActRejectExtension  Action = "extension_reject"
	ActReopen           Action = "reopen"
	ActOverdue          Action = "overdue"
	ActEscalate         Action = "escalate"
	ActReview           Action = "review"
	// ActImport is a change to a task's plan made by importing a sheet.
	ActImport Action = "import"
)

func conflict(t *Task, action string) error {
	return Reasonf(ECONFLICT, ReasonWrongState, "cannot %s a task that is %s", action, t.Status)
}

// Progress records a progress report on day on; percent is 0–100.
func (t *Task) Progress(on Date, percent int) error {
	if !t.Status.Unfinished() {
		return conflict(t, "report progress on")
	} else if percent < 0 || percent > 100 {
		return FieldErrorf("percent", "percent must be 0–100")
	}
	t.Status = StatusInProgress
	if percent > 0 {
		t.Percent = percent
	}
	t.LastReportOn = on
	return nil
}

// Submit marks the work done and asks for 销号. The owner must say what was
// done: a note or at least one evidence file.
func (t *Task) Submit(on Date, note string, evidence int) error {
	if !t.Status.Unfinished() {
		return conflict(t, "submit")
	} else if strings.TrimSpace(note) == "" && evidence == 0 {
		return FieldErrorf("note", "a note or at least one evidence file is required to submit")
	} else if err := LimitSubmitNote.Check(note); err != nil {
		return err
	}
	// On time means not overdue today (past the due date or, long-term,
	// the report date) and never recorded overdue meanwhile: an extension
	// granted after the fact does not erase that. Decide it before the
	// status and LastReportOn change, since Overdue reads both.
	t.OnTime = t.FirstOverdueOn.IsZero() && !t.Overdue(on)
	t.Status = StatusSubmitted
	t.SubmittedOn = on
	t.LastReportOn = on
	t.Percent = 100
	t.Extension = nil
	t.Returned = nil
	return nil
}

// RecordSubmitter notes who submitted and who owned the task at that
// moment, for the four-eyes rule of CanAct(ActApprove).
func (t *Task) RecordSubmitter(by int64) {
	t.SubmittedBy, t.SubmittedOwnerID = by, t.OwnerID
}

// CheckOwnerChange refuses to change the owner of a submitted or closed
// task: the owner is part of what was submitted and approved, and swapping
// it would let the submitter's own officer account approve (four eyes).
func (t *Task) CheckOwnerChange(owner int64) error {
	if owner == t.OwnerID || t.Status.Unfinished() {
		return nil
	}
	e := Reasonf(ECONFLICT, ReasonOwnerLocked, "cannot change the owner of a task that is %s", t.Status)
	e.Field = "owner_id"
	return e
}

// Approve closes a submitted task (销号).
func (t *Task) Approve(on Date) error {
	if t.Status != StatusSubmitted {
		return conflict(t, "approve")
	}
	t.Status = StatusClosed
	t.ClosedOn = on
	return nil
}

// Reject sends a submitted task back to its owner with a reason.
func (t *Task) Reject(reason string) error {
	if t.Status != StatusSubmitted {
		return conflict(t, "reject")
	} else if strings.TrimSpace(reason) == "" {
		return FieldErrorf("reason", "a reason is required to reject")
	} else if err := LimitRejectReason.Check(reason); err != nil {
		return err
	}
	t.Status = StatusInProgress
	t.SubmittedOn, t.SubmittedBy, t.SubmittedOwnerID = 0, 0, 0
	t.OnTime = false
	t.Percent = min(t.Percent, 90)
	return nil
}

// Return is Reject by someone at a time: the measure shows 已退回 with r
// until it is submitted again.
func (t *Task) Return(r Returned) error {
	if err := t.Reject(r.Reason); err != nil {
		return err
	}
	r.Reason = strings.TrimSpace(r.Reason)
	t.Returned = &r
	return nil
}

// RequestExtension asks for a later due date; one request may be pending.
func (t *Task) RequestExtension(by int64, on, due Date, reason string) error {
	switch {
	case !t.Status.Unfinished():
		return conflict(t, "request an extension for")
	case t.Extension != nil:
		return Reasonf(ECONFLICT, ReasonExtensionPending, "an extension request is already pending")
	case due.IsZero():
		return FieldErrorf("due_on", "due_on is required (YYYY-MM-DD)")
	case due <= t.DueOn || due < on:
		return FieldErrorf("due_on", "the new due date must be later than the current one and not in the past")
	case strings.TrimSpace(reason) == "":
		return FieldErrorf("reason", "a reason is required")
	case LimitExtensionReason.Check(reason) != nil:
		return LimitExtensionReason.Check(reason)
	}
	t.Extension = &Extension{RequestedBy: by, RequestedOn: on, DueOn: due, Reason: strings.TrimSpace(reason)}
	return nil
}

// DecideExtension grants or refuses the pending request.
func (t *Task) DecideExtension(grant bool, reason string) error {
	if t.Extension == nil {
		return Reasonf(ECONFLICT, ReasonNoExtension, "there is no pending extension request")
	} else if !grant && strings.TrimSpace(reason) == "" {
		return FieldErrorf("reason", "a reason is required to refuse an extension")
	} else if err := extensionDecisionLimit(grant).Check(reason); err != nil {
		return err
	}
	if grant {
		if t.OriginalDueOn.IsZero() {
			t.OriginalDueOn = t.DueOn
		}
		t.DueOn = t.Extension.DueOn
	}
	t.Extension = nil
	return nil
}

// extensionDecisionLimit: a grant carries an optional note, a refusal a
// required reason; each error names the field the caller filled.
func extensionDecisionLimit(grant bool) TextLimit {
	if grant {
		return LimitExtensionGrant
	}
	return LimitExtensionRefusal
}

// Reopen puts a closed task back to work with a new due date: a 回头看
// rebound or a finding on review.
func (t *Task) Reopen(on, due Date, reason string) error {
	switch {
	case t.Status != StatusClosed:
		return conflict(t, "reopen")
	case due.IsZero() || due < on:
		return FieldErrorf("due_on", "a new due date on or after today is required")
	case strings.TrimSpace(reason) == "":
		return FieldErrorf("reason", "a reason is required to reopen")
	case LimitReopenReason.Check(reason) != nil:
		return LimitReopenReason.Check(reason)
	}
	t.Status = StatusOpen
	t.DueOn = due
	t.SubmittedOn, t.ClosedOn, t.FirstOverdueOn = 0, 0, 0
	t.SubmittedBy, t.SubmittedOwnerID = 0, 0
	t.OnTime = false
	t.Percent = 0
	t.LastReportOn = on
	t.Returned = nil
	return nil
}

// MarkOverdue records the first day the task was found overdue; it
// reports whether anything changed.
func (t *Task) MarkOverdue(today Date) bool {
	if !t.Overdue(today) || !t.FirstOverdueOn.IsZero() {
		return false
	}
	if t.PastDue(today) {
		t.FirstOverdueOn = t.DueOn.AddDays(1)
	} else {
		t.FirstOverdueOn = t.ReportDueOn().AddDays(1)
	}
	return true
}
