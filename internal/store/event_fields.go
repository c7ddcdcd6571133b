package store

import (
	"encoding/json"
	"unicode/utf8"
)

// splitObject is json.Unmarshal into a map[string]json.RawMessage for the
// compact objects Marshal writes, which every event payload is: each
// event diffs two records, and the reflective decode into a map was most
// of that. It reports false for anything else (whitespace, an escaped or
// non-ASCII key, not an object), and fieldsOf then decodes as before.
// Invalid JSON is refused first, as Unmarshal refuses it.
func splitObject(raw []byte) (map[string]json.RawMessage, bool) {
	if string(raw) == "null" {
		return nil, true
	}
	if len(raw) < 2 || raw[0] != '{' || !json.Valid(raw) {
		return nil, false
	}
	raw = append([]byte(nil), raw...) // the values are copies, as Unmarshal's are
	m := make(map[string]json.RawMessage, 40)
	i := 1
	if raw[i] == '}' {
		return m, i+1 == len(raw)
	}
	for {
		if raw[i] != '"' {
			return nil, false
		}
		end := i + 1
		for end < len(raw) && raw[end] != '"' && raw[end] != '\\' && raw[end] < utf8.RuneSelf {
			end++
		}
		if end+1 >= len(raw) || raw[end] != '"' || raw[end+1] != ':' {
			return nil, false
		}
		key := string(raw[i+1 : end])
		start := end + 2
		stop, ok := valueEnd(raw, start)
		if !ok {
			return nil, false
		}
		m[key] = raw[start:stop:stop]
		switch {
		case stop < len(raw) && raw[stop] == ',':
			i = stop + 1
		case stop+1 == len(raw) && raw[stop] == '}':
			return m, true
		default:
			return nil, false
		}
	}
}

// valueEnd is the index of the comma or brace that ends the value
// starting at raw[i], in valid JSON; structural whitespace is refused.
func valueEnd(raw []byte, i int) (int, bool) {
	depth := 0
	for ; i < len(raw); i++ {
		switch raw[i] {
		case '"':
			for i++; i < len(raw) && raw[i] != '"'; i++ {
				if raw[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i, true
			}
			depth--
		case ',':
			if depth == 0 {
				return i, true
			}
		case ' ', '\t', '\n', '\r':
			return 0, false
		}
	}
	return 0, false
}
