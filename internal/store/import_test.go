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
	assert.Equal(t, &ImportResult{DryRun: true, Problems: 2, Tasks: 1, Errors: []ImportError{}}, res)
	assert.Equal(t, before, importDump(t, s))
}

func TestImportLedgerSkipsMeasuresAlreadyThere(t *testing.T) {
	s, _ := newTestStore(t, "2026-06-15")
	o := newOrg(t, s)
	byHand := mustTask(t, s, o.officer, o.problem1, 0, "2026-09-30") // 制定整改方案并抓好落实
	req := importRequest(o, o.party.ID,
		ImportProblem{Row: 3, Branch: "第一支部", Description: o.problem1.Description, Measures: []ImportMeasure{
			importMeasure(3, byHand.Description, "2026-09-30"), // entered by hand before
			importMeasure(4, "建立三会一课台账", "2026-10-31"),
			importMeasure(5, "建立三会一课台账", "2026-10-31"), // twice in the file
		}})
	res, err := s.ImportLedger(o.partyOfficer, req)
	require.NoError(t, err)
	assert.Equal(t, &ImportResult{Problems: 0, Tasks: 1, Skipped: 2, Errors: []ImportError{}}, res)
	tasks := importTasks(t, s)
	require.Len(t, tasks, 2)
	assert.Equal(t, o.problem1.ID, tasks[1].ProblemID, "the new measure joins the existing problem")
	assert.Equal(t, ImportKey(o.batch.ID, o.first.ID, o.problem1.Description, "建立三会一课台账"), tasks[1].ImportKey)

	again, err := s.ImportLedger(o.partyOfficer, req)
	require.NoError(t, err)
	assert.Equal(t, &ImportResult{Skipped: 3, Errors: []ImportError{}}, again)
}

func TestImportLedgerRecordsLifecycleAsTheSheetSaysAndKeepsCounters(t *testing.T) {
	s, _ := newTestStore(t, "2026-06-15")
	o := newOrg(t, s)
	closed := importMeasure(3, "已完成的措施", "2026-05-31")
	closed.Task.Status, closed.Task.ClosedOn = ledger.StatusClosed, date("2026-05-20")
	late := importMeasure(4, "逾期完成的措施", "2026-05-01")
	late.Task.Status, late.Task.ClosedOn = ledger.StatusClosed, date("2026-05-20")
	late.Reviews = []ledger.Review{{Done: true, Outcome: ledger.OutcomeConsolidated, DueOn: date("2026-06-10"), DecidedOn: date("2026-06-10")}}
	working := importMeasure(5, "正在推进的措施", "2026-08-31")
	working.Task.Status, working.Progress = ledger.StatusInProgress, "已完成方案"
	res, err := s.ImportLedger(o.partyOfficer, importRequest(o, o.first.ID,
		ImportProblem{Row: 3, Description: "新问题", Measures: []ImportMeasure{closed, late, working}}))
	require.NoError(t, err)
	require.Empty(t, res.Errors)

	tasks := importTasks(t, s)
	require.Len(t, tasks, 3)
	assert.True(t, tasks[0].OnTime, "closed before its due date")
	assert.Equal(t, date("2026-05-20"), tasks[0].SubmittedOn)
	assert.False(t, tasks[1].OnTime, "closed after its due date")
	assert.Equal(t, date("2026-05-02"), tasks[1].FirstOverdueOn)
	assert.Equal(t, date("2026-06-15"), tasks[2].LastReportOn, "its progress note counts as a report")
	notes, err := s.ProgressNotes(s.Scope(o.admin), tasks[2].ID)
	require.NoError(t, err)
	require.Len(t, notes, 1)
	assert.Equal(t, "已完成方案", notes[0].Note)

	reviews, err := s.Reviews(s.Scope(o.admin), ReviewFilter{TaskID: tasks[0].ID})
	require.NoError(t, err)
	require.Len(t, reviews, 1)
	assert.Equal(t, date("2026-05-20").AddDays(o.batch.ReviewAfterDays), reviews[0].DueOn, "回头看 scheduled as approval would")
	reviews, err = s.Reviews(s.Scope(o.admin), ReviewFilter{TaskID: tasks[1].ID})
	require.NoError(t, err)
	require.Len(t, reviews, 1)
	assert.Equal(t, ledger.OutcomeConsolidated, reviews[0].Outcome, "the recorded 回头看 is kept, none is added")

	var want ledger.Counts
	for _, task := range importTasks(t, s) {
		if task.BatchID == o.batch.ID && task.BranchID == o.first.ID {
			want.Add(ledger.CountsOf(task))
		}
	}
	want.Problems = 2 // problem1 of the fixture and the imported one
	require.NoError(t, s.DB().View(func(tx *bbolt.Tx) error {
		assert.Equal(t, want, decodeCounts(tx.Bucket(bCounters).Get(key(itob(o.first.ID), itob(o.batch.ID)))))
		assert.Equal(t, 3, tx.Bucket(bTaskImport).Stats().KeyN)
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
