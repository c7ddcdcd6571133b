package notify

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"

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
