package store

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// randomTask fills every stored field of a task with values that stress
// the codec: odd text, zoned and zero times, empty and absent options.
func randomTask(r *rand.Rand) *ledger.Task {
	texts := []string{"", "整改措施5：健全制度，压实责任，按期完成整改", "line\nbreak <b>&amp;</b>", "\xff\xfe", "\u2028",
		"2026-08-28", "2026-12-04T15:25:17Z", "deadline", `"quoted" \ back`}
	text := func() string { return texts[r.IntN(len(texts))] }
	day := func() ledger.Date {
		if r.IntN(4) == 0 {
			return 0
		}
		return ledger.Date(19000101 + r.IntN(8000)*10000 + r.IntN(12)*100 + r.IntN(28))
	}
	at := func() time.Time {
		switch r.IntN(5) {
		case 0:
			return time.Time{}
		case 1:
			return time.Unix(r.Int64N(1<<33), 0).UTC()
		case 2:
			return time.Unix(r.Int64N(1<<33), r.Int64N(1e9)).In(time.FixedZone("", 3600*(r.IntN(27)-12)))
		}
		return time.Unix(1767225600+r.Int64N(1<<28), r.Int64N(1e9)).UTC()
	}
	t := &ledger.Task{ID: r.Int64N(1 << 40), ProblemID: r.Int64N(200), BatchID: r.Int64N(3), BranchID: r.Int64N(5000),
		Description: text(), Kind: []ledger.Kind{ledger.KindDeadline, ledger.KindImmediate, ledger.KindLongTerm, "odd"}[r.IntN(4)],
		OwnerID: r.Int64N(1e6), OwnerName: text(), ReviewerID: r.Int64N(3), LeadDept: text(), DueOn: day(),
		OriginalDueOn: day(), ReportEveryDays: r.IntN(40), WarnDays: r.IntN(10) - 1, Status: ledger.Statuses[r.IntN(4)],
		Percent: r.IntN(101), CreatedOn: day(), LastReportOn: day(), SubmittedOn: day(), ClosedOn: day(),
		FirstOverdueOn: day(), OnTime: r.IntN(2) == 0, Remark: text(), ImportKey: text(), CreatedAt: at(), UpdatedAt: at(),
		SubmittedBy: r.Int64N(3), SubmittedOwnerID: r.Int64N(3)}
	if r.IntN(3) == 0 {
		t.SupportDepts = []string{text(), text()}
	}
	if r.IntN(3) == 0 {
		t.Extension = &ledger.Extension{RequestedBy: r.Int64N(9), RequestedOn: day(), DueOn: day(), Reason: text()}
	}
	if r.IntN(3) == 0 {
		t.Returned = &ledger.Returned{Reason: text(), By: r.Int64N(9), ByName: text(), At: at()}
	}
	return t
}

// viaJSON is what a record decoded from its plain JSON looks like: the
// reference every codec must reproduce.
func viaJSON[T any](t *testing.T, v *T) *T {
	raw, err := json.Marshal(v)
	require.NoError(t, err)
	var out T
	require.NoError(t, json.Unmarshal(raw, &out))
	return &out
}

func TestRandomTasksDecodeAsTheirJSONDoes(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	fast := 0
	for range 3000 {
		task := randomTask(r)
		var got ledger.Task
		require.NoError(t, decode(encode(task), &got))
		assert.Equal(t, viaJSON(t, task), &got)
		if decodePackedTask(encode(task)[1:], &ledger.Task{}) {
			fast++
		}
	}
	assert.Greater(t, fast, 50, "some random tasks take the fast path")
	assert.Less(t, fast, 2900, "some random tasks need encoding/json")
}

func TestTheBenchmarkTaskTakesTheFastPath(t *testing.T) {
	task := benchTask()
	var got ledger.Task
	require.True(t, decodePackedTask(encode(task)[1:], &got), "a typical task decodes without encoding/json")
	assert.Equal(t, viaJSON(t, task), &got)
}

