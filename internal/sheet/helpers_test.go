package sheet_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"rectify/internal/ledger"
	"rectify/internal/sheet"
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

func mustDate(s string) ledger.Date {
	d, err := ledger.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// openStore opens a fresh store whose clock reads 10:00 on day; cleanup
// checks the file's consistency.
func openStore(t testing.TB, day string) (*store.Store, *testclock.Clock) {
	t.Helper()
	c := testclock.New(time.Time{})
	c.SetDay(day)
	st, err := store.Open(t.TempDir(), store.Options{Now: c.Now, Location: shanghai, NoSync: true})
	require.NoError(t, err)
	t.Cleanup(func() {
		require.NoError(t, st.Check())
		require.NoError(t, st.Close())
	})
	return st, c
}

// org is a 党委 with two 支部, an officer above them and a member in each.
type org struct {
	admin, officer, member1, member2 *ledger.User
	party, first, second             *ledger.Branch
	batch                            *ledger.Batch
}

func newOrg(t testing.TB, st *store.Store, batchTitle string) *org {
	t.Helper()
	o := &org{admin: &ledger.User{Login: "admin", Name: "管理员", Role: ledger.RoleAdmin}}
	require.NoError(t, st.CreateUser(nil, o.admin, "x"))
	branch := func(parent int64, name string) *ledger.Branch {
		b := &ledger.Branch{ParentID: parent, Name: name}
		require.NoError(t, st.CreateBranch(o.admin, b))
		return b
	}
	user := func(login, name string, role ledger.Role, branch int64) *ledger.User {
		u := &ledger.User{Login: login, Name: name, Role: role, BranchID: branch}
		require.NoError(t, st.CreateUser(o.admin, u, "x"))
		return u
	}
	o.party = branch(0, "机关党委")
	o.first = branch(o.party.ID, "第一党支部")
	o.second = branch(o.party.ID, "第二党支部")
	o.officer = user("jiwei", "纪委员", ledger.RoleOfficer, o.party.ID)
	o.member1 = user("zhang", "张三", ledger.RoleMember, o.first.ID)
	o.member2 = user("li", "李四", ledger.RoleMember, o.second.ID)
	o.batch = &ledger.Batch{Title: batchTitle, SourceType: ledger.SourcePatrol, BranchID: o.party.ID, StartedOn: mustDate("2026-03-01")}
	require.NoError(t, st.CreateBatch(o.officer, o.batch))
	return o
}

// exportBook exports the batch as the officer sees it and opens the result.
func exportBook(t testing.TB, st *store.Store, o *org) (*excelize.File, sheet.ExportStats) {
	t.Helper()
	var buf bytes.Buffer
	n, err := sheet.Export(&buf, st, sheet.ExportOptions{Scope: st.Scope(o.officer), BatchID: o.batch.ID,
		Title: sheet.Title("机关党委", o.batch.Title), Today: st.Today()})
	require.NoError(t, err)
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f, n
}

// rows returns every row of a sheet as formatted text.
func rows(t testing.TB, f *excelize.File, name string) [][]string {
	t.Helper()
	rs, err := f.GetRows(name)
	require.NoError(t, err)
	return rs
}

// book builds a workbook from rows of values and merged ranges.
func book(t testing.TB, values [][]any, merges ...[2]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, row := range values {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(t, f.SetSheetRow("Sheet1", cell, &row))
	}
	for _, m := range merges {
		require.NoError(t, f.MergeCell("Sheet1", m[0], m[1]))
	}
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	return buf.Bytes()
}

// importBook imports a workbook into the org's batch under branch.
func importBook(t testing.TB, st *store.Store, o *org, branch int64, b []byte, dry bool) *store.ImportResult {
	t.Helper()
	res, err := sheet.Import(st, o.officer, bytes.NewReader(b), sheet.ImportOptions{BatchID: o.batch.ID, BranchID: branch, DryRun: dry, Source: "test.xlsx"})
	require.NoError(t, err)
	return res
}

// counts is what an import can change: records, events, counters.
type counts struct {
	Problems, Tasks int
	Events          int
	Stats           ledger.Counts
}

func countsOf(t testing.TB, st *store.Store, o *org) counts {
	t.Helper()
	scope := st.Scope(o.admin)
	ps, err := st.Problems(scope, store.ProblemFilter{})
	require.NoError(t, err)
	page, err := st.FindTasks(scope, ledger.TaskFilter{Limit: store.MaxPageSize})
	require.NoError(t, err)
	evs, err := st.EventsSince(0, 1<<30)
	require.NoError(t, err)
	rows, err := st.Dashboard(scope, store.DashboardFilter{})
	require.NoError(t, err)
	return counts{Problems: len(ps), Tasks: page.Total, Events: len(evs), Stats: rows[0].Counts}
}
