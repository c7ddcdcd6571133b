package store

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// assertPackRoundTrip checks that doc packs and unpacks to its compact
// form byte for byte, so it decodes and hashes as before.
func assertPackRoundTrip(t *testing.T, doc []byte) []byte {
	t.Helper()
	var want bytes.Buffer
	require.NoError(t, json.Compact(&want, doc), "test input must be JSON: %q", doc)
	packed, err := packJSON(nil, doc)
	require.NoError(t, err, "pack %q", doc)
	got, err := unpackJSON(nil, packed)
	require.NoError(t, err, "unpack %q", doc)
	assert.Equal(t, want.String(), string(got), "round trip of %q", doc)
	return packed
}

func TestPackedRecordsUnpackToTheSameBytes(t *testing.T) {
	docs := []string{
		`null`, `true`, `false`, `0`, `127`, `128`, `-1`, `1.0`, `1e3`, `1E+3`, `-0`, `0.5`, `-0.0`,
		`9223372036854775807`, `-9223372036854775808`, `9223372036854775808`,
		`123456789012345678901234567890`, `""`, `"task"`, `"Task"`, `"closed"`,
		`"\u003c/script\u003e \u0026"`, `"<raw>&"`, `"a\/b"`, `"\u0041"`, `"\ud800"`, `"\u2028\u2029"`,
		"\"\u2028\"", `"line\nbreak\ttab\"quote\\slash"`, `"\b\f\u0001\u001f"`, `"\u0008"`, "\"\xff\xfe\"",
		`"整改措施5：健全制度，压实责任，按期完成整改"`, `"` + strings.Repeat("长", 100) + `"`,
		`"整改措施：按期完成（第1项）"`, `"①②③ — “引号” 《通知》 ㎡ ０９ é ߿"`, `"emoji 😀 mixed 整改"`, `"\ufffd整改"`,
		`"\u0080\u07ff\u2000\u206f\u2100\u27bf\u3000\u33ff\u3400\u4dbf\u4e00\u9fff\ufe30\ufe4f\uff00\uffef"`,
		`"\u007f\u0800\u1fff\u2070\u20ff\u27c0\u2fff\u4dc0\u4dff\ua000\ufe2f\ufe50\ufeff\ufff0\uffff"`,
		`"整改\n第二行\t<b>&"`, `"2026-08-28"`, `"2026-02-29"`, `"2028-02-29"`, `"0000-01-01"`, `"9999-12-31"`, `"1969-12-31"`,
		`"2026-8-28"`, `"2026-13-01"`, `"２０２６-08-28"`,
		`"2026-12-04T15:25:17.995170681Z"`, `"2026-12-04T15:25:17Z"`, `"0001-01-01T00:00:00Z"`,
		`"2026-12-04T15:25:17+08:00"`, `"2026-12-04T15:25:17.5-03:30"`, `"2026-12-04T15:25:17.100Z"`,
		`"2026-12-04T15:25:17+00:00"`, `"2026-12-04t15:25:17Z"`, `"2126-12-04T15:25:17Z"`, `"1900-01-01T00:00:00Z"`,
		`{}`, `[]`, `[[]]`, `{"a":{}}`, `[1,"x",null,{"id":3}]`,
		`{"id":1,"id":2}`, `{"id":1,"problem_id":2,"problem_id":3}`, `{"id":{"id":{"id":1,"due_on":null}},"new":{"at":"x"}}`, `{"\u0069d":5,"unknown key":"v","":0}`,
		` { "id" : 1 , "due_on" : "2026-08-28" , "x" : [ 1 , 2 ] } `,
	}
	for _, d := range docs {
		assertPackRoundTrip(t, []byte(d))
	}
}

func TestPackedFormIsSmallForKnownKeysDatesAndTimes(t *testing.T) {
	packed := assertPackRoundTrip(t, []byte(`{"due_on":"2026-08-28","created_at":"2026-12-04T15:25:17Z","status":"closed","percent":100}`))
	// tObject, key+tDate+2, key+tTime+4, key+common, key+small int, kEnd
	assert.Equal(t, 1+4+6+2+2+1, len(packed))
	// A task's fields, in its order: a shape, its bitmap (5 bytes for 33
	// fields) and the values, no key bytes.
	packed = assertPackRoundTrip(t, []byte(`{"id":1,"batch_id":2,"status":"open","percent":0,"on_time":false,"updated_at":"2026-12-04T15:25:17Z"}`))
	assert.Equal(t, 2+5+1+1+1+1+1+5, len(packed))
	// The same keys in another order are no shape's.
	packed = assertPackRoundTrip(t, []byte(`{"batch_id":2,"id":1,"status":"open","percent":0,"on_time":false,"updated_at":"2026-12-04T15:25:17Z"}`))
	assert.Equal(t, byte(tObject), packed[0])
}

func TestARepeatedTimeIsAReference(t *testing.T) {
	at := `"2026-12-04T15:25:17.995170681Z"`
	once := assertPackRoundTrip(t, []byte(`{"at":`+at+`}`))
	thrice := assertPackRoundTrip(t, []byte(`{"at":`+at+`,"items":[`+at+`,"2026-12-04T15:25:17Z"],"updated_at":`+at+`}`))
	assert.Equal(t, len(once)+(1+1+2+5+1)+(1+2), len(thrice), "key, array, ref, whole-second time, end; key, ref")
	assertPackRoundTrip(t, []byte(`{"a":"2026-12-04T15:25:17+08:00","b":"2026-12-04T07:25:17Z","c":"2026-12-04T15:25:17+08:00"}`))
}