func TestRandomEventsDecodeToTheSameEventAndHash(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	entities := []string{"task", "task", "review", "problem"}
	for i := range 2000 {
		before, after := randomTask(r), randomTask(r)
		if r.IntN(3) == 0 {
			before = nil
		}
		entity := entities[r.IntN(len(entities))]
		id, taskID := after.ID, after.ID
		if entity != "task" || r.IntN(5) == 0 {
			taskID = r.Int64N(3)
		}
		rec := newEventRecord(entity, id, taskID, r.Int64N(50), ledger.ActProgress, []string{"", "已完成\n<b>"}[r.IntN(2)],
			before, after, time.Unix(1767225600+r.Int64N(1<<28), r.Int64N(1e9)))
		if r.IntN(4) == 0 {
			rec.Data = json.RawMessage(`{"level":2,"days_overdue":1.0,"x":"\u003c"}`)
		}
		prev := make([]byte, hashSize)
		prev[0] = byte(i)
		v := encodeEvent(algoSHA256, prev, rec)
		e, err := decodeEvent(itob(int64(i+1)), v)
		require.NoError(t, err)
		assert.Equal(t, viaJSON(t, rec), &e.rec)
		assert.Equal(t, canonicalEvent(int64(i+1), prev, rec), canonicalEvent(int64(i+1), e.prev, &e.rec))
	}
}

func TestTaskEventsStoreNeitherEntityNorTaskID(t *testing.T) {
	rec := newEventRecord("task", 70000, 70000, 3, ledger.ActApprove, "", &ledger.Task{Status: ledger.StatusSubmitted},
		&ledger.Task{Status: ledger.StatusClosed}, time.Date(2026, 9, 9, 9, 30, 0, 0, time.UTC))
	body := encodeEventBody(rec)
	assert.Equal(t, byte(codecTaskEventV3), body[0])
	assert.NotContains(t, string(mustUnpack(t, body[1:])), "task")
	var got eventRecord
	require.NoError(t, decodeEventBody(body, &got))
	assert.Equal(t, "task", got.Entity)
	assert.Equal(t, int64(70000), got.TaskID)
	assert.Equal(t, viaJSON(t, rec), &got)
}

func TestTheTaskEncoderWritesWhatTheGenericPathDoes(t *testing.T) {
	generic := func(task *ledger.Task) []byte {
		raw, err := json.Marshal(task)
		require.NoError(t, err)
		return packRecord(raw)
	}
	odd := []*ledger.Task{benchTask(), {}, {Description: "2026-08-28", OwnerName: "2026-12-04T15:25:17Z", LeadDept: "closed"},
		{DueOn: 20261301}, {DueOn: -20260101}, {DueOn: 100000101}, {DueOn: 20260230}, {CreatedAt: time.Unix(5, 0).In(time.FixedZone("X", 0))},
		{UpdatedAt: time.Unix(5, 7).In(time.FixedZone("", 3600))}, {ID: -1, Percent: 127, WarnDays: 128, Description: "\u2028"},
		{Description: "整改" + string([]byte{0xff})}, {Remark: "ok <b>"}, {Light: ledger.LightRed, SubmittedLateDays: 3}}
	r := rand.New(rand.NewPCG(9, 10))
	fast := 0
	for i := range 4000 {
		task := randomTask(r)
		switch {
		case i < len(odd):
			task = odd[i]
		case i%2 == 0: // as most tasks are: no lists or nested records, times in UTC
			task.SupportDepts, task.Extension, task.Returned = nil, nil, nil
			task.CreatedAt, task.UpdatedAt = task.CreatedAt.UTC(), task.CreatedAt.UTC().Add(time.Duration(i%3)*time.Hour)
			plain := []string{"", "整改措施5：健全制度，压实责任，按期完成整改", "责任人10", "bench 19-32", "2026-08-28", "open", "é"}
			for _, f := range []*string{&task.Description, &task.OwnerName, &task.LeadDept, &task.Remark, &task.ImportKey} {
				*f = plain[r.IntN(len(plain))]
			}
		}
		if b, ok := encodePackedTask(task); ok {
			fast++
			assert.Equal(t, generic(task), b, "task %d %+v", i, task)
		}
	}
	assert.Greater(t, fast, 300, "many tasks are packed straight from the struct")
	b, ok := encodePackedTask(benchTask())
	assert.True(t, ok)
	assert.Equal(t, generic(benchTask()), b)
}
