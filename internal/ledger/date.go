package ledger

import (
	"bytes"
	"fmt"
	"strconv"
	"time"
)

// Date is a calendar date in the deployment's time zone, held as the
// integer yyyymmdd so that it compares, sorts and keys indexes directly.
// The zero Date means "not set".
type Date int32

// ParseDate parses YYYY-MM-DD and rejects dates that do not exist
// (2023-02-30) or lie outside years 1900–9999.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || t.Year() < 1900 {
		return 0, fmt.Errorf("%q is not a valid date (YYYY-MM-DD)", s)
	}
	return DateOf(t), nil
}

// DateOf returns the calendar date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date(y*10000 + int(m)*100 + d)
}

// Time returns midnight UTC of d; only differences and formatting use it.
func (d Date) Time() time.Time {
	return time.Date(int(d)/10000, time.Month(int(d)/100%100), int(d)%100, 0, 0, 0, 0, time.UTC)
}

// IsZero reports whether d is unset.
func (d Date) IsZero() bool { return d == 0 }

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// DaysUntil returns the number of days from d to other (negative if other
// is earlier).
func (d Date) DaysUntil(other Date) int {
	return int(other.Time().Sub(d.Time()).Hours() / 24)
}

// String formats d as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", int(d)/10000, int(d)/100%100, int(d)%100)
}

// Chinese formats d as 2026年11月26日 for the UI and documents.
func (d Date) Chinese() string {
	if d == 0 {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", int(d)/10000, int(d)/100%100, int(d)%100)
}

// MarshalJSON writes "YYYY-MM-DD", or null when unset.
func (d Date) MarshalJSON() ([]byte, error) {
	if d == 0 {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads "YYYY-MM-DD", "" or null, refusing impossible dates.
func (d *Date) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		*d = 0
		return nil
	}
	s, err := strconv.Unquote(string(b))
	if err != nil {
		return fmt.Errorf("a date must be a string YYYY-MM-DD")
	}
	if s == "" {
		*d = 0
		return nil
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
