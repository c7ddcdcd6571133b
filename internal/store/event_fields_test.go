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

// unmarshalFields is what fieldsOf did before splitObject: the reference.
func unmarshalFields(raw []byte) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	err := json.Unmarshal(raw, &m)
	return m, err
}

func TestSplitObjectReadsWhatUnmarshalReads(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	texts := []string{"", `引号"和\\反斜杠`, "{不是,对象}", "[1,2]", "a\nb", "<&>", "\u2028", "逗号,冒号:"}
	text := func() string { return texts[r.IntN(len(texts))] }
	var inputs []string
	for range 2000 {
		task := ledger.Task{ID: r.Int64N(1e6), Description: text(), Remark: text(), OwnerName: text(), DueOn: 20260101 + ledger.Date(r.IntN(28)),
			CreatedAt: time.Unix(r.Int64N(2e9), r.Int64N(1e9)).UTC()}
		if r.IntN(2) == 0 {
			task.SupportDepts = []string{text(), text()}
			task.Extension = &ledger.Extension{Reason: text(), DueOn: 20270101}
		}
		b, err := json.Marshal(&task)
		require.NoError(t, err)
		inputs = append(inputs, string(b))
		nested, err := json.Marshal(map[string]any{"a": []any{1, text(), map[string]any{"b": nil, "c": text()}}, "d": 1.5e-3, "e": true, text(): text()})
		require.NoError(t, err)
		inputs = append(inputs, string(nested))
	}
	inputs = append(inputs, `null`, `{}`, `[]`, `"x"`, `{"a":1,"a":2}`, `{ "a": 1 }`, `{"a":1} `, `{"a\u0062":1}`, `{"a":[1, 2]}`,
		`{"a":1,}`, `{"a":`, `{"a":"unterminated}`, "{\"\xff\":1}", `{"a":{"b":{"c":[[],{}]}},"z":"}"}`)
	for _, in := range inputs {
		want, werr := unmarshalFields([]byte(in))
		got, ok := splitObject([]byte(in))
		if !ok {
			continue // fieldsOf falls back to Unmarshal itself
		}
		require.NoError(t, werr, "accepted what Unmarshal refuses: %s", in)
		require.Equal(t, want, got, in)
	}
	for i := 0; i < 200; i += 2 { // the tasks: struct keys are plain
		_, ok := splitObject([]byte(inputs[i]))
		assert.True(t, ok, "Marshal's own output takes the fast path: %s", inputs[i])
	}
}

// The event of a change records the same fields, old and new, as before
// the fast paths: its bytes are hashed into the chain.
func TestTaskEventChangesAreWhatEncodingJSONGives(t *testing.T) {
	before := &ledger.Task{ID: 7, Description: `旧 "描述"`, DueOn: 20260430, Status: ledger.StatusOpen, Light: ledger.LightRed,
		CreatedAt: time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)}
	after := before.Clone()
	after.Description, after.Status, after.Percent = "新描述 <b>", ledger.StatusInProgress, 40
	after.SupportDepts = []string{"宣传部"}
	reference := func(v *ledger.Task) map[string]json.RawMessage {
		c := *v
		c.Light = ""
		raw, err := json.Marshal(&c)
		require.NoError(t, err)
		m, err := unmarshalFields(raw)
		require.NoError(t, err)
		return m
	}
	assert.Equal(t, diffFields(nil, reference(after)), diffRecords(nil, after), "a creation")
	assert.Equal(t, diffFields(reference(before), reference(after)), diffRecords(before, after), "a change")
}
