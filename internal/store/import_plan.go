package store

import (
	"strconv"
	"strings"

	"rectify/internal/ledger"
)

// measure plans one source row: match it, then create, compare or refuse.
func (im *importer) measure(ip *ImportProblem, p *ledger.Problem, m *ImportMeasure) error {
	row := ledger.ImportRow{Row: m.Row, Problem: ip.Description, Measure: m.Task.Description}
	before := len(im.res.Errors)
	t, ok := im.match(ip, p, m)
	var err error
	switch {
	case !ok:
	case t == nil:
		err = im.create(ip, p, m, &row)
	default:
		row.TaskID = t.ID
		err = im.compare(ip, m, t, &row)
	}
	if err != nil {
		return err
	}
	if len(im.res.Errors) > before {
		row.Action = ledger.ImportFailed
	}
	im.count(&row)
	im.addRow(row)
	return nil
}

// match finds the measure a row is about: by the identity an export
// wrote when it is this installation's, else by its text.
func (im *importer) match(ip *ImportProblem, p *ledger.Problem, m *ImportMeasure) (*ledger.Task, bool) {
	if m.Ref == "" {
		return im.byText(ip, p, m)
	}
	id, check, valid := ledger.ParseTaskRef(m.Ref)
	if !valid {
		im.fail(m.Row, "task.id", "%s 措施编号「%s」格式不对（应如 42-7f3a）；新增的行请留空", m.Where, m.Ref)
		return nil, false
	}
	var t ledger.Task
	if get(im.tx, bTasks, id, "task", &t) != nil || !t.HasRef(check) {
		return im.byText(ip, p, m)
	}
	m.ID = id
	return im.byIdentity(m)
}

// create inserts a new measure, and its problem when that is new too. A
// status in the source is reported, never applied: a new measure starts
// open and reaches 销号 only through submission and approval.
func (im *importer) create(ip *ImportProblem, p *ledger.Problem, m *ImportMeasure, row *ledger.ImportRow) error {
	row.Action = ledger.ImportCreate
	t := &m.Task
	t.ProblemID = 1 // validated before the problem has an id
	if err := t.Validate(); err != nil {
		field := ledger.ErrorField(err)
		im.fail(m.Row, "task."+field, "%s %s", m.Where, taskFieldMessage(field))
		return nil
	}
	if st := t.Status; st != "" && st != ledger.StatusOpen {
		row.Notes = append(row.Notes, "完成情况「"+st.Label()+"」未采用：新建的措施从“未开始”起，须经上报、审核才能销号")
	}
	t.Status, t.ClosedOn = ledger.StatusOpen, 0
	t.BranchID, t.BatchID = p.BranchID, p.BatchID
	found, ok := im.findProblem(ip, p)
	if !ok {
		return nil
	}
	if found != nil {
		t.BranchID = found.BranchID
	}
	if !im.resolveOwner(m, nil) {
		return nil
	}
	if err := im.s.checkPeople(im.tx, t); err != nil {
		im.failOwner(m, t)
		return nil
	}
	pid := int64(0)
	if found != nil {
		pid = found.ID
	} else {
		id, err := im.createProblem(ip, p)
		if err != nil {
			return err
		}
		pid = id
	}
	return im.insert(m, pid, p.Description, row)
}

// createProblem inserts the source problem and remembers it.
func (im *importer) createProblem(ip *ImportProblem, p *ledger.Problem) (int64, error) {
	id, err := nextID(im.tx, bProblems)
	if err != nil {
		return 0, err
	}
	np := *p
	np.ID, np.CreatedAt = id, im.s.now().UTC()
	if err := im.s.insertProblem(im.tx, im.actor.ID, &np); err != nil {
		return 0, err
	}
	im.created[ip] = id
	k := problemKey(np.BatchID, np.Description)
	im.problems[k] = append(im.problems[k], &np)
	im.res.Problems++
	return id, nil
}

// insert writes one new task with its progress note.
func (im *importer) insert(m *ImportMeasure, pid int64, problemText string, row *ledger.ImportRow) error {
	t, now := &m.Task, im.s.now()
	id, err := nextID(im.tx, bTasks)
	if err != nil {
		return err
	}
	t.ID, t.ProblemID, t.WarnDays = id, pid, im.batch.WarnDays
	t.CreatedOn, t.CreatedAt, t.UpdatedAt = im.today, now.UTC(), now.UTC()
	t.OriginalDueOn, t.FirstOverdueOn, t.Extension, t.Light = 0, 0, nil, ""
	t.SubmittedOn, t.LastReportOn, t.OnTime, t.Percent = 0, 0, false, 0
	if m.Progress != "" {
		t.LastReportOn = im.today
	}
	if err := im.s.saveTask(im.tx, nil, t); err != nil {
		return err
	}
	// The key is indexed by indexKeys, in key order; see there.
	t.ImportKey = ImportKey(t.BatchID, t.BranchID, problemText, t.Description)
	im.keyed = append(im.keyed, t)
	note := strings.TrimSpace("导入 " + im.req.Source + " " + m.Note)
	if err := im.s.appendEvent(im.tx, im.actor.ID, "task", id, id, ledger.ActCreate, note, nil, t); err != nil {
		return err
	}
	if m.Progress != "" {
		if err := im.s.addNote(im.tx, im.actor.ID, id, m.Progress, 0); err != nil {
			return err
		}
	}
	if im.measures[pid] == nil {
		im.measureID(pid, "")
	}
	im.measures[pid][squeeze(t.Description)] = id
	im.seen[id] = m.Row
	row.TaskID = id
	im.res.Tasks++
	return nil
}

// resolveOwner matches the 责任人 name to a user of the task's branch,
// else of the nearest branch above it. A name no account has, or several
// have, is an error, unless it is the name the ledger already keeps for
// a measure whose owner has no account (cur).
func (im *importer) resolveOwner(m *ImportMeasure, cur *ledger.Task) bool {
	t := &m.Task
	name := strings.TrimSpace(t.OwnerName)
	if t.OwnerID != 0 || name == "" {
		return true // an account chosen by id (a reviewed draft), or nobody
	}
	best, n := -1, 0
	for _, u := range im.users[squeeze(name)] {
		if !(ledger.Scope{User: u, Tree: im.scope.Tree}).Sees(t.BranchID) {
			continue
		}
		switch d := im.scope.Tree.Depth(u.BranchID); {
		case d > best:
			best, n, t.OwnerID = d, 1, u.ID
		case d == best:
			n++
		}
	}
	switch {
	case n == 1:
		return true
	case cur != nil && cur.OwnerID == 0 && squeeze(cur.OwnerName) == squeeze(name):
		return true
	case n > 1:
		im.fail(m.Row, "owner", "%s 责任人「%s」有%d个同名账号，无法确定是哪一位；请在系统中指定", m.Where, name, n)
	default:
		im.fail(m.Row, "owner", "%s 责任人「%s」不是该单位或上级单位的在用账号；请先建立账号，或改为已有的人员", m.Where, name)
	}
	t.OwnerID = 0
	return false
}

// failOwner records an owner the ledger's rules refuse.
func (im *importer) failOwner(m *ImportMeasure, t *ledger.Task) {
	who := "「" + t.OwnerName + "」"
	if t.OwnerName == "" {
		who = "（用户" + strconv.FormatInt(t.OwnerID, 10) + "）"
	}
	im.fail(m.Row, "owner", "%s 责任人%s须为该单位或上级单位的在用账号，且不能是领导账号", m.Where, who)
}
