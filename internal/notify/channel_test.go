package notify

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidateChannel(t *testing.T) {
	tests := []struct {
		name      string
		ch        Channel
		wantField string // "" means valid
	}{
		{"a WeCom robot URL is valid", Channel{Type: WeCom, URL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"}, ""},
		{"a signed DingTalk robot is valid", Channel{Type: DingTalk, URL: "https://oapi.dingtalk.com/robot/send?access_token=t", Secret: "SECabc"}, ""},
		{"an unsigned Feishu robot is valid", Channel{Type: Feishu, URL: "https://open.feishu.cn/open-apis/bot/v2/hook/uuid"}, ""},
		{"a plain-http intranet gateway is valid", Channel{Type: DingTalk, URL: "http://robot-gw.intranet:8080/send"}, ""},
		{"an e-mail channel with recipients is valid", Channel{Type: Email, To: []string{"a@example.gov.cn"}}, ""},
		{"a per-user e-mail channel without recipients is valid", Channel{Type: Email}, ""},
		{"a missing type names type", Channel{URL: "https://x.example"}, "type"},
		{"an unknown type names type", Channel{Type: "sms", URL: "https://x.example"}, "type"},
		{"a robot without a URL names url", Channel{Type: WeCom}, "url"},
		{"a non-http scheme names url", Channel{Type: Feishu, URL: "file:///etc/passwd"}, "url"},
		{"a URL without a host names url", Channel{Type: DingTalk, URL: "https:///robot/send"}, "url"},
		{"a relative URL names url", Channel{Type: DingTalk, URL: "/robot/send"}, "url"},
		{"credentials in the URL name url", Channel{Type: Feishu, URL: "https://user:pw@open.feishu.cn/hook"}, "url"},
		{"a WeCom secret names secret", Channel{Type: WeCom, URL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", Secret: "SECabc"}, "secret"},
		{"a secret with a pasted line break names secret", Channel{Type: DingTalk, URL: "https://oapi.dingtalk.com/robot/send", Secret: "SECabc\n"}, "secret"},
		{"recipients on a robot name to", Channel{Type: Feishu, URL: "https://open.feishu.cn/hook", To: []string{"a@example.gov.cn"}}, "to"},
		{"an e-mail channel with a URL names url", Channel{Type: Email, URL: "https://x.example", To: []string{"a@example.gov.cn"}}, "url"},
		{"an invalid recipient names to", Channel{Type: Email, To: []string{"not-an-address"}}, "to"},
		{"a recipient with a header break names to", Channel{Type: Email, To: []string{"a@example.gov.cn\r\nBcc: x@evil.example"}}, "to"},
		{"a recipient with a display name names to", Channel{Type: Email, To: []string{"张三 <a@example.gov.cn>"}}, "to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateChannel(tt.ch)
			if tt.wantField == "" {
				assert.NoError(t, err)
				return
			}
			var fe *FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.wantField, fe.Field)
			assert.Contains(t, err.Error(), tt.wantField+": ")
		})
	}
}
