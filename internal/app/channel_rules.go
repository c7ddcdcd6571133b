package app

import (
	"errors"
	"strings"

	"rectify/internal/ledger"
	"rectify/internal/notify"
	"rectify/internal/store"
)

// ChannelInput is a notification channel as a person sends it; a nil
// field is left as it is (a PATCH without secret keeps the secret).
type ChannelInput struct {
	BranchID *int64
	Type     *string
	URL      *string
	Secret   *string
	Enabled  *bool
}

// ApplyChannel copies the set fields of in onto ch and checks the result
// with notify's rules (type, URL scheme and host, secret format), naming
// the field at fault. It is the one channel rule: the channels API and
// the admin page both call it, so does any channels use case.
func ApplyChannel(ch *store.Channel, in ChannelInput) error {
	if in.BranchID != nil {
		ch.BranchID = *in.BranchID
	}
	if in.Type != nil {
		ch.Type = strings.TrimSpace(*in.Type)
	}
	if in.URL != nil {
		ch.URL = strings.TrimSpace(*in.URL)
	}
	if in.Secret != nil {
		ch.Secret = *in.Secret
	}
	if in.Enabled != nil {
		ch.Enabled = *in.Enabled
	}
	err := notify.ValidateChannel(notify.Channel{Type: notify.ChannelType(ch.Type), URL: ch.URL, Secret: ch.Secret})
	var fe *notify.FieldError
	if errors.As(err, &fe) {
		return &ledger.Error{Code: ledger.EINVALID, Field: fe.Field, Reason: "channel." + fe.Field, Message: fe.Error()}
	}
	return err
}

// MayManageChannels is the rule for seeing and changing notification
// channels (their URLs carry robot keys): admins only.
func MayManageChannels(u *ledger.User) error { return adminOnly(u, "manage notification channels") }

// adminOnly refuses everyone but an admin.
func adminOnly(u *ledger.User, what string) error {
	if u == nil || u.Role != ledger.RoleAdmin {
		return ledger.Reasonf(ledger.EFORBIDDEN, ledger.ReasonAdminOnly, "only an admin may %s", what)
	}
	return nil
}
