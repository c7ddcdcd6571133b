package store

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/ledger"
)

func TestChannelsAreAnAdminsToManage(t *testing.T) {
	s, _ := newTestStore(t, "2026-11-26")
	o := newOrg(t, s)
	c := &Channel{BranchID: o.first.ID, Type: ChannelDingTalk, URL: "https://oapi.dingtalk.com/robot/send?access_token=SECRET-TOKEN", Secret: "SEC123", Enabled: true}
	err := s.CreateChannel(o.officer, c)
	assert.Equal(t, ledger.EFORBIDDEN, ledger.ErrorCode(err))
	err = s.CreateChannel(o.admin, &Channel{BranchID: 999, Type: ChannelWeCom, URL: "https://x.example"})
	assert.Equal(t, "branch_id", ledger.ErrorField(err))
	require.NoError(t, s.CreateChannel(o.admin, c))

	ev := lastEvent(t, s)
	assert.Equal(t, "channel", ev.Entity)
	assert.NotContains(t, string(ev.After), "SECRET-TOKEN", "the URL's token stays out of the trail")
	assert.NotContains(t, string(ev.After), "SEC123")

	up, err := s.UpdateChannel(o.admin, c.ID, func(ch *Channel) error { ch.Enabled = false; return nil })
	require.NoError(t, err)
	assert.False(t, up.Enabled)
	assert.Equal(t, "SEC123", up.Secret, "kept for the sender")
	_, err = s.UpdateChannel(o.admin, c.ID, func(ch *Channel) error { ch.BranchID = 999; return nil })
	assert.Equal(t, ledger.ENOTFOUND, ledger.ErrorCode(err))
	found, err := s.FindChannel(c.ID)
	require.NoError(t, err)
	assert.Equal(t, o.first.ID, found.BranchID, "a refused change changes nothing")

	assert.True(t, found.Covers(s.Tree(), o.first.ID))
	assert.False(t, found.Covers(s.Tree(), o.second.ID))
	assert.False(t, found.Covers(s.Tree(), o.party.ID), "a channel covers its subtree, not its parent")

	require.NoError(t, s.DeleteChannel(o.admin, c.ID))
	_, err = s.FindChannel(c.ID)
	assert.Equal(t, ledger.ENOTFOUND, ledger.ErrorCode(err))
}
