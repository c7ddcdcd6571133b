package app

import (
	"strings"

	"rectify/internal/ledger"
)

// mayPlan refuses members and leaders before anything is looked up: the
// plan of the ledger (batches, problems, measures, handovers) is an
// officer's or an admin's.
func mayPlan(actor *ledger.User) error {
	if actor == nil || (actor.Role != ledger.RoleOfficer && actor.Role != ledger.RoleAdmin) {
		return ledger.Reasonf(ledger.EFORBIDDEN, "role.officer_only", "only an officer or an admin may change the ledger's plan")
	}
	return nil
}

// fieldReason is an EINVALID error on field with a reason key.
func fieldReason(field, reason, msg string) *ledger.Error {
	return &ledger.Error{Code: ledger.EINVALID, Field: field, Reason: reason, Message: msg}
}

// parseDate reads a YYYY-MM-DD value of field; "" is zero unless required.
func parseDate(field, v string, required bool) (ledger.Date, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		if required {
			return 0, fieldReason(field, "field.required", field+" is required (YYYY-MM-DD)")
		}
		return 0, nil
	}
	d, err := ledger.ParseDate(v)
	if err != nil {
		return 0, fieldReason(field, "field.date", field+" must be a date YYYY-MM-DD")
	}
	return d, nil
}

// requireReason checks a free-text reason: present and within limit.
func requireReason(limit ledger.TextLimit, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", fieldReason(limit.Field, "field.required", limit.Field+" is required")
	}
	return v, limit.Check(v)
}
