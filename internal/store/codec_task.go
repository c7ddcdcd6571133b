package store

import (
	"time"

	"rectify/internal/ledger"
)

// A task is the record read most (every task page, list and API call),
// and encoding/json spends most of a decode on reflection. decodePackedTask
// reads a packed task straight into the struct. It takes only the forms
// encode writes for a task's fields; any other (an unknown key, a zoned
// time, an escaped string, the extension…) sends the record through
// encoding/json, which then sets every field the record has, so the
// result is always what json.Unmarshal gives (test
// TestRandomTasksDecodeAsTheirJSONDoes).

type taskField uint8

const (
	tfNone taskField = iota
	tfID
	tfProblemID
	tfBatchID
	tfBranchID
	tfDescription
	tfKind
	tfOwnerID
	tfOwnerName
	tfReviewerID
	tfLeadDept
	tfDueOn
	tfOriginalDueOn
	tfReportEveryDays
	tfWarnDays
	tfStatus
	tfPercent
	tfCreatedOn
	tfLastReportOn
	tfSubmittedOn
	tfClosedOn
	tfFirstOverdueOn
	tfOnTime
	tfRemark
	tfImportKey
	tfCreatedAt
	tfUpdatedAt
	tfSubmittedBy
	tfSubmittedOwnerID
	tfLight
	tfSubmittedLateDays
)

// taskFieldOf maps a table key byte to the task field of that JSON name.
var taskFieldOf = func() (m [256]taskField) {
	fields := map[string]taskField{"id": tfID, "problem_id": tfProblemID, "batch_id": tfBatchID,
		"branch_id": tfBranchID, "description": tfDescription, "kind": tfKind, "owner_id": tfOwnerID,
		"owner_name": tfOwnerName, "reviewer_id": tfReviewerID, "lead_dept": tfLeadDept, "due_on": tfDueOn,
		"original_due_on": tfOriginalDueOn, "report_every_days": tfReportEveryDays, "warn_days": tfWarnDays,
		"status": tfStatus, "percent": tfPercent, "created_on": tfCreatedOn, "last_report_on": tfLastReportOn,
		"submitted_on": tfSubmittedOn, "closed_on": tfClosedOn, "first_overdue_on": tfFirstOverdueOn,
		"on_time": tfOnTime, "remark": tfRemark, "import_key": tfImportKey, "created_at": tfCreatedAt,
		"updated_at": tfUpdatedAt, "submitted_by": tfSubmittedBy, "submitted_owner_id": tfSubmittedOwnerID,
		"light": tfLight, "submitted_late_days": tfSubmittedLateDays}
	// packedKeys, not packedKeyID: package variables are set before init runs.
	for i, name := range packedKeys {
		m[kTable+i] = fields[name]
	}
	return m
}()

// decodePackedTask reads a packed record (after its version byte) into t, and
// reports false if it holds a form this fast path leaves to encoding/json.
func decodePackedTask(b []byte, t *ledger.Task) bool {
	u := unpacker{in: b}
	tag, err := u.byte()
	if err != nil {
		return false
	}
	switch tag {
	case tShape:
		shape, bits, err := u.shapeBits()
		if err != nil {
			return false
		}
		for j, k := range shape {
			if bits[j/8]&(1<<(j%8)) != 0 && !u.taskField(taskFieldOf[k], t) {
				return false
			}
		}
		return u.i == len(u.in)
	case tObject:
		for {
			k, err := u.byte()
			if err != nil {
				return false
			}
			if k == kEnd {
				return u.i == len(u.in)
			}
			if !u.taskField(taskFieldOf[k], t) {
				return false
			}
		}
	}
	return false
}

// taskField reads one field's value into t. It writes nothing when it
// reports false, so encoding/json then decides as it would have (a null
// leaves a field as it was).
func (u *unpacker) taskField(f taskField, t *ledger.Task) bool {
	switch f {
	case tfID, tfProblemID, tfBatchID, tfBranchID, tfOwnerID, tfReviewerID, tfSubmittedBy, tfSubmittedOwnerID:
		n, ok := u.fastInt()
		if ok {
			*taskInt64(t, f) = n
		}
		return ok
	case tfReportEveryDays, tfWarnDays, tfPercent, tfSubmittedLateDays:
		n, ok := u.fastInt()
		if ok {
			*taskInt(t, f) = int(n)
		}
		return ok
	case tfDescription, tfOwnerName, tfLeadDept, tfRemark, tfImportKey, tfKind, tfStatus, tfLight:
		s, ok := u.fastString()
		if ok {
			*taskString(t, f) = s
		}
		return ok
	case tfDueOn, tfOriginalDueOn, tfCreatedOn, tfLastReportOn, tfSubmittedOn, tfClosedOn, tfFirstOverdueOn:
		d, ok := u.fastDate()
		if ok {
			*taskDate(t, f) = d
		}
		return ok
	case tfCreatedAt, tfUpdatedAt:
		at, ok := u.fastTime()
		if ok && f == tfCreatedAt {
			t.CreatedAt = at
		} else if ok {
			t.UpdatedAt = at
		}
		return ok
	case tfOnTime:
		tag, err := u.byte()
		ok := err == nil && (tag == tTrue || tag == tFalse)
		if ok {
			t.OnTime = tag == tTrue
		}
		return ok
	}
	return false
}

