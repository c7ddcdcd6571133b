package demo

import (
	"fmt"

	"rectify/internal/ledger"
)

func (l *loader) makeLedger() error {
	officer := l.users["jiwei"]
	for i, it := range items {
		p := &ledger.Problem{BatchID: l.batches[it.batch].ID, BranchID: l.branches[it.branch], Category: it.category,
			Description: it.problem, Cause: "思想认识不到位，制度执行不严格，监督检查不经常。", Leader: "郑书记"}
		if err := l.st.CreateProblem(admin, p); err != nil {
			return fmt.Errorf("demo problem %d: %w", i, err)
		}
		owner := l.users[it.owner]
		t := &ledger.Task{ProblemID: p.ID, Description: it.measure, Kind: it.kind, OwnerID: owner.ID,
			ReviewerID: officer.ID, LeadDept: it.branch, DueOn: l.today.AddDays(it.due)}
		if err := l.st.CreateTask(admin, t); err != nil {
			return fmt.Errorf("demo task %d: %w", i, err)
		}
		if err := l.drive(t.ID, owner, officer, it); err != nil {
			return fmt.Errorf("demo task %d (%s): %w", i, it.state, err)
		}
	}
	return nil
}

// drive takes a task through the lifecycle to the demo state, through the
// same store calls the API uses, so the audit trail is real.
func (l *loader) drive(id int64, owner, officer *ledger.User, it item) error {
	st := l.st
	var err error
	switch it.state {
	case "progress", "overdue":
		_, err = st.AddProgress(owner, id, "已制定工作方案，正在推进落实。", 40)
	case "submitted":
		if _, err = st.AddProgress(owner, id, "主要工作已完成，正在整理佐证材料。", 80); err == nil {
			_, err = st.Submit(owner, id, "已按要求完成整改，相关制度已印发。")
		}
	case "closed":
		if _, err = st.Submit(owner, id, "整改已完成，详见佐证材料。"); err == nil {
			_, err = st.Approve(officer, id, "经核查，整改到位，同意销号。")
		}
	case "rejected":
		if _, err = st.Submit(owner, id, "已完成。"); err == nil {
			_, err = st.Reject(officer, id, "佐证材料不充分，请补充会议压减前后对比数据。")
		}
	case "extension":
		_, err = st.RequestExtension(owner, id, l.today.AddDays(20), "涉及系统改造，需协调信息部门，申请延期。")
	}
	return err
}
