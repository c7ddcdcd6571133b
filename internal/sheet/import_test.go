package sheet_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
	"rectify/internal/sheet"
	"rectify/internal/store"
)

// header is the export header, as []any for book.
func header() []any {
	h := make([]any, len(sheet.Header))
	for i, v := range sheet.Header {
		h[i] = v
	}
	return h
}

// row is one measure row of the standard layout, by column name.
func row(cells map[string]any) []any {
	r := make([]any, len(sheet.Header))
	for i, h := range sheet.Header {
		if v, ok := cells[h]; ok {
			r[i] = v
		}
	}
	return r
}

func good(seq int, problem, measure string) map[string]any {
	return map[string]any{"序号": seq, "问题描述": problem, "整改措施": measure, "整改时限": "2026-09-30"}
}

func with(m map[string]any, k string, v any) map[string]any {
	c := map[string]any{}
	for kk, vv := range m {
		c[kk] = vv
	}
	c[k] = v
	return c
}

func TestImportReportsEveryErrorByRowAndColumn(t *testing.T) {
	base := good(1, "会议记录不规范", "补齐会议记录")
	cases := []struct {
		name string
		row  map[string]any
		want store.ImportError
	}{
		{"a month that does not exist is not a date", with(base, "整改时限", "2023年13月"),
			store.ImportError{Row: 3, Column: "J", Message: "第3行 整改时限「2023年13月」不是有效日期"}},
		{"a day that does not exist is not a date", with(base, "整改时限", "2026/2/30"),
			store.ImportError{Row: 3, Column: "J", Message: "第3行 整改时限「2026/2/30」不是有效日期"}},
		{"words are not a date", with(base, "整改时限", "尽快"),
			store.ImportError{Row: 3, Column: "J", Message: "第3行 整改时限「尽快」不是有效日期"}},
		{"a deadline measure needs a date", with(base, "整改时限", ""),
			store.ImportError{Row: 3, Column: "J", Message: "第3行 整改时限未填写（限期整改须写明完成日期）"}},
		{"an unknown kind is refused", with(base, "整改类型", "马上改"),
			store.ImportError{Row: 3, Column: "F", Message: "第3行 整改类型「马上改」应为立行立改、限期整改或长期坚持"}},
		{"an unknown status is refused", with(base, "完成情况", "差不多"),
			store.ImportError{Row: 3, Column: "L", Message: "第3行 完成情况「差不多」无法识别，应为未开始、整改中、待审核或已销号"}},
		{"a bad closing date is refused", with(base, "销号日期", "2026-02-30"),
			store.ImportError{Row: 3, Column: "M", Message: "第3行 销号日期「2026-02-30」不是有效日期"}},
		{"a closing date on an open measure is a contradiction", with(with(base, "完成情况", "整改中"), "销号日期", "2026-05-01"),
			store.ImportError{Row: 3, Column: "M", Message: "第3行 完成情况为「整改中」，但填写了销号日期"}},
		{"a measure row needs its measure", with(base, "整改措施", ""),
			store.ImportError{Row: 3, Column: "E", Message: "第3行 整改措施未填写"}},
		{"the first row needs its problem", with(base, "问题描述", ""),
			store.ImportError{Row: 3, Column: "D", Message: "第3行 问题描述未填写"}},
		{"a problem longer than 5000 characters is refused", with(base, "问题描述", string(bytes.Repeat([]byte("问"), 5001))),
			store.ImportError{Row: 3, Column: "D", Message: "第3行 问题描述为空或超过5000字"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st, _ := openStore(t, "2026-06-15")
			o := newOrg(t, st, batchTitle)
			b := book(t, [][]any{{"台账"}, header(), row(tc.row)})
			res := importBook(t, st, o, o.party.ID, b, true)
			assert.Equal(t, []store.ImportError{tc.want}, res.Errors)
		})
	}
}

func TestImportErrorsNameTheSheetsOwnHeadersAndRows(t *testing.T) {
	st, _ := openStore(t, "2026-06-15")
	o := newOrg(t, st, batchTitle)
	b := book(t, [][]any{
		{"某党委巡察整改台账"},
		{},
		{"问题", "责任单位", "整改措施", "完成时限", "整改责任人"},
		{"会议记录不规范", "第一党支部", "补齐会议记录", "2026年6月底", "张三"},
		{"会议记录不规范", "第一党支部", "建立督查制度", "2023年13月", "张三"},
		{"党费收缴不及时", "第三党支部", "补缴党费", "立行立改", "李四"},
		{"党费收缴不及时", "第二党支部", "建立台账", "明年", "李四"},
	})
	res := importBook(t, st, o, o.party.ID, b, false)
	assert.Equal(t, []store.ImportError{
		{Row: 5, Column: "D", Message: "第5行 完成时限「2023年13月」不是有效日期"},
		{Row: 6, Column: "B", Message: "第6行 责任单位「第三党支部」不是导入单位或其下级单位"},
		{Row: 7, Column: "D", Message: "第7行 完成时限「明年」不是有效日期"},
	}, res.Errors)
	assert.False(t, res.DryRun)
}

