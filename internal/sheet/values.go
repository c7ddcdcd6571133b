package sheet

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"rectify/internal/ledger"
)

// fold turns full-width digits and date punctuation into ASCII and drops
// white space, so 2023／6／30 and ２０２３年６月 read like their plain forms.
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９':
			b.WriteRune(r - '０' + '0')
		case r == '－' || r == '—' || r == '–':
			b.WriteRune('-')
		case r == '／':
			b.WriteRune('/')
		case r == '．':
			b.WriteRune('.')
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u3000' || r == '\u00a0':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

var (
	reYMD     = regexp.MustCompile(`(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?`)
	reCompact = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	reYM      = regexp.MustCompile(`(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:月份?)?(?:底|末|前|$)`)
	reYearEnd = regexp.MustCompile(`(\d{4})年?(?:年底|年末|底|末)`)
	reHalf    = regexp.MustCompile(`(\d{4})年?([上下])半年`)
	reQuarter = regexp.MustCompile(`(\d{4})年?第?([一二三四1234])季度`)
	reSerial  = regexp.MustCompile(`^\d{1,7}(\.\d+)?$`)
)

// dueValue is what a 整改时限 cell says: a date, a kind, or both.
type dueValue struct {
	Date ledger.Date
	Kind ledger.Kind // "" when the cell names no kind
}

// parseDue reads a 整改时限 cell. raw is the cell's unformatted value, a
// serial number when the cell holds a real Excel date.
func parseDue(text, raw string, date1904 bool) (dueValue, bool) {
	s := fold(text)
	var v dueValue
	switch {
	case strings.Contains(s, "立行立改") || strings.Contains(s, "立即整改"):
		v.Kind = ledger.KindImmediate
	case strings.Contains(s, "长期坚持") || strings.Contains(s, "长期"):
		v.Kind = ledger.KindLongTerm
	}
	d, ok := parseDate(text, raw, date1904)
	if ok {
		v.Date = d
		return v, true
	}
	// A kind alone is a complete answer; a kind with an unreadable date
	// next to it is not.
	return v, v.Kind != "" && !hasDigits(s)
}

// parseDate reads a date cell: a real Excel date, 2023-06-30, 2023/6/30,
// 2023.6.30, 20230630, 2023年6月30日, 2023年6月(底), 2023年底, 2023年上半年,
// 2023年第二季度; trailing words such as 前 or 完成 are ignored.
func parseDate(text, raw string, date1904 bool) (ledger.Date, bool) {
	// A number is a real Excel date unless it only makes sense as text
	// typed into a number cell, such as 2023.6 for June 2023.
	if d, ok := serialDate(strings.TrimSpace(raw), date1904); ok {
		return d, true
	}
	s := fold(text)
	if m := reYMD.FindStringSubmatch(s); m != nil {
		return checked(atoi(m[1]), atoi(m[2]), atoi(m[3]))
	}
	if m := reCompact.FindStringSubmatch(s); m != nil {
		return checked(atoi(m[1]), atoi(m[2]), atoi(m[3]))
	}
	if m := reYM.FindStringSubmatch(s); m != nil {
		return monthEnd(atoi(m[1]), atoi(m[2]))
	}
	if m := reYearEnd.FindStringSubmatch(s); m != nil {
		return checked(atoi(m[1]), 12, 31)
	}
	if m := reHalf.FindStringSubmatch(s); m != nil {
		return monthEnd(atoi(m[1]), map[string]int{"上": 6, "下": 12}[m[2]])
	}
	if m := reQuarter.FindStringSubmatch(s); m != nil {
		q := strings.Index("一二三四", m[2])/len("一") + 1
		if n, err := strconv.Atoi(m[2]); err == nil {
			q = n
		}
		return monthEnd(atoi(m[1]), q*3)
	}
	return 0, false
}

