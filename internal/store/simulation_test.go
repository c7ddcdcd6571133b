package store

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// simulation drives random operations through the public store API.
type simulation struct {
	t       *testing.T
	db      *testDB
	rng     *rand.Rand
	o       *org
	group   *ledger.Branch
	users   map[int64]*ledger.User
	batches []*ledger.Batch
	imports int
	ops     []simOp
	total   int
	ok      map[string]int
	refused map[string]int
}

type simOp struct {
	name   string
	weight int
	run    func() error
}

func newSimulation(t *testing.T, db *testDB, seed int64) *simulation {
	s := db.s
	o := newOrg(t, s)
	sim := &simulation{t: t, db: db, rng: rand.New(rand.NewSource(seed)), o: o,
		ok: map[string]int{}, refused: map[string]int{}}
	sim.group = mustBranch(t, s, o.admin, o.first.ID, "第一党小组")
	groupMember := mustUser(t, s, o.admin, "zhou", "周五", ledger.RoleMember, sim.group.ID)
	sim.users = map[int64]*ledger.User{}
	for _, u := range []*ledger.User{o.admin, o.partyOfficer, o.leader, o.officer, o.member, o.leader1, o.officer2, o.member2, groupMember} {
		sim.users[u.ID] = u
	}
	wide := &ledger.Batch{Title: "2025年度组织生活会", SourceType: ledger.SourceOrgLife, BranchID: o.first.ID,
		StartedOn: s.Today().AddDays(-60), WarnDays: 15, ReviewAfterDays: 10}
	require.NoError(t, s.CreateBatch(o.officer, wide))
	audit := &ledger.Batch{Title: "专项审计", SourceType: ledger.SourceAudit, BranchID: o.second.ID,
		StartedOn: s.Today().AddDays(-10), WarnDays: 3, ReviewAfterDays: 5}
	require.NoError(t, s.CreateBatch(o.officer2, audit))
	sim.batches = []*ledger.Batch{o.batch, wide, audit}
	sim.ops = []simOp{
		{"create task", 16, sim.createTask}, {"update task", 8, sim.updateTask},
		{"progress", 14, sim.progress}, {"submit", 10, sim.submit}, {"approve", 8, sim.approve},
		{"reject", 4, sim.reject}, {"request extension", 5, sim.requestExtension},
		{"decide extension", 5, sim.decideExtension}, {"reopen", 3, sim.reopen},
		{"decide review", 4, sim.decideReview}, {"delete task", 3, sim.deleteTask},
		{"create problem", 4, sim.createProblem}, {"delete problem", 2, sim.deleteProblem},
		{"advance clock", 3, sim.advanceClock}, {"update batch", 1, sim.updateBatch},
		{"restart", 1, sim.restart},
	}
	for _, op := range sim.ops {
		sim.total += op.weight
	}
	return sim
}

// step runs one random operation. Refusals for the wrong state, input or
// role are expected; any other error fails the test.
func (sim *simulation) step() {
	sim.t.Helper()
	n := sim.rng.Intn(sim.total)
	for _, op := range sim.ops {
		if n -= op.weight; n < 0 {
			err := op.run()
			switch ledger.ErrorCode(err) {
			case "":
				sim.ok[op.name]++
			case ledger.ECONFLICT, ledger.EINVALID, ledger.EFORBIDDEN:
				sim.refused[op.name]++
			default:
				require.NoError(sim.t, err, op.name)
			}
			return
		}
	}
}

func (sim *simulation) s() *Store { return sim.db.s }

func (sim *simulation) admin() ledger.Scope { return sim.s().Scope(sim.o.admin) }

// pickTask returns a random live task, or nil when there is none. Four
// times in five it picks among the tasks in one of the given statuses, so
// that most actions succeed and the rest try the wrong state.
func (sim *simulation) pickTask(statuses ...ledger.Status) *ledger.Task {
	f := ledger.TaskFilter{Limit: MaxPageSize}
	if len(statuses) > 0 && sim.rng.Intn(5) > 0 {
		f.Status = statuses[sim.rng.Intn(len(statuses))]
	}
	page, err := sim.s().FindTasks(sim.admin(), f)
	require.NoError(sim.t, err)
	if len(page.Tasks) == 0 {
		return nil
	}
	return page.Tasks[sim.rng.Intn(len(page.Tasks))]
}

