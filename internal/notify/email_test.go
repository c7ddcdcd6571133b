package notify

import (
	"context"
	"encoding/base64"
	"io"
	"mime"
	"net"
	"net/mail"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeSMTP is a minimal SMTP server on 127.0.0.1 that records one
// conversation's envelope and DATA.
type fakeSMTP struct {
	host string
	port int

	rcptReply string   // reply to RCPT TO, e.g. "250 ok" or "451 try later"
	ehlo      []string // extensions advertised after the greeting line

	mu    sync.Mutex
	auth  string
	from  string
	rcpts []string
	data  []byte
}

func startFakeSMTP(t *testing.T, rcptReply string, ehlo ...string) *fakeSMTP {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { l.Close() })
	addr := l.Addr().(*net.TCPAddr)
	f := &fakeSMTP{host: "127.0.0.1", port: addr.Port, rcptReply: rcptReply, ehlo: ehlo}
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go f.serve(conn)
		}
	}()
	return f
}

func (f *fakeSMTP) serve(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	tp := textproto.NewConn(conn)
	_ = tp.PrintfLine("220 fake.test ESMTP")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		f.mu.Lock()
		switch verb {
		case "EHLO", "HELO":
			exts := append([]string{"fake.test"}, f.ehlo...)
			for i, e := range exts {
				sep := "-"
				if i == len(exts)-1 {
					sep = " "
				}
				_ = tp.PrintfLine("250%s%s", sep, e)
			}
		case "AUTH":
			f.auth = line
			_ = tp.PrintfLine("235 2.7.0 accepted")
		case "MAIL":
			f.from = line
			_ = tp.PrintfLine("250 ok")
		case "RCPT":
			f.rcpts = append(f.rcpts, line)
			_ = tp.PrintfLine("%s", f.rcptReply)
		case "DATA":
			_ = tp.PrintfLine("354 go ahead")
			f.data, _ = tp.ReadDotBytes()
			_ = tp.PrintfLine("250 queued")
		case "QUIT":
			_ = tp.PrintfLine("221 bye")
			f.mu.Unlock()
			return
		default:
			_ = tp.PrintfLine("250 ok")
		}
		f.mu.Unlock()
	}
}

func (f *fakeSMTP) sender(user string) *Sender {
	return NewSender(Config{
		Now:     fixedClock,
		Timeout: 5 * time.Second,
		SMTP: SMTPConfig{
			Host: f.host, Port: f.port, From: "rectify@example.gov.cn",
			Username: user, Password: "pw",
		},
	})
}

func TestSendEmailDeliversPlainTextWithAnEncodedSubject(t *testing.T) {
	srv := startFakeSMTP(t, "250 ok", "AUTH PLAIN", "8BITMIME")
	ch := Channel{Type: Email, To: []string{"zhang@example.gov.cn", "li@example.gov.cn"}}

	require.NoError(t, srv.sender("rectify").Send(context.Background(), ch, sampleDigest()))

	srv.mu.Lock()
	defer srv.mu.Unlock()
	assert.Contains(t, srv.from, "MAIL FROM:<rectify@example.gov.cn>")
	assert.Equal(t, []string{"RCPT TO:<zhang@example.gov.cn>", "RCPT TO:<li@example.gov.cn>"}, srv.rcpts)
	assert.Equal(t, "AUTH PLAIN "+base64.StdEncoding.EncodeToString([]byte("\x00rectify\x00pw")), srv.auth)

	msg, err := mail.ReadMessage(strings.NewReader(string(srv.data)))
	require.NoError(t, err)
	rawSubject := msg.Header.Get("Subject")
	assert.True(t, strings.HasPrefix(rawSubject, "=?UTF-8?b?"), "the subject is RFC 2047 encoded: %q", rawSubject)
	subject, err := new(mime.WordDecoder).DecodeHeader(rawSubject)
	require.NoError(t, err)
	assert.Equal(t, "整改台账提醒：1项逾期", subject)
	assert.Equal(t, "text/plain; charset=UTF-8", msg.Header.Get("Content-Type"))
	assert.Equal(t, "zhang@example.gov.cn, li@example.gov.cn", msg.Header.Get("To"))
	date, err := msg.Header.Date()
	require.NoError(t, err)
	assert.True(t, fixedNow.Equal(date), "the Date header uses the configured clock")

	raw, err := io.ReadAll(msg.Body)
	require.NoError(t, err)
	// The fake server's ReadDotBytes turns CRLF into LF.
	body, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(raw), "\n", ""))
	require.NoError(t, err)
	assert.Contains(t, string(body), "【逾期】#42 第一党支部 时限2026-11-20 红灯 逾期6天 查看：https://ledger.example.gov.cn/tasks/42\n")
	for _, l := range strings.Split(string(raw), "\n") {
		assert.LessOrEqual(t, len(l), 76, "body lines stay within MIME's limit")
	}
}

