package sheet_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/benchgen"
	"rectify/internal/ledger"
	"rectify/internal/sheet"
	"rectify/internal/store"
)

func TestRowsWithWordsAreNeverDropped(t *testing.T) {
	st, _ := openStore(t, "2026-06-15")
	o := newOrg(t, st, batchTitle)
	b := book(t, [][]any{
		{"台账"}, header(),
		row(good(1, "问题：会议记录不完整", "措施：补齐会议记录")), // mentions 问题 and 措施, and is data
		row(good(2, "存在问题", "整改措施")),            // header words, but with a 序号 and a date: data
		header(), // the header repeated for printing
		row(good(3, "党费收缴不及时", "整改措施：建立台账")),
	})
	res := importBook(t, st, o, o.party.ID, b, true)
	require.Empty(t, res.Errors)
	var measures []string
	for _, r := range res.Rows {
		measures = append(measures, r.Measure)
	}
	assert.Equal(t, []string{"措施：补齐会议记录", "整改措施", "整改措施：建立台账"}, measures,
		"a row with a 序号 and a date besides the header words is data; only the bare repeated header is skipped")

	b = book(t, [][]any{header(), row(good(1, "会议记录不完整", "补齐记录")),
		row(map[string]any{"问题描述": "注：本表由办公室汇总", "整改措施": "注：本表由办公室汇总"})})
	res = importBook(t, st, o, o.party.ID, b, true)
	require.Len(t, res.Errors, 1, "a note row is words: named, not dropped")
	assert.Equal(t, 3, res.Errors[0].Row)
}

func TestAWholeGeneratedLedgerReimportsRowForRow(t *testing.T) {
	st, _ := openStore(t, "2026-11-26")
	require.NoError(t, benchgen.Generate(st, benchgen.Options{Branches: 20, Tasks: 3752, Seed: 1}))
	admin := &ledger.User{Login: "bench", Role: ledger.RoleAdmin}
	var buf bytes.Buffer
	n, err := sheet.Export(&buf, st, sheet.ExportOptions{Scope: st.Scope(admin), Title: "全部"})
	require.NoError(t, err)
	batches, err := st.Batches(st.Scope(admin))
	require.NoError(t, err)
	root := st.Scope(admin).Tree.All()[0]
	res, err := sheet.Import(st, admin, bytes.NewReader(buf.Bytes()), sheet.ImportOptions{BatchID: batches[0].ID, BranchID: root, DryRun: true})
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	assert.Equal(t, n.Tasks, res.Unchanged, "every exported measure is found again")
	assert.Equal(t, []int{0, 0, 0}, []int{res.Problems, res.Tasks, res.Updated})
}

func TestTheSourceColumnPicksTheBatch(t *testing.T) {
	st, _ := openStore(t, "2026-06-15")
	o := newOrg(t, st, batchTitle)
	other := &ledger.Batch{Title: "2025年度组织生活会", SourceType: ledger.SourceOrgLife, BranchID: o.party.ID, StartedOn: mustDate("2026-01-01")}
	require.NoError(t, st.CreateBatch(o.officer, other))
	b := book(t, [][]any{header(),
		row(with(good(1, "会议记录不完整", "补齐记录"), "问题来源", "2025年度组织生活会")),
		row(with(good(2, "学习不深入", "制定计划"), "问题来源", "")),
		row(with(good(3, "调研不够", "开展调研"), "问题来源", "不存在的批次")),
	})
	res := importBook(t, st, o, o.party.ID, b, true)
	require.Len(t, res.Errors, 1)
	assert.Equal(t, 4, res.Errors[0].Row)
	assert.Equal(t, "B", res.Errors[0].Column)
	assert.Contains(t, res.Errors[0].Message, "问题来源「不存在的批次」不是已有的问题批次")

	b = book(t, [][]any{header(),
		row(with(good(1, "会议记录不完整", "补齐记录"), "问题来源", "2025年度组织生活会")),
		row(with(good(2, "学习不深入", "制定计划"), "问题来源", ""))})
	res = importBook(t, st, o, o.party.ID, b, false)
	require.Empty(t, res.Errors)
	ps, err := st.Problems(st.Scope(o.admin), store.ProblemFilter{})
	require.NoError(t, err)
	batchOf := map[string]int64{}
	for _, p := range ps {
		batchOf[p.Description] = p.BatchID
	}
	assert.Equal(t, map[string]int64{"会议记录不完整": other.ID, "学习不深入": o.batch.ID}, batchOf)
}

func TestUnknownOwnersAreErrors(t *testing.T) {
	st, _ := openStore(t, "2026-06-15")
	o := newOrg(t, st, batchTitle)
	b := book(t, [][]any{header(), row(with(good(1, "会议记录不完整", "补齐记录"), "责任人", "刘不存在"))})
	before := countsOf(t, st, o)
	res := importBook(t, st, o, o.party.ID, b, false)
	assert.Equal(t, []store.ImportError{{Row: 2, Column: "I",
		Message: "第2行 责任人「刘不存在」不是该单位或上级单位的在用账号；请先建立账号，或改为已有的人员"}}, res.Errors)
	assert.Equal(t, ledger.ImportFailed, res.Rows[0].Action)
	assert.Equal(t, before, countsOf(t, st, o), "nothing written")
}
