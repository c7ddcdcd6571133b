package app

import (
	"strings"
	"time"

	"rectify/internal/auth"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

// DefaultSessionTTL is how long a login lasts unless configured.
const DefaultSessionTTL = 12 * time.Hour

// authStore is what logging in and out needs.
type authStore interface {
	FindUserByLogin(login string) (*ledger.User, string, error)
	CreateSession(tokenHash []byte, sess store.Session) error
	FindSession(tokenHash []byte) (*ledger.User, error)
	DeleteSession(tokenHash []byte) error
}

// SetSessionTTL changes how long a login lasts (0 keeps the default).
func (s *Service) SetSessionTTL(d time.Duration) { s.sessionTTL = d }

// SessionTTL is how long a login lasts.
func (s *Service) SessionTTL() time.Duration {
	if s.sessionTTL > 0 {
		return s.sessionTTL
	}
	return DefaultSessionTTL
}

// Login checks login and password, throttled per login and per client
// address, and starts a session; it returns the user and the token to
// give back (bearer token or cookie). A wrong login and a wrong password
// get the same answer.
func (s *Service) Login(login, password, client string) (*ledger.User, string, error) {
	login = strings.TrimSpace(login)
	if login == "" {
		return nil, "", ledger.FieldErrorf("login", "login is required")
	} else if password == "" {
		return nil, "", ledger.FieldErrorf("password", "password is required")
	}
	now := s.now()
	keys := []string{"login:" + strings.ToLower(login), "ip:" + client}
	for _, k := range keys {
		if w := s.throttle.Wait(k, now); w > 0 {
			return nil, "", ledger.Reasonf(ledger.ERATELIMIT, ledger.ReasonThrottled,
				"too many failed attempts; try again in %d seconds", int(w.Seconds())+1)
		}
	}
	u, hash, err := s.st.FindUserByLogin(login)
	if err != nil && ledger.ErrorCode(err) != ledger.ENOTFOUND {
		return nil, "", err
	}
	if !auth.CheckPassword(hash, password) || u.Disabled {
		for _, k := range keys {
			s.throttle.Fail(k, now)
		}
		return nil, "", ledger.Reasonf(ledger.EUNAUTHORIZED, ledger.ReasonBadCredentials, "wrong login or password")
	}
	for _, k := range keys {
		s.throttle.Succeed(k)
	}
	token, th := auth.NewToken()
	err = s.st.CreateSession(th, store.Session{UserID: u.ID, CreatedAt: now.UTC(), ExpiresAt: now.Add(s.SessionTTL()).UTC()})
	return u, token, err
}

// Logout revokes a session token.
func (s *Service) Logout(token string) error { return s.st.DeleteSession(auth.HashToken(token)) }

// UserByToken returns the user of a live session token.
func (s *Service) UserByToken(token string) (*ledger.User, error) {
	if token == "" {
		return nil, ledger.Reasonf(ledger.EUNAUTHORIZED, ledger.ReasonNotSignedIn, "missing session token")
	}
	return s.st.FindSession(auth.HashToken(token))
}

// Me is the signed-in user as /me shows it.
func (s *Service) Me(u *ledger.User) (*ledger.User, error) {
	if u == nil {
		return nil, ledger.Reasonf(ledger.EUNAUTHORIZED, ledger.ReasonNotSignedIn, "not signed in")
	}
	return u, nil
}

// NewPasswordHash checks a password change of user id by me and returns
// the hash to store: one's own password needs the current one, so a
// stolen session alone cannot take the account over; only an admin sets
// another user's.
func (s *Service) NewPasswordHash(me *ledger.User, id int64, password, current string) (string, error) {
	if me.ID != id && me.Role != ledger.RoleAdmin {
		return "", ledger.Reasonf(ledger.EFORBIDDEN, ledger.ReasonAdminOnly, "only an admin may change this user")
	}
	if me.ID == id {
		_, hash, err := s.st.FindUserByLogin(me.Login)
		if err != nil {
			return "", err
		}
		if !auth.CheckPassword(hash, current) {
			return "", &ledger.Error{Code: ledger.EFORBIDDEN, Field: "current_password", Reason: "auth.wrong_current_password",
				Message: "the current password is wrong"}
		}
	}
	if err := ledger.ValidatePassword(password); err != nil {
		return "", err
	}
	return auth.HashPassword(password)
}
