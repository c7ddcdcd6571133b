package docimport

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// dateRule turns one way of writing a deadline into a date. year is the
// year written in the match, or 0 for "the document's year".
type dateRule struct {
	re   *regexp.Regexp
	date func(m []int, year int) (y, mo, d int)
}

// dateRules are tried in order, most specific first.
var dateRules = []dateRule{
	{regexp.MustCompile(`([0-9]{4})\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日`), func(m []int, _ int) (int, int, int) { return m[0], m[1], m[2] }},
	{regexp.MustCompile(`([0-9]{4})[-./]([0-9]{1,2})[-./]([0-9]{1,2})`), func(m []int, _ int) (int, int, int) { return m[0], m[1], m[2] }},
	{regexp.MustCompile(`([0-9]{4})\s*年\s*([0-9]{1,2})\s*月`), func(m []int, _ int) (int, int, int) { return m[0], m[1], 0 }},
	{regexp.MustCompile(`([0-9]{4})\s*年\s*第?([1-4])\s*季度`), func(m []int, _ int) (int, int, int) { return m[0], m[1] * 3, 0 }},
	{regexp.MustCompile(`([0-9]{4})\s*年\s*上半年`), func(m []int, _ int) (int, int, int) { return m[0], 6, 0 }},
	{regexp.MustCompile(`([0-9]{4})\s*年\s*(?:下半年|底|末|度)`), func(m []int, _ int) (int, int, int) { return m[0], 12, 31 }},
	{regexp.MustCompile(`([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日`), func(m []int, y int) (int, int, int) { return y, m[0], m[1] }},
	{regexp.MustCompile(`([0-9]{1,2})\s*月\s*(?:底|末)`), func(m []int, y int) (int, int, int) { return y, m[0], 0 }},
	{regexp.MustCompile(`上半年`), func(_ []int, y int) (int, int, int) { return y, 6, 0 }},
	{regexp.MustCompile(`下半年|年底|年末`), func(_ []int, y int) (int, int, int) { return y, 12, 31 }},
}

// quarterWords lets 第一季度 match the digit rule above.
var quarterWords = strings.NewReplacer("一季度", "1季度", "二季度", "2季度", "三季度", "3季度", "四季度", "4季度")

// dateIn finds the deadline in s and returns it as YYYY-MM-DD, or "" when
// there is none or it is not a real date. A month alone means its last
// day (2024年6月底 → 2024-06-30); year is used when s gives none.
func dateIn(s string, year int) string {
	s = quarterWords.Replace(s)
	for _, r := range dateRules {
		sub := r.re.FindStringSubmatch(s)
		if sub == nil {
			continue
		}
		nums := make([]int, 0, len(sub)-1)
		for _, v := range sub[1:] {
			n, _ := strconv.Atoi(v)
			nums = append(nums, n)
		}
		return formatDate(r.date(nums, year))
	}
	return ""
}

// formatDate formats a date, d == 0 meaning the last day of the month.
// Impossible dates (2023年2月30日) and years outside 1900–2100 give "".
func formatDate(y, m, d int) string {
	if y < 1900 || y > 2100 || m < 1 || m > 12 {
		return ""
	}
	if d == 0 {
		d = time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || d < 1 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}
