package jobs

import (
	"context"
	"fmt"
	"time"

	"rectify/internal/ledger"
	"rectify/internal/notify"
	"rectify/internal/store"
)

// Digest sends each leader and officer one weekly summary of their scope
// (new overdue, due this week, reviews due, completion rate and its change
// since last week) instead of a flood: in-app, by e-mail where an e-mail
// channel covers them, and one summary per robot channel of the channel's
// scope. Keys name the week's Monday: digest:user:7:2026-11-23, so a
// second run in the same week adds nothing.
type Digest struct{ d *deps }

// Name is "digest".
func (j *Digest) Name() string { return NameDigest }

// Run sends the week's digests as of now.
func (j *Digest) Run(ctx context.Context, now time.Time) error { return runCounted(j, ctx, now) }

// digestMaxItems caps the list in one digest; the counts in its title
// cover everything.
const digestMaxItems = 200

// weekSummary is what a digest says about one scope.
type weekSummary struct {
	overdue, dueWeek, reviews []store.DigestItem
	rate                      float64
	change                    *float64
}

func (w *weekSummary) title() string {
	s := fmt.Sprintf("整改周报：新增逾期%d项 本周到期%d项 待回头看%d项 完成率%.1f%%",
		len(w.overdue), len(w.dueWeek), len(w.reviews), w.rate*100)
	if w.change != nil {
		s += fmt.Sprintf("（较上周%+.1f）", *w.change*100)
	}
	return s
}

func (w *weekSummary) items() []store.DigestItem {
	all := append(append(append([]store.DigestItem{}, w.overdue...), w.dueWeek...), w.reviews...)
	return all[:min(len(all), digestMaxItems)]
}

// weekItems are the week's items by branch, and completion rates.
type weekItems struct {
	overdue, dueWeek, reviews map[int64][]store.DigestItem
	rates                     map[int64]float64 // rolled up over each branch's subtree; 0 is the whole ledger
}

// RunCounted is Run reporting how many digests it wrote.
func (j *Digest) RunCounted(ctx context.Context, now time.Time) (int, error) {
	today := j.d.today(now)
	week := today.AddDays(-((int(today.Time().Weekday()) + 6) % 7))
	w, err := j.gather(today)
	if err != nil {
		return 0, err
	}
	people, err := j.d.st.People()
	if err != nil {
		return 0, err
	}
	staff := people.Staff()
	made := 0
	err = j.d.st.JobUpdate(now, func(jt *store.JobTx) error {
		made = 0
		for _, u := range staff {
			n, err := j.forUser(jt, w, u, week)
			if err != nil {
				return err
			}
			made += n
		}
		n, err := j.forChannels(jt, w, week)
		made += n
		return err
	})
	return made, err
}

func (j *Digest) forUser(jt *store.JobTx, w *weekItems, u *ledger.User, week ledger.Date) (int, error) {
	sum, err := j.summarise(jt, w, u.BranchID, week)
	if err != nil {
		return 0, err
	}
	wrote, err := jt.Notify(store.Notice{Key: fmt.Sprintf("digest:user:%d:%s", u.ID, week), Kind: notify.KindDigest,
		BranchID: u.BranchID, Title: sum.title(), To: []store.Recipient{{UserID: u.ID, BranchID: u.BranchID}}})
	if err != nil || !wrote {
		return 0, err
	}
	chs, err := jt.Channels()
	if err != nil || u.Email == "" || !coversEmail(chs, j.d.st.Tree(), u.BranchID) {
		return 1, err
	}
	_, err = jt.Enqueue(&store.OutboxRow{Key: fmt.Sprintf("digest:email:%d:%s", u.ID, week), Job: j.Name(),
		Target: store.TargetEmail, UserID: u.ID, Title: sum.title(), Items: sum.items()})
	return 1, err
}

func (j *Digest) forChannels(jt *store.JobTx, w *weekItems, week ledger.Date) (int, error) {
	chs, err := jt.Channels()
	if err != nil {
		return 0, err
	}
	made := 0
	for _, c := range chs {
		if c.Type == store.ChannelEmail {
			continue
		}
		sum, err := j.summarise(jt, w, c.BranchID, week)
		if err != nil {
			return made, err
		}
		wrote, err := jt.Enqueue(&store.OutboxRow{Key: fmt.Sprintf("digest:channel:%d:%s", c.ID, week), Job: j.Name(),
			Target: store.TargetChannel, ChannelID: c.ID, Title: sum.title(), Items: sum.items()})
		if err != nil {
			return made, err
		}
		if wrote {
			made++
		}
	}
	return made, nil
}

