package notify

import (
	"errors"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
)

// ChannelType names a delivery channel.
type ChannelType string

// The channel types the Sender knows.
const (
	WeCom    ChannelType = "wecom"
	DingTalk ChannelType = "dingtalk"
	Feishu   ChannelType = "feishu"
	Email    ChannelType = "email"
)

// Channel is one configured destination. URL and Secret are for robots;
// To is for e-mail. An e-mail channel with no To is per-user: the caller fills
// To with the user's address before calling Send.
type Channel struct {
	Type   ChannelType
	URL    string
	Secret string
	To     []string
}

// FieldError is a channel configuration mistake, naming the field so a form
// can show the message next to it.
type FieldError struct {
	Field   string // "type", "url", "secret" or "to"
	Message string
}

// Error returns "field: message".
func (e *FieldError) Error() string { return e.Field + ": " + e.Message }

func fieldErr(field, msg string) error { return &FieldError{Field: field, Message: msg} }

// ValidateChannel reports the first configuration mistake in ch, or nil.
// It is called on save and again before every send, because a row may have
// been written by an older version with laxer rules.
func ValidateChannel(ch Channel) error {
	switch ch.Type {
	case WeCom, DingTalk, Feishu:
		return validateRobot(ch)
	case Email:
		return validateEmail(ch)
	case "":
		return fieldErr("type", "is required (wecom, dingtalk, feishu or email)")
	default:
		return fieldErr("type", "unknown channel type "+strconv.Quote(string(ch.Type))+" (want wecom, dingtalk, feishu or email)")
	}
}

func validateRobot(ch Channel) error {
	if err := validateWebhookURL(ch.URL); err != nil {
		return err
	}
	if len(ch.To) > 0 {
		return fieldErr("to", "recipients are only used by e-mail channels")
	}
	if ch.Type == WeCom && ch.Secret != "" {
		return fieldErr("secret", "WeCom robots have no signing secret; the key is part of the url")
	}
	if strings.TrimSpace(ch.Secret) != ch.Secret || strings.ContainsAny(ch.Secret, " \t\r\n") {
		return fieldErr("secret", "must not contain spaces or line breaks (check the copy and paste)")
	}
	return nil
}

func validateWebhookURL(raw string) error {
	if raw == "" {
		return fieldErr("url", "is required for robot channels")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fieldErr("url", "is not a valid URL")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fieldErr("url", "must start with http:// or https://")
	}
	if u.Hostname() == "" {
		return fieldErr("url", "must include a host")
	}
	if u.User != nil {
		// Credentials in the URL would end up in logs and error messages.
		return fieldErr("url", "must not contain a user name or password")
	}
	return nil
}

func validateEmail(ch Channel) error {
	if ch.URL != "" {
		return fieldErr("url", "is not used by e-mail channels")
	}
	if ch.Secret != "" {
		return fieldErr("secret", "is not used by e-mail channels")
	}
	for _, to := range ch.To {
		if err := validateAddress(to); err != nil {
			return fieldErr("to", strconv.Quote(to)+" is not a valid e-mail address")
		}
	}
	return nil
}

// validateAddress accepts a bare address only: a display name or line break
// in a recipient would let a stored value rewrite the message headers.
func validateAddress(s string) error {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return err
	}
	if a.Name != "" || a.Address != s {
		return errors.New("want a bare address like name@example.com")
	}
	return nil
}
