package ledger_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"rectify/internal/ledger"
)

// Issue 12 item 13: "12345678" was accepted as a password.
func TestThePasswordPolicy(t *testing.T) {
	for _, c := range []struct {
		name, password, reason string
	}{
		{"12345678 is refused as too short", "12345678", "password.too_short"},
		{"nine characters are too short", "rectify-9", "password.too_short"},
		{"a common ten-character password is refused", "1234567890", "password.common"},
		{"the list ignores letter case", "PASSWORD123", "password.common"},
		{"one character repeated is refused", "xxxxxxxxxxxx", "password.common"},
		{"one Chinese character repeated is refused", "党党党党党党党党党党", "password.common"},
		{"more than 72 bytes is refused", "密码密码密码密码密码密码密码密码密码密码密码密码密码密码", "password.too_long"},
		{"ten ordinary characters are fine", "correct-horse", ""},
		{"ten Chinese characters are fine", "整改台账销号回头看督办", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := ledger.ValidatePassword(c.password)
			if c.reason == "" {
				assert.NoError(t, err)
				return
			}
			assert.Equal(t, c.reason, ledger.ErrorReason(err), "%v", err)
			assert.Equal(t, "password", ledger.ErrorField(err))
			assert.Equal(t, ledger.EINVALID, ledger.ErrorCode(err))
		})
	}
}
