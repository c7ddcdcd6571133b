package jobs

import (
	"context"
	"time"

	"rectify/internal/ledger"
	"rectify/internal/notify"
	"rectify/internal/store"
)

// Overdue tells the owner and the branch's officers about tasks past their
// due date and not yet submitted, and records the first overdue day on the
// task (with an event), so that 按时完成率 stays true after a late finish.
// One notice per task and first overdue day: overdue:task:42:2026-11-26.
type Overdue struct{ d *deps }

func (j *Overdue) run(ctx context.Context, now time.Time) (int, error) {
	today := j.d.today(now)
	entries, err := j.d.st.DueBetween(0, today.AddDays(-1))
	if err != nil {
		return 0, err
	}
	cands := make([]candidate, 0, len(entries))
	for _, e := range entries {
		first := e.DueOn.AddDays(1)
		cands = append(cands, candidate{key: taskKey(notify.KindOverdue, e.TaskID, first), id: e.TaskID, on: e.DueOn})
	}
	if cands, err = j.d.unseen(cands); err != nil || len(cands) == 0 {
		return 0, err
	}
	people, err := j.d.st.People()
	if err != nil {
		return 0, err
	}
	return j.d.write(ctx, now, cands, func(jt *store.JobTx, c candidate) (bool, error) {
		t, err := loadTask(jt, c.id)
		if t == nil || !t.PastDue(today) || t.DueOn != c.on {
			return false, err
		}
		return notifyOverdue(jt, j.d, people, t, today, c.key, NameOverdue)
	})
}

// notifyOverdue writes an overdue notice to the owner and the branch's
// officers and marks the task's first overdue day, unless key was written.
func notifyOverdue(jt *store.JobTx, d *deps, people *store.People, t *ledger.Task, today ledger.Date, key, job string) (bool, error) {
	if jt.Seen(key) {
		return false, nil
	}
	if err := markOverdue(jt, t, today, "逾期"); err != nil {
		return false, err
	}
	to := append(ownerOf(people, t), people.Nearest(ledger.RoleOfficer, t.BranchID)...)
	return jt.Notify(store.Notice{Key: key, Kind: notify.KindOverdue, TaskID: t.ID, BranchID: t.BranchID,
		Item: d.item(t, today), To: to, Job: job})
}