func TestSendEmailClassifiesFailures(t *testing.T) {
	tests := []struct {
		name          string
		rcptReply     string
		ehlo          []string
		startTLS      bool
		to            []string
		wantRetryable bool
		wantStatus    int
	}{
		{"a 451 reply to RCPT is retryable", "451 4.3.0 try again later", nil, false, []string{"a@example.gov.cn"}, true, 451},
		{"a 550 reply to RCPT is permanent", "550 5.1.1 no such user", nil, false, []string{"a@example.gov.cn"}, false, 550},
		{"required STARTTLS missing on the server is permanent", "250 ok", nil, true, []string{"a@example.gov.cn"}, false, 0},
		{"a per-user channel sent without recipients is permanent", "250 ok", nil, false, nil, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startFakeSMTP(t, tt.rcptReply, tt.ehlo...)
			s := srv.sender("")
			s.cfg.SMTP.StartTLS = tt.startTLS

			err := s.Send(context.Background(), Channel{Type: Email, To: tt.to}, sampleDigest())

			var de *DeliveryError
			require.ErrorAs(t, err, &de)
			assert.Equal(t, tt.wantRetryable, IsRetryable(err), "%v", err)
			assert.Equal(t, tt.wantStatus, de.Status)
		})
	}
}

func TestSendEmailWithoutASMTPHostIsPermanent(t *testing.T) {
	err := NewSender(Config{}).Send(context.Background(), Channel{Type: Email, To: []string{"a@example.gov.cn"}}, sampleDigest())
	require.Error(t, err)
	assert.False(t, IsRetryable(err))
	assert.Contains(t, err.Error(), "smtp host")
}

func TestSendEmailToAClosedPortIsRetryable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())

	s := NewSender(Config{SMTP: SMTPConfig{Host: "127.0.0.1", Port: port, From: "rectify@example.gov.cn"}})
	err = s.Send(context.Background(), Channel{Type: Email, To: []string{"a@example.gov.cn"}}, sampleDigest())

	require.Error(t, err)
	assert.True(t, IsRetryable(err), "%v", err)
	assert.Contains(t, err.Error(), strconv.Itoa(port))
}

func TestEmailMessageIDIsStableForTheSameOutboxKey(t *testing.T) {
	now := time.Date(2026, 11, 26, 8, 30, 0, 0, time.UTC)
	d := Digest{Title: "整改台账提醒", Key: "overdue:channel:3:2026-11-26"}
	first := string(buildEmail("robot@example.org", []string{"a@example.org"}, d, now))
	again := string(buildEmail("robot@example.org", []string{"a@example.org"}, d, now.Add(time.Hour)))
	id := func(msg string) string {
		for _, line := range strings.Split(msg, "\r\n") {
			if v, ok := strings.CutPrefix(line, "Message-ID: "); ok {
				return v
			}
		}
		return ""
	}
	assert.NotEmpty(t, id(first))
	assert.Equal(t, id(first), id(again), "a re-send is the same message")
	assert.NotContains(t, id(first), "overdue", "the key itself does not travel")
	other := d
	other.Key = "overdue:channel:3:2026-11-27"
	assert.NotEqual(t, id(first), id(string(buildEmail("robot@example.org", []string{"a@example.org"}, other, now))))
}
