package ledger_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

func TestParseDateAcceptsRealDates(t *testing.T) {
	tests := []struct {
		in   string
		want ledger.Date
	}{
		{"2026-11-26", 20261126},
		{"2024-02-29", 20240229},
		{"1900-01-01", 19000101},
		{"9999-12-31", 99991231},
	}
	for _, tt := range tests {
		t.Run(tt.in+" is a date", func(t *testing.T) {
			got, err := ledger.ParseDate(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.in, got.String())
		})
	}
}

func TestParseDateRejectsWhatIsNotADate(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"30 February does not exist", "2023-02-30"},
		{"29 February does not exist in a common year", "2023-02-29"},
		{"there is no 13th month", "2023-13-01"},
		{"there is no day 0", "2023-01-00"},
		{"slashes are not the API format", "2023/01/01"},
		{"an empty string is not a date", ""},
		{"single-digit month and day are refused", "2026-1-5"},
		{"a timestamp is not a date", "2026-11-26T00:00:00Z"},
		{"surrounding spaces are refused", " 2026-11-26"},
		{"years before 1900 are refused", "1899-12-31"},
		{"a Chinese date is for display only", "2026年11月26日"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ledger.ParseDate(tt.in)
			assert.Error(t, err)
			assert.True(t, got.IsZero(), "a refused date must come back unset, got %v", got)
		})
	}
}

type dated struct {
	DueOn ledger.Date `json:"due_on"`
}

func TestDateJSON(t *testing.T) {
	t.Run("a date is written as YYYY-MM-DD and read back unchanged", func(t *testing.T) {
		b, err := json.Marshal(dated{DueOn: day("2026-11-26")})
		require.NoError(t, err)
		assert.JSONEq(t, `{"due_on":"2026-11-26"}`, string(b))

		var back dated
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, day("2026-11-26"), back.DueOn)
	})
	t.Run("an unset date is written as null", func(t *testing.T) {
		b, err := json.Marshal(dated{})
		require.NoError(t, err)
		assert.JSONEq(t, `{"due_on":null}`, string(b))
	})
	for _, in := range []string{`{"due_on":null}`, `{"due_on":""}`} {
		t.Run(in+" clears a date that was set", func(t *testing.T) {
			v := dated{DueOn: day("2026-11-26")}
			require.NoError(t, json.Unmarshal([]byte(in), &v))
			assert.True(t, v.DueOn.IsZero())
		})
	}
	for _, in := range []string{`{"due_on":"2023-02-30"}`, `{"due_on":"2023/01/01"}`, `{"due_on":20261126}`, `{"due_on":true}`} {
		t.Run(in+" is refused", func(t *testing.T) {
			var v dated
			assert.Error(t, json.Unmarshal([]byte(in), &v))
		})
	}
}

func TestDateAddDays(t *testing.T) {
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{"one day later within a month", "2026-11-26", 1, "2026-11-27"},
		{"across the end of November", "2026-11-30", 1, "2026-12-01"},
		{"across the end of the year", "2026-12-31", 1, "2027-01-01"},
		{"back across the start of the year", "2027-01-01", -1, "2026-12-31"},
		{"onto a leap day", "2024-02-28", 1, "2024-02-29"},
		{"over a leap day", "2024-02-28", 2, "2024-03-01"},
		{"past February in a common year", "2023-02-28", 1, "2023-03-01"},
		{"a 90-day 回头看 after closing", "2026-11-26", 90, "2027-02-24"},
		{"zero days is the same day", "2026-11-26", 0, "2026-11-26"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, day(tt.want), day(tt.from).AddDays(tt.n))
		})
	}
}

func TestDateDaysUntil(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		want     int
	}{
		{"a week ahead is 7", "2026-11-26", "2026-12-03", 7},
		{"a week back is -7", "2026-12-03", "2026-11-26", -7},
		{"the same day is 0", "2026-11-26", "2026-11-26", 0},
		{"across the new year", "2026-12-31", "2027-01-01", 1},
		{"a leap year has 366 days", "2024-01-01", "2025-01-01", 366},
		{"a common year has 365 days", "2026-01-01", "2027-01-01", 365},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, day(tt.from).DaysUntil(day(tt.to)))
		})
	}
}

func TestDateFormatting(t *testing.T) {
	tests := []struct {
		name             string
		d                ledger.Date
		chinese, iso8601 string
	}{
		{"a date is shown as 2026年11月26日", day("2026-11-26"), "2026年11月26日", "2026-11-26"},
		{"month and day are not zero-padded in Chinese", day("2026-01-05"), "2026年1月5日", "2026-01-05"},
		{"an unset date shows nothing", 0, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.chinese, tt.d.Chinese())
			assert.Equal(t, tt.iso8601, tt.d.String())
		})
	}
}

func TestDateOrder(t *testing.T) {
	t.Run("dates compare in calendar order across months and years", func(t *testing.T) {
		assert.Less(t, day("2026-11-30"), day("2026-12-01"))
		assert.Less(t, day("2026-12-31"), day("2027-01-01"))
	})
}

func TestDateOf(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*60*60)
	t.Run("an evening in UTC is already the next day in Beijing", func(t *testing.T) {
		instant := time.Date(2026, 11, 25, 17, 0, 0, 0, time.UTC)
		assert.Equal(t, day("2026-11-25"), ledger.DateOf(instant))
		assert.Equal(t, day("2026-11-26"), ledger.DateOf(instant.In(shanghai)))
	})
	t.Run("Time gives midnight of the same calendar day", func(t *testing.T) {
		assert.Equal(t, time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), day("2026-11-26").Time())
	})
}
