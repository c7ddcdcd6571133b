package app

import (
	"context"

	"rectify/internal/ledger"
	"rectify/internal/notify"
	"rectify/internal/store"
)

// channelStore is what the channel use cases need from storage.
type channelStore interface {
	Channels() ([]*store.Channel, error)
	FindChannel(id int64) (*store.Channel, error)
	CreateChannel(actor *ledger.User, c *store.Channel) error
	UpdateChannel(actor *ledger.User, id int64, fn func(*store.Channel) error) (*store.Channel, error)
	DeleteChannel(actor *ledger.User, id int64) error
}

// ChannelSender delivers one digest on one channel; *notify.Sender is the
// real one, with the deployment's address guard and mail server.
type ChannelSender interface {
	Send(ctx context.Context, ch notify.Channel, d notify.Digest) error
}

// SetChannelSender sets what "发送测试消息" sends with. Without one, a
// sender with the default address guard (no internal addresses) is used.
func (s *Service) SetChannelSender(snd ChannelSender) { s.sender = snd }

// Channels lists every notification channel (admin only).
func (s *Service) Channels(actor *ledger.User) ([]*store.Channel, error) {
	if err := adminRequired(actor); err != nil {
		return nil, err
	}
	return s.st.Channels()
}

// Channel returns one channel, secret included (admin only).
func (s *Service) Channel(actor *ledger.User, id int64) (*store.Channel, error) {
	if err := adminRequired(actor); err != nil {
		return nil, err
	}
	return s.st.FindChannel(id)
}

// CreateChannel adds an enabled channel (admin only).
func (s *Service) CreateChannel(actor *ledger.User, in ChannelInput) (*store.Channel, error) {
	if err := adminRequired(actor); err != nil {
		return nil, err
	}
	ch := &store.Channel{Enabled: true}
	if err := ApplyChannel(ch, in); err != nil {
		return nil, err
	}
	return ch, s.st.CreateChannel(actor, ch)
}

// UpdateChannel edits, disables or enables a channel (admin only). A
// secret left out (or empty on a form) keeps the stored one.
func (s *Service) UpdateChannel(actor *ledger.User, id int64, in ChannelInput) (*store.Channel, error) {
	if err := adminRequired(actor); err != nil {
		return nil, err
	}
	return s.st.UpdateChannel(actor, id, func(ch *store.Channel) error { return ApplyChannel(ch, in) })
}

// DeleteChannel removes a channel (admin only).
func (s *Service) DeleteChannel(actor *ledger.User, id int64) error {
	if err := adminRequired(actor); err != nil {
		return err
	}
	return s.st.DeleteChannel(actor, id)
}

// TestResult is what a test message came back with.
type TestResult struct {
	OK     bool   `json:"ok"`
	Answer string `json:"answer"` // the robot's or mail server's answer, or the reason it failed
}

// TestChannel sends a test message now, outside the outbox, and reports
// the answer (admin only). An e-mail channel mails the acting admin's own
// address. The message carries no ledger data.
func (s *Service) TestChannel(ctx context.Context, actor *ledger.User, id int64) (*TestResult, error) {
	ch, err := s.Channel(actor, id)
	if err != nil {
		return nil, err
	}
	nc := notify.Channel{Type: notify.ChannelType(ch.Type), URL: ch.URL, Secret: ch.Secret}
	if ch.Type == store.ChannelEmail {
		if actor.Email == "" {
			return nil, fieldReason("email", "channel.test_needs_email", "set your own e-mail address to test an e-mail channel")
		}
		nc.To = []string{actor.Email}
	}
	snd := s.sender
	if snd == nil {
		snd = notify.NewSender(notify.Config{})
	}
	d := notify.Digest{Title: "整改台账测试消息：渠道配置正常", Key: "test:channel"}
	if err := snd.Send(ctx, nc, d); err != nil {
		return &TestResult{Answer: err.Error()}, nil
	}
	return &TestResult{OK: true, Answer: "对方已接收（返回成功）"}, nil
}
