package api

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/rs/zerolog"

	"rectify/internal/ledger"
)

const (
	logKey       = "rectify.log"
	requestIDKey = "rectify.request_id"
	// RequestIDHeader carries a request's id in and out.
	RequestIDHeader = "X-Request-ID"
)

// requestID takes the caller's X-Request-ID when it is sane (a proxy's
// id lets one follow a request through both logs) or makes one, and
// sends it back.
func requestID(c *gin.Context) {
	// The header maps are read and written under the canonical key
	// directly: Get and Set would canonicalise "X-Request-ID" into a new
	// string on every request. The wire form is the same either way.
	var id string
	if v := c.Request.Header[canonicalRequestIDHeader]; len(v) > 0 {
		id = v[0]
	}
	if !saneRequestID(id) {
		var b [8]byte
		_, _ = rand.Read(b[:])
		id = hex.EncodeToString(b[:])
	}
	c.Set(requestIDKey, id)
	c.Writer.Header()[canonicalRequestIDHeader] = []string{id}
	c.Next()
}

// canonicalRequestIDHeader is RequestIDHeader as net/http keys it.
var canonicalRequestIDHeader = http.CanonicalHeaderKey(RequestIDHeader)

// saneRequestID accepts 1–64 characters of letters, digits and -_.:, so a
// header cannot forge log lines or carry a payload.
func saneRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.:", r)
		if !ok {
			return false
		}
	}
	return true
}

// RequestID is the id of the request being served.
func RequestID(c *gin.Context) string { return c.GetString(requestIDKey) }

// accessLog writes one Info line per request (Warn for a 5xx): method,
// route, status, duration, user and request id. The route is the
// pattern (/api/v1/tasks/:id), so ids of records stay out of the log.
// The request id goes first, where a child logger's context would put
// it, so the line reads as before; a handler's own logger (logOf) is
// only built when it logs.
func accessLog(log zerolog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Set(logKey, &log)
		c.Next()
		status := c.Writer.Status()
		ev := log.Info()
		if status >= 500 {
			ev = log.Warn()
		}
		if ev == nil {
			return // the level is off: nothing below would be written
		}
		ev.Str("request_id", RequestID(c))
		route := c.FullPath()
		if route == "" {
			route = "(no route)"
		}
		var uid int64
		if u := CurrentUser(c); u != nil {
			uid = u.ID
		}
		ev.Str("method", c.Request.Method).Str("route", route).Int("status", status).
			Dur("duration", time.Since(start)).Int64("user_id", uid).Msg("request")
	}
}

// recovery turns a panic into a logged stack and a 500: JSON under /api/,
// a plain Chinese page elsewhere. The server keeps running.
func recovery(c *gin.Context) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if r == http.ErrAbortHandler {
			panic(r)
		}
		logOf(c).Error().Str("panic", fmt.Sprint(r)).Str("route", c.FullPath()).
			Str("stack", string(debug.Stack())).Msg("handler panic")
		if strings.HasPrefix(c.Request.URL.Path, "/api/") {
			respond(c, ledger.Errorf(ledger.EINTERNAL, "internal error"))
			return
		}
		c.Data(http.StatusInternalServerError, "text/html; charset=utf-8", []byte(fmt.Sprintf(panicPage, RequestID(c))))
		c.Abort()
	}()
	c.Next()
}

// panicPage is what a browser shows after a panic: the templates may be
// what failed, so it needs none of them. The request id (a sane one holds
// no markup) lets the administrator find the logged stack.
const panicPage = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>系统出错</title></head>` +
	`<body><h1>系统出错</h1><p>页面处理时发生错误，已记录日志。请稍后重试；如果问题持续，请联系管理员并告知请求编号 %s。</p>` +
	`<p><a href="/">返回总览</a></p></body></html>`

// logOf is the request's logger: the server's, with the request id.
func logOf(c *gin.Context) *zerolog.Logger {
	if l, ok := c.Get(logKey); ok {
		log := l.(*zerolog.Logger).With().Str("request_id", RequestID(c)).Logger()
		return &log
	}
	nop := zerolog.Nop()
	return &nop
}
