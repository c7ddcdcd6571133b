package jobs

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
	"rectify/internal/notify"
	"rectify/internal/store"
	"rectify/internal/testclock"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// at parses "2026-11-26 08:30" (or a bare date, 08:30) in Asia/Shanghai.
func at(s string) time.Time {
	if len(s) == len(time.DateOnly) {
		s += " 08:30"
	}
	t, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func day(s string) ledger.Date {
	d, err := ledger.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// clock is the fixed clock of the store and scheduler, moved by hand.
type clock = testclock.Clock

// recordingSender remembers what it was asked to send and answers with
// the next error of errs (nil once they run out).
type recordingSender struct {
	mu   sync.Mutex
	sent []sentMessage
	errs []error
}

type sentMessage struct {
	Channel notify.Channel
	Digest  notify.Digest
}

func (s *recordingSender) Send(_ context.Context, ch notify.Channel, d notify.Digest) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, sentMessage{ch, d})
	if len(s.errs) == 0 {
		return nil
	}
	err := s.errs[0]
	s.errs = s.errs[1:]
	return err
}

func (s *recordingSender) messages() []sentMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sentMessage(nil), s.sent...)
}

// fixture is a store in a temp folder with the organisation
//
//	党委 (partyOfficer 王纪委, leader 赵书记)
//	  第一支部 (officer 李委员, member 张三, leader1 孙支书)
//	  第二支部 (officer2 陈委员, member2 刘四)
//
// one 党委 batch (warn 7 days, review after 90) and a problem per 支部,
// and the registry of every job on it.
type fixture struct {
	t                           *testing.T
	dir                         string
	clock                       *clock
	cfg                         Config
	st                          *store.Store
	reg                         *Registry
	sender                      *recordingSender
	party, first, second        *ledger.Branch
	admin, partyOfficer, leader *ledger.User
	officer, member, leader1    *ledger.User
	officer2, member2           *ledger.User
	batch                       *ledger.Batch
	problem1, problem2          *ledger.Problem
}

// newFixture opens the store with its clock at 10:00 on today.
func newFixture(t *testing.T, today string, opts ...func(*Config)) *fixture {
	t.Helper()
	f := &fixture{t: t, dir: t.TempDir(), clock: testclock.New(at(today + " 10:00")), sender: &recordingSender{}}
	f.cfg = Config{Location: shanghai, BaseURL: "https://ledger.example.gov.cn", Sender: f.sender,
		Jitter: func() float64 { return 0.5 }, Now: f.clock.Now, Log: zerolog.Nop()}
	for _, o := range opts {
		o(&f.cfg)
	}
	f.open()
	t.Cleanup(func() {
		if f.st != nil {
			require.NoError(t, f.st.Check())
			require.NoError(t, f.st.Close())
		}
	})
	f.org()
	return f
}

func (f *fixture) open() {
	f.t.Helper()
	st, err := store.Open(f.dir, store.Options{Now: f.clock.Now, Location: shanghai, NoSync: true})
	require.NoError(f.t, err)
	f.st = st
	f.reg, err = New(st, f.cfg)
	require.NoError(f.t, err)
}

// reopen closes the store and opens it again: a restart of the server.
func (f *fixture) reopen() {
	f.t.Helper()
	require.NoError(f.t, f.st.Close())
	f.st = nil
	f.open()
}

func (f *fixture) org() {
	t := f.t
	f.admin = &ledger.User{Login: "admin", Name: "管理员", Role: ledger.RoleAdmin}
	require.NoError(t, f.st.CreateUser(nil, f.admin, "hash"))
	f.party = f.branch(0, "党委")
	f.first = f.branch(f.party.ID, "第一支部")
	f.second = f.branch(f.party.ID, "第二支部")
	f.partyOfficer = f.user("wang", "王纪委", ledger.RoleOfficer, f.party.ID)
	f.leader = f.user("zhao", "赵书记", ledger.RoleLeader, f.party.ID)
	f.officer = f.user("li", "李委员", ledger.RoleOfficer, f.first.ID)
	f.member = f.user("zhang", "张三", ledger.RoleMember, f.first.ID)
	f.leader1 = f.user("sun", "孙支书", ledger.RoleLeader, f.first.ID)
	f.officer2 = f.user("chen", "陈委员", ledger.RoleOfficer, f.second.ID)
	f.member2 = f.user("liu", "刘四", ledger.RoleMember, f.second.ID)
	f.batch = &ledger.Batch{Title: "2026年巡察反馈问题", SourceType: ledger.SourcePatrol, BranchID: f.party.ID,
		StartedOn: f.st.Today().AddDays(-30)}
	require.NoError(t, f.st.CreateBatch(f.partyOfficer, f.batch))
	f.problem1 = f.problem(f.officer, f.first.ID, "三会一课落实不到位")
	f.problem2 = f.problem(f.officer2, f.second.ID, "党费收缴不及时")
}

