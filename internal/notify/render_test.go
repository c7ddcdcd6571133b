package notify

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRenderWeComGolden(t *testing.T) {
	body, err := Render(WeCom, sampleDigest())
	require.NoError(t, err)

	var msg struct {
		MsgType  string `json:"msgtype"`
		Markdown struct {
			Content string `json:"content"`
		} `json:"markdown"`
	}
	require.NoError(t, json.Unmarshal(body, &msg))
	assert.Equal(t, "markdown", msg.MsgType)
	assert.Equal(t, "**整改台账提醒：1项逾期**\n"+
		`【逾期】#42 第一党支部 时限2026-11-20 <font color="warning">红灯</font> 逾期6天 [查看](https://ledger.example.gov.cn/tasks/42)`+"\n"+
		"\n[打开整改台账](https://ledger.example.gov.cn/tasks)", msg.Markdown.Content)
}

func TestRenderDingTalkGolden(t *testing.T) {
	body, err := Render(DingTalk, sampleDigest())
	require.NoError(t, err)

	var msg struct {
		MsgType  string `json:"msgtype"`
		Markdown struct {
			Title string `json:"title"`
			Text  string `json:"text"`
		} `json:"markdown"`
	}
	require.NoError(t, json.Unmarshal(body, &msg))
	assert.Equal(t, "markdown", msg.MsgType)
	assert.Equal(t, "整改台账提醒：1项逾期", msg.Markdown.Title)
	assert.Equal(t, "### 整改台账提醒：1项逾期\n\n"+
		"- 【逾期】#42 第一党支部 时限2026-11-20 红灯 逾期6天 [查看](https://ledger.example.gov.cn/tasks/42)\n"+
		"\n[打开整改台账](https://ledger.example.gov.cn/tasks)", msg.Markdown.Text)
}

func TestRenderFeishuGolden(t *testing.T) {
	body, err := Render(Feishu, sampleDigest())
	require.NoError(t, err)

	var msg map[string]any
	require.NoError(t, json.Unmarshal(body, &msg))
	assert.NotContains(t, msg, "sign", "Render previews the unsigned body")
	assert.Equal(t, "post", msg["msg_type"])

	var post struct {
		Content struct {
			Post struct {
				ZhCN feishuPost `json:"zh_cn"`
			} `json:"post"`
		} `json:"content"`
	}
	require.NoError(t, json.Unmarshal(body, &post))
	p := post.Content.Post.ZhCN
	assert.Equal(t, "整改台账提醒：1项逾期", p.Title)
	assert.Equal(t, [][]feishuElement{
		{
			{Tag: "text", Text: "【逾期】#42 第一党支部 时限2026-11-20 红灯 逾期6天 "},
			{Tag: "a", Text: "查看", Href: "https://ledger.example.gov.cn/tasks/42"},
		},
		{{Tag: "a", Text: "打开整改台账", Href: "https://ledger.example.gov.cn/tasks"}},
	}, p.Content)
}

func TestRenderEmailGolden(t *testing.T) {
	body, err := Render(Email, sampleDigest())
	require.NoError(t, err)
	assert.Equal(t, "整改台账提醒：1项逾期\n\n"+
		"【逾期】#42 第一党支部 时限2026-11-20 红灯 逾期6天 查看：https://ledger.example.gov.cn/tasks/42\n"+
		"\n打开整改台账：https://ledger.example.gov.cn/tasks\n"+
		"\n-- \n"+emailFooter+"\n", string(body))
}

func TestRenderUnknownChannelNamesTheType(t *testing.T) {
	_, err := Render("sms", sampleDigest())
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "type", fe.Field)
}

func TestFiveHundredItemsStayWithinVendorLimits(t *testing.T) {
	d := bigDigest(500)
	tests := []struct {
		name    string
		ch      ChannelType
		measure func(t *testing.T, body []byte) string // the part the vendor limits
		limit   int
	}{
		{"WeCom markdown content stays within 4096 bytes", WeCom, func(t *testing.T, b []byte) string {
			var m wecomMessage
			require.NoError(t, json.Unmarshal(b, &m))
			return m.Markdown.Content
		}, 4096},
		{"DingTalk markdown text stays within its 4096-byte budget", DingTalk, func(t *testing.T, b []byte) string {
			var m dingTalkMessage
			require.NoError(t, json.Unmarshal(b, &m))
			return m.Markdown.Text
		}, 4096},
		{"the Feishu request body stays within 20 KB", Feishu, func(_ *testing.T, b []byte) string { return string(b) }, 20 * 1024},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, err := Render(tt.ch, d)
			require.NoError(t, err)
			part := tt.measure(t, body)
			assert.LessOrEqual(t, len(part), tt.limit)
			assert.Contains(t, part, "…等500项", "truncation is announced")
			shown := strings.Count(part, "【逾期】")
			assert.GreaterOrEqual(t, shown, 10, "the budget is used for items, not wasted")
			assert.Contains(t, part, "另"+strconv.Itoa(500-shown)+"项未列出", "the hidden count matches what was cut")
		})
	}
}

func TestSignedFeishuBodyWithFiveHundredItemsStaysWithin20KB(t *testing.T) {
	ts := feishuTimestamp(fixedNow)
	body, err := renderFeishu(bigDigest(500), ts, feishuSign(ts, testSecret))
	require.NoError(t, err)
	assert.LessOrEqual(t, len(body), 20*1024)
}

func TestEmailListsLargeDigestsInFull(t *testing.T) {
	text := renderEmailText(bigDigest(500))
	assert.Equal(t, 500, strings.Count(text, "【逾期】"))
	assert.NotContains(t, text, "未列出")
}

func TestRenderNeutralisesMarkupInData(t *testing.T) {
	d := Digest{Items: []Item{{
		Kind:   KindDueSoon,
		TaskID: 7,
		Branch: "[点我](https://evil.example)\n# 假标题 <font color=\"info\">x</font>",
		Light:  "yellow",
		Link:   "javascript:alert(1)",
	}}}
	for _, ch := range []ChannelType{WeCom, DingTalk} {
		t.Run(string(ch)+" markdown keeps a hostile branch name as text", func(t *testing.T) {
			body, err := Render(ch, d)
			require.NoError(t, err)
			s := string(body)
			assert.NotContains(t, s, "](https://evil.example)")
			assert.NotContains(t, s, "javascript:")
			assert.Contains(t, s, "［点我］")
			assert.Regexp(t, `#7 [^\\]*假标题`, s, "a line break in data must not split the item line")
		})
	}
}

func TestDefaultTitleCountsItemsByKind(t *testing.T) {
	d := Digest{Items: []Item{
		{Kind: KindOverdue, TaskID: 1}, {Kind: KindDueSoon, TaskID: 2},
		{Kind: KindOverdue, TaskID: 3}, {Kind: KindOverdue, TaskID: 4},
	}}
	assert.Equal(t, "整改台账提醒：3项逾期、1项即将到期", digestTitle(d))
	assert.Equal(t, "整改台账提醒", digestTitle(Digest{}))
}

func TestItemLineOmitsEmptyFields(t *testing.T) {
	got := itemLine(Item{Kind: "something_new", TaskID: 9}, plainStyle)
	assert.Equal(t, "【提醒】#9", got, "an unknown kind reads as a reminder and no empty labels appear")
}
