package store

import (
	"time"

	"rectify/internal/ledger"
)

// encodePackedTask packs a task without encoding/json: the bytes the
// generic path (json.Marshal, then packJSON) gives, field for field in
// the task shape (test TestTheTaskEncoderWritesWhatTheGenericPathDoes).
// It reports false for what it leaves to that path: the lists and
// nested records, text that JSON escapes or that reads as a time, a
// zoned time, a date that is not one.
func encodePackedTask(t *ledger.Task) ([]byte, bool) {
	if len(t.SupportDepts) > 0 || t.Extension != nil || t.Returned != nil {
		return nil, false
	}
	e := taskEncoder{packer: packer{out: make([]byte, 0, 192)}, ok: true}
	e.out = append(e.out, codecPackedV3, tShape, 0, 0, 0, 0, 0, 0)
	e.int(0, t.ID, false)
	e.int(1, t.ProblemID, false)
	e.int(2, t.BatchID, false)
	e.int(3, t.BranchID, false)
	e.str(4, t.Description, false)
	e.str(5, string(t.Kind), false)
	e.int(6, t.OwnerID, false)
	e.str(7, t.OwnerName, true)
	e.int(8, t.ReviewerID, true)
	e.str(9, t.LeadDept, true)
	e.date(11, t.DueOn, false)
	e.date(12, t.OriginalDueOn, true)
	e.int(13, int64(t.ReportEveryDays), true)
	e.int(14, int64(t.WarnDays), false)
	e.str(15, string(t.Status), false)
	e.int(16, int64(t.Percent), false)
	e.date(17, t.CreatedOn, false)
	e.date(18, t.LastReportOn, true)
	e.date(19, t.SubmittedOn, true)
	e.date(20, t.ClosedOn, true)
	e.date(21, t.FirstOverdueOn, true)
	e.bool(22, t.OnTime)
	e.str(25, t.Remark, true)
	e.str(26, t.ImportKey, true)
	e.time(27, t.CreatedAt)
	e.time(28, t.UpdatedAt)
	e.int(29, t.SubmittedBy, true)
	e.int(30, t.SubmittedOwnerID, true)
	e.str(31, string(t.Light), true)
	e.int(32, int64(t.SubmittedLateDays), true)
	return e.out, e.ok
}

// taskEncoder writes the values of a task shape after its bitmap, which
// starts at out[3].
type taskEncoder struct {
	packer
	ok bool
}

func (e *taskEncoder) field(j int) { e.out[3+j/8] |= 1 << (j % 8) }

func (e *taskEncoder) int(j int, n int64, omitEmpty bool) {
	if omitEmpty && n == 0 {
		return
	}
	e.field(j)
	if n >= 0 && n < maxSmallInt {
		e.out = append(e.out, byte(tSmallInt+n))
		return
	}
	e.out = append(e.out, tInt)
	e.out = appendZigzag(e.out, n)
}

func (e *taskEncoder) bool(j int, b bool) {
	e.field(j)
	if b {
		e.out = append(e.out, tTrue)
	} else {
		e.out = append(e.out, tFalse)
	}
}

func (e *taskEncoder) str(j int, s string, omitEmpty bool) {
	if omitEmpty && s == "" {
		return
	}
	e.field(j)
	if id, ok := packedStringID[s]; ok {
		e.out = append(e.out, id)
		return
	}
	if !plainJSONString(s) || len(s) >= 20 && len(s) <= 38 && s[10] == 'T' {
		e.ok = false // escaped, or perhaps a time: the generic path decides
		return
	}
	if days, ok := dateDays(s); ok {
		e.out = append(e.out, tDate)
		e.out = appendZigzag(e.out, days-dateBase)
		return
	}
	e.text([]byte(s))
}

// date writes what ledger.Date's MarshalJSON writes: null for no date,
// else its "YYYY-MM-DD", which packs as a date when it is a real one.
func (e *taskEncoder) date(j int, d ledger.Date, omitEmpty bool) {
	if omitEmpty && d == 0 {
		return
	}
	e.field(j)
	if d == 0 {
		e.out = append(e.out, tNull)
		return
	}
	y, m, day := int64(d)/10000, int64(d)/100%100, int64(d)%100
	days := daysFromCivil(y, m, day)
	if yy, mm, dd := civilFromDays(days); d < 0 || y > 9999 || m < 1 || m > 12 || day < 1 || yy != y || mm != m || dd != day {
		e.ok = false
		return
	}
	e.out = append(e.out, tDate)
	e.out = appendZigzag(e.out, days-dateBase)
}

// time writes a time in UTC (any zero offset prints as "Z").
func (e *taskEncoder) time(j int, t time.Time) {
	e.field(j)
	_, off := t.Zone()
	if y := t.Year(); off != 0 || y < 0 || y > 9999 {
		e.ok = false
		return
	}
	e.packer.time(packedTime{sec: t.Unix(), nsec: int64(t.Nanosecond())})
}