func (f *fixture) branch(parent int64, name string) *ledger.Branch {
	b := &ledger.Branch{ParentID: parent, Name: name}
	require.NoError(f.t, f.st.CreateBranch(f.admin, b))
	return b
}

func (f *fixture) user(login, name string, role ledger.Role, branch int64) *ledger.User {
	u := &ledger.User{Login: login, Name: name, Role: role, BranchID: branch}
	require.NoError(f.t, f.st.CreateUser(f.admin, u, "hash-"+login))
	return u
}

func (f *fixture) problem(actor *ledger.User, branch int64, desc string) *ledger.Problem {
	p := &ledger.Problem{BatchID: f.batch.ID, BranchID: branch, Description: desc, Category: "组织建设方面"}
	require.NoError(f.t, f.st.CreateProblem(actor, p))
	return p
}

// task creates a deadline task on p, owned by owner (0: none), due on due,
// as of the clock's day.
func (f *fixture) task(p *ledger.Problem, owner int64, due string) *ledger.Task {
	f.t.Helper()
	actor := f.officer
	if p.BranchID == f.second.ID {
		actor = f.officer2
	}
	t := &ledger.Task{ProblemID: p.ID, Description: "制定整改方案并抓好落实", OwnerID: owner, DueOn: day(due)}
	require.NoError(f.t, f.st.CreateTask(actor, t))
	return t
}

// on moves the clock to 10:00 on d.
func (f *fixture) on(d string) { f.clock.Set(at(d + " 10:00")) }

// run runs job name as of when (see at), with the store's clock there too,
// and returns how many notifications it wrote.
func (f *fixture) run(name, when string) int {
	f.t.Helper()
	now := at(when)
	f.clock.Set(now)
	res, err := f.reg.Run(context.Background(), name, now)
	require.NoError(f.t, err)
	return res.Notifications
}

// inbox lists a user's notifications as "kind #task", oldest first.
func (f *fixture) inbox(u *ledger.User) []string {
	f.t.Helper()
	ns, err := f.st.Notifications(u.ID, false, 0)
	require.NoError(f.t, err)
	out := []string{}
	for i := len(ns) - 1; i >= 0; i-- {
		out = append(out, fmt.Sprintf("%s #%d", ns[i].Kind, ns[i].TaskID))
	}
	return out
}

// everyInbox is the inbox of every user with one, by login.
func (f *fixture) everyInbox() map[string][]string {
	out := map[string][]string{}
	for _, u := range []*ledger.User{f.admin, f.partyOfficer, f.leader, f.officer, f.member, f.leader1, f.officer2, f.member2} {
		if in := f.inbox(u); len(in) > 0 {
			out[u.Login] = in
		}
	}
	return out
}

// deliveries lists the outbox, oldest first.
func (f *fixture) deliveries() []*store.OutboxRow {
	f.t.Helper()
	rows, err := f.st.Deliveries("", 0)
	require.NoError(f.t, err)
	sort.Slice(rows, func(i, j int) bool { return rows[i].ID < rows[j].ID })
	return rows
}

// events counts the task's events of action a.
func (f *fixture) events(taskID int64, a ledger.Action) int {
	f.t.Helper()
	evs, err := f.st.TaskEvents(f.st.Scope(f.admin), taskID)
	require.NoError(f.t, err)
	n := 0
	for _, ev := range evs {
		if ev.Action == a {
			n++
		}
	}
	return n
}

func (f *fixture) find(id int64) *ledger.Task {
	f.t.Helper()
	t, err := f.st.FindTask(f.st.Scope(f.admin), id)
	require.NoError(f.t, err)
	return t
}

func (f *fixture) channel(branch int64, typ, url string) *store.Channel {
	f.t.Helper()
	c := &store.Channel{BranchID: branch, Type: typ, URL: url, Enabled: true}
	require.NoError(f.t, f.st.CreateChannel(f.admin, c))
	return c
}

func kindTask(kind string, id int64) string { return fmt.Sprintf("%s #%d", kind, id) }

func fmtInt(n int64) string { return fmt.Sprint(n) }

// cfgOf returns the filled config the registry's jobs share.
func (r *Registry) cfgOf(t *testing.T) Config {
	t.Helper()
	j, ok := r.Job(NameDelivery)
	require.True(t, ok)
	return j.(*Delivery).d.cfg
}
