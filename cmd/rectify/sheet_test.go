package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"rectify/internal/ledger"
	"rectify/internal/sheet"
	"rectify/internal/store"
)

// sheetCLIData prepares a data folder with a 党委, one 支部 with member
// 张三 and a batch, and returns the folder and the ids.
func sheetCLIData(t *testing.T) (dir string, branch, batch int64) {
	t.Helper()
	dir = t.TempDir()
	st, err := store.Open(dir, store.Options{})
	require.NoError(t, err)
	defer st.Close()
	party := &ledger.Branch{Name: "机关党委"}
	require.NoError(t, st.CreateBranch(system, party))
	first := &ledger.Branch{Name: "第一党支部", ParentID: party.ID}
	require.NoError(t, st.CreateBranch(system, first))
	require.NoError(t, st.CreateUser(system, &ledger.User{Login: "zs", Name: "张三", Role: ledger.RoleMember, BranchID: first.ID}, "x"))
	b := &ledger.Batch{Title: "巡察反馈问题整改", SourceType: ledger.SourcePatrol, BranchID: party.ID, StartedOn: st.Today()}
	require.NoError(t, st.CreateBatch(system, b))
	return dir, party.ID, b.ID
}

// sheetCLIFile writes a small ledger workbook; bad adds a row with an
// impossible date.
func sheetCLIFile(t *testing.T, bad bool) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"某党委整改台账"},
		{"序号", "问题描述", "责任单位", "整改措施", "完成时限", "整改责任人"},
		{1, "党费收缴不及时", "第一党支部", "补缴党费", "2030-07-31", "张三"},
		{1, "党费收缴不及时", "第一党支部", "建立台账", "2030年8月底", "张三"},
	}
	if bad {
		rows = append(rows, []any{2, "学习不深入", "第一党支部", "制定计划", "2023年13月", ""})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(t, f.SetSheetRow("Sheet1", cell, &r))
	}
	path := filepath.Join(t.TempDir(), "台账.xlsx")
	require.NoError(t, f.SaveAs(path))
	return path
}

// sheetRun runs the program and returns stdout and the error.
func sheetRun(args ...string) (string, error) {
	var out, errb bytes.Buffer
	err := run(context.Background(), args, &out, &errb)
	return out.String() + errb.String(), err
}

func TestImportCommandChecksAppliesAndSkipsRepeats(t *testing.T) {
	dir, branch, batch := sheetCLIData(t)
	ids := []string{"--batch", sheetItoa(batch), "--branch", sheetItoa(branch), "--data", dir}

	out, err := sheetRun(append([]string{"import", sheetCLIFile(t, true)}, ids...)...)
	require.Error(t, err)
	assert.Equal(t, "import: 1 errors in the file; nothing was imported", err.Error())
	assert.Contains(t, out, "第5行 完成时限「2023年13月」不是有效日期\n")

	out, err = sheetRun(append([]string{"import", sheetCLIFile(t, false), "--dry-run"}, ids...)...)
	require.NoError(t, err)
	assert.Equal(t, "would import 1 problems, 2 measures; update 0, unchanged 0\n", out)

	out, err = sheetRun(append([]string{"import", sheetCLIFile(t, false)}, ids...)...)
	require.NoError(t, err)
	assert.Equal(t, "imported 1 problems, 2 measures; updated 0, unchanged 0\n", out)
	out, err = sheetRun(append([]string{"import", sheetCLIFile(t, false)}, ids...)...)
	require.NoError(t, err)
	assert.Equal(t, "imported 0 problems, 0 measures; updated 0, unchanged 2\n", out)

	_, err = sheetRun("import", "--data", dir, "--batch", sheetItoa(batch))
	assert.ErrorContains(t, err, "usage: rectify import FILE --batch ID --branch ID [--dry-run]")
	_, err = sheetRun(append([]string{"import", filepath.Join(dir, "missing.xlsx")}, ids...)...)
	assert.ErrorContains(t, err, "no such file")
}

