package sheet_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"rectify/internal/ledger"
	"rectify/internal/sheet"
	"rectify/internal/store"
	"rectify/internal/testclock"
)

const batchTitle = "2026年巡察反馈问题整改"

// fullLedger fills the org's batch with measures in every state, moving
// the clock through spring 2026 so that dates, progress, closing and 回头看
// are recorded as they would be; it ends on 2026-06-15.
func fullLedger(t testing.TB, st *store.Store, c *testclock.Clock, o *org) {
	t.Helper()
	c.SetDay("2026-03-05")
	problem := func(branch int64, category, desc, leader string) *ledger.Problem {
		p := &ledger.Problem{BatchID: o.batch.ID, BranchID: branch, Category: category, Description: desc, Leader: leader}
		require.NoError(t, st.CreateProblem(o.officer, p))
		return p
	}
	task := func(p *ledger.Problem, t0 ledger.Task) *ledger.Task {
		t0.ProblemID = p.ID
		require.NoError(t, st.CreateTask(o.officer, &t0))
		return &t0
	}
	p1 := problem(o.first.ID, "组织建设方面", "三会一课制度落实不到位，\n部分支部会议记录不完整", "王书记")
	t1 := task(p1, ledger.Task{Description: "补齐2025年度会议记录", OwnerID: o.member1.ID, DueOn: mustDate("2026-05-31")})
	t2 := task(p1, ledger.Task{Description: "制定三会一课督查办法", OwnerName: "王五", DueOn: mustDate("2026-07-31"),
		LeadDept: "办公室", SupportDepts: []string{"组织部", "宣传部"}, Remark: "需协调宣传部"})
	t3 := task(p1, ledger.Task{Description: "坚持每月开展督查", Kind: ledger.KindLongTerm, OwnerID: o.member1.ID})
	p2 := problem(o.second.ID, "党费管理方面", "党费收缴不及时", "")
	t4 := task(p2, ledger.Task{Description: "立即补缴党费", Kind: ledger.KindImmediate, OwnerID: o.member2.ID, DueOn: mustDate("2026-03-10")})
	t5 := task(p2, ledger.Task{Description: "健全党费收缴台账", OwnerID: o.member2.ID, DueOn: mustDate("2026-06-30")})
	t6 := task(p2, ledger.Task{Description: "开展党费专项检查", OwnerID: o.member2.ID, DueOn: mustDate("2026-04-30")})
	problem(o.second.ID, "教育管理方面", "党员教育管理不够严格", "")
	p4 := problem(o.first.ID, "组织建设方面", "发展党员程序不规范", "王书记")
	t7 := task(p4, ledger.Task{Description: "规范发展党员程序", OwnerID: o.member1.ID, DueOn: mustDate("2026-04-15")})

	closeTask := func(owner *ledger.User, id int64, note string) {
		_, err := st.Submit(owner, id, note)
		require.NoError(t, err)
		_, err = st.Approve(o.officer, id, "同意销号")
		require.NoError(t, err)
	}
	c.SetDay("2026-03-08")
	_, err := st.AddEvidence(o.member2, t4.ID, &ledger.Evidence{Name: "缴费凭证.pdf", Size: 1, SHA256: "00", ContentType: "application/pdf"})
	require.NoError(t, err)
	closeTask(o.member2, t4.ID, "已全部补缴")
	c.SetDay("2026-03-20")
	closeTask(o.member2, t6.ID, "检查已完成")
	c.SetDay("2026-04-01")
	closeTask(o.member1, t7.ID, "已规范")
	c.SetDay("2026-06-01")
	_, err = st.AddProgress(o.member1, t1.ID, "已补齐一季度记录", 40)
	require.NoError(t, err)
	_, err = st.AddProgress(o.member1, t3.ID, "已开展5月督查", 0)
	require.NoError(t, err)
	c.SetDay("2026-06-15")
	_, err = st.Submit(o.member2, t5.ID, "台账已建立")
	require.NoError(t, err)
	_, err = st.RequestExtension(o.officer, t2.ID, mustDate("2026-09-30"), "宣传部人员调整")
	require.NoError(t, err)
	reviews, err := st.Reviews(st.Scope(o.admin), store.ReviewFilter{})
	require.NoError(t, err)
	for _, r := range reviews {
		switch r.TaskID {
		case t4.ID:
			_, err = st.DecideReview(o.officer, r.ID, ledger.OutcomeConsolidated, "未发现反弹", 0)
		case t7.ID:
			_, err = st.DecideReview(o.officer, r.ID, ledger.OutcomeRebound, "发现新的程序问题", mustDate("2026-08-31"))
		}
		require.NoError(t, err)
	}
}

