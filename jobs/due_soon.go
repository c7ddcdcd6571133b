package jobs

import (
	"context"
	"time"

	"rectify/internal/ledger"
	"rectify/internal/notify"
	"rectify/internal/store"
)

// DueSoon reminds owners of tasks entering their yellow window: due within
// the batch's warn_days. One reminder per task and due date, on the first
// run that finds it in the window; an extension to a new due date earns a
// new one.
type DueSoon struct{ d *deps }

func (j *DueSoon) run(ctx context.Context, now time.Time) (int, error) {
	today := j.d.today(now)
	entries, err := j.d.st.DueBetween(today, today.AddDays(j.d.st.MaxWarnDays()))
	if err != nil {
		return 0, err
	}
	var cands []candidate
	for _, e := range entries {
		warn := e.WarnDays
		if warn <= 0 {
			warn = ledger.DefaultWarnDays
		}
		if today.DaysUntil(e.DueOn) <= warn {
			cands = append(cands, candidate{key: taskKey(notify.KindDueSoon, e.TaskID, e.DueOn), id: e.TaskID, on: e.DueOn})
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
		if t == nil || !t.DueSoon(today) || t.DueOn != c.on {
			return false, err // gone, finished or moved since the scan
		}
		return jt.Notify(store.Notice{Key: c.key, Kind: notify.KindDueSoon, TaskID: t.ID, BranchID: t.BranchID,
			Item: j.d.item(t, today), To: ownerOf(people, t), Job: NameDueSoon})
	})
}
