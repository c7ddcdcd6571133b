package store

import (
	"strings"

	"rectify/internal/ledger"
)

// compare plans a matched measure: the fields the source has and changed
// become one update, recorded as an ActImport by the actor; a different
// status is reported only.
func (im *importer) compare(ip *ImportProblem, m *ImportMeasure, cur *ledger.Task, row *ledger.ImportRow) error {
	row.Action = ledger.ImportUnchanged
	if s := squeeze(ip.Batch); s != "" && s != squeeze(im.titles[cur.BatchID]) {
		im.fail(ip.Row, "batch", "%s 问题来源「%s」与该措施所在批次「%s」不符；导入不能把措施移到另一批次", m.Where, ip.Batch, im.titles[cur.BatchID])
		return nil
	}
	var p ledger.Problem
	if err := get(im.tx, bProblems, cur.ProblemID, "problem", &p); err != nil {
		return err
	}
	if err := im.compareProblem(&p, ip, row); err != nil {
		return err
	}
	problemChanges := len(row.Changes)
	next := cur.Clone()
	src := &m.Task
	src.BranchID = cur.BranchID
	if im.has("owner") && !im.resolveOwner(m, cur) {
		return nil
	}
	im.diffTask(next, cur, src, row)
	im.noteStatus(cur, src, row)
	progress := im.diffProgress(cur, m.Progress, row)
	if len(row.Changes) == problemChanges {
		return nil
	}
	im.checkUpdate(m, cur, next, row)
	return im.applyUpdate(cur, next, progress, row)
}

// diffTask copies onto next each field the source has and changed.
func (im *importer) diffTask(next, cur, src *ledger.Task, row *ledger.ImportRow) {
	change := func(field, label, old, new string) {
		row.Changes = append(row.Changes, ledger.ImportChange{Field: field, Label: label, Old: old, New: new})
	}
	if im.has("task.description") && squeeze(src.Description) != squeeze(cur.Description) {
		change("description", "整改措施", cur.Description, src.Description)
		next.Description = src.Description
	}
	if im.has("task.kind") && src.Kind != "" && src.Kind != cur.Kind {
		change("kind", "整改类型", cur.Kind.Label(), src.Kind.Label())
		next.Kind = src.Kind
	}
	if im.has("task.due_on") && src.DueOn != cur.DueOn {
		change("due_on", "整改时限", dateText(cur.DueOn), dateText(src.DueOn))
		next.DueOn = src.DueOn
	}
	if im.has("task.lead_dept") && (strings.TrimSpace(src.LeadDept) != cur.LeadDept || depts(src.SupportDepts) != depts(cur.SupportDepts)) {
		change("lead_dept", "牵头部门", deptText(cur), deptText(src))
		next.LeadDept, next.SupportDepts = strings.TrimSpace(src.LeadDept), src.SupportDepts
	}
	if im.has("owner") && !sameOwner(cur, src) {
		change("owner", "责任人", cur.OwnerName, src.OwnerName)
		next.OwnerID, next.OwnerName = src.OwnerID, ""
		if src.OwnerID == 0 {
			next.OwnerName = strings.TrimSpace(src.OwnerName)
		}
	}
	if im.has("task.remark") && strings.TrimSpace(src.Remark) != strings.TrimSpace(cur.Remark) {
		change("remark", "备注", cur.Remark, src.Remark)
		next.Remark = strings.TrimSpace(src.Remark)
	}
}

func sameOwner(cur, src *ledger.Task) bool {
	if src.OwnerID != 0 || cur.OwnerID != 0 {
		return src.OwnerID == cur.OwnerID
	}
	return squeeze(src.OwnerName) == squeeze(cur.OwnerName)
}

// noteStatus reports a status the source gives that the ledger has not.
func (im *importer) noteStatus(cur, src *ledger.Task, row *ledger.ImportRow) {
	if im.has("task.status") && src.Status != "" && src.Status != cur.Status {
		row.Notes = append(row.Notes, "完成情况「"+src.Status.Label()+"」未采用：系统中为「"+cur.Status.Label()+"」，状态只能通过上报、审核改变")
	}
}

// diffProgress plans a progress note when the source's 整改进展 is not the
// latest one the ledger has.
func (im *importer) diffProgress(cur *ledger.Task, text string, row *ledger.ImportRow) string {
	text = strings.TrimSpace(text)
	if !im.has("task.progress") || text == "" {
		return ""
	}
	latest := im.latestNote(cur.ID)
	if squeeze(latest) == squeeze(text) {
		return ""
	}
	if !cur.Status.Unfinished() {
		row.Notes = append(row.Notes, "整改进展未采用：该措施已"+cur.Status.Label()+"，不再添加进展")
		return ""
	}
	row.Changes = append(row.Changes, ledger.ImportChange{Field: "progress", Label: "整改进展", Old: latest, New: text})
	return text
}

