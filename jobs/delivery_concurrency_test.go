package jobs

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/store"
)

// hangingRobot accepts a request and never answers until the test ends.
func hangingRobot(t *testing.T) string {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); srv.Close() })
	return srv.URL + "/cgi-bin/webhook/send?key=hangs"
}

func TestAHangingRobotDelaysOnlyItsOwnMessages(t *testing.T) {
	f := newFixture(t, "2026-11-20", loopbackSender)
	served := make(chan struct{}, 4)
	healthy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served <- struct{}{}
		_, _ = w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
	}))
	t.Cleanup(healthy.Close)
	f.channel(f.first.ID, store.ChannelWeCom, hangingRobot(t))
	f.channel(f.first.ID, store.ChannelWeCom, healthy.URL+"/cgi-bin/webhook/send?key=ok")
	f.task(f.problem1, f.member.ID, "2026-11-25")
	require.Equal(t, 1, f.run(NameOverdue, "2026-11-26"))
	require.Len(t, f.deliveries(), 2, "one digest per channel")

	done := make(chan int, 1)
	go func() {
		res, _ := f.reg.Run(context.Background(), NameDelivery, at("2026-11-26 08:31"))
		done <- res.Notifications
	}()
	select {
	case <-served:
	case <-time.After(2 * time.Second):
		t.Fatal("the healthy robot waited behind the hanging one")
	}
	_, err := f.reg.Run(context.Background(), NameDelivery, at("2026-11-26 08:31"))
	assert.ErrorIs(t, err, ErrRunning, "a manual run does not wait behind the running one")
	assert.Equal(t, 1, <-done, "the healthy message sent; the hanging one failed after its timeout")
}

func TestARetryAfterIsCountedFromTheReply(t *testing.T) {
	f := newFixture(t, "2026-11-20", loopbackSender)
	var once sync.Once
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { f.clock.Advance(6 * time.Second) }) // the reply comes 6 s into the run
		w.Header().Set("Retry-After", "90")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	t.Cleanup(slow.Close)
	f.channel(f.first.ID, store.ChannelWeCom, slow.URL+"/cgi-bin/webhook/send?key=slow")
	f.task(f.problem1, f.member.ID, "2026-11-25")
	require.Equal(t, 1, f.run(NameOverdue, "2026-11-26"))
	row := f.deliveries()[0]

	start := at("2026-11-26 08:31")
	f.clock.Set(start)
	_, err := f.reg.Run(context.Background(), NameDelivery, start)
	require.NoError(t, err)
	got := f.delivery(row.ID)
	assert.True(t, got.NextAt.Equal(start.Add(6*time.Second+90*time.Second)), "next attempt %s: 90 s after the reply", got.NextAt)
}

func TestClaimsOfASenderThatDiedAreReleasedAtStart(t *testing.T) {
	f := newFixture(t, "2026-11-20", loopbackSender)
	r := newRobot(t)
	row := overdueRow(f, r)
	now := at("2026-11-26 08:31")
	claimed, err := f.st.ClaimDeliveries(now, defaultLease, 10) // then the process dies
	require.NoError(t, err)
	require.Len(t, claimed, 1)

	n, err := f.st.ReleaseClaims(at("2026-11-26 08:32"))
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, 1, f.run(NameDelivery, "2026-11-26 08:32"), "sent at once, not after the 2-minute lease")
	assert.Equal(t, store.StateSent, f.delivery(row.ID).State)
}
