package store

import (
	"strconv"

	"rectify/internal/ledger"
)

// problem plans one source problem and each of its measures; only
// internal errors stop the import, row errors are collected.
func (im *importer) problem(ip *ImportProblem) error {
	before := len(im.res.Errors)
	branch, okBranch := im.branch(ip)
	batch, okBatch := im.batchOf(ip)
	p := ledger.Problem{BatchID: batch, BranchID: branch, Category: ip.Category,
		Description: ip.Description, Cause: ip.Cause, Leader: ip.Leader}
	if err := p.Validate(); err != nil && okBranch && okBatch {
		field := ledger.ErrorField(err)
		im.fail(ip.Row, "problem."+field, "%s %s", ip.Where, problemFieldMessage[field])
	}
	if len(im.res.Errors) > before || !okBranch || !okBatch {
		im.failRows(ip)
		return nil
	}
	if len(ip.Measures) == 0 {
		return im.bareProblem(ip, &p)
	}
	for i := range ip.Measures {
		// m is a copy: the caller's request is left as it was given.
		m := ip.Measures[i]
		if err := im.measure(ip, &p, &m); err != nil {
			return err
		}
	}
	return nil
}

// failRows marks every row of a refused problem as an error.
func (im *importer) failRows(ip *ImportProblem) {
	if len(ip.Measures) == 0 {
		im.addRow(ledger.ImportRow{Row: ip.Row, Action: ledger.ImportFailed, Problem: ip.Description})
	}
	for _, m := range ip.Measures {
		im.addRow(ledger.ImportRow{Row: m.Row, Action: ledger.ImportFailed, Problem: ip.Description, Measure: m.Task.Description})
	}
}

func (im *importer) addRow(r ledger.ImportRow) {
	if r.Changes == nil {
		r.Changes = []ledger.ImportChange{}
	}
	im.res.Rows = append(im.res.Rows, r)
}

// bareProblem plans a problem row without measures: found, or created.
func (im *importer) bareProblem(ip *ImportProblem, p *ledger.Problem) error {
	row := ledger.ImportRow{Row: ip.Row, Problem: ip.Description}
	found, ok := im.findProblem(ip, p)
	switch {
	case !ok:
		row.Action = ledger.ImportFailed
	case found != nil:
		row.Action = ledger.ImportUnchanged
		before := len(im.res.Errors)
		if err := im.compareProblem(found, ip, &row); err != nil {
			return err
		}
		if len(im.res.Errors) > before {
			row.Action = ledger.ImportFailed
		}
		im.count(&row)
	default:
		row.Action = ledger.ImportCreate
		if _, err := im.createProblem(ip, p); err != nil {
			return err
		}
	}
	im.addRow(row)
	return nil
}

// branch resolves the 责任单位 of a problem inside the request's subtree.
func (im *importer) branch(ip *ImportProblem) (int64, bool) {
	if squeeze(ip.Branch) == "" {
		return im.req.BranchID, true
	}
	ids := im.branches[squeeze(ip.Branch)]
	switch {
	case len(ids) == 0:
		im.fail(ip.Row, "branch", "%s 责任单位「%s」不是导入单位或其下级单位", ip.Where, ip.Branch)
	case len(ids) > 1:
		im.fail(ip.Row, "branch", "%s 责任单位「%s」有%d个同名单位，无法确定是哪一个", ip.Where, ip.Branch, len(ids))
	default:
		return ids[0], true
	}
	return 0, false
}

// batchOf resolves the 问题来源 of a problem to a batch: the request's
// when the cell is empty or names it, else the one batch of that title.
func (im *importer) batchOf(ip *ImportProblem) (int64, bool) {
	title := squeeze(ip.Batch)
	if title == "" || title == squeeze(im.batch.Title) {
		return im.batch.ID, true
	}
	bs := im.batches[title]
	switch {
	case len(bs) == 0:
		im.fail(ip.Row, "batch", "%s 问题来源「%s」不是已有的问题批次；请先建立该批次，或清空此列以导入到所选批次", ip.Where, ip.Batch)
	case len(bs) > 1:
		im.fail(ip.Row, "batch", "%s 问题来源「%s」有%d个同名批次，无法确定是哪一个", ip.Where, ip.Batch, len(bs))
	default:
		return bs[0].ID, true
	}
	return 0, false
}

