package store

import (
	"encoding/binary"
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"rectify/internal/ledger"
)

// Scalars of the packed codec: the JSON spelling of strings, dates and
// times, and their recognition. Every packed form is chosen only after
// checking that it unpacks to the very bytes it came from, so the
// recognizers may be strict or loose without risking a record: what they
// miss is kept as written.

// stringValue is the value of the JSON string literal lit (quotes
// included) if appendJSONString spells that value exactly as lit. The
// common case, a literal with nothing escaped, is its own value and
// allocates nothing.
func stringValue(lit []byte) ([]byte, bool) {
	body := lit[1 : len(lit)-1]
	if plainJSONString(body) {
		return body, true
	}
	var s string
	if json.Unmarshal(lit, &s) != nil {
		return nil, false
	}
	var buf [128]byte
	return []byte(s), string(ledger.AppendJSONString(buf[:0], s)) == string(lit)
}

// plainJSONString reports whether appendJSONString writes body as it is.
func plainJSONString[T ~string | ~[]byte](body T) bool {
	for i := 0; i < len(body); {
		c := body[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '\\' || c == '"' || c == '<' || c == '>' || c == '&' {
				return false
			}
			i++
			continue
		}
		// A non-escaping conversion of at most four bytes does not allocate.
		r, size := utf8.DecodeRuneInString(string(body[i:min(i+utf8.UTFMax, len(body))]))
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return false // escaped by encoding/json
		}
		i += size
	}
	return true
}

// daysFromCivil is the number of days from 1970-01-01 to y-m-d in the
// proleptic Gregorian calendar (H. Hinnant's algorithm).
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays reverses daysFromCivil.
func civilFromDays(z int64) (y, m, d int64) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	y = yoe + era*400
	if m <= 2 {
		y++
	}
	return y, m, d
}

// dateDays reads a "YYYY-MM-DD" body as days from 1970-01-01.
func dateDays[T ~string | ~[]byte](s T) (int64, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	num := func(b T) int64 {
		n := int64(0)
		for i := 0; i < len(b); i++ {
			if b[i] < '0' || b[i] > '9' {
				return -1
			}
			n = n*10 + int64(b[i]-'0')
		}
		return n
	}
	y, m, d := num(s[:4]), num(s[5:7]), num(s[8:])
	if y < 0 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false
	}
	days := daysFromCivil(y, m, d)
	if yy, mm, dd := civilFromDays(days); yy != y || mm != m || dd != d {
		return 0, false // 2026-02-30
	}
	return days, true
}

// appendDateJSON writes `"YYYY-MM-DD"` for days from 1970-01-01.
func appendDateJSON(b []byte, days int64) []byte {
	y, m, d := civilFromDays(days)
	b = append(b, '"', byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
	return append(b, '"')
}

// packedTime is a time stamp as the codec keeps it.
type packedTime struct {
	sec    int64
	nsec   int64
	offset int // seconds east of UTC; only with zoned
	zoned  bool
}

func (p packedTime) time() time.Time {
	t := time.Unix(p.sec, p.nsec)
	if p.zoned {
		return t.In(time.FixedZone("", p.offset))
	}
	return t.UTC()
}

// appendTimeJSON writes the time as encoding/json writes a time.Time.
func (p packedTime) appendJSON(b []byte) []byte {
	b = append(b, '"')
	b = p.time().AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// timeOf recognizes an RFC 3339 time literal (quotes included) that
// packs exactly.
func timeOf(lit []byte) (packedTime, bool) {
	if len(lit) < 22 || len(lit) > 40 || lit[11] != 'T' || lit[5] != '-' || lit[8] != '-' {
		return packedTime{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, string(lit[1:len(lit)-1]))
	if err != nil {
		return packedTime{}, false
	}
	_, off := t.Zone()
	p := packedTime{sec: t.Unix(), nsec: int64(t.Nanosecond()), offset: off, zoned: lit[len(lit)-2] != 'Z'}
	var buf [48]byte
	return p, string(p.appendJSON(buf[:0])) == string(lit)
}

func appendZigzag(b []byte, v int64) []byte { return binary.AppendVarint(b, v) }

// canonicalInt is the integer a number literal spells, if it is exactly
// strconv.FormatInt of it (no "-0", "01", "1.0", "1e3").
func canonicalInt(lit []byte) (int64, bool) {
	if len(lit) == 0 || len(lit) > 20 {
		return 0, false
	}
	n, err := strconv.ParseInt(string(lit), 10, 64)
	if err != nil {
		return 0, false
	}
	var buf [24]byte
	return n, string(strconv.AppendInt(buf[:0], n, 10)) == string(lit)
}