// manager returns a user who manages the branch and is not the task's
// owner, submitter or owner at submission, so that approvals are not
// refused by the four-eyes rule.
func (sim *simulation) manager(t *ledger.Task) *ledger.User {
	cands := []*ledger.User{sim.o.admin, sim.o.partyOfficer}
	if sim.s().Tree().Contains(sim.o.first.ID, t.BranchID) {
		cands = append(cands, sim.o.officer)
	} else if t.BranchID == sim.o.second.ID {
		cands = append(cands, sim.o.officer2)
	}
	cands = slices.DeleteFunc(cands, func(u *ledger.User) bool {
		return u.ID == t.OwnerID || u.ID == t.SubmittedBy || u.ID == t.SubmittedOwnerID
	})
	return cands[sim.rng.Intn(len(cands))]
}

// worker is who reports and submits: the owner, or a manager for a task
// without one.
func (sim *simulation) worker(t *ledger.Task) *ledger.User {
	if u := sim.users[t.OwnerID]; u != nil {
		return u
	}
	return sim.manager(t)
}

// owners lists who may own a task of branch b (0 for nobody).
func (sim *simulation) owners(b int64) []int64 {
	ids := []int64{0}
	for _, u := range sim.users {
		if u.Role != ledger.RoleLeader && sim.s().Scope(u).Sees(b) {
			ids = append(ids, u.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

func (sim *simulation) days(lo, hi int) ledger.Date {
	return sim.s().Today().AddDays(lo + sim.rng.Intn(hi-lo+1))
}

func (sim *simulation) createTask() error {
	ps, err := sim.s().Problems(sim.admin(), ProblemFilter{})
	require.NoError(sim.t, err)
	p := ps[sim.rng.Intn(len(ps))]
	owners := sim.owners(p.BranchID)
	t := &ledger.Task{ProblemID: p.ID, Description: fmt.Sprintf("整改措施 %d", sim.rng.Intn(1000)),
		OwnerID: owners[sim.rng.Intn(len(owners))], DueOn: sim.days(-20, 60), LeadDept: "组织部"}
	switch sim.rng.Intn(8) {
	case 0:
		t.Kind, t.ReportEveryDays = ledger.KindLongTerm, 5+sim.rng.Intn(20)
		if sim.rng.Intn(2) == 0 {
			t.DueOn = 0
		}
	case 1:
		sim.imports++
		t.ImportKey = fmt.Sprintf("sheet-1:row-%d", sim.imports)
	}
	return sim.s().CreateTask(sim.manager(&ledger.Task{BranchID: p.BranchID}), t)
}

func (sim *simulation) updateTask() error {
	t := sim.pickTask()
	if t == nil {
		return nil
	}
	var up TaskUpdate
	switch sim.rng.Intn(3) {
	case 0:
		due := sim.days(-10, 40)
		up.DueOn = &due
	case 1:
		// A submitted or closed task's owner is locked (four eyes).
		owners := sim.owners(t.BranchID)
		owner := owners[sim.rng.Intn(len(owners))]
		if t.Status.Unfinished() {
			up.OwnerID = &owner
		} else {
			up.Remark = new(fmt.Sprintf("备注 %d", owner))
		}
	default:
		kind := []ledger.Kind{ledger.KindImmediate, ledger.KindDeadline, ledger.KindLongTerm}[sim.rng.Intn(3)]
		up.Kind = &kind
	}
	_, err := sim.s().UpdateTask(sim.manager(t), t.ID, up)
	return err
}

func (sim *simulation) progress() error {
	t := sim.pickTask(ledger.StatusOpen, ledger.StatusInProgress)
	if t == nil {
		return nil
	}
	_, err := sim.s().AddProgress(sim.worker(t), t.ID, "已召开专题会议研究部署", sim.rng.Intn(101))
	return err
}

func (sim *simulation) submit() error {
	t := sim.pickTask(ledger.StatusOpen, ledger.StatusInProgress)
	if t == nil {
		return nil
	}
	_, err := sim.s().Submit(sim.worker(t), t.ID, "已完成整改，附会议记录")
	return err
}

func (sim *simulation) approve() error {
	t := sim.pickTask(ledger.StatusSubmitted)
	if t == nil {
		return nil
	}
	_, err := sim.s().Approve(sim.manager(t), t.ID, "同意销号")
	return err
}

func (sim *simulation) reject() error {
	t := sim.pickTask(ledger.StatusSubmitted)
	if t == nil {
		return nil
	}
	_, err := sim.s().Reject(sim.manager(t), t.ID, "佐证材料不足")
	return err
}

func (sim *simulation) requestExtension() error {
	t := sim.pickTask(ledger.StatusOpen, ledger.StatusInProgress)
	if t == nil {
		return nil
	}
	due := max(t.DueOn, sim.s().Today()).AddDays(1 + sim.rng.Intn(30))
	_, err := sim.s().RequestExtension(sim.worker(t), t.ID, due, "涉及多个部门，需协调")
	return err
}

func (sim *simulation) decideExtension() error {
	page, err := sim.s().FindTasks(sim.admin(), ledger.TaskFilter{Limit: MaxPageSize})
	require.NoError(sim.t, err)
	pending := slices.DeleteFunc(slices.Clone(page.Tasks), func(t *ledger.Task) bool { return t.Extension == nil })
	if len(pending) == 0 || sim.rng.Intn(5) == 0 {
		pending = page.Tasks
	}
	if len(pending) == 0 {
		return nil
	}
	t := pending[sim.rng.Intn(len(pending))]
	_, err = sim.s().DecideExtension(sim.manager(t), t.ID, sim.rng.Intn(3) > 0, "理由不充分")
	return err
}

func (sim *simulation) reopen() error {
	t := sim.pickTask(ledger.StatusClosed)
	if t == nil {
		return nil
	}
	_, err := sim.s().Reopen(sim.manager(t), t.ID, sim.days(0, 30), "督查发现问题反弹")
	return err
}

func (sim *simulation) decideReview() error {
	rs, err := sim.s().Reviews(sim.admin(), ReviewFilter{DueBefore: sim.s().Today()})
	require.NoError(sim.t, err)
	if len(rs) == 0 {
		return nil
	}
	r := rs[sim.rng.Intn(len(rs))]
	outcome := ledger.OutcomeConsolidated
	if sim.rng.Intn(3) == 0 {
		outcome = ledger.OutcomeRebound
	}
	_, err = sim.s().DecideReview(sim.manager(&ledger.Task{BranchID: r.BranchID}), r.ID, outcome, "回头看发现制度未落实", sim.days(0, 30))
	return err
}

func (sim *simulation) deleteTask() error {
	t := sim.pickTask()
	if t == nil {
		return nil
	}
	return sim.s().DeleteTask(sim.manager(t), t.ID)
}

func (sim *simulation) createProblem() error {
	b := sim.batches[sim.rng.Intn(len(sim.batches))]
	branches := sim.s().Tree().Subtree(b.BranchID)
	branch := branches[sim.rng.Intn(len(branches))]
	p := &ledger.Problem{BatchID: b.ID, BranchID: branch, Description: fmt.Sprintf("问题 %d", sim.rng.Intn(1000))}
	return sim.s().CreateProblem(sim.manager(&ledger.Task{BranchID: branch}), p)
}

func (sim *simulation) deleteProblem() error {
	ps, err := sim.s().Problems(sim.admin(), ProblemFilter{})
	require.NoError(sim.t, err)
	if len(ps) <= 2 {
		return nil
	}
	p := ps[sim.rng.Intn(len(ps))]
	return sim.s().DeleteProblem(sim.manager(&ledger.Task{BranchID: p.BranchID}), p.ID)
}

func (sim *simulation) advanceClock() error {
	sim.db.clock.AddDays(1 + sim.rng.Intn(6))
	return nil
}

func (sim *simulation) updateBatch() error {
	b := sim.batches[sim.rng.Intn(len(sim.batches))]
	warn := 1 + sim.rng.Intn(20)
	_, err := sim.s().UpdateBatch(sim.o.admin, b.ID, func(b *ledger.Batch) { b.WarnDays = warn })
	return err
}

func (sim *simulation) restart() error {
	sim.db.Reopen()
	return nil
}
