package ledger

// ParseTaskJSON reads into t, which must be the zero Task, the JSON that
// encoding/json's Marshal (and AppendJSON) write for a task: keys exactly
// as tagged, each once, no whitespace, strings escaped the way Marshal
// escapes them. It gives what json.Unmarshal gives for such input
// (TestParseTaskJSONEqualsEncodingJSON), without reflection, and reports
// false for anything else — the caller then decodes with encoding/json
// into a fresh Task, so unusual input (older records, hand-edited
// backups) still reads, only slower. Stored tasks are read on every
// request; this is their decoder.
func ParseTaskJSON(b []byte, t *Task) bool {
	p := jsonParser{b: b}
	ok := p.object(func(key []byte) bool { return p.taskField(key, t) })
	return ok && p.i == len(b)
}

// taskField reads the value of key into t.
func (p *jsonParser) taskField(key []byte, t *Task) bool {
	var ok bool
	switch string(key) {
	case "id":
		t.ID, ok = p.int64IfFirst(p.once(0))
	case "problem_id":
		t.ProblemID, ok = p.int64IfFirst(p.once(1))
	case "batch_id":
		t.BatchID, ok = p.int64IfFirst(p.once(2))
	case "branch_id":
		t.BranchID, ok = p.int64IfFirst(p.once(3))
	case "description":
		t.Description, ok = p.stringIfFirst(p.once(4))
	case "kind":
		var s string
		s, ok = p.enumIfFirst(p.once(5), taskKinds)
		t.Kind = Kind(s)
	case "owner_id":
		t.OwnerID, ok = p.int64IfFirst(p.once(6))
	case "owner_name":
		t.OwnerName, ok = p.stringIfFirst(p.once(7))
	case "reviewer_id":
		t.ReviewerID, ok = p.int64IfFirst(p.once(8))
	case "lead_dept":
		t.LeadDept, ok = p.stringIfFirst(p.once(9))
	case "support_depts":
		ok = p.once(10)
		if ok {
			t.SupportDepts, ok = p.strings()
		}
	case "due_on":
		t.DueOn, ok = p.dateIfFirst(p.once(11))
	case "original_due_on":
		t.OriginalDueOn, ok = p.dateIfFirst(p.once(12))
	case "report_every_days":
		t.ReportEveryDays, ok = p.intIfFirst(p.once(13))
	case "warn_days":
		t.WarnDays, ok = p.intIfFirst(p.once(14))
	case "status":
		var s string
		s, ok = p.enumIfFirst(p.once(15), taskStatuses)
		t.Status = Status(s)
	case "percent":
		t.Percent, ok = p.intIfFirst(p.once(16))
	case "created_on":
		t.CreatedOn, ok = p.dateIfFirst(p.once(17))
	case "last_report_on":
		t.LastReportOn, ok = p.dateIfFirst(p.once(18))
	case "submitted_on":
		t.SubmittedOn, ok = p.dateIfFirst(p.once(19))
	case "closed_on":
		t.ClosedOn, ok = p.dateIfFirst(p.once(20))
	case "first_overdue_on":
		t.FirstOverdueOn, ok = p.dateIfFirst(p.once(21))
	case "on_time":
		if ok = p.once(22); ok {
			t.OnTime, ok = p.bool()
		}
	case "extension":
		if ok = p.once(23); ok {
			t.Extension = new(Extension)
			ok = p.nested(func(key []byte) bool { return p.extensionField(key, t.Extension) })
		}
	case "returned":
		if ok = p.once(24); ok {
			t.Returned = new(Returned)
			ok = p.nested(func(key []byte) bool { return p.returnedField(key, t.Returned) })
		}
	case "remark":
		t.Remark, ok = p.stringIfFirst(p.once(25))
	case "import_key":
		t.ImportKey, ok = p.stringIfFirst(p.once(26))
	case "created_at":
		if ok = p.once(27); ok {
			t.CreatedAt, ok = p.time()
		}
	case "updated_at":
		if ok = p.once(28); ok {
			t.UpdatedAt, ok = p.time()
		}
	case "submitted_by":
		t.SubmittedBy, ok = p.int64IfFirst(p.once(29))
	case "submitted_owner_id":
		t.SubmittedOwnerID, ok = p.int64IfFirst(p.once(30))
	case "light":
		var s string
		s, ok = p.enumIfFirst(p.once(31), taskLights)
		t.Light = Light(s)
	case "submitted_late_days":
		t.SubmittedLateDays, ok = p.intIfFirst(p.once(32))
	}
	return ok
}

// nested reads an inner object with its own record of keys seen.
func (p *jsonParser) nested(field func(key []byte) bool) bool {
	outer := p.seen
	p.seen = 0
	ok := p.object(field)
	p.seen = outer
	return ok
}

func (p *jsonParser) extensionField(key []byte, e *Extension) bool {
	var ok bool
	switch string(key) {
	case "requested_by":
		e.RequestedBy, ok = p.int64IfFirst(p.once(0))
	case "requested_on":
		e.RequestedOn, ok = p.dateIfFirst(p.once(1))
	case "due_on":
		e.DueOn, ok = p.dateIfFirst(p.once(2))
	case "reason":
		e.Reason, ok = p.stringIfFirst(p.once(3))
	}
	return ok
}

func (p *jsonParser) returnedField(key []byte, r *Returned) bool {
	var ok bool
	switch string(key) {
	case "reason":
		r.Reason, ok = p.stringIfFirst(p.once(0))
	case "by":
		r.By, ok = p.int64IfFirst(p.once(1))
	case "by_name":
		r.ByName, ok = p.stringIfFirst(p.once(2))
	case "at":
		if ok = p.once(3); ok {
			r.At, ok = p.time()
		}
	}
	return ok
}

// The IfFirst readers read a value only when the key was not seen before.
func (p *jsonParser) int64IfFirst(first bool) (int64, bool) {
	if !first {
		return 0, false
	}
	return p.int64()
}

func (p *jsonParser) intIfFirst(first bool) (int, bool) {
	if !first {
		return 0, false
	}
	return p.int()
}

func (p *jsonParser) stringIfFirst(first bool) (string, bool) {
	if !first {
		return "", false
	}
	return p.string()
}

// The known kinds, statuses and lights, read without allocating.
var (
	taskKinds    = []string{string(KindDeadline), string(KindImmediate), string(KindLongTerm)}
	taskStatuses = []string{string(StatusOpen), string(StatusInProgress), string(StatusSubmitted), string(StatusClosed)}
	taskLights   = []string{string(LightGreen), string(LightYellow), string(LightRed), string(LightDone)}
)

// enumIfFirst reads a string, returning the known value it equals.
func (p *jsonParser) enumIfFirst(first bool, known []string) (string, bool) {
	if !first {
		return "", false
	}
	if p.i < len(p.b) && p.b[p.i] == '"' {
		for _, k := range known {
			if end := p.i + 1 + len(k); end < len(p.b) && p.b[end] == '"' && string(p.b[p.i+1:end]) == k {
				p.i = end + 1
				return k, true
			}
		}
	}
	return p.string()
}

func (p *jsonParser) dateIfFirst(first bool) (Date, bool) {
	if !first {
		return 0, false
	}
	return p.date()
}
