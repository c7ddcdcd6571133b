package jobs

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/notify"
	"rectify/internal/store"
)

// robot is a WeCom group robot on 127.0.0.1: it answers with the queued
// statuses (200 once they run out) and keeps every body it got.
type robot struct {
	srv      *httptest.Server
	mu       sync.Mutex
	bodies   []string
	statuses []int
}

func newRobot(t *testing.T, statuses ...int) *robot {
	r := &robot{statuses: statuses}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.bodies = append(r.bodies, string(body))
		status := http.StatusOK
		if len(r.statuses) > 0 {
			status, r.statuses = r.statuses[0], r.statuses[1:]
		}
		r.mu.Unlock()
		if status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "600")
		}
		w.WriteHeader(status)
		if status == http.StatusOK {
			_, _ = w.Write([]byte(`{"errcode":0,"errmsg":"ok"}`))
		} else {
			_, _ = w.Write([]byte(`{"errcode":93000,"errmsg":"invalid webhook url"}`))
		}
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *robot) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.bodies...)
}

func (r *robot) url() string { return r.srv.URL + "/cgi-bin/webhook/send?key=robot-key" }

// loopbackSender is the real sender, allowed to reach 127.0.0.0/8.
func loopbackSender(c *Config) {
	allow, err := notify.ParseAllow("127.0.0.0/8")
	if err != nil {
		panic(err)
	}
	c.Sender = notify.NewSender(notify.Config{Allow: allow, Timeout: 5 * time.Second})
}

// overdueRow makes one overdue notice for a robot channel at r and returns
// its outbox row, flushed at 2026-11-26 08:30.
func overdueRow(f *fixture, r *robot) *store.OutboxRow {
	f.t.Helper()
	f.channel(f.first.ID, store.ChannelWeCom, r.url())
	f.task(f.problem1, f.member.ID, "2026-11-25")
	require.Equal(f.t, 1, f.run(NameOverdue, "2026-11-26"))
	rows := f.deliveries()
	require.Len(f.t, rows, 1)
	return rows[0]
}

func (f *fixture) delivery(id int64) *store.OutboxRow {
	f.t.Helper()
	row, err := f.st.FindDelivery(id)
	require.NoError(f.t, err)
	return row
}

