package store

import (
	"net/url"
	"time"

	"go.etcd.io/bbolt"

	"rectify/internal/ledger"
)

// Channel types; the notify package knows how to send on each.
const (
	ChannelWeCom    = "wecom"
	ChannelDingTalk = "dingtalk"
	ChannelFeishu   = "feishu"
	ChannelEmail    = "email"
)

// Channel is a notification destination an admin configures for a branch
// and its sub-branches (branch 0: every branch). A robot channel gets one
// digest per job run; an e-mail channel mails the covered users who have
// an address.
type Channel struct {
	ID        int64     `json:"id"`
	BranchID  int64     `json:"branch_id"`
	Type      string    `json:"type"`
	URL       string    `json:"url,omitempty"`
	Secret    string    `json:"secret,omitempty"`
	Enabled   bool      `json:"enabled"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Covers reports whether the channel speaks for branch.
func (c *Channel) Covers(tree *ledger.Tree, branch int64) bool {
	return c.BranchID == 0 || tree.Contains(c.BranchID, branch)
}

// redacted is what the audit trail keeps: the URL's host and path but
// not its query (a WeCom key or DingTalk token), and never the secret.
func (c *Channel) redacted() *Channel {
	r := *c
	r.Secret = ""
	if u, err := url.Parse(c.URL); err == nil {
		u.RawQuery, u.User, u.Fragment = "", nil, ""
		r.URL = u.String()
	}
	return &r
}

// CreateChannel adds a channel; channels are an admin's to manage. The
// caller has validated type, url and secret (notify.ValidateChannel).
func (s *Store) CreateChannel(actor *ledger.User, c *Channel) error {
	if err := adminOnly(actor); err != nil {
		return err
	}
	if err := s.checkChannelBranch(c); err != nil {
		return err
	}
	return s.update(func(tx *bbolt.Tx) error {
		id, err := nextID(tx, bChannels)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		c.ID, c.CreatedAt, c.UpdatedAt = id, now, now
		if err := put(tx, bChannels, id, c); err != nil {
			return err
		}
		return s.appendEvent(tx, actor.ID, "channel", id, 0, ledger.ActCreate, "", nil, c.redacted())
	})
}

func (s *Store) checkChannelBranch(c *Channel) error {
	if c.BranchID < 0 || c.BranchID > 0 && s.Tree().Get(c.BranchID) == nil {
		return &ledger.Error{Code: ledger.ENOTFOUND, Field: "branch_id", Message: "branch not found"}
	}
	return ledger.CheckTexts(ledger.LimitChannelURL.Check(c.URL), ledger.LimitChannelSecret.Check(c.Secret))
}

// UpdateChannel changes a channel through fn, which validates the result.
func (s *Store) UpdateChannel(actor *ledger.User, id int64, fn func(*Channel) error) (*Channel, error) {
	if err := adminOnly(actor); err != nil {
		return nil, err
	}
	var out Channel
	err := s.update(func(tx *bbolt.Tx) error {
		var c Channel
		if err := get(tx, bChannels, id, "channel", &c); err != nil {
			return err
		}
		before := c
		if err := fn(&c); err != nil {
			return err
		}
		if err := s.checkChannelBranch(&c); err != nil {
			return err
		}
		c.ID, c.CreatedAt, c.UpdatedAt = before.ID, before.CreatedAt, s.now().UTC()
		out = c
		if err := put(tx, bChannels, id, &c); err != nil {
			return err
		}
		return s.appendEvent(tx, actor.ID, "channel", id, 0, ledger.ActUpdate, "", before.redacted(), c.redacted())
	})
	return &out, err
}

// DeleteChannel removes a channel; rows already in the outbox for it die
// at their next attempt.
func (s *Store) DeleteChannel(actor *ledger.User, id int64) error {
	if err := adminOnly(actor); err != nil {
		return err
	}
	return s.update(func(tx *bbolt.Tx) error {
		var c Channel
		if err := get(tx, bChannels, id, "channel", &c); err != nil {
			return err
		}
		if err := tx.Bucket(bChannels).Delete(itob(id)); err != nil {
			return err
		}
		return s.appendEvent(tx, actor.ID, "channel", id, 0, ledger.ActDelete, "", c.redacted(), nil)
	})
}

// FindChannel returns a channel, secret included, for the sender.
func (s *Store) FindChannel(id int64) (*Channel, error) {
	var c Channel
	err := s.db.View(func(tx *bbolt.Tx) error { return get(tx, bChannels, id, "channel", &c) })
	return &c, err
}

// Channels lists every channel in id order.
func (s *Store) Channels() ([]*Channel, error) {
	var out []*Channel
	err := s.db.View(func(tx *bbolt.Tx) error {
		var err error
		out, err = allChannels(tx)
		return err
	})
	return out, err
}

func allChannels(tx *bbolt.Tx) ([]*Channel, error) {
	out := []*Channel{}
	err := tx.Bucket(bChannels).ForEach(func(_, v []byte) error {
		var c Channel
		if err := unmarshal(v, &c); err != nil {
			return err
		}
		out = append(out, &c)
		return nil
	})
	return out, err
}

func enabledChannels(tx *bbolt.Tx) ([]*Channel, error) {
	all, err := allChannels(tx)
	var out []*Channel
	for _, c := range all {
		if c.Enabled {
			out = append(out, c)
		}
	}
	return out, err
}

func emailCovers(chs []*Channel, tree *ledger.Tree, branch int64) bool {
	for _, c := range chs {
		if c.Type == ChannelEmail && c.Covers(tree, branch) {
			return true
		}
	}
	return false
}