// latestNote is the text of a task's latest progress note.
func (im *importer) latestNote(id int64) string {
	c := im.tx.Bucket(bProgress).Cursor()
	var k, v []byte
	if k, _ = c.Seek(itob(id + 1)); k == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	if n := progressIn(k, v, itob(id)); n != nil {
		return n.Note
	}
	return ""
}

// checkUpdate refuses changes a sheet may not make: the plan of a
// submitted or closed measure's owner and date (four eyes: who was
// judged stays who was judged), and anything the ledger's rules refuse.
func (im *importer) checkUpdate(m *ImportMeasure, cur, next *ledger.Task, row *ledger.ImportRow) {
	if !cur.Status.Unfinished() {
		for _, c := range row.Changes {
			if c.Field == "owner" || c.Field == "due_on" || c.Field == "kind" {
				im.fail(m.Row, fieldColumn[c.Field], "%s 该措施已%s，不能通过导入修改%s", m.Where, cur.Status.Label(), c.Label)
			}
		}
	}
	if err := im.scope.CanAct(ledger.ActImport, cur); err != nil {
		im.fail(m.Row, "task.id", "%s 您无权修改该措施", m.Where)
		return
	}
	if err := next.Validate(); err != nil {
		field := ledger.ErrorField(err)
		im.fail(m.Row, "task."+field, "%s %s", m.Where, taskFieldMessage(field))
		return
	}
	if err := im.s.checkPeople(im.tx, next); err != nil {
		im.failOwner(m, next)
	}
}

var fieldColumn = map[string]string{"owner": "owner", "due_on": "task.due_on", "kind": "task.kind"}

// applyUpdate saves the changed task, one ActImport event, and the new
// progress note.
func (im *importer) applyUpdate(cur, next *ledger.Task, progress string, row *ledger.ImportRow) error {
	row.Action = ledger.ImportUpdate
	next.UpdatedAt = im.s.now().UTC()
	if progress != "" {
		next.LastReportOn = im.today
	}
	if err := im.s.saveTask(im.tx, cur, next); err != nil {
		return err
	}
	note := strings.TrimSpace("导入 " + im.req.Source)
	if err := im.s.appendEvent(im.tx, im.actor.ID, "task", next.ID, next.ID, ledger.ActImport, note, cur, next); err != nil {
		return err
	}
	if progress != "" {
		return im.s.addNote(im.tx, im.actor.ID, next.ID, progress, 0)
	}
	return nil
}

// count tallies a row after its plan is made.
func (im *importer) count(row *ledger.ImportRow) {
	switch row.Action {
	case ledger.ImportUnchanged:
		im.res.Unchanged++
	case ledger.ImportUpdate:
		im.res.Updated++
	}
}

// compareProblem updates, once per import, the problem's fields that the
// source has and changed; the changes are shown on the first row that
// carries them.
func (im *importer) compareProblem(p *ledger.Problem, ip *ImportProblem, row *ledger.ImportRow) error {
	if im.checked[p.ID] {
		return nil
	}
	im.checked[p.ID] = true
	before := *p
	var changes []ledger.ImportChange
	set := func(field, label string, dst *string, v string) {
		if im.has("problem."+field) && squeeze(v) != squeeze(*dst) {
			changes = append(changes, ledger.ImportChange{Field: "problem." + field, Label: label, Old: *dst, New: v})
			*dst = strings.TrimSpace(v)
		}
	}
	set("description", "问题描述", &p.Description, ip.Description)
	set("category", "问题类别", &p.Category, ip.Category)
	set("cause", "原因剖析", &p.Cause, ip.Cause)
	set("leader", "责任领导", &p.Leader, ip.Leader)
	if len(changes) == 0 {
		return nil
	}
	if !im.scope.Manages(p.BranchID) {
		im.fail(ip.Row, "problem.description", "%s 您无权修改该问题", ip.Where)
		return nil
	}
	row.Changes = append(row.Changes, changes...)
	row.Action = ledger.ImportUpdate
	if err := put(im.tx, bProblems, p.ID, p); err != nil {
		return err
	}
	return im.s.appendEvent(im.tx, im.actor.ID, "problem", p.ID, 0, ledger.ActImport, strings.TrimSpace("导入 "+im.req.Source), &before, p)
}

func dateText(d ledger.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func depts(ds []string) string { return strings.Join(ds, "、") }

func deptText(t *ledger.Task) string {
	if len(t.SupportDepts) == 0 {
		return t.LeadDept
	}
	return t.LeadDept + "（配合：" + depts(t.SupportDepts) + "）"
}
