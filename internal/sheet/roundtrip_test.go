package sheet_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/sheet"
	"rectify/internal/store"
)

// TestExportImportExportKeepsTheLedger exports a ledger with measures in
// every state, imports it into an empty database and exports that: every
// cell is the same, except the names of evidence files, which a sheet
// cannot carry (the import keeps them in the audit trail instead).
func TestExportImportExportKeepsTheLedger(t *testing.T) {
	st1, c1 := openStore(t, "2026-03-01")
	o1 := newOrg(t, st1, batchTitle)
	fullLedger(t, st1, c1, o1)
	var first bytes.Buffer
	_, err := sheet.Export(&first, st1, sheet.ExportOptions{Scope: st1.Scope(o1.officer), BatchID: o1.batch.ID,
		Title: sheet.Title("机关党委", batchTitle), Today: st1.Today()})
	require.NoError(t, err)

	st2, _ := openStore(t, "2026-06-15")
	o2 := newOrg(t, st2, batchTitle)
	res := importBook(t, st2, o2, o2.party.ID, first.Bytes(), false)
	require.Empty(t, res.Errors)
	assert.Equal(t, &store.ImportResult{Problems: 4, Tasks: 7, Errors: []store.ImportError{}}, res)

	f1, _ := exportBook(t, st1, o1)
	f2, _ := exportBook(t, st2, o2)
	before, after := rows(t, f1, sheet.LedgerSheet), rows(t, f2, sheet.LedgerSheet)
	require.Len(t, after, len(before))
	evidence := 13 // 佐证材料
	for i := range before {
		want := before[i]
		if i == 5 {
			require.Equal(t, "缴费凭证.pdf", want[evidence])
			want = append([]string(nil), want...)
			want[evidence] = ""
		}
		assert.Equal(t, trimRight(want), trimRight(after[i]), "row %d", i+1)
	}
	stats1, stats2 := rows(t, f1, sheet.StatsSheet), rows(t, f2, sheet.StatsSheet)
	assert.Equal(t, stats1[2][1:], stats2[2][1:], "the totals and rates of the whole ledger are the same")

	evs, err := st2.EventsSince(0, 1<<30)
	require.NoError(t, err)
	notes := map[string]bool{}
	for _, e := range evs {
		notes[e.Note] = true
	}
	assert.True(t, notes["导入 test.xlsx 佐证材料：缴费凭证.pdf"], "the evidence names are kept in the trail")
}

func trimRight(row []string) []string {
	for len(row) > 0 && row[len(row)-1] == "" {
		row = row[:len(row)-1]
	}
	return row
}

// TestImportingTheSameFileTwiceSkipsEveryRow checks the import key: the
// second import creates nothing and counts every measure (and the
// problem without measures) as skipped.
func TestImportingTheSameFileTwiceSkipsEveryRow(t *testing.T) {
	st1, c1 := openStore(t, "2026-03-01")
	o1 := newOrg(t, st1, batchTitle)
	fullLedger(t, st1, c1, o1)
	var file bytes.Buffer
	_, err := sheet.Export(&file, st1, sheet.ExportOptions{Scope: st1.Scope(o1.officer), BatchID: o1.batch.ID})
	require.NoError(t, err)

	st2, _ := openStore(t, "2026-06-15")
	o2 := newOrg(t, st2, batchTitle)
	first := importBook(t, st2, o2, o2.first.ID, file.Bytes(), false)
	require.Empty(t, first.Errors)
	before := countsOf(t, st2, o2)
	second := importBook(t, st2, o2, o2.first.ID, file.Bytes(), false)
	assert.Equal(t, &store.ImportResult{Problems: 0, Tasks: 0, Skipped: 8, Errors: []store.ImportError{}}, second)
	assert.Equal(t, before, countsOf(t, st2, o2), "nothing was written the second time")

	other := importBook(t, st2, o2, o2.second.ID, file.Bytes(), true)
	assert.Equal(t, 7, other.Tasks, "the same rows for another branch are not duplicates")
}
