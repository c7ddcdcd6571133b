package api_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/api"
	"rectify/internal/ledger"
)

var ginParam = regexp.MustCompile(`:[a-z_]+`)

func TestLoginReturnsATokenAndTheUserWithoutSecrets(t *testing.T) {
	e := newEnv(t)
	rec := e.must(http.StatusOK, "POST", "/auth/login", "", map[string]string{"login": "Member1", "password": password})
	out := decode[struct {
		Token     string         `json:"token"`
		User      map[string]any `json:"user"`
		ExpiresIn int            `json:"expires_in"`
	}](t, rec)
	assert.NotEmpty(t, out.Token)
	assert.Equal(t, "member1", out.User["login"], "logins are case-insensitive")
	assert.Equal(t, "member", out.User["role"])
	assert.Equal(t, 12*3600, out.ExpiresIn)
	assert.NotContains(t, rec.Body.String(), "password")
	assert.NotContains(t, rec.Body.String(), "$2a$")

	me := decode[struct {
		User map[string]any `json:"user"`
	}](t, e.serve(withToken(e.request("GET", "/me", "", nil), out.Token)))
	assert.Equal(t, "member1", me.User["login"])
	assert.NotContains(t, e.must(http.StatusOK, "GET", "/users", "admin", nil).Body.String(), "password_hash")
}

func TestAWrongPasswordAndAnUnknownLoginGetTheSameAnswer(t *testing.T) {
	e := newEnv(t)
	wrong := e.do("POST", "/auth/login", "", map[string]string{"login": "member1", "password": "not-the-password"})
	unknown := e.do("POST", "/auth/login", "", map[string]string{"login": "nobody", "password": "not-the-password"})
	wantError(t, wrong, http.StatusUnauthorized, "unauthorized", "")
	wantError(t, unknown, http.StatusUnauthorized, "unauthorized", "")
	assert.Equal(t, apiError(t, wrong).Error, apiError(t, unknown).Error)
	assert.NotContains(t, wrong.Body.String(), "token")
}

func TestLoginIsThrottledAfterRepeatedFailures(t *testing.T) {
	e := newEnv(t)
	for i := range 5 {
		rec := e.do("POST", "/auth/login", "", map[string]string{"login": "member1", "password": "guess-" + itoa(int64(i))})
		wantError(t, rec, http.StatusUnauthorized, "unauthorized", "")
	}
	rec := e.do("POST", "/auth/login", "", map[string]string{"login": "member1", "password": password})
	wantError(t, rec, http.StatusTooManyRequests, "rate_limited", "")
	assert.Contains(t, apiError(t, rec).Error.Message, "try again")
}

func TestEveryRouteButLoginNeedsAToken(t *testing.T) {
	e := newEnv(t)
	revoked := e.login("member1b")
	e.must(http.StatusOK, "POST", "/auth/logout", "member1b", nil)
	for _, r := range e.srv.Routes() {
		if r.Public {
			assert.Equal(t, "/auth/login", r.Path, "only login is public")
			continue
		}
		path := ginParam.ReplaceAllString(r.Path, "1")
		for name, header := range map[string]string{
			"no header":     "",
			"empty bearer":  "Bearer ",
			"basic auth":    "Basic YWRtaW46eA==",
			"unknown token": "Bearer not-a-token",
			"revoked token": "Bearer " + revoked,
		} {
			t.Run(r.Method+" "+r.Path+" with "+name, func(t *testing.T) {
				req := e.request(r.Method, path, "", nil)
				if header != "" {
					req.Header.Set("Authorization", header)
				}
				rec := e.serve(req)
				wantError(t, rec, http.StatusUnauthorized, "unauthorized", "")
				assert.True(t, strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer"))
			})
		}
	}
}

func TestLogoutRevokesOnlyThatToken(t *testing.T) {
	e := newEnv(t)
	old := e.tokens["member1"]
	other := e.login("member1") // a second session of the same user
	e.tokens["member1"] = old
	e.must(http.StatusOK, "POST", "/auth/logout", "member1", nil)

	wantError(t, e.do("GET", "/me", "member1", nil), http.StatusUnauthorized, "unauthorized", "")
	wantError(t, e.do("GET", "/tasks", "member1", nil), http.StatusUnauthorized, "unauthorized", "")
	wantError(t, e.do("POST", "/auth/logout", "member1", nil), http.StatusUnauthorized, "unauthorized", "")
	rec := e.serve(withToken(e.request("GET", "/me", "", nil), other))
	assert.Equal(t, http.StatusOK, rec.Code, "the other session lives on")
}

func TestATokenExpiresAfterTwelveHoursOfTheStoreClock(t *testing.T) {
	e := newEnv(t)
	e.clock.Advance(12*time.Hour - time.Minute)
	e.must(http.StatusOK, "GET", "/me", "member1", nil)
	e.clock.Advance(2 * time.Minute)
	wantError(t, e.do("GET", "/me", "member1", nil), http.StatusUnauthorized, "unauthorized", "")
}

func TestDisablingAUserOrChangingThePasswordEndsTheirSessions(t *testing.T) {
	e := newEnv(t)
	e.must(http.StatusOK, "PATCH", "/users/"+itoa(e.id("member1")), "admin", map[string]any{"disabled": true})
	wantError(t, e.do("GET", "/me", "member1", nil), http.StatusUnauthorized, "unauthorized", "")
	wantError(t, e.do("POST", "/auth/login", "", map[string]string{"login": "member1", "password": password}),
		http.StatusUnauthorized, "unauthorized", "")

	wantError(t, e.do("PATCH", "/users/"+itoa(e.id("member1b")), "member1b", map[string]any{"password": "a-new-password"}),
		http.StatusForbidden, ledger.EFORBIDDEN, "current_password")
	e.must(http.StatusOK, "PATCH", "/users/"+itoa(e.id("member1b")), "member1b",
		map[string]any{"password": "a-new-password", "current_password": password})
	wantError(t, e.do("GET", "/me", "member1b", nil), http.StatusUnauthorized, "unauthorized", "")
	wantError(t, e.do("POST", "/auth/login", "", map[string]string{"login": "member1b", "password": password}),
		http.StatusUnauthorized, "unauthorized", "")
	e.must(http.StatusOK, "POST", "/auth/login", "", map[string]string{"login": "member1b", "password": "a-new-password"})
}

func TestLoginBodiesAreChecked(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		name  string
		body  any
		field string
	}{
		{"malformed JSON", rawJSON(`{"login":"admin",`), ""},
		{"a JSON array", rawJSON(`["admin","x"]`), ""},
		{"a number login", map[string]any{"login": 1, "password": "x"}, "login"},
		{"a missing password", map[string]any{"login": "admin"}, "password"},
		{"a missing login", map[string]any{"password": password}, "login"},
	} {
		t.Run(c.name, func(t *testing.T) {
			wantError(t, e.do("POST", "/auth/login", "", c.body), http.StatusBadRequest, "invalid", c.field)
		})
	}
}

func withToken(req *http.Request, token string) *http.Request {
	req.Header.Set("Authorization", "Bearer "+token)
	return req
}

func TestHealthzNeedsNoToken(t *testing.T) {
	e := newBareEnv(t, api.Config{})
	rec := e.do("GET", "/healthz", "", nil)
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Contains(t, rec.Body.String(), `"status":"ok"`)
}
