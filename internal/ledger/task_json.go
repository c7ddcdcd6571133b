package ledger

import (
	"strconv"
	"time"
)

// AppendJSON appends the task's JSON to dst: byte for byte what
// encoding/json's Marshal writes for *t (HTML-escaped strings, the same
// field order and omissions), without its reflection. The single task
// read answers with it; TestAppendJSONEqualsEncodingJSON compares the two
// over random tasks, with every field of Task filled by reflection, so a
// field added to Task and not here fails it. It fails only where Marshal
// fails: a time outside what RFC 3339 can hold.
func (t *Task) AppendJSON(dst []byte) ([]byte, error) {
	b := append(dst, `{"id":`...)
	b = strconv.AppendInt(b, t.ID, 10)
	b = appendIntField(b, `,"problem_id":`, t.ProblemID)
	b = appendIntField(b, `,"batch_id":`, t.BatchID)
	b = appendIntField(b, `,"branch_id":`, t.BranchID)
	b = AppendJSONString(append(b, `,"description":`...), t.Description)
	b = AppendJSONString(append(b, `,"kind":`...), string(t.Kind))
	b = appendIntField(b, `,"owner_id":`, t.OwnerID)
	b = appendOmitString(b, `,"owner_name":`, t.OwnerName)
	b = appendOmitInt(b, `,"reviewer_id":`, t.ReviewerID)
	b = appendOmitString(b, `,"lead_dept":`, t.LeadDept)
	if len(t.SupportDepts) > 0 {
		b = append(b, `,"support_depts":[`...)
		for i, d := range t.SupportDepts {
			if i > 0 {
				b = append(b, ',')
			}
			b = AppendJSONString(b, d)
		}
		b = append(b, ']')
	}
	b = t.DueOn.appendJSON(append(b, `,"due_on":`...))
	b = appendOmitDate(b, `,"original_due_on":`, t.OriginalDueOn)
	b = appendOmitInt(b, `,"report_every_days":`, int64(t.ReportEveryDays))
	b = appendIntField(b, `,"warn_days":`, int64(t.WarnDays))
	b = AppendJSONString(append(b, `,"status":`...), string(t.Status))
	b = appendIntField(b, `,"percent":`, int64(t.Percent))
	b = t.CreatedOn.appendJSON(append(b, `,"created_on":`...))
	b = appendOmitDate(b, `,"last_report_on":`, t.LastReportOn)
	b = appendOmitDate(b, `,"submitted_on":`, t.SubmittedOn)
	b = appendOmitDate(b, `,"closed_on":`, t.ClosedOn)
	b = appendOmitDate(b, `,"first_overdue_on":`, t.FirstOverdueOn)
	b = strconv.AppendBool(append(b, `,"on_time":`...), t.OnTime)
	if e := t.Extension; e != nil {
		b = appendIntField(b, `,"extension":{"requested_by":`, e.RequestedBy)
		b = e.RequestedOn.appendJSON(append(b, `,"requested_on":`...))
		b = e.DueOn.appendJSON(append(b, `,"due_on":`...))
		b = append(AppendJSONString(append(b, `,"reason":`...), e.Reason), '}')
	}
	var err error
	if r := t.Returned; r != nil {
		b = AppendJSONString(append(b, `,"returned":{"reason":`...), r.Reason)
		b = appendIntField(b, `,"by":`, r.By)
		b = appendOmitString(b, `,"by_name":`, r.ByName)
		if b, err = appendJSONTime(append(b, `,"at":`...), r.At); err != nil {
			return dst, err
		}
		b = append(b, '}')
	}
	b = appendOmitString(b, `,"remark":`, t.Remark)
	b = appendOmitString(b, `,"import_key":`, t.ImportKey)
	if b, err = appendJSONTime(append(b, `,"created_at":`...), t.CreatedAt); err != nil {
		return dst, err
	}
	if b, err = appendJSONTime(append(b, `,"updated_at":`...), t.UpdatedAt); err != nil {
		return dst, err
	}
	b = appendOmitInt(b, `,"submitted_by":`, t.SubmittedBy)
	b = appendOmitInt(b, `,"submitted_owner_id":`, t.SubmittedOwnerID)
	b = appendOmitString(b, `,"light":`, string(t.Light))
	b = appendOmitInt(b, `,"submitted_late_days":`, int64(t.SubmittedLateDays))
	return append(b, '}'), nil
}

func appendIntField(b []byte, key string, v int64) []byte {
	return strconv.AppendInt(append(b, key...), v, 10)
}

// The appendOmit helpers leave out a zero value, as omitempty does.
func appendOmitInt(b []byte, key string, v int64) []byte {
	if v == 0 {
		return b
	}
	return appendIntField(b, key, v)
}

func appendOmitString(b []byte, key, s string) []byte {
	if s == "" {
		return b
	}
	return AppendJSONString(append(b, key...), s)
}

// appendOmitDate leaves out the zero Date: omitempty looks at the integer,
// so MarshalJSON's null is never written for these fields.
func appendOmitDate(b []byte, key string, d Date) []byte {
	if d == 0 {
		return b
	}
	return d.appendJSON(append(b, key...))
}

// appendJSON appends what MarshalJSON returns, without its allocation for
// the dates it can write directly.
func (d Date) appendJSON(b []byte) []byte {
	switch {
	case d == 0:
		return append(b, "null"...)
	case d < 0:
		// fmt's rendering of negative parts; never stored, but kept exact.
		return append(append(append(b, '"'), d.String()...), '"')
	}
	y, m, day := int(d)/10000, int(d)/100%100, int(d)%100
	b = append(b, '"')
	for p := 1000; p > 1 && y < p; p /= 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, int64(y), 10)
	return append(b, '-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+day/10), byte('0'+day%10), '"')
}

// appendJSONTime appends what time.Time's MarshalJSON returns.
func appendJSONTime(b []byte, t time.Time) ([]byte, error) {
	b, err := t.AppendText(append(b, '"'))
	if err != nil {
		return b, err
	}
	return append(b, '"'), nil
}
