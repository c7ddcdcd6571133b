package jobs

import (
	"context"
	"fmt"
	"time"

	"rectify/internal/ledger"
	"rectify/internal/notify"
	"rectify/internal/store"
)

// Escalation (督办) tells the branch's leaders and the officers one level
// up about tasks overdue for each step of a ladder of days (7, 14, 30 by
// default). Each step is taken once per task and due date, recorded as an
// event under escalation:task:42:2026-11-20:14. After downtime that passed
// several steps, each is recorded but only the highest is notified.
type Escalation struct{ d *deps }

func escalationKey(task int64, due ledger.Date, step int) string {
	return fmt.Sprintf("%s:task:%d:%s:%d", notify.KindEscalation, task, due, step)
}

func (j *Escalation) run(ctx context.Context, now time.Time) (int, error) {
	today, steps := j.d.today(now), j.d.cfg.EscalationSteps
	entries, err := j.d.st.DueBetween(0, today.AddDays(-steps[0]))
	if err != nil {
		return 0, err
	}
	var cands []candidate
	for _, e := range entries {
		for _, s := range steps {
			if s <= e.DueOn.DaysUntil(today) {
				cands = append(cands, candidate{key: escalationKey(e.TaskID, e.DueOn, s), id: e.TaskID, on: e.DueOn, days: s})
			}
		}
	}
	if cands, err = j.d.unseen(cands); err != nil || len(cands) == 0 {
		return 0, err
	}
	people, err := j.d.st.People()
	if err != nil {
		return 0, err
	}
	return j.d.write(ctx, now, highestPerTask(cands), func(jt *store.JobTx, c candidate) (bool, error) {
		t, err := loadTask(jt, c.id)
		if t == nil || !t.PastDue(today) || t.DueOn != c.on {
			return false, err
		}
		return j.escalate(jt, people, t, today, c.days)
	})
}

// highestPerTask keeps, per task, the candidate of its highest step.
func highestPerTask(cands []candidate) []candidate {
	at := map[int64]int{}
	var out []candidate
	for _, c := range cands {
		if i, ok := at[c.id]; ok {
			if c.days > out[i].days {
				out[i] = c
			}
			continue
		}
		at[c.id] = len(out)
		out = append(out, c)
	}
	return out
}

// escalate records every step up to top not yet taken, and notifies top.
func (j *Escalation) escalate(jt *store.JobTx, people *store.People, t *ledger.Task, today ledger.Date, top int) (bool, error) {
	topKey := escalationKey(t.ID, t.DueOn, top)
	if jt.Seen(topKey) {
		return false, nil
	}
	days := t.DaysOverdue(today)
	for level, s := range j.d.cfg.EscalationSteps {
		k := escalationKey(t.ID, t.DueOn, s)
		if s > top || jt.Seen(k) {
			continue
		}
		note := fmt.Sprintf("督办：逾期%d天，第%d级（%d天）", days, level+1, s)
		data := map[string]any{"step": s, "level": level + 1, "days_overdue": days, "due_on": t.DueOn}
		if err := jt.TaskEvent(t, ledger.ActEscalate, note, data); err != nil {
			return false, err
		}
		if s < top {
			if err := jt.MarkSeen(k); err != nil {
				return false, err
			}
		}
	}
	to := append(people.Nearest(ledger.RoleLeader, t.BranchID), people.Above(ledger.RoleOfficer, t.BranchID)...)
	return jt.Notify(store.Notice{Key: topKey, Kind: notify.KindEscalation, TaskID: t.ID, BranchID: t.BranchID,
		Item: j.d.item(t, today), To: to, Job: NameEscalation})
}
