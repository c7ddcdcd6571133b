package store

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"unicode/utf8"

	"rectify/internal/ledger"
)

// decodeEventJSON fills the zero record r from an event's JSON without
// reflection, when the JSON is the compact form the writer produces:
// reading one event of a run means decoding the ones before it in the
// run to rebuild its link, and json.Unmarshal was most of that. It
// reports false for anything it does not take (a key unknown, differently
// cased or given twice, an escaped string, a number that is not a plain
// integer, whitespace) and then the caller uses json.Unmarshal, so the
// record is always what Unmarshal would give.
func decodeEventJSON(raw []byte, r *eventRecord) bool {
	if !json.Valid(raw) {
		return false
	}
	var out eventRecord
	var seen uint16 // bit i: eventKeys[i] was read
	ok := eachMember(raw, func(k string, v []byte) bool {
		i := slices.Index(eventKeys[:], k)
		if i < 0 || seen&(1<<i) != 0 {
			return false // unknown, or twice: Unmarshal would decode both, and may fail on the first
		}
		seen |= 1 << i
		ok := false
		switch k {
		case "entity":
			out.Entity, ok = plainString(v)
		case "entity_id":
			out.EntityID, ok = plainInt(v)
		case "task_id":
			out.TaskID, ok = plainInt(v)
		case "at":
			ok = out.At.UnmarshalJSON(v) == nil
		case "actor_id":
			out.ActorID, ok = plainInt(v)
		case "action":
			var s string
			s, ok = plainString(v)
			out.Action = ledger.Action(s)
		case "note":
			out.Note, ok = plainString(v)
		case "old":
			out.Old, ok = rawFields(v)
		case "new":
			out.New, ok = rawFields(v)
		case "data":
			out.Data, ok = bytes.Clone(v), true
		}
		return ok
	})
	if ok {
		*r = out
	}
	return ok
}

// eventKeys are the JSON names of eventRecord's fields.
var eventKeys = [...]string{"entity", "entity_id", "task_id", "at", "actor_id", "action", "note", "old", "new", "data"}

// rawFields is the object v as Unmarshal into a map of raw values gives
// it (the last of a repeated key wins there too), the values copied.
func rawFields(v []byte) (map[string]json.RawMessage, bool) {
	if string(v) == "null" {
		return nil, true
	}
	n := 0
	if !eachMember(v, func(string, []byte) bool { n++; return true }) {
		return nil, false
	}
	v = bytes.Clone(v)
	m := make(map[string]json.RawMessage, n)
	eachMember(v, func(k string, val []byte) bool { m[k] = val; return true })
	return m, true
}

// eachMember calls fn with each key and value of the compact, valid JSON
// object raw, and reports false if raw is not such an object (a key
// escaped or not ASCII, whitespace) or fn returned false.
func eachMember(raw []byte, fn func(k string, v []byte) bool) bool {
	if len(raw) < 2 || raw[0] != '{' {
		return false
	}
	if string(raw) == "{}" {
		return true
	}
	for i := 1; ; {
		if raw[i] != '"' {
			return false
		}
		end := i + 1
		for end < len(raw) && raw[end] != '"' && raw[end] != '\\' && raw[end] < utf8.RuneSelf {
			end++
		}
		if end+1 >= len(raw) || raw[end] != '"' || raw[end+1] != ':' {
			return false
		}
		start := end + 2
		stop, ok := valueEnd(raw, start)
		if !ok || !fn(string(raw[i+1:end]), raw[start:stop:stop]) {
			return false
		}
		switch {
		case stop < len(raw) && raw[stop] == ',':
			i = stop + 1
		case stop+1 == len(raw) && raw[stop] == '}':
			return true
		default:
			return false
		}
	}
}

// plainString is a JSON string without escapes, in valid UTF-8, which
// Unmarshal would return as its bytes.
func plainString(v []byte) (string, bool) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", false
	}
	s := v[1 : len(v)-1]
	if bytes.IndexByte(s, '\\') >= 0 || !utf8.Valid(s) {
		return "", false
	}
	return string(s), true
}

// plainInt is a JSON integer that fits int64.
func plainInt(v []byte) (int64, bool) {
	n, err := strconv.ParseInt(string(v), 10, 64)
	return n, err == nil
}