func taskInt64(t *ledger.Task, f taskField) *int64 {
	switch f {
	case tfID:
		return &t.ID
	case tfProblemID:
		return &t.ProblemID
	case tfBatchID:
		return &t.BatchID
	case tfBranchID:
		return &t.BranchID
	case tfOwnerID:
		return &t.OwnerID
	case tfReviewerID:
		return &t.ReviewerID
	case tfSubmittedBy:
		return &t.SubmittedBy
	}
	return &t.SubmittedOwnerID
}

func taskInt(t *ledger.Task, f taskField) *int {
	switch f {
	case tfReportEveryDays:
		return &t.ReportEveryDays
	case tfWarnDays:
		return &t.WarnDays
	case tfPercent:
		return &t.Percent
	}
	return &t.SubmittedLateDays
}

func taskString(t *ledger.Task, f taskField) *string {
	switch f {
	case tfDescription:
		return &t.Description
	case tfOwnerName:
		return &t.OwnerName
	case tfLeadDept:
		return &t.LeadDept
	case tfRemark:
		return &t.Remark
	case tfImportKey:
		return &t.ImportKey
	case tfKind:
		return (*string)(&t.Kind)
	case tfStatus:
		return (*string)(&t.Status)
	}
	return (*string)(&t.Light)
}

func taskDate(t *ledger.Task, f taskField) *ledger.Date {
	switch f {
	case tfDueOn:
		return &t.DueOn
	case tfOriginalDueOn:
		return &t.OriginalDueOn
	case tfCreatedOn:
		return &t.CreatedOn
	case tfLastReportOn:
		return &t.LastReportOn
	case tfSubmittedOn:
		return &t.SubmittedOn
	case tfClosedOn:
		return &t.ClosedOn
	}
	return &t.FirstOverdueOn
}

// fastInt reads a packed integer; a JSON number that is not one (1.0)
// is left to encoding/json, which refuses it for an integer field.
func (u *unpacker) fastInt() (int64, bool) {
	tag, err := u.byte()
	switch {
	case err != nil:
		return 0, false
	case tag >= tSmallInt:
		return int64(tag - tSmallInt), true
	case tag == tInt:
		n, err := u.varint()
		return n, err == nil
	}
	return 0, false
}

// fastString reads a packed string that is not a date or time.
func (u *unpacker) fastString() (string, bool) {
	tag, err := u.byte()
	switch {
	case err != nil || tag >= tSmallInt:
		return "", false
	case tag >= tShortStr:
		s, err := u.take(uint64(tag - tShortStr))
		return string(s), err == nil
	case tag >= tCommon:
		if int(tag-tCommon) >= len(packedStrings) {
			return "", false
		}
		return packedStrings[tag-tCommon], true
	case tag == tString:
		s, err := u.bytes()
		return string(s), err == nil
	case tag == tCJK:
		b, err := u.bytes()
		if err != nil {
			return "", false
		}
		var buf [256]byte
		s, err := appendFromCJK(buf[:0], b)
		return string(s), err == nil
	}
	return "", false
}

// fastDate reads what ledger.Date's UnmarshalJSON accepts: null, "" or
// a date from the year 1900 on.
func (u *unpacker) fastDate() (ledger.Date, bool) {
	tag, err := u.byte()
	switch {
	case err != nil:
		return 0, false
	case tag == tNull || tag == tShortStr:
		return 0, true
	case tag == tDate:
		days, err := u.varint()
		if err != nil {
			return 0, false
		}
		y, m, d := civilFromDays(days + dateBase)
		return ledger.Date(y*10000 + m*100 + d), y >= 1900 && y <= 9999
	}
	return 0, false
}

// fastTime reads a time in UTC, as time.Time's UnmarshalJSON returns it.
func (u *unpacker) fastTime() (time.Time, bool) {
	tag, err := u.byte()
	if err != nil || tag != tTime && tag != tTimeNano && tag != tTimeRef {
		return time.Time{}, false
	}
	p, err := u.time(tag)
	if err != nil || p.zoned {
		return time.Time{}, false
	}
	y := p.time().Year()
	return p.time(), y >= 0 && y <= 9999
}
