package notify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxTitleRunes keeps a runaway title from crowding out the items; robot
// notifications show about this much in the chat list anyway.
const maxTitleRunes = 64

// lineStyle adapts an item line to a channel's markup.
type lineStyle struct {
	text  func(string) string              // escapes free text such as branch names
	light func(label, light string) string // decorates the light label
	link  func(href string) string         // renders a non-empty, checked link; nil omits it
}

// itemLine renders one item, e.g.
// "【逾期】#42 第一党支部 时限2026-11-20 红灯 逾期6天 [查看](https://…)".
func itemLine(it Item, st lineStyle) string {
	parts := []string{"【" + kindLabel(it.Kind) + "】#" + strconv.FormatInt(it.TaskID, 10)}
	if b := cleanText(it.Branch); b != "" {
		parts = append(parts, st.text(b))
	}
	if due := cleanText(it.DueOn); due != "" {
		parts = append(parts, "时限"+st.text(due))
	}
	if l, ok := lightLabels[it.Light]; ok {
		parts = append(parts, st.light(l, it.Light))
	}
	if it.DaysOverdue > 0 {
		parts = append(parts, fmt.Sprintf("逾期%d天", it.DaysOverdue))
	}
	line := strings.Join(parts, " ")
	if href := safeLink(it.Link); href != "" && st.link != nil {
		line += st.link(href)
	}
	return line
}

var plainStyle = lineStyle{
	text:  func(s string) string { return s },
	light: func(label, _ string) string { return label },
	link:  func(href string) string { return " 查看：" + href },
}

var markdownStyle = lineStyle{
	text:  markdownSafe,
	light: func(label, _ string) string { return label },
	link:  func(href string) string { return " [查看](" + href + ")" },
}

// digestTitle is the cleaned title, or one derived from the items.
func digestTitle(d Digest) string {
	t := cleanText(d.Title)
	if t == "" {
		t = defaultTitle(d.Items)
	}
	if utf8.RuneCountInString(t) > maxTitleRunes {
		t = string([]rune(t)[:maxTitleRunes-1]) + "…"
	}
	return t
}

// defaultTitle counts items by kind: "整改台账提醒：3项逾期、2项即将到期".
func defaultTitle(items []Item) string {
	counts := map[string]int{}
	var order []string
	for _, it := range items {
		l := kindLabel(it.Kind)
		if counts[l] == 0 {
			order = append(order, l)
		}
		counts[l]++
	}
	if len(order) == 0 {
		return "整改台账提醒"
	}
	parts := make([]string, len(order))
	for i, l := range order {
		parts[i] = fmt.Sprintf("%d项%s", counts[l], l)
	}
	return "整改台账提醒：" + strings.Join(parts, "、")
}

// moreLine ends a truncated list; Chinese "A、B等N项" counts all N items.
func moreLine(total, shown int) string {
	return fmt.Sprintf("…等%d项（另%d项未列出，请登录系统查看）", total, total-shown)
}

// fitItems returns the largest n in [0, total] for which fits(n) holds,
// assuming more items never take fewer bytes.
func fitItems(total int, fits func(n int) bool) int {
	firstMiss := sort.Search(total+1, func(n int) bool { return !fits(n) })
	return max(firstMiss-1, 0)
}

// cleanText flattens control characters, including line breaks, to spaces:
// a branch name with a newline must not start a new line of markup.
func cleanText(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// markdownSafe swaps characters that would turn data into markup (links,
// HTML tags, emphasis, headings) for full-width look-alikes, which read the
// same in Chinese text; WeCom's markdown has no reliable escape character.
var markdownSafe = strings.NewReplacer(
	"[", "［", "]", "］", "(", "（", ")", "）", "<", "＜", ">", "＞",
	"*", "＊", "_", "＿", "`", "｀", "#", "＃", "~", "～", "|", "｜",
).Replace

// safeLink returns href cleaned for use inside markup, or "" when it is not
// an absolute http(s) URL (a javascript: link must never reach a chat).
func safeLink(href string) string {
	href = strings.TrimSpace(href)
	if href == "" {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	// Parentheses and spaces would end a markdown link early.
	return strings.NewReplacer("(", "%28", ")", "%29", " ", "%20").Replace(u.String())
}

// marshalJSON encodes v without HTML escaping, so WeCom's <font> tags stay
// readable and byte counts match what the vendor measures.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