func serialDate(raw string, date1904 bool) (ledger.Date, bool) {
	if !reSerial.MatchString(raw) {
		return 0, false
	}
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || f < 1 {
		return 0, false
	}
	t, err := excelize.ExcelDateToTime(f, date1904)
	if err != nil {
		return 0, false
	}
	return checked(t.Year(), int(t.Month()), t.Day())
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// checked builds a date, refusing ones that do not exist or lie outside
// the years a ledger can mean.
func checked(y, m, d int) (ledger.Date, bool) {
	if y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 {
		return 0, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return 0, false
	}
	return ledger.DateOf(t), true
}

func monthEnd(y, m int) (ledger.Date, bool) {
	if m < 1 || m > 12 {
		return 0, false
	}
	return checked(y, m, time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day())
}

func hasDigits(s string) bool { return strings.ContainsAny(s, "0123456789") }

// parseKind reads a 整改类型 cell.
func parseKind(s string) (ledger.Kind, bool) {
	s = fold(s)
	if k, ok := ledger.KindFromLabel(s); ok {
		return k, true
	}
	switch s {
	case "立即整改", "即知即改":
		return ledger.KindImmediate, true
	case "限期完成", "限时整改", "限期":
		return ledger.KindDeadline, true
	case "长期整改", "持续整改", "长期":
		return ledger.KindLongTerm, true
	}
	return "", false
}

var statusWords = map[string]ledger.Status{
	"": ledger.StatusOpen, "未开始": ledger.StatusOpen, "未完成": ledger.StatusOpen, "未整改": ledger.StatusOpen, "未启动": ledger.StatusOpen,
	"整改中": ledger.StatusInProgress, "正在整改": ledger.StatusInProgress, "推进中": ledger.StatusInProgress,
	"持续推进": ledger.StatusInProgress, "进行中": ledger.StatusInProgress, "部分完成": ledger.StatusInProgress,
	"基本完成": ledger.StatusInProgress, "长期坚持": ledger.StatusInProgress, "持续整改": ledger.StatusInProgress,
	"待审核": ledger.StatusSubmitted, "已提交": ledger.StatusSubmitted, "待销号": ledger.StatusSubmitted, "申请销号": ledger.StatusSubmitted,
	"已销号": ledger.StatusClosed, "已完成": ledger.StatusClosed, "完成": ledger.StatusClosed, "已整改": ledger.StatusClosed,
	"已整改到位": ledger.StatusClosed, "整改完成": ledger.StatusClosed, "已办结": ledger.StatusClosed, "办结": ledger.StatusClosed,
	"销号": ledger.StatusClosed, "已完成整改": ledger.StatusClosed,
}

// formatStatus writes a 完成情况 cell: the status, and what a reader must
// not miss about it, 已退回 or 逾期提交 N 天, in brackets that parseStatus
// skips, so an exported ledger imports again.
func formatStatus(t *ledger.Task) string {
	switch {
	case t.Returned != nil:
		return t.Status.Label() + "（已退回）"
	case t.LateSubmissionDays() > 0:
		return fmt.Sprintf("%s（逾期提交%d天）", t.Status.Label(), t.LateSubmissionDays())
	}
	return t.Status.Label()
}

var reStatusNote = regexp.MustCompile(`^(.+?)\s*[（(][^（()）]*[）)]$`)

// parseStatus reads a 完成情况 cell; a bracketed note after the status
// (formatStatus) is skipped.
func parseStatus(s string) (ledger.Status, bool) {
	s = strings.Trim(fold(s), "。.；;")
	if m := reStatusNote.FindStringSubmatch(s); m != nil {
		s = m[1]
	}
	if st, ok := statusWords[s]; ok {
		return st, true
	}
	if ledger.Status(s).Valid() {
		return ledger.Status(s), true
	}
	return "", false
}

// formatLeadDept writes the lead department with any supporting ones in
// brackets, the way ledgers usually show them.
func formatLeadDept(lead string, support []string) string {
	if len(support) == 0 {
		return lead
	}
	return lead + "（配合：" + strings.Join(support, "、") + "）"
}

var reSupport = regexp.MustCompile(`^(.*?)[（(]配合(?:部门|单位)?[:：](.*)[）)]$`)

// parseLeadDept splits "办公室（配合：组织部、宣传部）".
func parseLeadDept(s string) (string, []string) {
	s = strings.TrimSpace(s)
	if m := reSupport.FindStringSubmatch(s); m != nil {
		return strings.TrimSpace(m[1]), splitList(m[2])
	}
	return s, nil
}

// splitList splits a list of names separated by 、，,；; or new lines.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、，,；;\n", r) }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// formatReviews writes a task's 回头看, one per line; look-backs dropped
// because the task was reopened by other means are left out.
func formatReviews(rs []*ledger.Review) string {
	var lines []string
	for _, r := range rs {
		switch {
		case !r.Done:
			lines = append(lines, "待回头看（"+r.DueOn.Chinese()+"）")
		case r.Outcome == ledger.OutcomeConsolidated || r.Outcome == ledger.OutcomeRebound:
			l := outcomeLabel[r.Outcome] + "（" + r.DecidedOn.Chinese() + "）"
			if r.Note != "" {
				l += "：" + r.Note
			}
			if !r.NewDueOn.IsZero() {
				l += "；重新整改时限" + r.NewDueOn.Chinese()
			}
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

var outcomeLabel = map[ledger.ReviewOutcome]string{ledger.OutcomeConsolidated: "巩固", ledger.OutcomeRebound: "反弹"}

// where names a sheet row for a user.
func where(row int) string { return fmt.Sprintf("第%d行", row) }

// ParseDate reads a date written the ways ledgers write them (see
// parseDate), for drafts edited by hand.
func ParseDate(s string) (ledger.Date, bool) { return parseDate(s, "", false) }

// ParseKind reads a kind written as its code or Chinese name.
func ParseKind(s string) (ledger.Kind, bool) { return parseKind(s) }