// wecomContent decodes a WeCom markdown body.
func wecomContent(t *testing.T, body string) string {
	t.Helper()
	var m struct {
		MsgType  string `json:"msgtype"`
		Markdown struct {
			Content string `json:"content"`
		} `json:"markdown"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &m), body)
	require.Equal(t, "markdown", m.MsgType)
	return m.Markdown.Content
}

func TestDeliverySendsTheDigestAndMarksItSent(t *testing.T) {
	f := newFixture(t, "2026-11-20", loopbackSender)
	r := newRobot(t)
	row := overdueRow(f, r)
	assert.Equal(t, 1, f.run(NameDelivery, "2026-11-26 08:31"))
	bodies := r.got()
	require.Len(t, bodies, 1)
	content := wecomContent(t, bodies[0])
	assert.Contains(t, content, "整改逾期提醒（1项）")
	assert.Contains(t, content, "第一支部 时限2026-11-25")
	assert.Contains(t, content, "逾期1天")
	assert.Contains(t, content, "notice="+url.QueryEscape(row.Key), "the idempotency key rides in the ledger link")
	assert.NotContains(t, content, "制定整改方案", "never the measure text")
	assert.NotContains(t, content, "三会一课", "never the problem text")
	got := f.delivery(row.ID)
	assert.Equal(t, store.StateSent, got.State)
	assert.Equal(t, 1, got.Attempts)
	require.NotNil(t, got.SentAt)
	assert.Equal(t, 0, f.run(NameDelivery, "2026-11-26 08:32"))
	assert.Len(t, r.got(), 1)
}

func TestDeliveryRetriesA503WithBackoffThenSucceeds(t *testing.T) {
	f := newFixture(t, "2026-11-20", loopbackSender)
	r := newRobot(t, http.StatusServiceUnavailable)
	row := overdueRow(f, r)
	first := at("2026-11-26 08:31")
	assert.Equal(t, 0, f.run(NameDelivery, "2026-11-26 08:31"))
	got := f.delivery(row.ID)
	assert.Equal(t, store.StateFailed, got.State)
	assert.Equal(t, 1, got.Attempts)
	assert.Contains(t, got.LastError, "status 503")
	want := notify.NextAttempt(1, first, func() float64 { return 0.5 })
	assert.True(t, got.NextAt.Equal(want), "next attempt %s, want %s", got.NextAt, want)
	assert.Equal(t, 30*time.Second, want.Sub(first))

	f.clock.Set(first.Add(29 * time.Second))
	res, err := f.reg.Run(context.Background(), NameDelivery, first.Add(29*time.Second))
	require.NoError(t, err)
	assert.Equal(t, 0, res.Notifications, "not before the backoff")
	assert.Len(t, r.got(), 1)

	f.clock.Set(want)
	res, err = f.reg.Run(context.Background(), NameDelivery, want)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Notifications)
	got = f.delivery(row.ID)
	assert.Equal(t, store.StateSent, got.State)
	assert.Equal(t, 2, got.Attempts)
	assert.Empty(t, got.LastError)
}

func TestDeliveryWaitsAsLongAsA429RetryAfterAsks(t *testing.T) {
	f := newFixture(t, "2026-11-20", loopbackSender)
	r := newRobot(t, http.StatusTooManyRequests)
	row := overdueRow(f, r)
	first := at("2026-11-26 08:31")
	assert.Equal(t, 0, f.run(NameDelivery, "2026-11-26 08:31"))
	got := f.delivery(row.ID)
	assert.Equal(t, store.StateFailed, got.State)
	assert.True(t, got.NextAt.Equal(first.Add(10*time.Minute)), "next attempt %s: the robot's Retry-After, not the 30 s backoff", got.NextAt)
}

func TestDeliveryGivesUpAtOnceOnAPermanentError(t *testing.T) {
	f := newFixture(t, "2026-11-20", loopbackSender)
	r := newRobot(t, http.StatusBadRequest)
	row := overdueRow(f, r)
	assert.Equal(t, 0, f.run(NameDelivery, "2026-11-26 08:31"))
	got := f.delivery(row.ID)
	assert.Equal(t, store.StateDead, got.State, "a 400 will not get better by retrying")
	assert.Equal(t, 1, got.Attempts)
	assert.Contains(t, got.LastError, "status 400")
	assert.Equal(t, 0, f.run(NameDelivery, "2026-11-27 08:31"))
	assert.Len(t, r.got(), 1)
}

func TestDeliveryIsDeadAfterMaxAttemptsOfRetryableErrors(t *testing.T) {
	f := newFixture(t, "2026-11-20", loopbackSender)
	statuses := make([]int, notify.MaxAttempts)
	for i := range statuses {
		statuses[i] = http.StatusInternalServerError
	}
	r := newRobot(t, statuses...)
	row := overdueRow(f, r)
	when := at("2026-11-26 08:31")
	for attempt := 1; attempt <= notify.MaxAttempts; attempt++ {
		f.clock.Set(when)
		_, err := f.reg.Run(context.Background(), NameDelivery, when)
		require.NoError(t, err)
		got := f.delivery(row.ID)
		assert.Equal(t, attempt, got.Attempts)
		if attempt < notify.MaxAttempts {
			require.Equal(t, store.StateFailed, got.State, "attempt %d", attempt)
			when = got.NextAt
		} else {
			assert.Equal(t, store.StateDead, got.State)
		}
	}
	assert.Len(t, r.got(), notify.MaxAttempts)
	assert.Equal(t, 0, f.run(NameDelivery, "2026-11-28 08:31"))
	assert.Len(t, r.got(), notify.MaxAttempts)
}

func TestACrashBetweenSendAndMarkResendsTheSameKey(t *testing.T) {
	f := newFixture(t, "2026-11-20", loopbackSender)
	r := newRobot(t)
	row := overdueRow(f, r)
	now := at("2026-11-26 08:31")
	d := &Delivery{d: &deps{st: f.st, cfg: f.reg.cfgOf(t)}}

	// A sender claims the row and sends it, then dies before marking it.
	claimed, err := f.st.ClaimDeliveries(now, defaultLease, 10)
	require.NoError(t, err)
	require.Len(t, claimed, 1)
	ch, dg, err := d.message(claimed[0])
	require.NoError(t, err)
	require.NoError(t, d.d.cfg.Sender.Send(context.Background(), ch, dg))

	assert.Equal(t, 0, f.run(NameDelivery, "2026-11-26 08:32"), "still leased to the dead sender")
	assert.Equal(t, 1, f.run(NameDelivery, "2026-11-26 08:33"), "the lease ran out: sent again")
	bodies := r.got()
	require.Len(t, bodies, 2, "at least once: the receiver sees it twice")
	marker := "notice=" + url.QueryEscape(row.Key)
	assert.Contains(t, wecomContent(t, bodies[0]), marker)
	assert.Contains(t, wecomContent(t, bodies[1]), marker, "with the same key, so it can drop the repeat")
	got := f.delivery(row.ID)
	assert.Equal(t, store.StateSent, got.State)
	assert.Equal(t, 2, got.Attempts)
}

func TestDeliveryToALoopbackRobotIsRefusedWithoutTheAllowList(t *testing.T) {
	f := newFixture(t, "2026-11-20", func(c *Config) { c.Sender = notify.NewSender(notify.Config{Timeout: 5 * time.Second}) })
	r := newRobot(t)
	row := overdueRow(f, r)
	assert.Equal(t, 0, f.run(NameDelivery, "2026-11-26 08:31"))
	got := f.delivery(row.ID)
	assert.Equal(t, store.StateDead, got.State)
	assert.Contains(t, got.LastError, "loopback")
	assert.Empty(t, r.got(), "no packet reached it")
}

func TestDeliveryToARemovedChannelIsDead(t *testing.T) {
	f := newFixture(t, "2026-11-20")
	r := newRobot(t)
	row := overdueRow(f, r)
	require.NoError(t, f.st.DeleteChannel(f.admin, row.ChannelID))
	assert.Equal(t, 0, f.run(NameDelivery, "2026-11-26 08:31"))
	got := f.delivery(row.ID)
	assert.Equal(t, store.StateDead, got.State)
	assert.Contains(t, got.LastError, "removed")
	assert.Empty(t, f.sender.messages())
}

func TestEmailGoesToCoveredUsersWithAnAddress(t *testing.T) {
	f := newFixture(t, "2026-11-20")
	f.channel(f.first.ID, store.ChannelEmail, "")
	mail := "zhang@example.gov.cn"
	_, err := f.st.UpdateUser(f.admin, f.member.ID, store.UserUpdate{Email: &mail})
	require.NoError(t, err)
	a := f.task(f.problem1, f.member.ID, "2026-11-25")
	require.Equal(t, 1, f.run(NameOverdue, "2026-11-26"))
	require.Equal(t, 1, f.run(NameDelivery, "2026-11-26 08:31"))
	msgs := f.sender.messages()
	require.Len(t, msgs, 1, "李委员 has no address")
	assert.Equal(t, notify.Channel{Type: notify.Email, To: []string{mail}}, msgs[0].Channel)
	assert.Equal(t, "整改逾期提醒（1项）", msgs[0].Digest.Title)
	require.Len(t, msgs[0].Digest.Items, 1)
	assert.Equal(t, notify.Item{Kind: notify.KindOverdue, TaskID: a.ID, Branch: "第一支部", DueOn: "2026-11-25", Light: "red",
		DaysOverdue: 1, Link: "https://ledger.example.gov.cn/tasks/" + fmtInt(a.ID)}, msgs[0].Digest.Items[0])
	assert.True(t, strings.HasPrefix(msgs[0].Digest.Link, "https://ledger.example.gov.cn/tasks?notice=overdue%3Aemail%3A"))
}

func TestWithoutABaseURLTheKeyEndsTheTitle(t *testing.T) {
	f := newFixture(t, "2026-11-20", func(c *Config) { c.BaseURL = "" })
	r := newRobot(t)
	row := overdueRow(f, r)
	require.Equal(t, 1, f.run(NameDelivery, "2026-11-26 08:31"))
	msgs := f.sender.messages()
	require.Len(t, msgs, 1)
	assert.Equal(t, "整改逾期提醒（1项） 〔"+row.Key+"〕", msgs[0].Digest.Title)
	assert.Empty(t, msgs[0].Digest.Link)
	assert.Empty(t, msgs[0].Digest.Items[0].Link)
}
