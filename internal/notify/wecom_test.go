package notify

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSendWeComPostsTheURLAsIs(t *testing.T) {
	robot := newFakeRobot(t, 200, `{"errcode":0,"errmsg":"ok"}`)
	ch := Channel{Type: WeCom, URL: robot.URL + "/cgi-bin/webhook/send?key=k-123"}

	require.NoError(t, loopbackSender(t).Send(context.Background(), ch, sampleDigest()))

	got := robot.received()
	require.Len(t, got, 1)
	assert.Equal(t, "/cgi-bin/webhook/send?key=k-123", got[0].URL)
	want, err := Render(WeCom, sampleDigest())
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(got[0].Body), "the body is what Render previews")
}
