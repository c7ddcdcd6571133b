package store

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// importDump copies every bucket, to compare a whole database before and
// after an import that must write nothing.
func importDump(t *testing.T, s *Store) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bbolt.Bucket) error {
			m := map[string]string{}
			out[string(name)] = m
			seq := b.Sequence()
			m["\x00sequence"] = string(itob(int64(seq)))
			return b.ForEach(func(k, v []byte) error { m[string(k)] = string(v); return nil })
		})
	}))
	return out
}

// importTasks returns every task in id order.
func importTasks(t *testing.T, s *Store) []*ledger.Task {
	t.Helper()
	var out []*ledger.Task
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		return tx.Bucket(bTasks).ForEach(func(_, v []byte) error {
			var task ledger.Task
			out = append(out, &task)
			return unmarshal(v, &task)
		})
	}))
	return out
}

// importMeasure is a deadline measure due on due.
func importMeasure(row int, text, due string) ImportMeasure {
	return ImportMeasure{Row: row, Where: "第" + strconv.Itoa(row) + "行", Task: ledger.Task{Description: text, DueOn: date(due)}}
}

func importRequest(o *org, branch int64, problems ...ImportProblem) *ImportRequest {
	return &ImportRequest{BatchID: o.batch.ID, BranchID: branch, Problems: problems, Source: "t.xlsx",
		Columns: map[string]string{"owner": "I", "branch": "K", "task.due_on": "J", "task.closed_on": "M"}}
}

func TestImportLedgerWritesNothingWhenAnyRowIsWrong(t *testing.T) {
	s, _ := newTestStore(t, "2026-06-15")
	o := newOrg(t, s)
	bad := importMeasure(4, "建立台账", "2026-09-30")
	bad.Task.OwnerID = o.leader.ID // a leader cannot own a measure
	req := importRequest(o, o.party.ID,
		ImportProblem{Row: 3, Where: "第3行", Description: "会议记录不规范", Measures: []ImportMeasure{importMeasure(3, "补齐记录", "2026-09-30"), bad}},
		ImportProblem{Row: 5, Where: "第5行", Branch: "第九支部", Description: "党费收缴不及时", Measures: []ImportMeasure{importMeasure(5, "补缴", "2026-07-01")}},
	)
	before := importDump(t, s)
	res, err := s.ImportLedger(o.partyOfficer, req)
	require.NoError(t, err)
	assert.Equal(t, []ImportError{
		{Row: 4, Column: "I", Message: "第4行 责任人（用户" + strconv.FormatInt(o.leader.ID, 10) + "）须为该单位或上级单位的在用账号，且不能是领导账号"},
		{Row: 5, Column: "K", Message: "第5行 责任单位「第九支部」不是导入单位或其下级单位"},
	}, res.Errors)
	assert.Equal(t, before, importDump(t, s), "not one byte of any bucket changed, sequences included")
}

func TestImportLedgerDryRunCountsWithoutWriting(t *testing.T) {
	s, _ := newTestStore(t, "2026-06-15")
	o := newOrg(t, s)
	req := importRequest(o, o.party.ID,
		ImportProblem{Row: 3, Description: "会议记录不规范", Branch: "第一支部", Measures: []ImportMeasure{importMeasure(3, "补齐记录", "2026-09-30")}},
		ImportProblem{Row: 4, Description: "没有措施的问题"})
	req.DryRun = true
	before := importDump(t, s)
	res, err := s.ImportLedger(o.partyOfficer, req)
	require.NoError(t, err)
	assert.Equal(t, []int{2, 1}, []int{res.Problems, res.Tasks})
	assert.Equal(t, []string{ledger.ImportCreate, ledger.ImportCreate}, []string{res.Rows[0].Action, res.Rows[1].Action})
	assert.Equal(t, before, importDump(t, s))
}

func TestImportLedgerMatchesMeasuresAlreadyThere(t *testing.T) {
	s, _ := newTestStore(t, "2026-06-15")
	o := newOrg(t, s)
	byHand := mustTask(t, s, o.officer, o.problem1, 0, "2026-09-30") // 制定整改方案并抓好落实
	req := importRequest(o, o.party.ID,
		ImportProblem{Row: 3, Branch: "第一支部", Description: o.problem1.Description, Measures: []ImportMeasure{
			importMeasure(3, byHand.Description, "2026-09-30"), // entered by hand before
			importMeasure(4, "建立三会一课台账", "2026-10-31"),
		}})
	res, err := s.ImportLedger(o.partyOfficer, req)
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	assert.Equal(t, []int{0, 1, 0, 1}, []int{res.Problems, res.Tasks, res.Updated, res.Unchanged})
	assert.Equal(t, []string{ledger.ImportUnchanged, ledger.ImportCreate}, []string{res.Rows[0].Action, res.Rows[1].Action})
	assert.Equal(t, byHand.ID, res.Rows[0].TaskID, "the row is matched to the measure entered by hand")
	tasks := importTasks(t, s)
	require.Len(t, tasks, 2)
	assert.Equal(t, o.problem1.ID, tasks[1].ProblemID, "the new measure joins the existing problem")

	again, err := s.ImportLedger(o.partyOfficer, req)
	require.NoError(t, err)
	assert.Equal(t, []int{0, 0, 0, 2}, []int{again.Problems, again.Tasks, again.Updated, again.Unchanged})

	twice := importRequest(o, o.party.ID, ImportProblem{Row: 3, Branch: "第一支部", Description: "新问题", Measures: []ImportMeasure{
		importMeasure(3, "建立台账", "2026-10-31"), importMeasure(4, "建立台账", "2026-10-31")}})
	res, err = s.ImportLedger(o.partyOfficer, twice)
	require.NoError(t, err)
	require.Len(t, res.Errors, 1, "the same measure twice in one file is named, not dropped")
	assert.Equal(t, 4, res.Errors[0].Row)
	assert.Contains(t, res.Errors[0].Message, "已在第3行出现")
	assert.Len(t, importTasks(t, s), 2, "a file with an error writes nothing")
}