func TestExportWritesTheLedgerLayout(t *testing.T) {
	st, c := openStore(t, "2026-03-01")
	o := newOrg(t, st, batchTitle)
	fullLedger(t, st, c, o)
	f, n := exportBook(t, st, o)
	assert.Equal(t, sheet.ExportStats{Problems: 4, Tasks: 7}, n)
	assert.Equal(t, []string{sheet.LedgerSheet, sheet.StatsSheet}, f.GetSheetList())

	rs := rows(t, f, sheet.LedgerSheet)
	assert.Equal(t, "机关党委2026年巡察反馈问题整改台账", rs[0][0], "title row")
	assert.Equal(t, sheet.Header, rs[1], "header row")
	want := [][]string{
		{"1", batchTitle, "组织建设方面", "三会一课制度落实不到位，\n部分支部会议记录不完整", "补齐2025年度会议记录", "限期整改", "王书记", "", "张三", "2026年5月31日", "已补齐一季度记录", "整改中"},
		{"", "", "", "", "制定三会一课督查办法", "限期整改", "", "办公室（配合：组织部、宣传部）", "王五", "2026年7月31日", "", "未开始", "", "", "", "需协调宣传部"},
		{"", "", "", "", "坚持每月开展督查", "长期坚持", "", "", "张三", "长期坚持", "已开展5月督查", "整改中"},
		{"2", batchTitle, "党费管理方面", "党费收缴不及时", "立即补缴党费", "立行立改", "", "", "李四", "2026年3月10日", "提交销号：已全部补缴", "已销号", "2026年3月8日", "缴费凭证.pdf", "巩固（2026年6月15日）：未发现反弹"},
		{"", "", "", "", "健全党费收缴台账", "限期整改", "", "", "李四", "2026年6月30日", "提交销号：台账已建立", "待审核"},
		{"", "", "", "", "开展党费专项检查", "限期整改", "", "", "李四", "2026年4月30日", "提交销号：检查已完成", "已销号", "2026年3月20日", "", "待回头看（2026年6月18日）"},
		{"3", batchTitle, "教育管理方面", "党员教育管理不够严格"},
		{"4", batchTitle, "组织建设方面", "发展党员程序不规范", "规范发展党员程序", "限期整改", "王书记", "", "张三", "2026年8月31日", "提交销号：已规范", "未开始", "", "", "反弹（2026年6月15日）：发现新的程序问题；重新整改时限2026年8月31日"},
	}
	require.Len(t, rs, 2+len(want))
	branch := []string{"第一党支部", "", "", "第二党支部", "", "", "第二党支部", "第一党支部"}
	for i, w := range want {
		row := append(rs[i+2], make([]string, 18)...)[:18]
		assert.Equal(t, w, trimRight(row[:16]), "row %d", i+3)
		assert.Equal(t, branch[i], row[16], "row %d: 责任单位", i+3)
		if i != 6 {
			assert.Regexp(t, `^\d+-[0-9a-f]{4}$`, row[17], "row %d: 措施编号", i+3)
		}
	}

	merges, err := f.GetMergeCells(sheet.LedgerSheet)
	require.NoError(t, err)
	var ranges []string
	for _, m := range merges {
		ranges = append(ranges, m.GetStartAxis()+":"+m.GetEndAxis())
	}
	assert.ElementsMatch(t, []string{"A1:R1", "A3:A5", "B3:B5", "C3:C5", "D3:D5", "G3:G5", "Q3:Q5", "A6:A8", "B6:B8", "C6:C8", "D6:D8", "G6:G8", "Q6:Q8"}, ranges,
		"a problem's cells span its measures' rows")

	panes, err := f.GetPanes(sheet.LedgerSheet)
	require.NoError(t, err)
	assert.True(t, panes.Freeze)
	assert.Equal(t, 2, panes.YSplit, "title and header stay in view")

	raw, err := f.GetCellValue(sheet.LedgerSheet, "J3", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	assert.Equal(t, "46173", raw, "整改时限 is a real Excel date (serial of 2026-05-31)")
	w, err := f.GetColWidth(sheet.LedgerSheet, "D")
	require.NoError(t, err)
	assert.Greater(t, w, 30.0, "problem text gets a wide column")
	sid, err := f.GetCellStyle(sheet.LedgerSheet, "D3")
	require.NoError(t, err)
	style, err := f.GetStyle(sid)
	require.NoError(t, err)
	assert.True(t, style.Alignment.WrapText, "long text wraps")
}

func TestExportStatisticsSheetRollsUpBranches(t *testing.T) {
	st, c := openStore(t, "2026-03-01")
	o := newOrg(t, st, batchTitle)
	fullLedger(t, st, c, o)
	f, _ := exportBook(t, st, o)
	rs := rows(t, f, sheet.StatsSheet)
	require.Len(t, rs, 5)
	assert.Equal(t, []string{"单位", "问题数", "整改措施", "已销号", "待审核", "整改中", "未开始", "逾期", "临期", "完成率", "按时完成率"}, rs[1])
	// 7 measures: 2 closed (t4, t6), 1 submitted (t5), 2 in progress (t1,
	// t3), 2 open (t2, t7); t1 is overdue. On time: t4, t6, t5 of 4 known.
	assert.Equal(t, []string{"机关党委", "4", "7", "2", "1", "2", "2", "1", "0", "28.57%", "75.00%"}, rs[2])
	assert.Equal(t, []string{"第一党支部", "2", "4", "0", "0", "2", "2", "1", "0", "0.00%", "0.00%"}, rs[3])
	assert.Equal(t, []string{"第二党支部", "2", "3", "2", "1", "0", "0", "0", "0", "66.67%", "100.00%"}, rs[4])
}

func TestExportIsScopedToTheCallersBranch(t *testing.T) {
	st, c := openStore(t, "2026-03-01")
	o := newOrg(t, st, batchTitle)
	fullLedger(t, st, c, o)
	leader := &ledger.User{Login: "sun", Name: "孙支书", Role: ledger.RoleLeader, BranchID: o.second.ID}
	require.NoError(t, st.CreateUser(o.admin, leader, "x"))
	var buf writerCounter
	n, err := sheet.Export(&buf, st, sheet.ExportOptions{Scope: st.Scope(leader), BatchID: o.batch.ID})
	require.NoError(t, err)
	assert.Equal(t, sheet.ExportStats{Problems: 2, Tasks: 3}, n, "a 支部 leader sees only the 支部's problems")
	_, err = sheet.Export(&buf, st, sheet.ExportOptions{Scope: st.Scope(leader), BranchID: o.first.ID})
	assert.Equal(t, ledger.ENOTFOUND, ledger.ErrorCode(err), "another 支部 is not found")
}

// writerCounter discards what is written.
type writerCounter struct{ n int }

func (w *writerCounter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }
