package notify

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fixedNow is 2026-01-01T00:00:00Z: epoch 1767225600 s, 1767225600000 ms.
var fixedNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func fixedClock() time.Time { return fixedNow }

func sampleDigest() Digest {
	return Digest{
		Title: "整改台账提醒：1项逾期",
		Items: []Item{{
			Kind:        KindOverdue,
			TaskID:      42,
			Branch:      "第一党支部",
			DueOn:       "2026-11-20",
			Light:       "red",
			DaysOverdue: 6,
			Link:        "https://ledger.example.gov.cn/tasks/42",
		}},
		Link: "https://ledger.example.gov.cn/tasks",
	}
}

// bigDigest has n items with realistic, longish branch names.
func bigDigest(n int) Digest {
	d := Digest{Title: fmt.Sprintf("整改台账提醒：%d项逾期", n), Link: "https://ledger.example.gov.cn/tasks"}
	for i := range n {
		d.Items = append(d.Items, Item{
			Kind:        KindOverdue,
			TaskID:      int64(10000 + i),
			Branch:      fmt.Sprintf("机关第%d党支部（综合办公室）", i+1),
			DueOn:       "2026-11-20",
			Light:       "red",
			DaysOverdue: 100 + i,
			Link:        fmt.Sprintf("https://ledger.example.gov.cn/tasks/%d", 10000+i),
		})
	}
	return d
}

// loopbackSender may reach httptest servers, which listen on 127.0.0.1.
func loopbackSender(t *testing.T) *Sender {
	t.Helper()
	allow, err := ParseAllow("127.0.0.0/8, ::1")
	require.NoError(t, err)
	return NewSender(Config{Allow: allow, Now: fixedClock, Timeout: 5 * time.Second})
}

// robotRequest is what a fake robot received.
type robotRequest struct {
	URL  string // path and raw query
	Body []byte
}

// fakeRobot answers every POST with status and body, recording requests.
type fakeRobot struct {
	*httptest.Server
	mu       sync.Mutex
	requests []robotRequest
}

func newFakeRobot(t *testing.T, status int, body string) *fakeRobot {
	t.Helper()
	r := &fakeRobot{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.requests = append(r.requests, robotRequest{URL: req.URL.RequestURI(), Body: b})
		r.mu.Unlock()
		if status >= 300 && status < 400 {
			// Same-server target: a client that followed it would be seen
			// asking twice, and no traffic leaves the loopback interface.
			w.Header().Set("Location", "/moved")
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *fakeRobot) received() []robotRequest {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]robotRequest(nil), r.requests...)
}

func mustPrefixes(t *testing.T, s string) []netip.Prefix {
	t.Helper()
	p, err := ParseAllow(s)
	require.NoError(t, err)
	return p
}
