package store

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
	"rectify/internal/testclock"
)

var shanghai = mustLoadLocation("Asia/Shanghai")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// testClock is the hand-moved clock shared by the tests of every package.
type testClock = testclock.Clock

// testDB is a store in a temp folder that a test may close and reopen;
// cleanup checks and closes whichever store is open at the end.
type testDB struct {
	t     testing.TB
	dir   string
	clock *testClock
	s     *Store
}

// openTestDB opens a fresh store whose clock reads 10:00 on today in
// Asia/Shanghai.
func openTestDB(t testing.TB, today string) *testDB {
	t.Helper()
	d := date(today).Time()
	db := &testDB{t: t, dir: t.TempDir(),
		clock: testclock.New(time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, shanghai))}
	db.s = db.open()
	t.Cleanup(func() {
		if db.s == nil {
			return
		}
		require.NoError(t, db.s.Check(), "bbolt consistency check")
		require.NoError(t, db.s.Close())
	})
	return db
}

func (db *testDB) open() *Store {
	db.t.Helper()
	s, err := Open(db.dir, Options{Now: db.clock.Now, Location: shanghai, NoSync: true, Migrate: true})
	require.NoError(db.t, err)
	return s
}

// Reopen closes the store and opens the same folder again, as a restart.
func (db *testDB) Reopen() *Store {
	db.t.Helper()
	require.NoError(db.t, db.s.Check())
	require.NoError(db.t, db.s.Close())
	db.s = nil
	db.s = db.open()
	return db.s
}

// newTestStore opens a fresh store with a fixed clock at 10:00 on today
// (YYYY-MM-DD) in Asia/Shanghai.
func newTestStore(t testing.TB, today string) (*Store, *testClock) {
	t.Helper()
	db := openTestDB(t, today)
	return db.s, db.clock
}

// date parses YYYY-MM-DD or panics: test fixtures are constants.
func date(s string) ledger.Date {
	d, err := ledger.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// org is the fixture organisation:
//
//	党委 (partyOfficer, leader)
//	  第一支部 (officer, member, leader1)
//	  第二支部 (officer2, member2)
//
// with one 党委 batch and one problem in each 支部.
type org struct {
	party, first, second        *ledger.Branch
	admin, partyOfficer, leader *ledger.User
	officer, member, leader1    *ledger.User
	officer2, member2           *ledger.User
	batch                       *ledger.Batch
	problem1, problem2          *ledger.Problem
}

func newOrg(t testing.TB, s *Store) *org {
	t.Helper()
	o := &org{admin: &ledger.User{Login: "admin", Name: "管理员", Role: ledger.RoleAdmin}}
	require.NoError(t, s.CreateUser(nil, o.admin, "hash"))
	o.party = mustBranch(t, s, o.admin, 0, "党委")
	o.first = mustBranch(t, s, o.admin, o.party.ID, "第一支部")
	o.second = mustBranch(t, s, o.admin, o.party.ID, "第二支部")
	o.partyOfficer = mustUser(t, s, o.admin, "wang", "王纪委", ledger.RoleOfficer, o.party.ID)
	o.leader = mustUser(t, s, o.admin, "zhao", "赵书记", ledger.RoleLeader, o.party.ID)
	o.officer = mustUser(t, s, o.admin, "li", "李委员", ledger.RoleOfficer, o.first.ID)
	o.member = mustUser(t, s, o.admin, "zhang", "张三", ledger.RoleMember, o.first.ID)
	o.leader1 = mustUser(t, s, o.admin, "sun", "孙支书", ledger.RoleLeader, o.first.ID)
	o.officer2 = mustUser(t, s, o.admin, "chen", "陈委员", ledger.RoleOfficer, o.second.ID)
	o.member2 = mustUser(t, s, o.admin, "liu", "刘四", ledger.RoleMember, o.second.ID)
	o.batch = &ledger.Batch{Title: "2026年巡察反馈问题", SourceType: ledger.SourcePatrol,
		BranchID: o.party.ID, StartedOn: s.Today().AddDays(-30)}
	require.NoError(t, s.CreateBatch(o.partyOfficer, o.batch))
	o.problem1 = mustProblem(t, s, o.officer, o.batch.ID, o.first.ID, "三会一课落实不到位")
	o.problem2 = mustProblem(t, s, o.officer2, o.batch.ID, o.second.ID, "党费收缴不及时")
	return o
}

func mustBranch(t testing.TB, s *Store, admin *ledger.User, parent int64, name string) *ledger.Branch {
	t.Helper()
	b := &ledger.Branch{ParentID: parent, Name: name}
	require.NoError(t, s.CreateBranch(admin, b))
	return b
}

func mustUser(t testing.TB, s *Store, admin *ledger.User, login, name string, role ledger.Role, branch int64) *ledger.User {
	t.Helper()
	u := &ledger.User{Login: login, Name: name, Role: role, BranchID: branch}
	require.NoError(t, s.CreateUser(admin, u, "hash-"+login))
	return u
}

func mustProblem(t testing.TB, s *Store, actor *ledger.User, batch, branch int64, desc string) *ledger.Problem {
	t.Helper()
	p := &ledger.Problem{BatchID: batch, BranchID: branch, Description: desc, Category: "组织建设方面"}
	require.NoError(t, s.CreateProblem(actor, p))
	return p
}

// mustTask creates a deadline task on problem p owned by owner (0: none).
func mustTask(t testing.TB, s *Store, actor *ledger.User, p *ledger.Problem, owner int64, due string) *ledger.Task {
	t.Helper()
	task := &ledger.Task{ProblemID: p.ID, Description: "制定整改方案并抓好落实", OwnerID: owner, DueOn: date(due)}
	require.NoError(t, s.CreateTask(actor, task))
	return task
}

// rawTask returns the stored bytes of a task (nil if absent).
func rawTask(t testing.TB, s *Store, id int64) []byte {
	t.Helper()
	var out []byte
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		if v := tx.Bucket(bTasks).Get(itob(id)); v != nil {
			out = append([]byte{}, v...)
		}
		return nil
	}))
	return out
}

// keyCount counts the keys of a bucket.
func keyCount(t testing.TB, s *Store, bucket []byte) int {
	t.Helper()
	n := 0
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bucket).ForEach(func(_, _ []byte) error { n++; return nil })
	}))
	return n
}

// lastEvent returns the newest event of the whole trail.
func lastEvent(t testing.TB, s *Store) *ledger.Event {
	t.Helper()
	evs, err := s.EventsSince(0, 1<<30)
	require.NoError(t, err)
	require.NotEmpty(t, evs)
	return evs[len(evs)-1]
}