func coversEmail(chs []*store.Channel, tree *ledger.Tree, branch int64) bool {
	for _, c := range chs {
		if c.Type == store.ChannelEmail && c.Covers(tree, branch) {
			return true
		}
	}
	return false
}

// summarise collects the items of root's subtree (0: everything) and
// the completion rate, remembering it for next week's change.
func (j *Digest) summarise(jt *store.JobTx, w *weekItems, root int64, week ledger.Date) (*weekSummary, error) {
	sum := &weekSummary{rate: w.rates[root]}
	for _, b := range j.d.st.Tree().Subtree(root) {
		sum.overdue = append(sum.overdue, w.overdue[b]...)
		sum.dueWeek = append(sum.dueWeek, w.dueWeek[b]...)
		sum.reviews = append(sum.reviews, w.reviews[b]...)
	}
	var prev float64
	if ok, err := jt.State(rateKey(root, week.AddDays(-7)), &prev); err != nil {
		return nil, err
	} else if ok {
		change := sum.rate - prev
		sum.change = &change
	}
	return sum, jt.PutState(rateKey(root, week), sum.rate)
}

func rateKey(branch int64, week ledger.Date) string {
	return fmt.Sprintf("digest:rate:%d:%s", branch, week)
}

// gather reads the week's items by range scans of the date indexes and
// the rates from the counters.
func (j *Digest) gather(today ledger.Date) (*weekItems, error) {
	w := &weekItems{overdue: map[int64][]store.DigestItem{}, dueWeek: map[int64][]store.DigestItem{},
		reviews: map[int64][]store.DigestItem{}, rates: map[int64]float64{}}
	late, err := j.d.st.DueBetween(today.AddDays(-7), today.AddDays(-1))
	if err != nil {
		return nil, err
	}
	soon, err := j.d.st.DueBetween(today, today.AddDays(6))
	if err != nil {
		return nil, err
	}
	if err := j.addTasks(w.overdue, late, today, notify.KindOverdue); err != nil {
		return nil, err
	}
	if err := j.addTasks(w.dueWeek, soon, today, notify.KindDueSoon); err != nil {
		return nil, err
	}
	reviews, err := j.d.st.ReviewsDueBetween(0, today.AddDays(6))
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(reviews))
	for i, r := range reviews {
		ids[i] = r.ReviewID
	}
	byID, err := j.d.st.ReviewsByID(ids)
	if err != nil {
		return nil, err
	}
	for _, e := range reviews {
		if r := byID[e.ReviewID]; r != nil {
			w.reviews[r.BranchID] = append(w.reviews[r.BranchID], store.DigestItem{Kind: notify.KindReviewDue,
				TaskID: r.TaskID, Branch: j.d.branchName(r.BranchID), DueOn: r.DueOn, Light: ledger.LightDone})
		}
	}
	return w, j.rates(w, today)
}

func (j *Digest) addTasks(into map[int64][]store.DigestItem, es []store.DueEntry, today ledger.Date, kind string) error {
	ids := make([]int64, len(es))
	for i, e := range es {
		ids[i] = e.TaskID
	}
	tasks, err := j.d.st.TasksByID(ids)
	if err != nil {
		return err
	}
	for _, e := range es {
		if t := tasks[e.TaskID]; t != nil {
			it := j.d.item(t, today)
			it.Kind = kind
			into[t.BranchID] = append(into[t.BranchID], it)
		}
	}
	return nil
}

func (j *Digest) rates(w *weekItems, today ledger.Date) error {
	tree := j.d.st.Tree()
	rows, err := j.d.st.Dashboard(ledger.Scope{User: &ledger.User{Role: ledger.RoleAdmin}, Tree: tree},
		store.DashboardFilter{Today: today})
	if err != nil {
		return err
	}
	var all ledger.Stats
	for _, r := range rows {
		w.rates[r.BranchID] = r.CompletionRate
		if r.Depth == 0 {
			all.Add(r.Stats)
		}
	}
	all.Finish()
	w.rates[0] = all.CompletionRate
	return nil
}
