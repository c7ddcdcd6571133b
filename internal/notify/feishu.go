package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"time"
)

// feishuBodyLimit is Feishu's cap on a custom robot's request body (20 KB),
// less room for the timestamp and sign fields added when signing.
const feishuBodyLimit = 20*1024 - 128

// feishuRateLimitCodes: 11232 is the custom robot's flow control (100 a
// minute, 5 a second), 9499 is treated as "over the limit" by widely used
// clients, and 99991400 is the platform's "request trigger frequency limit".
var feishuRateLimitCodes = map[int]bool{9499: true, 11232: true, 99991400: true}

type feishuMessage struct {
	Timestamp string        `json:"timestamp,omitempty"` // epoch seconds, as a string
	Sign      string        `json:"sign,omitempty"`
	MsgType   string        `json:"msg_type"`
	Content   feishuContent `json:"content"`
}

type feishuContent struct {
	Post map[string]feishuPost `json:"post"`
}

type feishuPost struct {
	Title   string            `json:"title"`
	Content [][]feishuElement `json:"content"` // paragraphs of inline elements
}

type feishuElement struct {
	Tag  string `json:"tag"` // "text" or "a"
	Text string `json:"text"`
	Href string `json:"href,omitempty"`
}

// feishuStyle leaves text alone (a post is not markdown) and omits the link,
// which becomes its own "a" element.
var feishuStyle = lineStyle{
	text:  func(s string) string { return s },
	light: plainStyle.light,
}

func feishuParagraph(text, href string) []feishuElement {
	p := []feishuElement{{Tag: "text", Text: text}}
	if href != "" {
		p = append(p, feishuElement{Tag: "a", Text: "查看", Href: href})
	}
	return p
}

// renderFeishu builds a rich-text "post" message; ts and sign are empty for
// an unsigned robot.
func renderFeishu(d Digest, ts, sign string) ([]byte, error) {
	paras := make([][]feishuElement, len(d.Items))
	for i, it := range d.Items {
		text, href := itemLine(it, feishuStyle), safeLink(it.Link)
		if href != "" {
			text += " "
		}
		paras[i] = feishuParagraph(text, href)
	}
	build := func(n int) ([]byte, error) {
		content := append([][]feishuElement{}, paras[:n]...)
		if n < len(paras) {
			content = append(content, feishuParagraph(moreLine(len(paras), n), ""))
		}
		if href := safeLink(d.Link); href != "" {
			content = append(content, []feishuElement{{Tag: "a", Text: "打开整改台账", Href: href}})
		}
		return marshalJSON(feishuMessage{
			Timestamp: ts,
			Sign:      sign,
			MsgType:   "post",
			Content: feishuContent{Post: map[string]feishuPost{
				"zh_cn": {Title: digestTitle(d), Content: content},
			}},
		})
	}
	n := fitItems(len(paras), func(n int) bool {
		b, err := build(n)
		return err == nil && len(b) <= feishuBodyLimit
	})
	return build(n)
}

// feishuSign computes Feishu's robot signature for timestamp ts (epoch
// seconds, as sent): base64(HMAC-SHA256(key=ts+"\n"+secret, msg=empty)).
// Unlike DingTalk the secret is in the key and the message is empty.
func feishuSign(ts, secret string) string {
	mac := hmac.New(sha256.New, []byte(ts+"\n"+secret))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// feishuReply is Feishu's answer: {"code":0,"msg":"success"}; older robot
// endpoints answer {"StatusCode":0,"StatusMessage":"success"}.
type feishuReply struct {
	Code          *int   `json:"code"`
	Msg           string `json:"msg"`
	StatusCode    *int   `json:"StatusCode"`
	StatusMessage string `json:"StatusMessage"`
}

func (r *feishuReply) result() (*int, string) {
	if r.Code != nil {
		return r.Code, r.Msg
	}
	return r.StatusCode, r.StatusMessage
}

func (s *Sender) sendFeishu(ctx context.Context, ch Channel, d Digest) error {
	var ts, sign string
	if ch.Secret != "" {
		ts = feishuTimestamp(s.now())
		sign = feishuSign(ts, ch.Secret)
	}
	body, err := renderFeishu(d, ts, sign)
	if err != nil {
		return permanent(Feishu, "render", err)
	}
	return s.postRobot(ctx, Feishu, ch.URL, body, func(raw []byte) vendorReply {
		var r feishuReply
		return parseReply(raw, &r, r.result, feishuRateLimitCodes)
	})
}

// feishuTimestamp is epoch seconds; DingTalk's is milliseconds, an easy
// mix-up that Feishu answers with 19021.
func feishuTimestamp(now time.Time) string { return strconv.FormatInt(now.Unix(), 10) }
