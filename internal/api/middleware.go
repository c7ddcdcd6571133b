package api

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/rs/zerolog"

	"rectify/internal/auth"
	"rectify/internal/ledger"
)

const userKey = "rectify.user"

// authenticate requires a live bearer token and puts its user in the context.
func (s *Server) authenticate(c *gin.Context) {
	h := c.GetHeader("Authorization")
	token, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || token == "" {
		c.Header("WWW-Authenticate", `Bearer realm="rectify"`)
		writeError(c, ledger.Errorf(ledger.EUNAUTHORIZED, "missing bearer token; log in at /api/v1/auth/login"))
		return
	}
	u, err := s.store.FindSession(auth.HashToken(token))
	if err != nil {
		c.Header("WWW-Authenticate", `Bearer realm="rectify", error="invalid_token"`)
		writeError(c, err)
		return
	}
	c.Set(userKey, u)
	c.Next()
}

// CurrentUser returns the authenticated user of the request.
func CurrentUser(c *gin.Context) *ledger.User {
	u, _ := c.Get(userKey)
	user, _ := u.(*ledger.User)
	return user
}

// SetUser lets another authentication (the web session) reuse handlers.
func SetUser(c *gin.Context, u *ledger.User) { c.Set(userKey, u) }

// limitBody bounds a route's request body: MaxBody, or MaxUpload for a
// multipart body on an upload route. The route decides, not the
// Content-Type alone, so a JSON route never takes an upload's size. A
// declared length over the limit is refused at once, and a body that turns
// out longer (chunked, or a lying Content-Length) fails its first read
// past the limit.
func (s *Server) limitBody(upload bool) gin.HandlerFunc {
	return func(c *gin.Context) {
		limit := s.cfg.MaxBody
		if upload && strings.HasPrefix(c.GetHeader("Content-Type"), "multipart/") {
			limit = s.cfg.MaxUpload
		}
		if c.Request.ContentLength > limit {
			writeError(c, ledger.Errorf(ledger.ETOOLARGE, "request body is larger than %d bytes", limit))
			return
		}
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		c.Next()
	}
}

func recovery(log zerolog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				log.Error().Str("panic", fmt.Sprint(r)).Str("path", c.Request.URL.Path).Msg("handler panic")
				writeError(c, fmt.Errorf("panic: %v", r))
			}
		}()
		c.Next()
	}
}

const logKey = "rectify.log"

func accessLog(log zerolog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Set(logKey, log)
		c.Next()
		ev := log.Debug()
		if c.Writer.Status() >= 500 {
			ev = log.Warn()
		}
		ev.Str("method", c.Request.Method).Str("path", c.Request.URL.Path).
			Int("status", c.Writer.Status()).Dur("took", time.Since(start)).Msg("request")
	}
}

func logOf(c *gin.Context) *zerolog.Logger {
	if l, ok := c.Get(logKey); ok {
		log := l.(zerolog.Logger)
		return &log
	}
	nop := zerolog.Nop()
	return &nop
}
