package notify

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestIsRetryable(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"no error is not retryable", nil, false},
		{"a retryable delivery error is retryable", &DeliveryError{Retryable: true}, true},
		{"a wrapped permanent delivery error is not", fmt.Errorf("outbox: %w", &DeliveryError{}), false},
		{"a deadline is retryable", context.DeadlineExceeded, true},
		{"a network error is retryable", &net.OpError{Op: "dial", Err: errors.New("connection refused")}, true},
		{"a refused target inside a network error is not", &net.OpError{Op: "dial", Err: fmt.Errorf("%w: x", ErrBlockedAddress)}, false},
		{"a configuration error is not", fieldErr("url", "bad"), false},
		{"an unknown error is not", errors.New("boom"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, IsRetryable(tt.err))
		})
	}
}

func TestRetryAfterIsReadFromA429AndCapped(t *testing.T) {
	now := time.Date(2026, 11, 26, 8, 30, 0, 0, time.UTC)
	for _, tt := range []struct {
		name, header string
		want         time.Duration
	}{
		{"seconds are read", "120", 2 * time.Minute},
		{"an HTTP date is read", now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{"a wait over an hour is capped", "86400", time.Hour},
		{"garbage is ignored", "soon", 0},
		{"a date in the past is ignored", now.Add(-time.Minute).Format(http.TimeFormat), 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, parseRetryAfter(tt.header, now))
		})
	}
	assert.Zero(t, RetryAfter(errors.New("plain")))
	assert.Equal(t, time.Minute, RetryAfter(&DeliveryError{RetryAfter: time.Minute}))
}