func TestChineseTextTakesTwoBytesACharacter(t *testing.T) {
	packed := assertPackRoundTrip(t, []byte(`"整改措施5：健全制度，压实责任，按期完成整改"`))
	assert.Equal(t, 2+2*21+1, len(packed), "tag, length, 21 characters, one digit")
}

func TestTheCJKCodeCoversItsRangesOneToOne(t *testing.T) {
	n := 0
	for r := rune(0x80); r <= 0xffff; r++ {
		i := cjkIndex(r)
		if i < 0 {
			continue
		}
		n++
		back, ok := cjkRune(i)
		require.True(t, ok)
		require.Equal(t, r, back)
		require.Less(t, i, 1<<15)
	}
	assert.Equal(t, 32640, n)
}

func FuzzCJKCode(f *testing.F) {
	f.Add("整改措施5：健全制度")
	f.Fuzz(func(t *testing.T, s string) {
		b, ok := appendCJK(nil, []byte(s))
		if !ok {
			return
		}
		require.True(t, utf8.ValidString(s), "only valid UTF-8 is coded")
		back, err := appendFromCJK(nil, b)
		require.NoError(t, err)
		assert.Equal(t, s, string(back))
	})
}

func TestPackedRejectsWhatIsNotJSON(t *testing.T) {
	for _, d := range []string{``, `{`, `[1,`, `{"a"}`, `"open`, `tru`, `{"a":1}x`, `{"a":1,}`} {
		_, err := packJSON(nil, []byte(d))
		assert.Error(t, err, "%q", d)
	}
}

func TestCorruptPackedRecordsAreErrorsNotPanics(t *testing.T) {
	packed, err := packJSON(nil, []byte(`{"id":123456,"note":"进展","at":"2026-12-04T15:25:17.5Z","x":[1,"2",3.5]}`))
	require.NoError(t, err)
	for n := 0; n < len(packed); n++ {
		_, err := unpackJSON(nil, packed[:n])
		assert.Error(t, err, "truncated at %d", n)
	}
	for _, b := range [][]byte{{0xff, 0xff}, {tObject, 0xff}, {tString, 0xff, 0xff, 0xff, 0xff, 0x0f}, {tTimeNano, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}, {tTimeRef, 0},
		{tArray, tTime, 0, tTimeRef, 1, tEnd}, {tShape, 0xff, 0}, {tShape, 0, 1}} {
		_, err := unpackJSON(nil, b)
		assert.Error(t, err, "%x", b)
	}
}

// randomJSON builds a random JSON value from pieces chosen to hit every
// packed form and its edges.
func randomJSON(r *rand.Rand, depth int) any {
	strs := []string{"", "open", "a\"b", "<tag>", "\u2028", "\xff", "\x00\x1f", "2026-08-28", "2026-02-30",
		"2026-12-04T15:25:17.995170681Z", "2026-12-04T15:25:17+08:00", "整改", strings.Repeat("x", 60),
		"done", "\\", "\t\n", "\ufffd", "é"}
	switch n := r.IntN(10); {
	case n == 0 && depth < 4:
		m := map[string]any{}
		keys := append([]string{"id", "due_on", "new", "old", "weird key", "<k>", "batch_id", "status", "percent",
			"created_at", "entity_id", "at", "action"}, packedKeys[r.IntN(len(packedKeys))])
		for i := r.IntN(9); i > 0; i-- {
			m[keys[r.IntN(len(keys))]] = randomJSON(r, depth+1)
		}
		return m
	case n == 1 && depth < 4:
		a := make([]any, r.IntN(4))
		for i := range a {
			a[i] = randomJSON(r, depth+1)
		}
		return a
	case n == 2:
		return json.Number([]string{"1.0", "1e3", "-0", "0", "18446744073709551616", "-12", "3.25"}[r.IntN(7)])
	case n == 3:
		return r.Int64() >> r.IntN(64)
	case n == 4:
		return -r.Int64() >> r.IntN(64)
	case n == 5:
		return []any{nil, true, false}[r.IntN(3)]
	case n == 6:
		return time.Unix(r.Int64N(1<<35), r.Int64N(2)*r.Int64N(1e9)).In(time.FixedZone("", 60*(r.IntN(1500)-750)*r.IntN(2)))
	case n == 7:
		return ledger.Date(20000101 + r.IntN(80)*10000 + r.IntN(12)*100 + r.IntN(28))
	default:
		var b strings.Builder
		for i := r.IntN(4); i >= 0; i-- {
			b.WriteString(strs[r.IntN(len(strs))])
		}
		return b.String()
	}
}

func TestRandomJSONValuesRoundTripExactly(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		doc, err := json.Marshal(randomJSON(r, 0))
		require.NoError(t, err)
		assertPackRoundTrip(t, doc)
	}
}

func FuzzPackedCodec(f *testing.F) {
	for _, s := range []string{`{"id":1,"due_on":"2026-08-28"}`, `"\u003c"`, `[1.0,-0,1e3]`, `"2026-12-04T15:25:17+08:00"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		// Arbitrary bytes must unpack to an error or to something, never panic.
		_, _ = unpackJSON(nil, b)
		if !json.Valid(b) {
			return
		}
		packed := assertPackRoundTrip(t, b)
		assert.Equal(t, string(canonicalJSON(compactJSON(t, b))), string(canonicalJSON(mustUnpack(t, packed))))
	})
}

func compactJSON(t *testing.T, b []byte) []byte {
	var out bytes.Buffer
	require.NoError(t, json.Compact(&out, b))
	return out.Bytes()
}

func mustUnpack(t *testing.T, packed []byte) []byte {
	b, err := unpackJSON(nil, packed)
	require.NoError(t, err)
	return b
}
