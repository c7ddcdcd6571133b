package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/api"
)

// logBuffer collects JSON log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines decodes every line logged so far.
func (b *logBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &m), l)
		out = append(out, m)
	}
	return out
}

// loggedEngine is the API's engine at the default level (Info), logging
// into a buffer, with a route that panics under /api/ and one outside.
func loggedEngine(t *testing.T) (*gin.Engine, *logBuffer) {
	logs := &logBuffer{}
	log := zerolog.New(logs).Level(zerolog.InfoLevel)
	e := api.NewEngine(log, nil)
	e.GET("/api/v1/boom", func(*gin.Context) { panic("kaboom") })
	e.GET("/boom", func(*gin.Context) { panic("kaboom") })
	e.GET("/api/v1/users/:id", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{}) })
	return e, logs
}

func TestEveryRequestIsLoggedOnceAtInfoWithItsRequestID(t *testing.T) {
	e, logs := loggedEngine(t)
	r := httptest.NewRequest("GET", "/api/v1/users/42", nil)
	r.Header.Set("X-Request-ID", "proxy-7f3a.1")
	w := httptest.NewRecorder()
	e.ServeHTTP(w, r)
	assert.Equal(t, "proxy-7f3a.1", w.Header().Get("X-Request-ID"), "a sane id is taken and sent back")

	lines := logs.lines(t)
	require.Len(t, lines, 1, "one access line per request")
	l := lines[0]
	assert.Equal(t, "info", l["level"])
	assert.Equal(t, "GET", l["method"])
	assert.Equal(t, "/api/v1/users/:id", l["route"], "the route pattern, not the record's id")
	assert.EqualValues(t, 200, l["status"])
	assert.Contains(t, l, "duration")
	assert.Contains(t, l, "user_id")
	assert.Equal(t, "proxy-7f3a.1", l["request_id"])
}

func TestAnInsaneRequestIDIsReplaced(t *testing.T) {
	e, logs := loggedEngine(t)
	for _, bad := range []string{"", "has space", strings.Repeat("x", 65), "line\nbreak", "<script>"} {
		r := httptest.NewRequest("GET", "/healthz", nil)
		r.Header.Set("X-Request-ID", bad)
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		got := w.Header().Get("X-Request-ID")
		assert.NotEqual(t, bad, got)
		assert.Len(t, got, 16, "a generated id")
	}
	ids := map[any]bool{}
	for _, l := range logs.lines(t) {
		ids[l["request_id"]] = true
	}
	assert.Len(t, ids, 5, "each request its own id")
}

func TestAPanicIsLoggedWithItsStackAndAnswered500(t *testing.T) {
	e, logs := loggedEngine(t)
	w := httptest.NewRecorder()
	e.ServeHTTP(w, httptest.NewRequest("GET", "/api/v1/boom", nil))
	wantError(t, w, http.StatusInternalServerError, "internal", "")
	assert.NotContains(t, w.Body.String(), "kaboom", "details stay in the log")

	page := httptest.NewRecorder()
	e.ServeHTTP(page, httptest.NewRequest("GET", "/boom", nil))
	assert.Equal(t, http.StatusInternalServerError, page.Code)
	assert.Contains(t, page.Header().Get("Content-Type"), "text/html")
	assert.Contains(t, page.Body.String(), "系统出错")
	assert.Contains(t, page.Body.String(), page.Header().Get("X-Request-ID"), "the page names the request to report")

	var panics, access int
	for _, l := range logs.lines(t) {
		switch l["message"] {
		case "handler panic":
			panics++
			assert.Equal(t, "kaboom", l["panic"])
			assert.Contains(t, l["stack"], "logging_test.go", "the stack reaches the handler")
			assert.NotEmpty(t, l["request_id"])
		case "request":
			access++
			assert.EqualValues(t, 500, l["status"])
			assert.Equal(t, "warn", l["level"])
		}
	}
	assert.Equal(t, 2, panics)
	assert.Equal(t, 2, access, "a panicking request still gets its access line")
}

// BenchmarkAccessLine measures what the Info access line and request id
// cost per request, against the same engine with logging off.
func BenchmarkAccessLine(b *testing.B) {
	for _, bc := range []struct {
		name string
		log  zerolog.Logger
	}{{"off", zerolog.Nop()}, {"info-json", zerolog.New(io.Discard).Level(zerolog.InfoLevel)}} {
		b.Run(bc.name, func(b *testing.B) {
			e := api.NewEngine(bc.log, nil)
			r := httptest.NewRequest("GET", "/healthz", nil)
			b.ReportAllocs()
			for b.Loop() {
				e.ServeHTTP(httptest.NewRecorder(), r)
			}
		})
	}
}

// Log readers (and their parsers) see the access line as it always was:
// level, request id, then the request's fields.
func TestTheAccessLineKeepsItsFieldOrder(t *testing.T) {
	e, logs := loggedEngine(t)
	r := httptest.NewRequest("GET", "/api/v1/users/42", nil)
	r.Header.Set("X-Request-ID", "proxy-7f3a.1")
	e.ServeHTTP(httptest.NewRecorder(), r)
	logs.mu.Lock()
	line := logs.buf.String()
	logs.mu.Unlock()
	assert.Regexp(t, `^\{"level":"info","request_id":"proxy-7f3a.1","method":"GET","route":"/api/v1/users/:id","status":200,"duration":[0-9.]+,"user_id":0,"message":"request"\}\n$`, line)
}
