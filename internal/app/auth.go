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

// Login is LogIn for a client without a device token: it returns the user
// and the session token to give back (bearer token or cookie).
func (s *Service) Login(login, password, client string) (*ledger.User, string, error) {
	res, err := s.LogIn(auth.Attempt{Login: login, Address: client}, password)
	return res.User, res.Token, err
}

// LoginResult is a successful login: the user, the session token and the
// device token the client presents next time.
type LoginResult struct {
	User   *ledger.User
	Token  string
	Device string
}

// LogIn checks login and password through the guard (auth.Guard: per
// account, per address and per known place) and starts a session. A wrong
// login and a wrong password get the same answer, in the same time.
func (s *Service) LogIn(a auth.Attempt, password string) (LoginResult, error) {
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
	now := s.now()
	res := LoginResult{User: u, Device: s.guard.Succeed(a, now)}
	var th []byte
	res.Token, th = auth.NewToken()
	err = s.st.CreateSession(th, store.Session{UserID: u.ID, CreatedAt: now.UTC(), ExpiresAt: now.Add(s.SessionTTL()).UTC()})
	return res, err
}

// checkPassword returns the user whose password p is. A throttled attempt
// is refused before any hash is compared.
func (s *Service) checkPassword(a auth.Attempt, p string) (*ledger.User, error) {
	now := s.now()
	if w := s.guard.Wait(a, now); w > 0 {
		return nil, ledger.Reasonf(ledger.ERATELIMIT, ledger.ReasonThrottled,
			"too many failed attempts; try again in %d seconds", int(w.Seconds())+1)
	}
	u, hash, err := s.st.FindUserByLogin(a.Login)
	if err != nil && ledger.ErrorCode(err) != ledger.ENOTFOUND {
		return nil, err
	}
	if !auth.CheckPassword(hash, p) || u.Disabled {
		s.guard.Fail(a, now)
		return nil, ledger.Reasonf(ledger.EUNAUTHORIZED, ledger.ReasonBadCredentials, "wrong login or password")
	}
	return u, nil
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

// NewPasswordHash checks a password change of user id by me, from client
// address client, and returns the hash to store: one's own password needs
// the current one, so a stolen session alone cannot take the account over,
// and that check goes through the login guard, so it cannot be used to
// guess at full speed either; only an admin sets another user's.
func (s *Service) NewPasswordHash(me *ledger.User, id int64, password, current, client string) (string, error) {
	if me.ID != id && me.Role != ledger.RoleAdmin {
		return "", ledger.Reasonf(ledger.EFORBIDDEN, ledger.ReasonAdminOnly, "only an admin may change this user")
	}
	if me.ID == id {
		_, err := s.checkPassword(auth.Attempt{Login: me.Login, Address: client}, current)
		if ledger.ErrorCode(err) == ledger.EUNAUTHORIZED {
			return "", &ledger.Error{Code: ledger.EFORBIDDEN, Field: "current_password", Reason: "auth.wrong_current_password",
				Message: "the current password is wrong"}
		} else if err != nil {
			return "", err
		}
	}
	if err := ledger.ValidatePassword(password); err != nil {
		return "", err
	}
	return auth.HashPassword(password)
}
