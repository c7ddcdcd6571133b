package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

type loginRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

// login checks a password and issues a bearer token (app.Login: the same
// throttle and sessions as the web login).
func (s *Server) login(c *gin.Context) (int, any, error) {
	var req loginRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	u, token, err := s.app.Login(req.Login, req.Password, c.ClientIP())
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, gin.H{"token": token, "user": u, "expires_in": int(s.app.SessionTTL().Seconds())}, nil
}

// logout revokes the caller's token.
func (s *Server) logout(c *gin.Context) (int, any, error) {
	token, _ := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if err := s.app.Logout(token); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, gin.H{"ok": true}, nil
}

func (s *Server) me(c *gin.Context) (int, any, error) {
	u, err := s.app.Me(CurrentUser(c))
	return http.StatusOK, gin.H{"user": u}, err
}
