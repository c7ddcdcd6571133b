package sheet_test

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"rectify/internal/ledger"
	"rectify/internal/sheet"
	"rectify/internal/store"
)

// exportOf is the officer's export of the org's batch, as bytes.
func exportOf(t *testing.T, st *store.Store, o *org) []byte {
	t.Helper()
	var buf bytes.Buffer
	_, err := sheet.Export(&buf, st, sheet.ExportOptions{Scope: st.Scope(o.officer), BatchID: o.batch.ID,
		Title: sheet.Title("机关党委", o.batch.Title), Today: st.Today()})
	require.NoError(t, err)
	return buf.Bytes()
}

// actions counts the plan's rows by action.
func actions(res *store.ImportResult) map[string]int {
	out := map[string]int{}
	for _, r := range res.Rows {
		out[r.Action]++
	}
	return out
}

func TestReimportingAnExportPlansNothingAndChangesNothing(t *testing.T) {
	st, c := openStore(t, "2026-03-01")
	o := newOrg(t, st, batchTitle)
	fullLedger(t, st, c, o)
	file := exportOf(t, st, o)
	before := countsOf(t, st, o)

	for _, dry := range []bool{true, false} {
		res := importBook(t, st, o, o.party.ID, file, dry)
		require.Empty(t, res.Errors)
		assert.Equal(t, 0, res.Problems, "no problem created")
		assert.Equal(t, 0, res.Tasks, "no measure created")
		assert.Equal(t, 0, res.Updated, "no measure updated")
		assert.Equal(t, 8, res.Unchanged, "7 measures and the problem without measures")
		assert.Equal(t, map[string]int{ledger.ImportUnchanged: 8}, actions(res))
		for _, r := range res.Rows {
			assert.Empty(t, r.Notes, "row %d: the sheet's statuses are the ledger's", r.Row)
		}
		assert.Equal(t, before, countsOf(t, st, o), "nothing was written (dry run %v)", dry)
	}
}

// cellOf finds the row whose 整改措施 (column E) is measure.
func rowOf(t *testing.T, f *excelize.File, measure string) int {
	t.Helper()
	rs, err := f.GetRows(sheet.LedgerSheet)
	require.NoError(t, err)
	for i, r := range rs {
		if len(r) > 4 && r[4] == measure {
			return i + 1
		}
	}
	t.Fatalf("no row for %q", measure)
	return 0
}

