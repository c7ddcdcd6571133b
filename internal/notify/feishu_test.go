package notify

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFeishuSign's expected value was computed outside Go with
//
//	printf '' | openssl dgst -sha256 -mac HMAC \
//	  -macopt hexkey:$(printf '1767225600\nSEC0123456789abcdef' | xxd -p | tr -d '\n') -binary | base64
func TestFeishuSign(t *testing.T) {
	const ts, want = "1767225600", "lhApIVyDpG9gvzJVLszopHlzeRhChg0MoDPN71YXJ1U="
	// Independent computation: key = ts + "\n" + secret, message empty.
	mac := hmac.New(sha256.New, []byte(ts+"\n"+testSecret))
	require.Equal(t, want, base64.StdEncoding.EncodeToString(mac.Sum(nil)), "test vector is self-consistent")

	assert.Equal(t, want, feishuSign(ts, testSecret))
	assert.NotEqual(t, want, dingTalkSign(ts, testSecret), "DingTalk's scheme must not be mistaken for Feishu's")
}

func TestSendFeishu(t *testing.T) {
	tests := []struct {
		name       string
		secret     string
		wantSigned bool
	}{
		{"a signed robot gets timestamp in seconds and sign in the body", testSecret, true},
		{"an unsigned robot gets neither field", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			robot := newFakeRobot(t, 200, `{"code":0,"msg":"success","data":{}}`)
			ch := Channel{Type: Feishu, URL: robot.URL + "/open-apis/bot/v2/hook/uuid", Secret: tt.secret}

			require.NoError(t, loopbackSender(t).Send(context.Background(), ch, sampleDigest()))

			got := robot.received()
			require.Len(t, got, 1)
			var body map[string]any
			require.NoError(t, json.Unmarshal(got[0].Body, &body))
			assert.Equal(t, "/open-apis/bot/v2/hook/uuid", got[0].URL, "the URL is posted as is")
			if tt.wantSigned {
				assert.Equal(t, "1767225600", body["timestamp"], "timestamp is a string of epoch seconds")
				assert.Equal(t, "lhApIVyDpG9gvzJVLszopHlzeRhChg0MoDPN71YXJ1U=", body["sign"])
			} else {
				assert.NotContains(t, body, "timestamp")
				assert.NotContains(t, body, "sign")
			}
			assert.Equal(t, "post", body["msg_type"])
		})
	}
}
