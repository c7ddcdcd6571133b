package ledger_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"rectify/internal/ledger"
)

func TestErrorAccessors(t *testing.T) {
	tests := []struct {
		name    string
		err     error
		code    string
		message string
		field   string
	}{
		{"no error has no code", nil, "", "internal error", ""},
		{"a plain Go error is internal and its text is hidden", errors.New("bbolt: page 12 corrupt"), ledger.EINTERNAL, "internal error", ""},
		{"a domain error keeps its code and message", ledger.Errorf(ledger.ECONFLICT, "cannot %s", "approve"), ledger.ECONFLICT, "cannot approve", ""},
		{"a field error is invalid and names its field", ledger.FieldErrorf("due_on", "due_on is required"), ledger.EINVALID, "due_on is required", "due_on"},
		{"a wrapped domain error is still recognised", fmt.Errorf("store: close task 4: %w", ledger.Errorf(ledger.ENOTFOUND, "task 4 not found")), ledger.ENOTFOUND, "task 4 not found", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.code, ledger.ErrorCode(tt.err))
			assert.Equal(t, tt.message, ledger.ErrorMessage(tt.err))
			assert.Equal(t, tt.field, ledger.ErrorField(tt.err))
		})
	}
}

func TestErrorText(t *testing.T) {
	t.Run("a field error names code, message and field", func(t *testing.T) {
		assert.Equal(t, "ledger: invalid: percent must be 0–100 (percent)", ledger.FieldErrorf("percent", "percent must be 0–100").Error())
	})
	t.Run("an error without a field names code and message", func(t *testing.T) {
		assert.Equal(t, "ledger: forbidden: no", ledger.Errorf(ledger.EFORBIDDEN, "no").Error())
	})
}