func TestAnEditedExportPlansExactlyTheEdits(t *testing.T) {
	st, c := openStore(t, "2026-03-01")
	o := newOrg(t, st, batchTitle)
	zhao := &ledger.User{Login: "zhao", Name: "赵六", Role: ledger.RoleMember, BranchID: o.first.ID}
	require.NoError(t, st.CreateUser(o.admin, zhao, "x"))
	fullLedger(t, st, c, o)

	f, err := excelize.OpenReader(bytes.NewReader(exportOf(t, st, o)))
	require.NoError(t, err)
	set := func(cell string, v any) { require.NoError(t, f.SetCellValue(sheet.LedgerSheet, cell, v)) }
	due := rowOf(t, f, "补齐2025年度会议记录")
	set("J"+itoa(due), "2026年6月30日")             // changed due date
	set("L"+itoa(due), "已销号")                    // a status: reported, not applied
	set("I"+itoa(rowOf(t, f, "坚持每月开展督查")), "赵六") // changed owner
	set("P"+itoa(rowOf(t, f, "制定三会一课督查办法")), "") // one deleted cell
	rs, err := f.GetRows(sheet.LedgerSheet)
	require.NoError(t, err)
	last := itoa(len(rs) + 1) // one new row, a new problem
	for col, v := range map[string]any{"B": batchTitle, "D": "党小组活动不经常", "E": "每月开展党小组活动",
		"F": "限期整改", "I": "张三", "J": "2026-09-30", "Q": "第一党支部"} {
		set(col+last, v)
	}
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	before := countsOf(t, st, o)

	res := importBook(t, st, o, o.party.ID, buf.Bytes(), true)
	require.Empty(t, res.Errors)
	assert.Equal(t, map[string]int{ledger.ImportUnchanged: 5, ledger.ImportUpdate: 3, ledger.ImportCreate: 1}, actions(res))
	assert.Equal(t, []int{1, 1, 3, 5}, []int{res.Problems, res.Tasks, res.Updated, res.Unchanged})
	changed := map[string][]ledger.ImportChange{}
	for _, r := range res.Rows {
		if r.Action == ledger.ImportUpdate {
			changed[r.Measure] = r.Changes
		}
		if r.Measure == "补齐2025年度会议记录" {
			require.Len(t, r.Notes, 1)
			assert.Contains(t, r.Notes[0], "已销号", "the status is reported")
		}
	}
	assert.Equal(t, map[string][]ledger.ImportChange{
		"补齐2025年度会议记录": {{Field: "due_on", Label: "整改时限", Old: "2026-05-31", New: "2026-06-30"}},
		"坚持每月开展督查":     {{Field: "owner", Label: "责任人", Old: "张三", New: "赵六"}},
		"制定三会一课督查办法":   {{Field: "remark", Label: "备注", Old: "需协调宣传部", New: ""}},
	}, changed)
	assert.Equal(t, before, countsOf(t, st, o), "the dry run wrote nothing")

	res = importBook(t, st, o, o.party.ID, buf.Bytes(), false)
	require.Empty(t, res.Errors)
	assert.Equal(t, 3, res.Updated)
	task := func(id int64) *ledger.Task {
		tk, err := st.FindTask(st.Scope(o.admin), id)
		require.NoError(t, err)
		return tk
	}
	for _, r := range res.Rows {
		switch r.Measure {
		case "补齐2025年度会议记录":
			tk := task(r.TaskID)
			assert.Equal(t, mustDate("2026-06-30"), tk.DueOn)
			assert.Equal(t, ledger.StatusInProgress, tk.Status, "the sheet's 已销号 was not applied")
			evs, err := st.TaskEvents(st.Scope(o.admin), r.TaskID)
			require.NoError(t, err)
			lastEv := evs[len(evs)-1]
			assert.Equal(t, ledger.ActImport, lastEv.Action, "the trail records an import")
			assert.Equal(t, o.officer.ID, lastEv.ActorID, "by the importing user")
		case "坚持每月开展督查":
			assert.Equal(t, zhao.ID, task(r.TaskID).OwnerID)
		case "每月开展党小组活动":
			tk := task(r.TaskID)
			assert.Equal(t, o.first.ID, tk.BranchID, "the 责任单位 column places the new problem")
			assert.Equal(t, ledger.StatusOpen, tk.Status)
		}
	}
	again := importBook(t, st, o, o.party.ID, buf.Bytes(), true)
	assert.Equal(t, map[string]int{ledger.ImportUnchanged: 9}, actions(again), "once applied, the same sheet changes nothing")
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestImportIntoAnotherLedgerStartsEveryMeasureOpen(t *testing.T) {
	st1, c1 := openStore(t, "2026-03-01")
	o1 := newOrg(t, st1, batchTitle)
	fullLedger(t, st1, c1, o1)
	file := exportOf(t, st1, o1)

	st2, _ := openStore(t, "2026-06-15")
	o2 := newOrg(t, st2, batchTitle)
	res := importBook(t, st2, o2, o2.party.ID, file, true)
	require.Len(t, res.Errors, 1, "王五 has no account here")
	assert.Contains(t, res.Errors[0].Message, "责任人「王五」不是该单位或上级单位的在用账号")
	assert.Equal(t, "I", res.Errors[0].Column)

	wang := &ledger.User{Login: "wang", Name: "王五", Role: ledger.RoleMember, BranchID: o2.first.ID}
	require.NoError(t, st2.CreateUser(o2.admin, wang, "x"))
	res = importBook(t, st2, o2, o2.party.ID, file, false)
	require.Empty(t, res.Errors)
	assert.Equal(t, []int{4, 7}, []int{res.Problems, res.Tasks})
	notes := 0
	for _, r := range res.Rows {
		notes += len(r.Notes)
	}
	assert.Equal(t, 5, notes, "two closed, one submitted and two in progress: each status is reported, not applied")
	page, err := st2.FindTasks(st2.Scope(o2.admin), ledger.TaskFilter{Limit: 100})
	require.NoError(t, err)
	for _, tk := range page.Tasks {
		assert.True(t, tk.Status.Unfinished(), "%s arrives unfinished", tk.Description)
	}
}

func trimRight(row []string) []string {
	for len(row) > 0 && row[len(row)-1] == "" {
		row = row[:len(row)-1]
	}
	return row
}
