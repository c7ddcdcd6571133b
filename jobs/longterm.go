package jobs

import (
	"context"
	"time"

	"rectify/internal/ledger"
	"rectify/internal/notify"
	"rectify/internal/store"
)

// LongTerm watches the progress reports of long-term (长期坚持) tasks.
// The day after a report was due and none came, the owner is reminded
// (report_due:task:42:<report due day>) and the first overdue day is
// recorded; if ReportGraceDays later there is still no report, the task
// is treated as overdue: owner and officers get an overdue notice
// (overdue:task:42:<first overdue day>), as the overdue job would send.
type LongTerm struct{ d *deps }

func (j *LongTerm) run(ctx context.Context, now time.Time) (int, error) {
	today, grace := j.d.today(now), j.d.cfg.ReportGraceDays
	entries, err := j.d.st.ReportsDueBetween(0, today.AddDays(-1))
	if err != nil {
		return 0, err
	}
	var cands []candidate
	for _, e := range entries {
		cands = append(cands, candidate{key: taskKey(notify.KindReportDue, e.TaskID, e.ReportDueOn), id: e.TaskID, on: e.ReportDueOn})
		if e.ReportDueOn.DaysUntil(today) > grace {
			cands = append(cands, candidate{key: taskKey(notify.KindOverdue, e.TaskID, e.ReportDueOn.AddDays(1)), id: e.TaskID, on: e.ReportDueOn, days: 1})
		}
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
		if t == nil || !t.ReportMissed(today) || t.ReportDueOn() != c.on {
			return false, err
		}
		if c.days == 1 {
			return j.overdue(jt, people, t, today, c)
		}
		return j.remind(jt, people, t, today, c)
	})
}

func (j *LongTerm) remind(jt *store.JobTx, people *store.People, t *ledger.Task, today ledger.Date, c candidate) (bool, error) {
	if jt.Seen(c.key) {
		return false, nil
	}
	if err := markOverdue(jt, t, today, "长期整改未按期报告进展"); err != nil {
		return false, err
	}
	return jt.Notify(store.Notice{Key: c.key, Kind: notify.KindReportDue, TaskID: t.ID, BranchID: t.BranchID,
		Item: j.reportItem(t, today), To: ownerOf(people, t), Job: NameLongTerm})
}

func (j *LongTerm) overdue(jt *store.JobTx, people *store.People, t *ledger.Task, today ledger.Date, c candidate) (bool, error) {
	if jt.Seen(c.key) {
		return false, nil
	}
	if err := markOverdue(jt, t, today, "长期整改未按期报告进展"); err != nil {
		return false, err
	}
	to := append(ownerOf(people, t), people.Nearest(ledger.RoleOfficer, t.BranchID)...)
	return jt.Notify(store.Notice{Key: c.key, Kind: notify.KindOverdue, TaskID: t.ID, BranchID: t.BranchID,
		Item: j.reportItem(t, today), To: to, Job: NameLongTerm})
}

// reportItem shows a long-term task by its report date: that is the
// deadline it missed.
func (j *LongTerm) reportItem(t *ledger.Task, today ledger.Date) store.DigestItem {
	it := j.d.item(t, today)
	r := t.ReportDueOn()
	it.DueOn, it.DaysOverdue = r, max(it.DaysOverdue, r.DaysUntil(today))
	return it
}
