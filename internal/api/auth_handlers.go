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
	// Device is the token a previous login answered: a client that sends
	// it back is a known device, which an attack on the account does not
	// hold back (see auth.Guard).
	Device string `json:"device"`
}

// Login checks a password and issues a token. Wrong login and wrong
// password get the same answer, and repeated failures are slowed down.
func (s *Server) login(c *gin.Context) (int, any, error) {
	var req loginRequest
	if err := bind(c, &req); err != nil {
		return 0, nil, err
	}
	res, err := s.LogIn(auth.Attempt{Login: req.Login, Address: c.ClientIP(), Device: req.Device}, req.Password)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, gin.H{"token": res.Token, "user": res.User, "device": res.Device,
		"expires_in": int(s.cfg.SessionTTL.Seconds())}, nil
}

// Authenticate is LogIn for a client without a device token.
func (s *Server) Authenticate(login, password, client string) (*ledger.User, string, error) {
	res, err := s.LogIn(auth.Attempt{Login: login, Address: client}, password)
	return res.User, res.Token, err
}

// LoginResult is a successful login: the user, the session token and the
// device token to present next time.
type LoginResult struct {
	User   *ledger.User
	Token  string
	Device string
}

// LogIn checks login and password (see auth.Guard for how guessing is
// slowed) and starts a session; the web login uses it too.
func (s *Server) LogIn(a auth.Attempt, password string) (LoginResult, error) {
	a.Login = strings.TrimSpace(a.Login)
	if a.Login == "" {
		return LoginResult{}, ledger.FieldErrorf("login", "login is required")
	} else if password == "" {
		return LoginResult{}, ledger.FieldErrorf("password", "password is required")
	}
	u, err := s.checkPassword(a, password)
	if err != nil {
		return LoginResult{}, err
	}
	res := LoginResult{User: u, Device: s.guard.Succeed(a, time.Now())}
	var th []byte
	res.Token, th = auth.NewToken()
	issued := s.store.Now()
	err = s.store.CreateSession(th, store.Session{UserID: u.ID, CreatedAt: issued.UTC(), ExpiresAt: issued.Add(s.cfg.SessionTTL).UTC()})
	return res, err
}

// checkPassword answers the user whose password p is, through the guard:
// a throttled attempt is refused before any hash is compared. The guard
// measures real waiting time; sessions live by the store's clock.
func (s *Server) checkPassword(a auth.Attempt, p string) (*ledger.User, error) {
	now := time.Now()
	if w := s.guard.Wait(a, now); w > 0 {
		return nil, ledger.Errorf(ledger.ERATELIMIT, "too many failed attempts; try again in %d seconds", int(w.Seconds())+1)
	}
	u, hash, err := s.store.FindUserByLogin(a.Login)
	if err != nil && ledger.ErrorCode(err) != ledger.ENOTFOUND {
		return nil, err
	}
	if !auth.CheckPassword(hash, p) || u.Disabled {
		s.guard.Fail(a, now)
		return nil, ledger.Errorf(ledger.EUNAUTHORIZED, "wrong login or password")
	}
	return u, nil
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
