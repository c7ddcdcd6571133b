package jobs

import (
	"context"
	"fmt"
	"time"

	"rectify/internal/ledger"
	"rectify/internal/notify"
	"rectify/internal/store"
)

// Reviews reminds the officers of a branch that a 回头看 is due: one
// reminder per review and due date (review_due:review:7:2027-02-24). The
// review was scheduled when the task was approved; an officer records its
// outcome through POST /api/v1/reviews/{id}.
type Reviews struct{ d *deps }

func reviewKey(id int64, due ledger.Date) string {
	return fmt.Sprintf("%s:review:%d:%s", notify.KindReviewDue, id, due)
}

func (j *Reviews) run(ctx context.Context, now time.Time) (int, error) {
	today := j.d.today(now)
	entries, err := j.d.st.ReviewsDueBetween(0, today)
	if err != nil {
		return 0, err
	}
	cands := make([]candidate, 0, len(entries))
	for _, e := range entries {
		cands = append(cands, candidate{key: reviewKey(e.ReviewID, e.DueOn), id: e.ReviewID, on: e.DueOn})
	}
	if cands, err = j.d.unseen(cands); err != nil || len(cands) == 0 {
		return 0, err
	}
	people, err := j.d.st.People()
	if err != nil {
		return 0, err
	}
	return j.d.write(ctx, now, cands, func(jt *store.JobTx, c candidate) (bool, error) {
		r, err := jt.Review(c.id)
		if ledger.ErrorCode(err) == ledger.ENOTFOUND || err == nil && (r.Done || r.DueOn != c.on) {
			return false, nil
		} else if err != nil {
			return false, err
		}
		item := store.DigestItem{Branch: j.d.branchName(r.BranchID), DueOn: r.DueOn, Light: ledger.LightDone}
		return jt.Notify(store.Notice{Key: c.key, Kind: notify.KindReviewDue, TaskID: r.TaskID, BranchID: r.BranchID,
			Item: item, To: people.Nearest(ledger.RoleOfficer, r.BranchID), Job: NameReviews})
	})
}
