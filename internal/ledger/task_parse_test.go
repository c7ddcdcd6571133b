package ledger_test

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

// randomTaskJSON is Marshal's JSON of a random task, or nil when Marshal
// refuses it (a time outside RFC 3339).
func randomTaskJSON(r *rand.Rand) []byte {
	var task ledger.Task
	fill(r, reflect.ValueOf(&task).Elem())
	raw, err := json.Marshal(&task)
	if err != nil {
		return nil
	}
	return raw
}

// sameAsUnmarshal checks ParseTaskJSON against json.Unmarshal on raw: it
// may decline anything, but what it accepts it must read as Unmarshal
// does, and it must not accept what Unmarshal refuses.
func sameAsUnmarshal(t *testing.T, raw []byte) (accepted bool) {
	t.Helper()
	var want, got ledger.Task
	werr := json.Unmarshal(raw, &want)
	ok := ledger.ParseTaskJSON(raw, &got)
	if !ok {
		return false
	}
	if assert.NoError(t, werr, "accepted what json.Unmarshal refuses: %q", raw) {
		assert.Equal(t, want, got, "read differently: %q", raw)
	}
	return true
}

func TestParseTaskJSONEqualsEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	accepted := 0
	for range 20000 {
		raw := randomTaskJSON(r)
		if raw == nil {
			continue
		}
		var want ledger.Task
		if json.Unmarshal(raw, &want) == nil {
			// Whatever Marshal writes and Unmarshal reads, the fast path reads.
			require.True(t, sameAsUnmarshal(t, raw), "declined Marshal's own output: %s", raw)
			accepted++
		} else {
			assert.False(t, sameAsUnmarshal(t, raw))
		}
		if t.Failed() {
			return
		}
	}
	assert.Greater(t, accepted, 1000, "enough random tasks had dates Unmarshal accepts")
}

func TestParseTaskJSONOfEdgeCases(t *testing.T) {
	for name, raw := range map[string]string{
		"an empty object":                 `{}`,
		"an empty list of departments":    `{"support_depts":[]}`,
		"escapes Marshal never writes":    `{"description":"a\/b \u0041 \uD83D\uDE00"}`,
		"a lone surrogate":                `{"description":"\ud800"}`,
		"invalid UTF-8":                   "{\"description\":\"\xff\"}",
		"a repeated key":                  `{"id":1,"id":2}`,
		"an unknown key":                  `{"id":1,"colour":"red"}`,
		"whitespace":                      `{ "id": 1 }`,
		"trailing bytes":                  `{"id":1} `,
		"a float":                         `{"id":1.5}`,
		"an exponent":                     `{"id":1e3}`,
		"a leading zero":                  `{"id":01}`,
		"a huge number":                   `{"id":123456789012345678901234}`,
		"a negative zero":                 `{"id":-0}`,
		"an empty date":                   `{"due_on":""}`,
		"a null date":                     `{"due_on":null}`,
		"February 30th":                   `{"due_on":"2026-02-30"}`,
		"February 29th of a leap year":    `{"due_on":"2028-02-29"}`,
		"a date before 1900":              `{"due_on":"1899-12-31"}`,
		"a null extension":                `{"extension":null}`,
		"an empty extension":              `{"extension":{}}`,
		"a returned without a time":       `{"returned":{"reason":"x","by":3}}`,
		"a time with an offset":           `{"created_at":"2026-12-04T10:00:00.123+08:00"}`,
		"a time that is not RFC 3339":     `{"created_at":"yesterday"}`,
		"a string where a number belongs": `{"id":"1"}`,
		"a raw tab in a string":           "{\"description\":\"a\tb\"}",
		"a truncated object":              `{"id":1,`,
		"a key with an escape":            `{"i\u0064":1}`,
	} {
		t.Run(name, func(t *testing.T) { sameAsUnmarshal(t, []byte(raw)) })
	}
}

// Damaged JSON (bytes changed, cut or repeated) must never be read
// differently from encoding/json.
func TestParseTaskJSONNeverDisagreesOnDamagedInput(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		raw := randomTaskJSON(r)
		if len(raw) < 2 {
			continue
		}
		switch i := r.IntN(len(raw)); r.IntN(3) {
		case 0:
			raw[i] = "\"\\{}[],:0123456789-nulltruefalse \x00\xff"[r.IntN(35)]
		case 1:
			raw = raw[:i]
		default:
			raw = append(raw[:i:i], raw[r.IntN(len(raw)):]...)
		}
		sameAsUnmarshal(t, raw)
		if t.Failed() {
			return
		}
	}
}

func FuzzParseTaskJSON(f *testing.F) {
	r := rand.New(rand.NewPCG(7, 8))
	for range 20 {
		if raw := randomTaskJSON(r); raw != nil {
			f.Add(raw)
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte) { sameAsUnmarshal(t, raw) })
}

func BenchmarkTaskDecode(b *testing.B) {
	raw, err := json.Marshal(benchTask())
	require.NoError(b, err)
	b.Run("encoding/json", func(b *testing.B) {
		for b.Loop() {
			var t ledger.Task
			_ = json.Unmarshal(raw, &t)
		}
	})
	b.Run("ParseTaskJSON", func(b *testing.B) {
		for b.Loop() {
			var t ledger.Task
			if !ledger.ParseTaskJSON(raw, &t) {
				b.Fatal("declined")
			}
		}
	})
}
