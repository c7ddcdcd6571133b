package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxResponseBytes bounds how much of a reply is read: robot replies are a
// few dozen bytes, and a hostile endpoint must not make us buffer gigabytes.
const maxResponseBytes = 64 << 10

// newHTTPClient returns the client for all robot webhooks. Its dialer runs
// the address guard on every connection, it never follows redirects (a 3xx
// could point a permitted host at an internal one), and it ignores
// HTTP_PROXY: through a proxy the guard would only ever see the proxy.
func newHTTPClient(allow []netip.Prefix) *http.Client {
	dialer := &net.Dialer{
		Timeout:   10 * time.Second,
		KeepAlive: 30 * time.Second,
		Control:   addressGuard{allow: allow}.control,
	}
	transport := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          10,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{
		Transport: transport,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// vendorReply is a robot's JSON answer, reduced to what classification needs.
type vendorReply struct {
	present     bool // the body carried the vendor's result code
	code        int
	msg         string
	rateLimited bool
}

// parseReply decodes raw into v and reads the code and message through get.
// A body that is not JSON, or lacks the code, yields present == false.
func parseReply(raw []byte, v any, get func() (*int, string), rateCodes map[int]bool) vendorReply {
	if err := json.Unmarshal(raw, v); err != nil {
		return vendorReply{}
	}
	code, msg := get()
	if code == nil {
		return vendorReply{}
	}
	return vendorReply{present: true, code: *code, msg: msg, rateLimited: rateCodes[*code]}
}

// postRobot posts body to target and classifies the outcome. parse reads
// the vendor's reply; success is HTTP 2xx with a vendor code of 0.
func (s *Sender) postRobot(ctx context.Context, ct ChannelType, target string, body []byte, parse func([]byte) vendorReply) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return permanent(ct, "build request", stripURL(err))
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := s.client.Do(req)
	if err != nil {
		return transportError(ct, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	if err != nil {
		return retryable(ct, "read response", stripURL(err))
	}
	err = classifyResponse(ct, resp.StatusCode, parse(raw))
	if de, ok := err.(*DeliveryError); ok && de.Retryable {
		de.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), s.now())
	}
	return err
}

// parseRetryAfter reads seconds or an HTTP date, capped at an hour so a
// wrong header cannot park a reminder for days.
func parseRetryAfter(v string, now time.Time) time.Duration {
	var d time.Duration
	if secs, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && secs > 0 {
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
	}
	return min(max(d, 0), time.Hour)
}

// classifyResponse turns an HTTP status and vendor reply into nil or a
// DeliveryError. Vendors answer most failures with HTTP 200 and a non-zero
// code, so 200 alone is not success.
func classifyResponse(ct ChannelType, status int, r vendorReply) error {
	e := &DeliveryError{Channel: ct, Status: status, Code: r.code, Message: shorten(r.msg, 200)}
	switch {
	case status >= 200 && status < 300:
		if r.present && r.code == 0 {
			return nil
		}
		if !r.present {
			e.Message = "reply is not a robot answer (check the url)"
		}
		e.Retryable = r.rateLimited
	case status >= 300 && status < 400:
		e.Message = "redirect refused (the url must be the robot's own address)"
	case status == http.StatusTooManyRequests || status >= 500:
		e.Retryable = true
	default:
		// Some Feishu APIs signal rate limiting as HTTP 400 with a limit code.
		e.Retryable = r.rateLimited
	}
	return e
}

// transportError classifies a failure to get any HTTP response: refused
// targets are permanent, everything else (DNS, connect, TLS, timeout) is
// worth another try.
func transportError(ct ChannelType, err error) error {
	err = stripURL(err)
	if errors.Is(err, ErrBlockedAddress) {
		return permanent(ct, "target refused", err)
	}
	return retryable(ct, "request failed", err)
}

// stripURL drops the request URL from a *url.Error: its query holds the
// WeCom key, the DingTalk access token or a signature, none of which may
// reach logs or the outbox's last_error column.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err
	}
	return err
}

// shorten caps a vendor message so one odd reply cannot bloat a log line.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
