package notify

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMaskURLHidesEveryRobotsSecret(t *testing.T) {
	for _, tt := range []struct{ name, in, secret, want string }{
		{"WeCom key in the query", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa",
			"693a91f6-7xxx", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****5aaa"},
		{"DingTalk token in the query", "https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789abcdef",
			"abcdef0123456789", "https://oapi.dingtalk.com/robot/send?access_token=****cdef"},
		{"Feishu token in the path", "https://open.feishu.cn/open-apis/bot/v2/hook/0f1e2d3c-FEISHU-HOOK-SECRET",
			"FEISHU-HOOK", "https://open.feishu.cn/open-apis/bot/v2/hook/****CRET"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := MaskURL(tt.in)
			assert.Equal(t, tt.want, got)
			assert.NotContains(t, got, tt.secret)
		})
	}
	assert.Empty(t, MaskURL(""))
}
