package notify

import (
	"context"
	"strings"
)

// wecomContentLimit is WeCom's cap on markdown.content in bytes of UTF-8;
// longer content is refused with errcode 40058 ("markdown.content exceed max
// length 4096").
const wecomContentLimit = 4096

// wecomRateLimitCodes are errcodes that mean "later", not "never": -1 is
// 系统繁忙 (the docs advise retrying) and 45009 is "api freq out of limit"
// (a robot may send 20 messages a minute).
var wecomRateLimitCodes = map[int]bool{-1: true, 45009: true}

type wecomMessage struct {
	MsgType  string        `json:"msgtype"`
	Markdown wecomMarkdown `json:"markdown"`
}

type wecomMarkdown struct {
	Content string `json:"content"`
}

// wecomFontColors maps lights to the only three colours WeCom markdown has.
var wecomFontColors = map[string]string{
	"red":    "warning",
	"yellow": "comment",
	"green":  "info",
	"done":   "info",
}

var wecomStyle = lineStyle{
	text: markdownSafe,
	light: func(label, light string) string {
		return `<font color="` + wecomFontColors[light] + `">` + label + `</font>`
	},
	link: markdownStyle.link,
}

func renderWeCom(d Digest) ([]byte, error) {
	lines := make([]string, len(d.Items))
	for i, it := range d.Items {
		lines[i] = itemLine(it, wecomStyle)
	}
	build := func(n int) string {
		return markdownBody("**"+markdownSafe(digestTitle(d))+"**", lines, n, d.Link, "")
	}
	n := fitItems(len(lines), func(n int) bool { return len(build(n)) <= wecomContentLimit })
	return marshalJSON(wecomMessage{MsgType: "markdown", Markdown: wecomMarkdown{Content: build(n)}})
}

// markdownBody joins a heading, the first n item lines (each after bullet),
// a "…等N项" line when truncated, and a link to the ledger.
func markdownBody(heading string, lines []string, n int, link, bullet string) string {
	var b strings.Builder
	b.WriteString(heading + "\n")
	for _, l := range lines[:n] {
		b.WriteString(bullet + l + "\n")
	}
	if n < len(lines) {
		b.WriteString(moreLine(len(lines), n) + "\n")
	}
	if href := safeLink(link); href != "" {
		b.WriteString("\n[打开整改台账](" + href + ")\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// wecomReply is WeCom's answer: {"errcode":0,"errmsg":"ok"}.
type wecomReply struct {
	ErrCode *int   `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

func (s *Sender) sendWeCom(ctx context.Context, ch Channel, d Digest) error {
	body, err := renderWeCom(d)
	if err != nil {
		return permanent(WeCom, "render", err)
	}
	// The key in the URL is the credential; WeCom has no request signing.
	return s.postRobot(ctx, WeCom, ch.URL, body, func(raw []byte) vendorReply {
		var r wecomReply
		return parseReply(raw, &r, func() (*int, string) { return r.ErrCode, r.ErrMsg }, wecomRateLimitCodes)
	})
}
