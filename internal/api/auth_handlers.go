package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"rectify/internal/auth"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

type loginRequest struct {
	Login    string `json:"login"`
	Password string `json:"password"`
}

// Login checks a password and issues a token. Wrong login and wrong
// password get the same answer, and repeated failures are slowed down.
func (s *Server) login(c *gin.Context) (int, any, error) {
	var req loginRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	u, token, err := s.Authenticate(req.Login, req.Password, c.ClientIP())
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, gin.H{"token": token, "user": u, "expires_in": int(s.cfg.SessionTTL.Seconds())}, nil
}

// Authenticate checks login and password (throttled per login and per
// client address) and starts a session; the web login uses it too.
func (s *Server) Authenticate(login, password, client string) (*ledger.User, string, error) {
	login = strings.TrimSpace(login)
	if login == "" {
		return nil, "", ledger.FieldErrorf("login", "login is required")
	} else if password == "" {
		return nil, "", ledger.FieldErrorf("password", "password is required")
	}
	// The throttle measures real waiting time; sessions live by the store's
	// clock, which is what FindSession checks them against.
	now := time.Now()
	keys := []string{"login:" + strings.ToLower(login), "ip:" + client}
	for _, k := range keys {
		if w := s.throttle.Wait(k, now); w > 0 {
			return nil, "", ledger.Errorf(ledger.ERATELIMIT, "too many failed attempts; try again in %d seconds", int(w.Seconds())+1)
		}
	}
	u, hash, err := s.store.FindUserByLogin(login)
	if err != nil && ledger.ErrorCode(err) != ledger.ENOTFOUND {
		return nil, "", err
	}
	if !auth.CheckPassword(hash, password) || u.Disabled {
		for _, k := range keys {
			s.throttle.Fail(k, now)
		}
		return nil, "", ledger.Errorf(ledger.EUNAUTHORIZED, "wrong login or password")
	}
	for _, k := range keys {
		s.throttle.Succeed(k)
	}
	token, th := auth.NewToken()
	issued := s.store.Now()
	err = s.store.CreateSession(th, store.Session{UserID: u.ID, CreatedAt: issued.UTC(), ExpiresAt: issued.Add(s.cfg.SessionTTL).UTC()})
	return u, token, err
}

// Logout revokes the caller's token.
func (s *Server) logout(c *gin.Context) (int, any, error) {
	token, _ := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if err := s.store.DeleteSession(auth.HashToken(token)); err != nil {
		return 0, nil, err
	}
	return http.StatusOK, gin.H{"ok": true}, nil
}

// Logout revokes a token (the web logout uses it).
func (s *Server) Logout(token string) error { return s.store.DeleteSession(auth.HashToken(token)) }

// UserByToken returns the user of a live token (the web session uses it).
func (s *Server) UserByToken(token string) (*ledger.User, error) {
	return s.store.FindSession(auth.HashToken(token))
}

func (s *Server) me(c *gin.Context) (int, any, error) {
	return http.StatusOK, gin.H{"user": CurrentUser(c)}, nil
}
