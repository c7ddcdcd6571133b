package jobs

import (
	"context"
	"fmt"
	"time"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

// deps is what every job shares.
type deps struct {
	st  *store.Store
	cfg Config
	// clock is the real clock, for the little that must follow it even in
	// a run as of another time: backup names, and when a reply came.
	clock func() time.Time
}

// today is now's calendar day in the deployment's zone: daily work is
// keyed by it, so a second run on the same day finds its keys written.
func (d *deps) today(now time.Time) ledger.Date { return ledger.DateOf(now.In(d.cfg.Location)) }

// candidate is something a job may notify about, with the idempotency key
// that settles it. Keys derive from index entries alone, so settled
// candidates are skipped without decoding their records.
type candidate struct {
	key  string
	id   int64       // task or review
	on   ledger.Date // the date the key names (due date, report date …)
	days int         // escalation: the step
}

func taskKey(kind string, id int64, on ledger.Date) string {
	return fmt.Sprintf("%s:task:%d:%s", kind, id, on)
}

// unseen keeps the candidates whose key was never written.
func (d *deps) unseen(cands []candidate) ([]candidate, error) {
	keys := make([]string, len(cands))
	for i, c := range cands {
		keys[i] = c.key
	}
	seen, err := d.st.NoticesSeen(keys)
	if err != nil {
		return nil, err
	}
	out := cands[:0]
	for i, c := range cands {
		if !seen[i] {
			out = append(out, c)
		}
	}
	return out, nil
}

// chunkSize is how many candidates one write transaction handles: large
// enough to amortise the commit, small enough to keep a transaction short
// when a first run finds tens of thousands.
const chunkSize = 256

// write runs fn on the candidates in chunks of one transaction each and
// returns how many notices fn wrote.
func (d *deps) write(ctx context.Context, now time.Time, cands []candidate, fn func(jt *store.JobTx, c candidate) (bool, error)) (int, error) {
	total := 0
	for start := 0; start < len(cands); start += chunkSize {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		chunk := cands[start:min(start+chunkSize, len(cands))]
		n := 0
		err := d.st.JobUpdate(now, func(jt *store.JobTx) error {
			n = 0 // a batched transaction may run twice
			for _, c := range chunk {
				wrote, err := fn(jt, c)
				if err != nil {
					return err
				}
				if wrote {
					n++
				}
			}
			return nil
		})
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}

// finish gathers what this run queued for channels and mailboxes into one
// digest per destination, even after an error, so written notices go out.
// (Items of a run that died before this are gathered by delivery.)
func (d *deps) finish(job string, now time.Time, n int, err error) (int, error) {
	if n == 0 {
		return n, err
	}
	_, ferr := d.st.FlushDigests(store.FlushFilter{Job: job, Day: d.today(now), Now: now})
	if err == nil {
		err = ferr
	}
	return n, err
}

// item is what channels show of a task: metadata only.
func (d *deps) item(t *ledger.Task, today ledger.Date) store.DigestItem {
	return store.DigestItem{TaskID: t.ID, Branch: d.branchName(t.BranchID), DueOn: t.DueOn,
		Light: t.LightOn(today), DaysOverdue: t.DaysOverdue(today)}
}

func (d *deps) branchName(id int64) string {
	if b := d.st.Tree().Get(id); b != nil {
		return b.Name
	}
	return ""
}

// ownerOf returns the task's owner, or the branch's officers when the
// owner has no active account (a ledger imported from a sheet).
func ownerOf(p *store.People, t *ledger.Task) []store.Recipient {
	if r, ok := p.User(t.OwnerID); ok && t.OwnerID != 0 {
		return []store.Recipient{r}
	}
	return p.Nearest(ledger.RoleOfficer, t.BranchID)
}

// runCounted adapts a counting job to Job.Run.
func runCounted(c Counting, ctx context.Context, now time.Time) error {
	_, err := c.RunCounted(ctx, now)
	return err
}

// noticeJob is a daily check that writes notices and then flushes them to
// the channels as one digest each: the check itself is only its run.
type noticeJob struct {
	name string
	d    *deps
	run  func(ctx context.Context, now time.Time) (int, error)
}

// Name is the job's registered name.
func (j *noticeJob) Name() string { return j.name }

// Run does the check as of now.
func (j *noticeJob) Run(ctx context.Context, now time.Time) error { return runCounted(j, ctx, now) }

// RunCounted is Run reporting how many notices it wrote.
func (j *noticeJob) RunCounted(ctx context.Context, now time.Time) (int, error) {
	n, err := j.run(ctx, now)
	return j.d.finish(j.name, now, n, err)
}

// loadTask reads a task in a job's transaction; a task deleted since the
// scan is (nil, nil).
func loadTask(jt *store.JobTx, id int64) (*ledger.Task, error) {
	t, err := jt.Task(id)
	if ledger.ErrorCode(err) == ledger.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return t, nil
}

// markOverdue records the task's first overdue day, with an event, the
// first time it is found overdue.
func markOverdue(jt *store.JobTx, t *ledger.Task, today ledger.Date, why string) error {
	before := t.Clone()
	if !t.MarkOverdue(today) {
		return nil
	}
	return jt.SaveTask(before, t, ledger.ActOverdue, why+"：首个逾期日 "+t.FirstOverdueOn.String())
}
