package app

import (
	"strconv"
	"strings"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

// notificationStore is what the in-app inbox (通知) needs. Every call is
// keyed by the reader's own id: nobody reads or marks another's inbox.
type notificationStore interface {
	Notifications(userID int64, unreadOnly bool, limit int) ([]*store.Notification, error)
	UnreadCount(userID int64) (int, error)
	MarkNotificationRead(userID, id int64) (*store.Notification, error)
	MarkNotificationsRead(userID int64, ids []int64) ([]*store.Notification, error)
	MarkAllNotificationsRead(userID int64) (int, error)
}

// Notifications lists u's notifications, newest first; unread is "",
// "true" or "false" as a query gives it.
func (s *Service) Notifications(u *ledger.User, unread string, limit int) ([]*store.Notification, error) {
	only, err := ParseFlag("unread", unread)
	if err != nil {
		return nil, err
	}
	return s.st.Notifications(u.ID, only, limit)
}

// UnreadCount is the number shown on the header's 通知 link.
func (s *Service) UnreadCount(u *ledger.User) (int, error) { return s.st.UnreadCount(u.ID) }

// MarkRead marks one of u's notifications read.
func (s *Service) MarkRead(u *ledger.User, id int64) (*store.Notification, error) {
	return s.st.MarkNotificationRead(u.ID, id)
}

// MarkManyRead marks the listed notifications of u read, or all of them
// when ids is empty; it returns how many changed.
func (s *Service) MarkManyRead(u *ledger.User, ids []int64) (int, error) {
	if len(ids) == 0 {
		return s.st.MarkAllNotificationsRead(u.ID)
	}
	ns, err := s.st.MarkNotificationsRead(u.ID, ids)
	return len(ns), err
}

// ParseFlag reads an optional boolean query value of field.
func ParseFlag(field, v string) (bool, error) {
	if strings.TrimSpace(v) == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(strings.TrimSpace(v))
	if err != nil {
		return false, ledger.FieldErrorf(field, "%s must be true or false", field)
	}
	return b, nil
}
