package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testSecret = "SEC0123456789abcdef"

// The expected values below were computed outside Go with openssl, e.g.
//
//	printf '1767225600000\nSEC0123456789abcdef' | openssl dgst -sha256 -hmac 'SEC0123456789abcdef' -binary | base64
//
// and the ("1700000000000", "secret") DingTalk vector also appears, URL-encoded
// as OuzzJR5%2BxZ4%2FEYwqtNt6sMYZQMTa%2FHEGvc9miJe7XzY%3D, in the test suite
// of an independent DingTalk client (the Rust crate "dingding").

func TestDingTalkSign(t *testing.T) {
	tests := []struct {
		name, ts, secret, want string
	}{
		{"the published vector for secret \"secret\" matches", "1700000000000", "secret", "OuzzJR5+xZ4/EYwqtNt6sMYZQMTa/HEGvc9miJe7XzY="},
		{"a SEC-style secret at the fixed clock matches openssl", "1767225600000", testSecret, "B0RWzLp5DJ68eWPlqN2is7j/CJw7WP3nV1RkTFHU+F4="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Independent computation: key = secret, message = ts + "\n" + secret.
			mac := hmac.New(sha256.New, []byte(tt.secret))
			mac.Write([]byte(tt.ts + "\n" + tt.secret))
			require.Equal(t, tt.want, base64.StdEncoding.EncodeToString(mac.Sum(nil)), "test vector is self-consistent")

			assert.Equal(t, tt.want, dingTalkSign(tt.ts, tt.secret))
		})
	}
}

func TestDingTalkSignedURL(t *testing.T) {
	tests := []struct {
		name, raw, wantPrefix string
	}{
		{"a URL with an access token gets & before the timestamp", "https://oapi.dingtalk.com/robot/send?access_token=abc", "https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp="},
		{"a URL without a query gets ? before the timestamp", "https://robot.example.cn/send", "https://robot.example.cn/send?timestamp="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dingTalkSignedURL(tt.raw, testSecret, fixedNow)
			require.NoError(t, err)
			assert.True(t, strings.HasPrefix(got, tt.wantPrefix), got)
			assert.True(t, strings.HasSuffix(got, "timestamp=1767225600000&sign=B0RWzLp5DJ68eWPlqN2is7j%2FCJw7WP3nV1RkTFHU%2BF4%3D"), got)
		})
	}
}

func TestSendDingTalkCarriesTimestampAndSignInTheURL(t *testing.T) {
	robot := newFakeRobot(t, 200, `{"errcode":0,"errmsg":"ok"}`)
	ch := Channel{Type: DingTalk, URL: robot.URL + "/robot/send?access_token=tok123", Secret: testSecret}

	require.NoError(t, loopbackSender(t).Send(context.Background(), ch, sampleDigest()))

	got := robot.received()
	require.Len(t, got, 1)
	u, err := url.Parse(got[0].URL)
	require.NoError(t, err)
	q := u.Query()
	assert.Equal(t, "tok123", q.Get("access_token"), "the configured token is kept")
	assert.Equal(t, "1767225600000", q.Get("timestamp"), "timestamp is epoch milliseconds")
	assert.Equal(t, "B0RWzLp5DJ68eWPlqN2is7j/CJw7WP3nV1RkTFHU+F4=", q.Get("sign"))
	assert.Contains(t, u.RawQuery, "sign=B0RWzLp5DJ68eWPlqN2is7j%2FCJw7WP3nV1RkTFHU%2BF4%3D", "sign is URL-encoded")
}