// findProblem finds the problem a source problem names by its text in
// its batch: in the 责任单位 it names, else the only one in the subtree,
// else the one in the import's own branch.
func (im *importer) findProblem(ip *ImportProblem, p *ledger.Problem) (*ledger.Problem, bool) {
	if id, ok := im.created[ip]; ok {
		return &ledger.Problem{ID: id, BatchID: p.BatchID, BranchID: p.BranchID}, true
	}
	if err := im.loadProblems(p.BatchID); err != nil {
		return nil, false
	}
	var match []*ledger.Problem
	for _, c := range im.problems[problemKey(p.BatchID, p.Description)] {
		if squeeze(ip.Branch) == "" || c.BranchID == p.BranchID {
			match = append(match, c)
		}
	}
	if len(match) > 1 {
		for _, c := range match {
			if c.BranchID == p.BranchID {
				return c, true
			}
		}
		im.fail(ip.Row, "problem.description", "%s 问题「%s」在%d个单位中都有，请填写责任单位以区分", ip.Where, clip(ip.Description), len(match))
		return nil, false
	}
	if len(match) == 1 {
		return match[0], true
	}
	return nil, true
}

// loadProblems indexes the problems of a batch inside the import's subtree.
func (im *importer) loadProblems(batch int64) error {
	if im.loaded[batch] {
		return nil
	}
	im.loaded[batch] = true
	for _, id := range indexIDs(im.tx, bProblemBatch, batch) {
		var p ledger.Problem
		if err := get(im.tx, bProblems, id, "problem", &p); err != nil {
			return err
		}
		if im.scope.Tree.Contains(im.req.BranchID, p.BranchID) {
			k := problemKey(batch, p.Description)
			im.problems[k] = append(im.problems[k], &p)
		}
	}
	return nil
}

// measureID finds a task of problem pid by its text.
func (im *importer) measureID(pid int64, text string) int64 {
	set := im.measures[pid]
	if set == nil {
		set = map[string]int64{}
		for _, id := range indexIDs(im.tx, bTaskProblem, pid) {
			var t ledger.Task
			if get(im.tx, bTasks, id, "task", &t) == nil {
				set[squeeze(t.Description)] = id
			}
		}
		im.measures[pid] = set
	}
	return set[squeeze(text)]
}

// byIdentity loads the task an export's identity names; it must be one
// the actor manages inside the import's branch, seen once in the source.
func (im *importer) byIdentity(m *ImportMeasure) (*ledger.Task, bool) {
	var t ledger.Task
	err := get(im.tx, bTasks, m.ID, "task", &t)
	switch {
	case err != nil || !im.scope.Sees(t.BranchID):
		im.fail(m.Row, "task.id", "%s 编号%d的整改措施不存在或已删除；如需新建，请清空该行的编号", m.Where, m.ID)
	case !im.scope.Manages(t.BranchID) || !im.scope.Tree.Contains(im.req.BranchID, t.BranchID):
		im.fail(m.Row, "task.id", "%s 编号%d的整改措施不属于导入单位", m.Where, m.ID)
	case im.seen[m.ID] != 0:
		im.fail(m.Row, "task.id", "%s 编号%d已在第%d行出现，同一措施只能有一行", m.Where, m.ID, im.seen[m.ID])
	default:
		im.seen[m.ID] = m.Row
		return &t, true
	}
	return nil, false
}

// byText finds the task a row without identity names: same batch,
// problem and measure text, or an earlier import's key.
func (im *importer) byText(ip *ImportProblem, p *ledger.Problem, m *ImportMeasure) (*ledger.Task, bool) {
	found, ok := im.findProblem(ip, p)
	if !ok || found == nil {
		return nil, ok
	}
	id := im.measureID(found.ID, m.Task.Description)
	if id == 0 {
		key := ImportKey(p.BatchID, found.BranchID, p.Description, m.Task.Description)
		if v := im.tx.Bucket(bTaskImport).Get([]byte(key)); v != nil {
			id = btoi(v)
		}
	}
	if id == 0 {
		return nil, true
	}
	m.ID = id
	return im.byIdentity(m)
}

func problemKey(batch int64, text string) string {
	return strconv.FormatInt(batch, 10) + "\x00" + squeeze(text)
}

// clip shortens a text quoted in a message.
func clip(s string) string {
	r := []rune(squeeze(s))
	if len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return string(r)
}