func TestImportLedgerReportsStatusesWithoutApplyingThemAndKeepsCounters(t *testing.T) {
	s, _ := newTestStore(t, "2026-06-15")
	o := newOrg(t, s)
	closed := importMeasure(3, "已完成的措施", "2026-05-31")
	closed.Task.Status, closed.Task.ClosedOn = ledger.StatusClosed, date("2026-05-20")
	working := importMeasure(4, "正在推进的措施", "2026-08-31")
	working.Task.Status, working.Progress = ledger.StatusInProgress, "已完成方案"
	res, err := s.ImportLedger(o.partyOfficer, importRequest(o, o.first.ID,
		ImportProblem{Row: 3, Description: "新问题", Measures: []ImportMeasure{closed, working}}))
	require.NoError(t, err)
	require.Empty(t, res.Errors)
	require.Len(t, res.Rows, 2)
	assert.Contains(t, res.Rows[0].Notes[0], "已销号", "a 已销号 row is reported")

	tasks := importTasks(t, s)
	require.Len(t, tasks, 2)
	for _, task := range tasks {
		assert.Equal(t, ledger.StatusOpen, task.Status, "%s: a sheet never sets a status", task.Description)
		assert.Zero(t, task.ClosedOn)
	}
	assert.Equal(t, date("2026-06-15"), tasks[1].LastReportOn, "its progress note counts as a report")
	notes, err := s.ProgressNotes(s.Scope(o.admin), tasks[1].ID)
	require.NoError(t, err)
	require.Len(t, notes, 1)
	assert.Equal(t, "已完成方案", notes[0].Note)
	reviews, err := s.Reviews(s.Scope(o.admin), ReviewFilter{})
	require.NoError(t, err)
	assert.Empty(t, reviews, "no 回头看 without an approval")

	var want ledger.Counts
	for _, task := range importTasks(t, s) {
		if task.BatchID == o.batch.ID && task.BranchID == o.first.ID {
			want.Add(ledger.CountsOf(task))
		}
	}
	want.Problems = 2 // problem1 of the fixture and the imported one
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		assert.Equal(t, want, decodeCounts(tx.Bucket(bCounters).Get(key(itob(o.first.ID), itob(o.batch.ID)))))
		assert.Equal(t, 2, tx.Bucket(bTaskImport).Stats().KeyN)
		return nil
	}))
}

func TestImportLedgerRefusesCallersWhoDoNotManageTheBranch(t *testing.T) {
	s, _ := newTestStore(t, "2026-06-15")
	o := newOrg(t, s)
	other := &ledger.Batch{Title: "第二支部自查", SourceType: ledger.SourceSelfCheck, BranchID: o.second.ID, StartedOn: date("2026-06-01")}
	require.NoError(t, s.CreateBatch(o.officer2, other))
	cases := []struct {
		name   string
		actor  *ledger.User
		batch  int64
		branch int64
		code   string
	}{
		{"a member may not import", o.member, o.batch.ID, o.first.ID, ledger.EFORBIDDEN},
		{"a leader may not import", o.leader, o.batch.ID, o.party.ID, ledger.EFORBIDDEN},
		{"another 支部 is not found", o.officer2, o.batch.ID, o.first.ID, ledger.ENOTFOUND},
		{"a batch the caller cannot see is not found", o.officer, other.ID, o.first.ID, ledger.ENOTFOUND},
		{"a branch outside the batch is refused", o.partyOfficer, other.ID, o.first.ID, ledger.EINVALID},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := &ImportRequest{BatchID: tc.batch, BranchID: tc.branch,
				Problems: []ImportProblem{{Description: "问题", Measures: []ImportMeasure{importMeasure(3, "措施", "2026-09-30")}}}}
			_, err := s.ImportLedger(tc.actor, req)
			assert.Equal(t, tc.code, ledger.ErrorCode(err), "%v", err)
		})
	}
}
