package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"rectify/internal/ledger"
)

const userKey = "rectify.user"

// authenticate requires a live bearer token and puts its user in the context.
func (s *Server) authenticate(c *gin.Context) {
	h := c.GetHeader("Authorization")
	token, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || token == "" {
		c.Header("WWW-Authenticate", `Bearer realm="rectify"`)
		writeError(c, ledger.Reasonf(ledger.EUNAUTHORIZED, ledger.ReasonNotSignedIn, "missing bearer token; log in at /api/v1/auth/login"))
		return
	}
	u, err := s.app.UserByToken(token)
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
