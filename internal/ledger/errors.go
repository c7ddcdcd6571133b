// Package ledger holds the domain of rectify: branches, users, batches,
// problems, tasks (整改措施), their lifecycle, lights and rates. It does no
// I/O and never reads the clock: every rule takes the date it applies to.
package ledger

import (
	"errors"
	"fmt"
)

// Error codes. The HTTP layer maps each to one status.
const (
	EINVALID      = "invalid"       // 400: malformed or missing input
	EUNAUTHORIZED = "unauthorized"  // 401: no or bad credentials
	EFORBIDDEN    = "forbidden"     // 403: role or branch scope refuses
	ENOTFOUND     = "not_found"     // 404
	ECONFLICT     = "conflict"      // 409: wrong state or duplicate
	ETOOLARGE     = "too_large"     // 413
	EUNPROCESS    = "unprocessable" // 422: well-formed but cannot be applied
	ERATELIMIT    = "rate_limited"  // 429
	EINTERNAL     = "internal"      // 500
)

// Error is a domain error with a code a caller can act on and, for
// validation errors, the name of the offending field.
type Error struct {
	Code    string
	Message string
	Field   string
	// Reason is a stable key for what went wrong ("task.extension_pending",
	// "field.too_long"); the web translates it, the API may show it.
	Reason string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("ledger: %s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return fmt.Sprintf("ledger: %s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an EINVALID error naming the field at fault.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Reasonf returns an *Error with a code and a reason key.
func Reasonf(code, reason, format string, args ...any) *Error {
	return &Error{Code: code, Reason: reason, Message: fmt.Sprintf(format, args...)}
}

// WithField names the field at fault and returns e.
func (e *Error) WithField(field string) *Error {
	e.Field = field
	return e
}

// ErrorReason returns the reason key of err, or "".
func ErrorReason(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not
// domain errors, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err; internal errors get
// a generic one so that nothing about the system leaks.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ErrorField returns the field a validation error names, or "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
