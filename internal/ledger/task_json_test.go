package ledger_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// oddStrings are texts whose JSON encoding/json writes with escapes:
// HTML characters, quotes, control bytes, invalid UTF-8, the JavaScript
// line separators, and plain Chinese and emoji that it leaves alone.
var oddStrings = []string{
	"", " ", "完善三会一课记录", `他说"好"`, `C:\path\to`, "<script>alert(1)</script>", "a & b > c",
	"line\nbreak\ttab\rreturn", "\b\f\x00\x01\x1f\x7f", "\u2028\u2029", "bad \xff\xfe utf8", "\xe6\x97",
	"emoji 😀", "\ufffd", "'single'", "混合 <b>&amp;</b> \"引号\" \\ 反斜杠\n",
}

// fill sets v (settable) to a random value: the zero value a third of the
// time, so every omitempty field is seen both ways. It goes by kind, so a
// field added to Task is filled without changing this test.
func fill(r *rand.Rand, v reflect.Value) {
	if r.IntN(3) == 0 {
		v.SetZero()
		return
	}
	switch v.Interface().(type) {
	case time.Time:
		v.Set(reflect.ValueOf(randomTime(r)))
		return
	case ledger.Date:
		dates := []ledger.Date{20261204, 19000101, 99991231, 10101, 5, -20260101, 100000101, math.MaxInt32, math.MinInt32}
		d := dates[r.IntN(len(dates))]
		if r.IntN(2) == 0 {
			d = ledger.Date(r.Int32())
		}
		v.Set(reflect.ValueOf(d))
		return
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int32, reflect.Int64:
		n := []int64{1, -1, 42, 100, math.MaxInt32, math.MinInt32, r.Int64N(1 << 40)}[r.IntN(7)]
		if v.Kind() == reflect.Int32 {
			n = int64(int32(n))
		}
		v.SetInt(n)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.String:
		v.SetString(oddStrings[r.IntN(len(oddStrings))])
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), r.IntN(4), 4)
		for i := range s.Len() {
			fill(r, s.Index(i))
		}
		v.Set(s)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(r, p.Elem())
		v.Set(p)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(r, v.Field(i))
		}
	default:
		panic("fill: no generator for " + v.Type().String())
	}
}

func randomTime(r *rand.Rand) time.Time {
	zones := []*time.Location{time.UTC, time.FixedZone("CST", 8*3600), time.FixedZone("odd", -(3*3600 + 30*60 + 15)), time.Local}
	t := time.Unix(r.Int64N(4e9)-1e9, r.Int64N(1e9)).In(zones[r.IntN(len(zones))])
	if r.IntN(4) == 0 {
		t = t.Truncate(time.Second)
	}
	return t
}

func TestAppendJSONEqualsEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20000 {
		var task ledger.Task
		fill(r, reflect.ValueOf(&task).Elem())
		want, err := json.Marshal(&task)
		require.NoError(t, err)
		got, err := task.AppendJSON([]byte("prefix"))
		require.NoError(t, err)
		if !assert.Equal(t, "prefix"+string(want), string(got), "task %d: %#v", i, task) {
			return
		}
	}
}

func TestAppendJSONOfEmptyAndFullTasks(t *testing.T) {
	full := ledger.Task{ID: 1, SupportDepts: []string{}, Extension: &ledger.Extension{}, Returned: &ledger.Returned{}}
	for name, task := range map[string]ledger.Task{"the zero task": {}, "empty but not nil parts": full} {
		t.Run(name, func(t *testing.T) {
			want, err := json.Marshal(&task)
			require.NoError(t, err)
			got, err := task.AppendJSON(nil)
			require.NoError(t, err)
			assert.JSONEq(t, string(want), string(got))
			assert.Equal(t, string(want), string(got))
		})
	}
}

func TestAppendJSONFailsWhereMarshalFails(t *testing.T) {
	for name, task := range map[string]ledger.Task{
		"a creation time after year 9999": {CreatedAt: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)},
		"a return time before year 0":     {Returned: &ledger.Returned{At: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)}},
	} {
		t.Run(name, func(t *testing.T) {
			_, merr := json.Marshal(&task)
			require.Error(t, merr)
			out, err := task.AppendJSON([]byte("kept"))
			assert.Error(t, err)
			assert.Equal(t, "kept", string(out), "a failed append leaves dst as it was")
		})
	}
}

func benchTask() *ledger.Task {
	return &ledger.Task{ID: 123456, ProblemID: 4567, BatchID: 2, BranchID: 88, Description: "完善并公示三会一课记录，建立台账", Kind: ledger.KindDeadline,
		OwnerID: 99, OwnerName: "张三", LeadDept: "组织部", DueOn: 20270630, WarnDays: 7, Status: ledger.StatusInProgress, Percent: 40,
		CreatedOn: 20261201, LastReportOn: 20261203, CreatedAt: time.Now().UTC(), UpdatedAt: time.Now().UTC(), Light: ledger.LightGreen}
}

func BenchmarkTaskJSON(b *testing.B) {
	task := benchTask()
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			_, _ = json.Marshal(task)
		}
	})
	b.Run("AppendJSON", func(b *testing.B) {
		buf := make([]byte, 0, 1024)
		for b.Loop() {
			buf, _ = task.AppendJSON(buf[:0])
		}
	})
}