func TestApplyingAFileWithAnyErrorWritesNothing(t *testing.T) {
	st, _ := openStore(t, "2026-06-15")
	o := newOrg(t, st, batchTitle)
	b := book(t, [][]any{header(),
		row(good(1, "会议记录不规范", "补齐会议记录")),
		row(good(2, "党费收缴不及时", "补缴党费")),
		row(with(good(3, "学习不深入", "制定学习计划"), "整改时限", "2023年13月")),
	})
	before := countsOf(t, st, o)
	res := importBook(t, st, o, o.party.ID, b, false)
	require.Len(t, res.Errors, 1)
	assert.Equal(t, 2, res.Tasks, "the result still says what the good rows hold")
	assert.Equal(t, before, countsOf(t, st, o), "no problem, task, event or counter was written")
}

func TestADryRunWritesNothing(t *testing.T) {
	st, _ := openStore(t, "2026-06-15")
	o := newOrg(t, st, batchTitle)
	b := book(t, [][]any{header(), row(good(1, "会议记录不规范", "补齐会议记录")), row(good(1, "会议记录不规范", "建立督查制度"))})
	before := countsOf(t, st, o)
	res := importBook(t, st, o, o.party.ID, b, true)
	assert.Equal(t, []int{1, 2, 0, 0}, []int{res.Problems, res.Tasks, res.Updated, res.Unchanged})
	assert.Empty(t, res.Errors)
	require.Len(t, res.Rows, 2)
	assert.Equal(t, ledger.ImportRow{Row: 2, Action: ledger.ImportCreate, Problem: "会议记录不规范", Measure: "补齐会议记录",
		Changes: []ledger.ImportChange{}}, res.Rows[0], "the plan names each row")
	assert.Equal(t, before, countsOf(t, st, o))
	applied := importBook(t, st, o, o.party.ID, b, false)
	assert.Equal(t, 2, applied.Tasks, "applying creates what the dry run announced")
}

// tasksOf lists every task of the org's batch with its problem.
func tasksOf(t *testing.T, st *store.Store, o *org) (map[int64]*ledger.Problem, []*ledger.Task) {
	t.Helper()
	ps, err := st.Problems(st.Scope(o.admin), store.ProblemFilter{BatchID: o.batch.ID})
	require.NoError(t, err)
	byID := map[int64]*ledger.Problem{}
	for _, p := range ps {
		byID[p.ID] = p
	}
	page, err := st.FindTasks(st.Scope(o.admin), ledger.TaskFilter{BatchID: o.batch.ID, Limit: store.MaxPageSize})
	require.NoError(t, err)
	return byID, page.Tasks
}

func TestAProblemCellMergedOverRowsIsOneProblem(t *testing.T) {
	st, _ := openStore(t, "2026-06-15")
	o := newOrg(t, st, batchTitle)
	b := book(t, [][]any{
		{"台账"}, header(),
		row(good(1, "会议记录不规范", "补齐会议记录")),
		row(map[string]any{"整改措施": "建立督查制度", "整改时限": "2026-10-31"}),
		row(map[string]any{"整改措施": "开展专项检查", "整改时限": "2026-11-30"}),
		row(good(2, "党费收缴不及时", "补缴党费")),
		row(good(2, "党费收缴不及时", "建立台账")),                           // repeated, not merged
		row(map[string]any{"整改措施": "定期公示", "整改时限": "2026-12-31"}), // left blank under it
	}, [2]string{"A3", "A5"}, [2]string{"D3", "D5"})
	res := importBook(t, st, o, o.party.ID, b, false)
	require.Empty(t, res.Errors)
	assert.Equal(t, 2, res.Problems)
	assert.Equal(t, 6, res.Tasks)
	problems, tasks := tasksOf(t, st, o)
	perProblem := map[string][]string{}
	for _, task := range tasks {
		d := problems[task.ProblemID].Description
		perProblem[d] = append(perProblem[d], task.Description)
	}
	assert.Equal(t, map[string][]string{
		"会议记录不规范": {"补齐会议记录", "建立督查制度", "开展专项检查"},
		"党费收缴不及时": {"补缴党费", "建立台账", "定期公示"},
	}, perProblem)
}

