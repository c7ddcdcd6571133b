package sheet

import (
	"strings"

	"rectify/internal/ledger"
)

// measure reads the measure cells of the current row; ok is false when
// any of them is wrong (the errors are recorded).
func (rd *reader) measure() (ledger.ImportMeasure, bool) {
	m := ledger.ImportMeasure{Row: rd.row, Where: where(rd.row), Ref: rd.v(fRef)}
	t := &m.Task
	t.Description = rd.v(fMeasure)
	ok := t.Description != ""
	if !ok {
		rd.fail(fMeasure, "%s未填写", rd.name(fMeasure))
	}
	ok = rd.schedule(t) && ok
	ok = rd.status(t) && ok
	t.LeadDept, t.SupportDepts = parseLeadDept(rd.v(fLeadDept))
	t.SupportDepts = append(t.SupportDepts, splitList(rd.v(fSupport))...)
	t.OwnerName = rd.v(fOwner)
	t.Remark = rd.v(fRemark)
	m.Progress = rd.v(fProgress)
	// Files and 回头看 do not travel in a sheet: evidence is uploaded and a
	// look-back decided in the ledger. A new measure's trail keeps what
	// the sheet said of them.
	var note []string
	if ev := splitList(rd.v(fEvidence)); len(ev) > 0 {
		note = append(note, "佐证材料："+strings.Join(ev, "、"))
	}
	if rv := rd.v(fReview); rv != "" {
		note = append(note, rd.name(fReview)+"："+squeeze(rv))
	}
	m.Note = strings.Join(note, "；")
	return m, ok
}

// schedule reads the kind and due date. The 整改类型 column wins over a kind
// written in the 整改时限 cell; 立行立改 without a date is due today.
func (rd *reader) schedule(t *ledger.Task) bool {
	ok := true
	if s := rd.v(fKind); s != "" {
		if t.Kind, ok = parseKind(s); !ok {
			rd.fail(fKind, "%s「%s」应为立行立改、限期整改或长期坚持", rd.name(fKind), s)
		}
	}
	var due dueValue
	if s := rd.v(fDue); s != "" {
		var good bool
		if due, good = parseDue(s, s, rd.date1904); !good {
			rd.fail(fDue, "%s「%s」不是有效日期", rd.name(fDue), s)
			return false
		}
	}
	if t.Kind == "" {
		t.Kind = due.Kind
	}
	if t.Kind == "" {
		t.Kind = ledger.KindDeadline
	}
	t.DueOn = due.Date
	if t.Kind == ledger.KindImmediate && t.DueOn.IsZero() {
		t.DueOn = rd.opt.Today
	}
	if ok && t.Kind == ledger.KindDeadline && t.DueOn.IsZero() {
		rd.fail(fDue, "%s未填写（限期整改须写明完成日期）", rd.name(fDue))
		return false
	}
	return ok
}

// status reads 完成情况 and 销号日期 as the sheet states them ("" when it
// says nothing); a 销号日期 under an empty 完成情况 means closed. The import
// reports a status, never applies it.
func (rd *reader) status(t *ledger.Task) bool {
	text := rd.v(fStatus)
	if text != "" {
		st, ok := parseStatus(text)
		if !ok {
			rd.fail(fStatus, "%s「%s」无法识别，应为未开始、整改中、待审核或已销号", rd.name(fStatus), text)
			return false
		}
		t.Status = st
	}
	s := rd.v(fClosedOn)
	if s == "" {
		return true
	}
	d, ok := parseDate(s, s, rd.date1904)
	switch {
	case !ok:
		rd.fail(fClosedOn, "%s「%s」不是有效日期", rd.name(fClosedOn), s)
		return false
	case text == "":
		t.Status = ledger.StatusClosed
	case t.Status != ledger.StatusClosed:
		rd.fail(fClosedOn, "%s为「%s」，但填写了%s", rd.name(fStatus), text, rd.name(fClosedOn))
		return false
	}
	t.ClosedOn = d
	return true
}
