package notify

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSendClassifiesRobotAnswers(t *testing.T) {
	tests := []struct {
		name          string
		ch            ChannelType
		status        int
		body          string
		wantOK        bool
		wantRetryable bool
		wantCode      int
	}{
		{"WeCom errcode 0 is success", WeCom, 200, `{"errcode":0,"errmsg":"ok"}`, true, false, 0},
		{"WeCom HTTP 200 with errcode 93000 is a permanent failure", WeCom, 200, `{"errcode":93000,"errmsg":"invalid webhook url"}`, false, false, 93000},
		{"WeCom errcode 45009 (frequency limit) is retryable", WeCom, 200, `{"errcode":45009,"errmsg":"api freq out of limit"}`, false, true, 45009},
		{"WeCom errcode -1 (system busy) is retryable", WeCom, 200, `{"errcode":-1,"errmsg":"system busy"}`, false, true, -1},
		{"DingTalk errcode 0 is success", DingTalk, 200, `{"errcode":0,"errmsg":"ok"}`, true, false, 0},
		{"DingTalk errcode 130101 (send too fast) is retryable", DingTalk, 200, `{"errcode":130101,"errmsg":"send too fast, exceed 20 times per minute"}`, false, true, 130101},
		{"DingTalk errcode 310000 (sign not match) is permanent", DingTalk, 200, `{"errcode":310000,"errmsg":"sign not match"}`, false, false, 310000},
		{"Feishu code 0 is success", Feishu, 200, `{"code":0,"msg":"success","data":{}}`, true, false, 0},
		{"Feishu's older StatusCode 0 is success", Feishu, 200, `{"Extra":null,"StatusCode":0,"StatusMessage":"success"}`, true, false, 0},
		{"Feishu code 19021 (bad signature) is permanent", Feishu, 200, `{"code":19021,"data":{},"msg":"sign match fail or timestamp is not within one hour from current time"}`, false, false, 19021},
		{"Feishu code 11232 (flow control) is retryable", Feishu, 200, `{"code":11232,"msg":"frequency limited"}`, false, true, 11232},
		{"Feishu HTTP 400 with a frequency-limit code is retryable", Feishu, 400, `{"code":99991400,"msg":"request trigger frequency limit"}`, false, true, 99991400},
		{"HTTP 429 is retryable", WeCom, 429, `too many`, false, true, 0},
		{"HTTP 503 is retryable", DingTalk, 503, `<html>busy</html>`, false, true, 0},
		{"HTTP 400 is permanent", Feishu, 400, `{"code":9999,"msg":"bad request"}`, false, false, 9999},
		{"HTTP 404 is permanent", WeCom, 404, `not found`, false, false, 0},
		{"a redirect is refused and permanent", WeCom, 302, ``, false, false, 0},
		{"HTTP 200 with an HTML page is permanent", DingTalk, 200, `<html>login</html>`, false, false, 0},
		{"HTTP 200 with JSON lacking the code is permanent", WeCom, 200, `{"ok":true}`, false, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			robot := newFakeRobot(t, tt.status, tt.body)
			err := loopbackSender(t).Send(context.Background(), Channel{Type: tt.ch, URL: robot.URL + "/hook"}, sampleDigest())
			if tt.wantOK {
				assert.NoError(t, err)
				return
			}
			var de *DeliveryError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tt.wantRetryable, IsRetryable(err))
			assert.Equal(t, tt.status, de.Status)
			assert.Equal(t, tt.wantCode, de.Code)
			assert.Equal(t, tt.ch, de.Channel)
			assert.Len(t, robot.received(), 1, "one attempt per Send; retries are the outbox's job")
		})
	}
}

func TestSendToAClosedPortIsRetryable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())

	err = loopbackSender(t).Send(context.Background(),
		Channel{Type: WeCom, URL: "http://" + addr + "/cgi-bin/webhook/send?key=TOPSECRETKEY"}, sampleDigest())

	require.Error(t, err)
	assert.True(t, IsRetryable(err), "connection refused is retryable: %v", err)
	assert.NotContains(t, err.Error(), "TOPSECRETKEY", "the robot key in the URL must not leak into error text")
}

func TestSendTimesOutPerAttempt(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-release }))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })

	s := NewSender(Config{Allow: mustPrefixes(t, "127.0.0.0/8"), Timeout: 200 * time.Millisecond})
	err := s.Send(context.Background(), Channel{Type: DingTalk, URL: srv.URL}, sampleDigest())

	require.Error(t, err)
	assert.True(t, IsRetryable(err), "a timeout is retryable: %v", err)
}

func TestResponseBodiesAreReadWithALimit(t *testing.T) {
	// Valid JSON with errcode 0 placed after 100 KiB: only a reader that
	// ignores the 64 KiB limit would see the success.
	body := `{"errmsg":"` + strings.Repeat("x", 100<<10) + `","errcode":0}`
	robot := newFakeRobot(t, 200, body)

	err := loopbackSender(t).Send(context.Background(), Channel{Type: WeCom, URL: robot.URL}, sampleDigest())

	require.Error(t, err)
	assert.False(t, IsRetryable(err))
}

func TestSendRefusesAnInvalidChannelWithoutDialling(t *testing.T) {
	err := loopbackSender(t).Send(context.Background(), Channel{Type: DingTalk, URL: "ftp://robot.example.cn"}, sampleDigest())

	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "url", fe.Field)
	assert.False(t, IsRetryable(err))
}
