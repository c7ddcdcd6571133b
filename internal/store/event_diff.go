package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"rectify/internal/ledger"
)

// diffRecords lists the top-level JSON fields that differ between before
// and after, sorted by name. A nil side is an absent record (a creation
// or a deletion), whose fields are all absent.
func diffRecords(before, after any) []ledger.Change {
	return diffFields(fieldsOf(rawOrNull(before)), fieldsOf(rawOrNull(after)))
}

func diffFields(b, a map[string]json.RawMessage) []ledger.Change {
	names := make([]string, 0, len(b)+len(a))
	for k := range b {
		names = append(names, k)
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	var out []ledger.Change
	for _, k := range names {
		o, n := b[k], a[k]
		if bytes.Equal(o, n) {
			continue
		}
		out = append(out, ledger.Change{Field: k, Old: o, New: n})
	}
	return out
}

// fieldsOf splits a JSON object into its fields; null is no fields.
func fieldsOf(raw json.RawMessage) map[string]json.RawMessage {
	if m, ok := splitObject(raw); ok {
		return m
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		// Every payload is a marshalled struct; failure is a programming error.
		panic(fmt.Sprintf("store: event payload is not an object: %v", err))
	}
	return m
}

func rawOrNull(v any) json.RawMessage {
	switch x := v.(type) {
	case nil:
		return json.RawMessage("null")
	case json.RawMessage:
		return x
	case *ledger.Task:
		if x == nil {
			return json.RawMessage("null")
		}
		c := *x
		c.Light = "" // a light is today's view, not part of the record
		if b, err := c.AppendJSON(nil); err == nil {
			return b // Marshal's bytes (ledger's TestAppendJSONEqualsEncodingJSON), without reflection
		}
		v = &c
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("store: marshal event payload %T: %v", v, err))
	}
	return b
}

// replay fills Before and After of events given oldest first by applying
// each event's changes to the state its record had after the previous
// one. A change's old value is authoritative for its field, so a record
// whose creation is not on the trail (a 回头看 is scheduled, not created
// by an action) still shows what each event changed. An event with Data
// changes nothing: its after is its before.
func replay(evs []*ledger.Event) { replayFrom(map[string]map[string]json.RawMessage{}, evs) }

// replayFrom is replay starting from the given states by recordKey.
func replayFrom(state map[string]map[string]json.RawMessage, evs []*ledger.Event) {
	for _, e := range evs {
		k := recordKey(e)
		before := withChanges(state[k], e.Changes, func(c ledger.Change) json.RawMessage { return c.Old })
		after := withChanges(before, e.Changes, func(c ledger.Change) json.RawMessage { return c.New })
		if e.Entity == "task" && e.Data == nil && len(after) > 0 {
			after["updated_at"] = timeJSON(e.At) // see newEventRecord
		}
		e.Before, e.After = objectOrNull(before), objectOrNull(after)
		state[k] = after
	}
}

// withChanges is a copy of m with each changed field set to side(c), or
// removed where that side is absent.
func withChanges(m map[string]json.RawMessage, cs []ledger.Change, side func(ledger.Change) json.RawMessage) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(m)+len(cs))
	for f, v := range m {
		out[f] = v
	}
	for _, c := range cs {
		if v := side(c); v != nil {
			out[c.Field] = v
		} else {
			delete(out, c.Field)
		}
	}
	return out
}

func recordKey(e *ledger.Event) string { return e.Entity + ":" + strconv.FormatInt(e.EntityID, 10) }

func objectOrNull(m map[string]json.RawMessage) json.RawMessage {
	if len(m) == 0 {
		return json.RawMessage("null")
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(fmt.Sprintf("store: marshal replayed record: %v", err))
	}
	return b
}

func timeJSON(t time.Time) json.RawMessage {
	b, err := json.Marshal(t)
	if err != nil {
		panic(fmt.Sprintf("store: marshal time: %v", err))
	}
	return b
}
