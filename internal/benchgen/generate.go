// Package benchgen writes realistic synthetic ledgers for benchmarks and
// load tests, through the store's bulk writer, so every index, counter and
// chained event is what real actions would have stored.
package benchgen

import (
	"fmt"
	"math/rand"
	"time"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

// Options size the synthetic ledger Generate writes.
type Options struct {
	// Branches is how many 支部 to create under one new 党委 (default 200).
	Branches int
	// Tasks is how many measures to create (default 20000); problems come
	// about one per three tasks.
	Tasks int
	// Seed makes the ledger reproducible.
	Seed int64
	// Today anchors every date; zero means the store's today.
	Today ledger.Date
}

// txTasks is how many tasks one write transaction holds: large
// enough to amortise the commit, small enough to keep the dirty pages of
// one transaction in the tens of megabytes.
const txTasks = 10000

// Generate adds a realistic synthetic ledger for benchmarks and load
// tests: a 党委 with opt.Branches 支部, one member per 支部 who owns its
// tasks, two batches, a problem per three tasks, and tasks of which about
// 40% are closed (with a 回头看), 10% submitted, 10% overdue, 5% due soon,
// 5% long-term and the rest on track. It writes straight into bbolt in large
// transactions, bypassing db.Batch; every index and counter is kept as a
// real write would, and the chained trail: a creation event for every task,
// and progress, submission, approval and 回头看 events for finished ones.
// Open the store with NoSync for speed.
func Generate(s *store.Store, opt Options) error {
	if opt.Branches <= 0 {
		opt.Branches = 200
	}
	if opt.Tasks <= 0 {
		opt.Tasks = 20000
	}
	if opt.Today.IsZero() {
		opt.Today = s.Today()
	}
	g := &generator{loc: s.Location(), rng: rand.New(rand.NewSource(opt.Seed)), today: opt.Today}
	if err := s.BulkBranches(func(b *store.Bulk) error { return g.org(b, opt.Branches) }); err != nil {
		return fmt.Errorf("benchgen: branches: %w", err)
	}
	for done := 0; done < opt.Tasks; done += txTasks {
		n := min(txTasks, opt.Tasks-done)
		if err := s.BulkLoad(func(b *store.Bulk) error { return g.tasks(b, n) }); err != nil {
			return fmt.Errorf("benchgen: tasks: %w", err)
		}
	}
	if g.problem == nil {
		return nil
	}
	// The generated problems are a few template sentences, so a rebound
	// check over them would flag nearly every pair and keep a core busy
	// for minutes after start-up, under every measurement. A real ledger
	// has been checked as its problems came in: so is this one.
	if err := s.FlagRebounds(g.problem.ID, nil); err != nil {
		return fmt.Errorf("benchgen: rebound mark: %w", err)
	}
	return nil
}

type generator struct {
	loc      *time.Location
	rng      *rand.Rand
	today    ledger.Date
	branches []int64
	owners   map[int64]*ledger.User
	batches  []int64
	problem  *ledger.Problem
	inProb   int
	problems int
}

// org writes the 党委, its 支部, one member each and two batches.
func (g *generator) org(b *store.Bulk, n int) error {
	at := g.at(g.today.AddDays(-400))
	root, err := g.branch(b, 0, "压测党委", at)
	if err != nil {
		return err
	}
	g.owners = make(map[int64]*ledger.User, n)
	for i := 1; i <= n; i++ {
		id, err := g.branch(b, root, fmt.Sprintf("第%d支部", i), at)
		if err != nil {
			return err
		}
		if err := g.member(b, id, at); err != nil {
			return err
		}
		g.branches = append(g.branches, id)
	}
	for _, bt := range []ledger.Batch{
		{Title: "巡察反馈问题整改", SourceType: ledger.SourcePatrol},
		{Title: "专题组织生活会查摆问题整改", SourceType: ledger.SourceOrgLife},
	} {
		bt.BranchID, bt.StartedOn, bt.CreatedAt = root, g.today.AddDays(-400), at
		bt.ReviewAfterDays, bt.WarnDays = ledger.DefaultReviewAfterDays, ledger.DefaultWarnDays
		if err := b.AddBatch(&bt); err != nil {
			return err
		}
		g.batches = append(g.batches, bt.ID)
	}
	return nil
}

func (g *generator) branch(b *store.Bulk, parent int64, name string, at time.Time) (int64, error) {
	br := &ledger.Branch{ParentID: parent, Name: name, CreatedAt: at}
	err := b.AddBranch(br)
	return br.ID, err
}

// member writes a member who cannot log in (no password hash).
func (g *generator) member(b *store.Bulk, branch int64, at time.Time) error {
	u := &ledger.User{Login: fmt.Sprintf("bench-m%d", branch), Name: fmt.Sprintf("责任人%d", branch),
		Role: ledger.RoleMember, BranchID: branch, CreatedAt: at}
	g.owners[branch] = u
	return b.AddUser(u)
}

// tasks writes n tasks, starting a new problem every three.
func (g *generator) tasks(b *store.Bulk, n int) error {
	for range n {
		if g.problem == nil || g.inProb == 3 {
			if err := g.newProblem(b); err != nil {
				return err
			}
		}
		g.inProb++
		t, err := g.task(b)
		if err != nil {
			return err
		}
		if err := g.insertTask(b, t); err != nil {
			return err
		}
		if t.Status == ledger.StatusClosed {
			if err := g.review(b, t); err != nil {
				return err
			}
		}
	}
	return nil
}

func (g *generator) newProblem(b *store.Bulk) error {
	p := &ledger.Problem{BatchID: g.batches[g.rng.Intn(len(g.batches))],
		BranchID: g.branches[g.rng.Intn(len(g.branches))], Category: "作风建设方面",
		Description: fmt.Sprintf("问题%d：落实整改责任不够到位，部分工作存在形式主义倾向", g.problems+1),
		Cause:       "理论学习不够深入，责任意识有待加强", Leader: "班子成员", CreatedAt: g.at(g.today.AddDays(-300))}
	g.problem, g.inProb = p, 0
	g.problems++
	return b.AddProblem(p)
}

// task draws one task's state: 40% closed, 10% submitted, 10% overdue,
// 5% due soon, 5% long-term, 30% on track.
func (g *generator) task(b *store.Bulk) (*ledger.Task, error) {
	id, err := b.NextTaskID()
	if err != nil {
		return nil, err
	}
	p, owner := g.problem, g.owners[g.problem.BranchID]
	created := g.today.AddDays(-30 - g.rng.Intn(300))
	t := &ledger.Task{ID: id, ProblemID: p.ID, BatchID: p.BatchID, BranchID: p.BranchID,
		Description: fmt.Sprintf("整改措施%d：健全制度，压实责任，按期完成整改", id),
		Kind:        ledger.KindDeadline, OwnerID: owner.ID, OwnerName: owner.Name, LeadDept: "党建工作部",
		WarnDays: ledger.DefaultWarnDays, Status: ledger.StatusOpen, CreatedOn: created,
		CreatedAt: g.at(created), UpdatedAt: g.at(created)}
	if g.rng.Intn(3) == 0 {
		t.Kind = ledger.KindImmediate
	}
	switch r := g.rng.Intn(100); {
	case r < 40:
		g.finished(t, ledger.StatusClosed)
	case r < 50:
		g.finished(t, ledger.StatusSubmitted)
	case r < 60:
		t.DueOn = g.today.AddDays(-1 - g.rng.Intn(60))
		t.FirstOverdueOn = t.DueOn.AddDays(1)
		g.maybeStarted(t)
	case r < 65:
		t.DueOn = g.today.AddDays(g.rng.Intn(t.WarnDays + 1))
		g.maybeStarted(t)
	case r < 70:
		t.Kind, t.ReportEveryDays = ledger.KindLongTerm, ledger.DefaultReportEveryDays
		t.Status, t.Percent = ledger.StatusInProgress, 10*(1+g.rng.Intn(9))
		t.LastReportOn = g.today.AddDays(-g.rng.Intn(t.ReportEveryDays))
	default:
		t.DueOn = g.today.AddDays(t.WarnDays + 1 + g.rng.Intn(180))
		g.maybeStarted(t)
	}
	return t, nil
}

// finished makes t submitted or closed; about 85% on time.
func (g *generator) finished(t *ledger.Task, st ledger.Status) {
	sub := g.today.AddDays(-1 - g.rng.Intn(200))
	if sub < t.CreatedOn {
		sub = t.CreatedOn
	}
	t.DueOn = sub.AddDays(g.rng.Intn(30))
	if g.rng.Intn(100) < 15 {
		t.DueOn = sub.AddDays(-1 - g.rng.Intn(20))
		t.FirstOverdueOn = t.DueOn.AddDays(1)
	}
	t.Status, t.Percent, t.SubmittedOn, t.LastReportOn = st, 100, sub, sub
	t.OnTime = sub <= t.DueOn
	if st == ledger.StatusClosed {
		t.ClosedOn = min(sub.AddDays(g.rng.Intn(10)), g.today)
	}
	t.UpdatedAt = g.at(max(t.SubmittedOn, t.ClosedOn))
}

func (g *generator) maybeStarted(t *ledger.Task) {
	if g.rng.Intn(2) == 0 {
		t.Status, t.Percent = ledger.StatusInProgress, 10*(1+g.rng.Intn(8))
		t.LastReportOn = max(t.CreatedOn, g.today.AddDays(-g.rng.Intn(30)))
	}
}

// review schedules the 回头看 of a closed task; those long past are decided.
func (g *generator) review(b *store.Bulk, t *ledger.Task) error {
	r := &ledger.Review{TaskID: t.ID, BranchID: t.BranchID, BatchID: t.BatchID,
		DueOn: t.ClosedOn.AddDays(ledger.DefaultReviewAfterDays), CreatedAt: g.at(t.ClosedOn)}
	if r.DueOn >= g.today.AddDays(-30) {
		return b.AddReview(r)
	}
	pending := *r
	r.Done, r.Outcome, r.DecidedOn = true, ledger.OutcomeConsolidated, r.DueOn.AddDays(g.rng.Intn(30))
	if err := b.AddReview(r); err != nil {
		return err
	}
	pending.ID = r.ID
	return g.event(b, "review", r.ID, t.ID, ledger.ActReview, string(r.Outcome), &pending, r, g.at(r.DecidedOn))
}

// insertTask writes t in its final state with the trail that led there:
// the creation, and for a submitted or closed task a progress report, the
// submission and (closed) the approval, each storing what it changed.
func (g *generator) insertTask(b *store.Bulk, t *ledger.Task) error {
	if err := b.PutTask(t); err != nil {
		return err
	}
	created := *t
	created.Status, created.Percent, created.OnTime = ledger.StatusOpen, 0, false
	created.SubmittedOn, created.ClosedOn, created.LastReportOn, created.FirstOverdueOn = 0, 0, 0, 0
	created.UpdatedAt = created.CreatedAt
	if err := g.event(b, "task", t.ID, t.ID, ledger.ActCreate, "", nil, &created, created.CreatedAt); err != nil {
		return err
	}
	if t.Status != ledger.StatusSubmitted && t.Status != ledger.StatusClosed {
		return nil
	}
	progress := created
	progress.Status, progress.Percent = ledger.StatusInProgress, 50
	progress.LastReportOn = t.CreatedOn.AddDays(t.CreatedOn.DaysUntil(t.SubmittedOn) / 2)
	progress.UpdatedAt = g.at(progress.LastReportOn)
	submitted := *t
	submitted.Status, submitted.ClosedOn, submitted.UpdatedAt = ledger.StatusSubmitted, 0, g.at(t.SubmittedOn)
	steps := []struct {
		a             ledger.Action
		note          string
		before, after *ledger.Task
	}{
		{ledger.ActProgress, "已完成整改方案，正在推进落实", &created, &progress},
		{ledger.ActSubmit, "", &progress, &submitted},
		{ledger.ActApprove, "", &submitted, t},
	}
	if t.Status == ledger.StatusSubmitted {
		steps = steps[:2]
	}
	for _, st := range steps {
		if err := g.event(b, "task", t.ID, t.ID, st.a, st.note, st.before, st.after, st.after.UpdatedAt); err != nil {
			return err
		}
	}
	return nil
}

// event appends an event as of at, by the system.
func (g *generator) event(b *store.Bulk, entity string, id, taskID int64, a ledger.Action, note string, before, after any, at time.Time) error {
	return b.AddEvent(entity, id, taskID, a, note, before, after, at)
}

// at is 09:30 on day d in the deployment's time zone, as stored (UTC).
func (g *generator) at(d ledger.Date) time.Time {
	t := d.Time()
	return time.Date(t.Year(), t.Month(), t.Day(), 9, 30, 0, 0, g.loc).UTC()
}