func TestExportAndReportCommandsWriteFiles(t *testing.T) {
	dir, branch, batch := sheetCLIData(t)
	_, err := sheetRun("import", sheetCLIFile(t, false), "--batch", sheetItoa(batch), "--branch", sheetItoa(branch), "--data", dir)
	require.NoError(t, err)

	xlsx := filepath.Join(t.TempDir(), "ledger.xlsx")
	out, err := sheetRun("export", "--data", dir, "--out", xlsx, "--batch", sheetItoa(batch))
	require.NoError(t, err)
	assert.Equal(t, "wrote "+xlsx+": 1 problems, 2 measures\n", out)
	f, err := excelize.OpenFile(xlsx)
	require.NoError(t, err)
	rows, err := f.GetRows(sheet.LedgerSheet)
	require.NoError(t, err)
	f.Close()
	assert.Equal(t, "巡察反馈问题整改台账", rows[0][0])
	assert.Equal(t, []string{"1", "巡察反馈问题整改", "", "党费收缴不及时", "补缴党费", "限期整改", "", "", "张三", "2030年7月31日", "", "未开始"}, rows[2][:12])
	assert.Equal(t, "第一党支部", rows[2][16], "责任单位")
	assert.Regexp(t, `^\d+-[0-9a-f]{4}$`, rows[2][17], "措施编号: the identity a re-import matches")

	_, err = sheetRun("export", "--data", dir)
	assert.ErrorContains(t, err, "--out FILE is required")
	_, err = sheetRun("export", "--data", dir, "--out", xlsx, "--branch", "99")
	assert.ErrorContains(t, err, "branch 99 not found")

	docx := filepath.Join(t.TempDir(), "report.docx")
	out, err = sheetRun("report", "--data", dir, "--batch", sheetItoa(batch), "--out", docx)
	require.NoError(t, err)
	assert.Equal(t, "wrote "+docx+": 2 measures, 2 still open\n", out)
	zr, err := zip.OpenReader(docx)
	require.NoError(t, err)
	names := map[string]bool{}
	for _, zf := range zr.File {
		names[zf.Name] = true
	}
	zr.Close()
	assert.True(t, names["word/document.xml"] && names["[Content_Types].xml"] && names["word/styles.xml"])
	_, err = sheetRun("report", "--data", dir, "--out", docx)
	assert.ErrorContains(t, err, "usage: rectify report --batch ID --out FILE")
}

func TestParseCommandPrintsTheDraftAsJSON(t *testing.T) {
	path := filepath.Join(t.TempDir(), "材料.txt")
	require.NoError(t, os.WriteFile(path, []byte("XX党支部对照检查材料\n一、存在的问题\n（一）在理论学习方面。一是学习不够深入。二是学用结合不紧。\n"+
		"二、原因剖析\n一是理想信念松懈。\n三、整改措施\n一是加强学习。责任人：张三；完成时限：2026年6月底。\n"), 0o600))
	out, err := sheetRun("parse", path)
	require.NoError(t, err)
	var res struct {
		Documents []struct {
			Title    string `json:"title"`
			Problems []struct {
				Category, Title string
			} `json:"problems"`
			Measures []struct {
				Owner string `json:"owner"`
				DueOn string `json:"due_on"`
			} `json:"measures"`
		} `json:"documents"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res), out)
	require.Len(t, res.Documents, 1)
	assert.Equal(t, "XX党支部对照检查材料", res.Documents[0].Title)
	assert.Len(t, res.Documents[0].Problems, 2)
	require.Len(t, res.Documents[0].Measures, 1)
	assert.Equal(t, "张三", res.Documents[0].Measures[0].Owner)
	assert.Equal(t, "2026-06-30", res.Documents[0].Measures[0].DueOn)

	_, err = sheetRun("parse", filepath.Join(t.TempDir(), "missing.docx"))
	assert.ErrorContains(t, err, "parse: ")
	pdf := filepath.Join(t.TempDir(), "材料.pdf")
	require.NoError(t, os.WriteFile(pdf, []byte("%PDF-1.4\n"), 0o600))
	_, err = sheetRun("parse", pdf)
	assert.ErrorContains(t, err, "PDF files are not supported")
	_, err = sheetRun("parse")
	assert.ErrorContains(t, err, "usage: rectify parse FILE")
}

func sheetItoa(n int64) string { return strconv.FormatInt(n, 10) }
