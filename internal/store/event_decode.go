package store

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"rectify/internal/ledger"
)

// decodeEventJSON fills the zero record r from an event's JSON without
// reflection, when the JSON is the compact form the writer produces
// (splitObject's): reading one event of a run means decoding the ones
// before it in the run to rebuild its link, and json.Unmarshal was most
// of that. It reports false for anything it does not take (an unknown
// or differently cased key, an escaped string, a number that is not a
// plain integer) and then the caller uses json.Unmarshal, so the record
// is always what Unmarshal would give.
func decodeEventJSON(raw []byte, r *eventRecord) bool {
	m, ok := splitObject(raw)
	if !ok || m == nil || !distinctKeys(raw, m) {
		return false
	}
	var out eventRecord
	for k, v := range m {
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
			out.Old, ok = splitObject(v)
		case "new":
			out.New, ok = splitObject(v)
		case "data":
			out.Data, ok = v, true // a copy: splitObject copied raw
		}
		if !ok {
			return false
		}
	}
	*r = out
	return true
}

// distinctKeys tells whether the object raw, split into m, named no key
// twice: the map kept only the last value, where Unmarshal into a struct
// decodes each in turn and fails on a bad first one. The object is then
// exactly its braces, commas and each member ("key":value, the key
// unescaped) once.
func distinctKeys(raw []byte, m map[string]json.RawMessage) bool {
	n := 2 + max(len(m)-1, 0)
	for k, v := range m {
		n += len(k) + 3 + len(v)
	}
	return n == len(raw)
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