func TestImportReadsOtherColumnOrdersAndSynonyms(t *testing.T) {
	st, _ := openStore(t, "2026-06-15")
	o := newOrg(t, st, batchTitle)
	june30 := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	b := book(t, [][]any{
		{"编号", "责任部门", "问题类型", "存在问题", "原因分析", "整改任务", "整改方式", "整改责任人", "完成时限（年月日）", "牵头单位", "配合部门", "整改状态", "完成日期", "说明"},
		{1, "第一党支部", "作风方面", "调研不深入", "宗旨意识不强", "制定调研计划", "", "张三", june30, "办公室", "组织部、宣传部", "", "", "备注一"},
		{1, "第一党支部", "作风方面", "调研不深入", "", "每季度开展调研", "", "张三", "2026/9/30", "", "", "正在整改", "", ""},
		{2, "第二党支部", "纪律方面", "请销假不规范", "", "补办请假手续", "", "李四", "立行立改", "", "", "已完成", "2026.6.10", ""},
		{2, "第二党支部", "纪律方面", "请销假不规范", "", "建立请销假制度", "", "李四", "2026年7月底", "", "", "", "", ""},
		{3, "机关党委", "学习方面", "学习不系统", "", "坚持集中学习", "长期坚持", "纪委员", "", "", "", "", "", ""},
	})
	res := importBook(t, st, o, o.party.ID, b, false)
	require.Empty(t, res.Errors)
	assert.Equal(t, []int{3, 5}, []int{res.Problems, res.Tasks})
	problems, tasks := tasksOf(t, st, o)
	require.Len(t, tasks, 5)
	type got struct {
		Branch                   int64
		Problem, Category, Cause string
		Measure                  string
		Kind                     ledger.Kind
		Owner                    int64
		OwnerName                string
		Due, Closed              string
		Status                   ledger.Status
		Lead                     string
		Support                  []string
		Remark                   string
	}
	var all []got
	for _, task := range tasks {
		p := problems[task.ProblemID]
		all = append(all, got{task.BranchID, p.Description, p.Category, p.Cause, task.Description, task.Kind, task.OwnerID,
			task.OwnerName, task.DueOn.String(), task.ClosedOn.String(), task.Status, task.LeadDept, task.SupportDepts, task.Remark})
	}
	assert.Equal(t, []got{
		{o.first.ID, "调研不深入", "作风方面", "宗旨意识不强", "制定调研计划", ledger.KindDeadline, o.member1.ID, "张三", "2026-06-30", "",
			ledger.StatusOpen, "办公室", []string{"组织部", "宣传部"}, "备注一"},
		{o.first.ID, "调研不深入", "作风方面", "宗旨意识不强", "每季度开展调研", ledger.KindDeadline, o.member1.ID, "张三", "2026-09-30", "",
			ledger.StatusOpen, "", nil, ""},
		{o.second.ID, "请销假不规范", "纪律方面", "", "补办请假手续", ledger.KindImmediate, o.member2.ID, "李四", "2026-06-15", "",
			ledger.StatusOpen, "", nil, ""},
		{o.second.ID, "请销假不规范", "纪律方面", "", "建立请销假制度", ledger.KindDeadline, o.member2.ID, "李四", "2026-07-31", "",
			ledger.StatusOpen, "", nil, ""},
		{o.party.ID, "学习不系统", "学习方面", "", "坚持集中学习", ledger.KindLongTerm, o.officer.ID, "纪委员", "", "",
			ledger.StatusOpen, "", nil, ""},
	}, all)
}

func TestImportRefusesWhatIsNotALedger(t *testing.T) {
	st, _ := openStore(t, "2026-06-15")
	o := newOrg(t, st, batchTitle)
	_, err := sheet.Import(st, o.officer, bytes.NewReader([]byte("序号,问题描述\n1,x\n")), sheet.ImportOptions{BatchID: o.batch.ID, BranchID: o.party.ID})
	assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err))
	assert.Equal(t, "无法读取该文件，请上传 .xlsx 格式的台账", ledger.ErrorMessage(err))

	res := importBook(t, st, o, o.party.ID, book(t, [][]any{{"姓名", "电话"}, {"张三", "123"}}), true)
	assert.Equal(t, []store.ImportError{{Row: 0, Column: "", Message: "未找到表头：表格中须有「问题描述」和「整改措施」两列（或其同义列名）"}}, res.Errors)
}
