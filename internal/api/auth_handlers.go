package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"rectify/internal/auth"
)

type loginRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
	// Device is the token a previous login answered: a client that sends
	// it back is a known device, which an attack on the account does not
	// hold back (see auth.Guard).
	Device string `json:"device"`
}

// login checks a password and issues a bearer token (app.Login: the same
// throttle and sessions as the web login).
func (s *Server) login(c *gin.Context) (int, any, error) {
	var req loginRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	res, err := s.app.LogIn(auth.Attempt{Login: req.Login, Address: c.ClientIP(), Device: req.Device}, req.Password)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, gin.H{"token": res.Token, "user": res.User, "device": res.Device,
		"expires_in": int(s.app.SessionTTL().Seconds())}, nil
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
