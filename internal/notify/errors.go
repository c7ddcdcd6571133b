package notify

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

// ErrBlockedAddress is wrapped by every refusal of the SSRF guard.
var ErrBlockedAddress = errors.New("notify: target address not allowed")

// DeliveryError is a failed Send. Retryable tells the outbox whether the
// same message could get through later (network trouble, 5xx, rate limits)
// or never will without someone fixing the channel (4xx, bad signature,
// refused target, bad configuration).
type DeliveryError struct {
	Channel   ChannelType
	Retryable bool
	Status    int    // HTTP status or SMTP reply code; 0 when there was no reply
	Code      int    // vendor errcode/code; 0 when absent
	Message   string // short description, safe to log: never holds URL secrets
	Err       error  // underlying cause, if any
	// RetryAfter is the wait the server asked for (HTTP Retry-After on a
	// 429 or 503), or 0.
	RetryAfter time.Duration
}

// RetryAfter returns the wait a failed delivery's server asked for, or 0.
func RetryAfter(err error) time.Duration {
	var de *DeliveryError
	if errors.As(err, &de) {
		return de.RetryAfter
	}
	return 0
}

// Error describes the failure without the webhook URL, whose query string
// holds the robot's key.
func (e *DeliveryError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "notify: %s", e.Channel)
	if e.Status != 0 {
		fmt.Fprintf(&b, ": status %d", e.Status)
	}
	if e.Code != 0 {
		fmt.Fprintf(&b, ": code %d", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	if e.Retryable {
		b.WriteString(" (retryable)")
	}
	return b.String()
}

// Unwrap returns the underlying cause.
func (e *DeliveryError) Unwrap() error { return e.Err }

// IsRetryable reports whether a failed delivery may succeed if tried again:
// true for network errors, timeouts, HTTP 5xx and 429 and vendor rate-limit
// codes; false for other 4xx, bad signatures, refused targets and bad
// configuration. A cancelled context (shutdown mid-send) is retryable: the
// message was not refused. nil is not retryable: there is nothing to retry.
func IsRetryable(err error) bool {
	if err == nil {
		return false
	}
	var de *DeliveryError
	if errors.As(err, &de) {
		return de.Retryable
	}
	var fe *FieldError
	if errors.As(err, &fe) || errors.Is(err, ErrBlockedAddress) {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne)
}

func permanent(ch ChannelType, msg string, err error) *DeliveryError {
	return &DeliveryError{Channel: ch, Message: msg, Err: err}
}

func retryable(ch ChannelType, msg string, err error) *DeliveryError {
	return &DeliveryError{Channel: ch, Retryable: true, Message: msg, Err: err}
}
