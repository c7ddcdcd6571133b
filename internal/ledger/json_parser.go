package ledger

import (
	"time"
	"unicode/utf8"
)

// jsonParser walks one canonical JSON value; every method reports false
// at the first byte it does not expect.
type jsonParser struct {
	b    []byte
	i    int
	seen uint64 // fields of the current object already read
}

// object reads {"key":value,...}, calling field after each key's colon;
// field reads the value.
func (p *jsonParser) object(field func(key []byte) bool) bool {
	if !p.next('{') {
		return false
	}
	if p.next('}') {
		return true
	}
	for {
		key, ok := p.plainString()
		if !ok || !p.next(':') || !field(key) {
			return false
		}
		if p.next(',') {
			continue
		}
		return p.next('}')
	}
}

// once marks field bit as read and refuses a repeated key, whose merging
// rules in encoding/json are not worth copying.
func (p *jsonParser) once(bit uint) bool {
	if p.seen&(1<<bit) != 0 {
		return false
	}
	p.seen |= 1 << bit
	return true
}

func (p *jsonParser) next(c byte) bool {
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

func (p *jsonParser) literal(s string) bool {
	if len(p.b)-p.i >= len(s) && string(p.b[p.i:p.i+len(s)]) == s {
		p.i += len(s)
		return true
	}
	return false
}

func (p *jsonParser) bool() (bool, bool) {
	if p.literal("true") {
		return true, true
	}
	return false, p.literal("false")
}

// int64 reads an integer of at most 18 digits, which cannot overflow.
func (p *jsonParser) int64() (int64, bool) {
	neg := p.next('-')
	start := p.i
	var n int64
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' && p.i-start < 18 {
		n = n*10 + int64(p.b[p.i]-'0')
		p.i++
	}
	digits := p.i - start
	if digits == 0 || (digits > 1 && p.b[start] == '0') || (p.i < len(p.b) && (p.b[p.i] >= '0' && p.b[p.i] <= '9' || p.b[p.i] == '.' || p.b[p.i] == 'e' || p.b[p.i] == 'E')) {
		return 0, false
	}
	if neg {
		n = -n
	}
	return n, true
}

func (p *jsonParser) int() (int, bool) {
	n, ok := p.int64()
	return int(n), ok
}

// plainString reads a string without escapes (a key, a date, a time),
// returning its bytes without the quotes.
func (p *jsonParser) plainString() ([]byte, bool) {
	if !p.next('"') {
		return nil, false
	}
	start := p.i
	for p.i < len(p.b) {
		switch c := p.b[p.i]; {
		case c == '"':
			p.i++
			return p.b[start : p.i-1], true
		case c == '\\' || c < 0x20:
			return nil, false
		}
		p.i++
	}
	return nil, false
}

// string reads a string, undoing the escapes Marshal writes. Input that
// Marshal could not have written (invalid UTF-8, a surrogate escape, a
// raw control byte) is refused rather than repaired.
func (p *jsonParser) string() (string, bool) {
	if !p.next('"') {
		return "", false
	}
	start, ascii := p.i, true
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			s := p.b[start:p.i]
			p.i++
			if !ascii && !utf8.Valid(s) {
				return "", false
			}
			return string(s), true
		case c == '\\':
			return p.escapedString(start)
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
		}
		p.i++
	}
	return "", false
}

// escapedString continues string at its first backslash.
func (p *jsonParser) escapedString(start int) (string, bool) {
	out := append(make([]byte, 0, 2*(p.i-start)+16), p.b[start:p.i]...)
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			if !utf8.Valid(out) {
				return "", false
			}
			return string(out), true
		case c < 0x20:
			return "", false
		case c != '\\':
			out = append(out, c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.b) {
			return "", false
		}
		switch e := p.b[p.i+1]; e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(p.b[p.i+2:])
			if !ok || utf8.RuneLen(r) < 0 { // surrogates: Marshal never writes them
				return "", false
			}
			out = utf8.AppendRune(out, r)
			p.i += 4
		default:
			return "", false
		}
		p.i += 2
	}
	return "", false
}

func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// date reads null or "YYYY-MM-DD" as Date.UnmarshalJSON does.
func (p *jsonParser) date() (Date, bool) {
	if p.literal("null") {
		return 0, true
	}
	start := p.i
	s, ok := p.plainString()
	if !ok {
		return 0, false
	}
	if d, ok := quickDate(s); ok {
		return d, true
	}
	var d Date
	return d, d.UnmarshalJSON(p.b[start:p.i]) == nil
}

// quickDate reads a well-formed YYYY-MM-DD of an existing day from 1900
// on, the only dates ParseDate accepts, without time.Parse.
func quickDate(s []byte) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	n := 0
	for i, c := range s {
		if i == 4 || i == 7 {
			continue
		}
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	y, m, d := n/10000, n/100%100, n%100
	if y < 1900 || m < 1 || m > 12 || d < 1 || d > time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return 0, false
	}
	return Date(n), true
}

// time reads a time as time.Time's UnmarshalJSON does.
func (p *jsonParser) time() (time.Time, bool) {
	start := p.i
	if _, ok := p.plainString(); !ok {
		return time.Time{}, false
	}
	var t time.Time
	return t, t.UnmarshalJSON(p.b[start:p.i]) == nil
}

func (p *jsonParser) strings() ([]string, bool) {
	if !p.next('[') {
		return nil, false
	}
	out := []string{}
	if p.next(']') {
		return out, true
	}
	for {
		s, ok := p.string()
		if !ok {
			return nil, false
		}
		out = append(out, s)
		if p.next(']') {
			return out, true
		}
		if !p.next(',') {
			return nil, false
		}
	}
}
