package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strconv"
	"time"
)

// dingTalkTextLimit caps markdown.text. DingTalk publishes no firm limit for
// markdown that we could find, so this matches WeCom's 4096 bytes: a digest
// longer than that is not read in a chat anyway, and its link leads to the
// full list.
const dingTalkTextLimit = 4096

// dingTalkRateLimitCodes: 130101 is "send too fast, exceed 20 times per
// minute" (the robot is then throttled for ten minutes); -1 is 系统繁忙.
var dingTalkRateLimitCodes = map[int]bool{-1: true, 130101: true}

type dingTalkMessage struct {
	MsgType  string           `json:"msgtype"`
	Markdown dingTalkMarkdown `json:"markdown"`
}

type dingTalkMarkdown struct {
	Title string `json:"title"` // shown in the notification preview
	Text  string `json:"text"`
}

func renderDingTalk(d Digest) ([]byte, error) {
	title := digestTitle(d)
	lines := make([]string, len(d.Items))
	for i, it := range d.Items {
		lines[i] = itemLine(it, markdownStyle)
	}
	build := func(n int) string {
		// DingTalk markdown needs a blank line after a heading and list
		// bullets to break lines.
		return markdownBody("### "+markdownSafe(title)+"\n", lines, n, d.Link, "- ")
	}
	n := fitItems(len(lines), func(n int) bool { return len(build(n)) <= dingTalkTextLimit })
	return marshalJSON(dingTalkMessage{
		MsgType:  "markdown",
		Markdown: dingTalkMarkdown{Title: title, Text: build(n)},
	})
}

// dingTalkSign computes DingTalk's robot signature for timestamp ts (epoch
// milliseconds, as sent): base64(HMAC-SHA256(key=secret, msg=ts+"\n"+secret)).
// The result is not yet URL-encoded.
func dingTalkSign(ts, secret string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(ts + "\n" + secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// dingTalkSignedURL appends timestamp and sign to the webhook URL, keeping
// its access_token. DingTalk rejects timestamps more than an hour off, so
// the clock must be the real one outside tests.
func dingTalkSignedURL(raw, secret string, now time.Time) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	ts := strconv.FormatInt(now.UnixMilli(), 10)
	extra := "timestamp=" + ts + "&sign=" + url.QueryEscape(dingTalkSign(ts, secret))
	if u.RawQuery == "" {
		u.RawQuery = extra
	} else {
		u.RawQuery += "&" + extra
	}
	return u.String(), nil
}

// dingTalkReply is DingTalk's answer: {"errcode":0,"errmsg":"ok"}.
type dingTalkReply struct {
	ErrCode *int   `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

func (s *Sender) sendDingTalk(ctx context.Context, ch Channel, d Digest) error {
	body, err := renderDingTalk(d)
	if err != nil {
		return permanent(DingTalk, "render", err)
	}
	target := ch.URL
	if ch.Secret != "" {
		if target, err = dingTalkSignedURL(ch.URL, ch.Secret, s.now()); err != nil {
			return permanent(DingTalk, "sign url", stripURL(err))
		}
	}
	return s.postRobot(ctx, DingTalk, target, body, func(raw []byte) vendorReply {
		var r dingTalkReply
		return parseReply(raw, &r, func() (*int, string) { return r.ErrCode, r.ErrMsg }, dingTalkRateLimitCodes)
	})
}
