package web_test

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"rectify/internal/demo"
	"rectify/web"
)

func sessionCookie(t *testing.T, w *httptest.ResponseRecorder) *http.Cookie {
	t.Helper()
	for _, c := range w.Result().Cookies() {
		if c.Name == web.CookieName {
			return c
		}
	}
	t.Fatal("no session cookie set")
	return nil
}

func TestVisitorWithoutSessionIsSentToLogin(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	for _, path := range []string{"/", "/tasks", "/tasks/1", "/my", "/inbox", "/admin"} {
		w := a.get(nil, path)
		assert.Equal(t, http.StatusSeeOther, w.Code, path)
		assert.True(t, strings.HasPrefix(w.Header().Get("Location"), "/login"), path)
	}
	w := a.get(nil, "/login")
	require.Equal(t, http.StatusOK, w.Code)
	body := w.Body.String()
	assert.Contains(t, body, `action="/login"`)
	assert.Contains(t, body, `name="login"`)
	assert.Contains(t, body, `name="password"`)
	assert.Contains(t, body, `<label for="login">登录名</label>`)
}

func TestLoginLandsOnTheDashboardWithASecureSessionCookie(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	w := a.post(nil, "/login", url.Values{"login": {"jiwei"}, "password": {demo.Password}})
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/", w.Header().Get("Location"))
	c := sessionCookie(t, w)
	assert.True(t, c.HttpOnly, "HttpOnly")
	assert.Equal(t, http.SameSiteLaxMode, c.SameSite)
	assert.False(t, c.Secure, "plain HTTP must not get a Secure cookie, or the browser would drop it")
	assert.Equal(t, "/", c.Path)

	page := a.get(c, "/")
	require.Equal(t, http.StatusOK, page.Code)
	assert.Contains(t, page.Body.String(), "<h1>总览</h1>")
	assert.Contains(t, page.Body.String(), "周纪委")
}

func TestCookieIsSecureWhenTheRequestCameOverTLS(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"login": {"jiwei"}, "password": {demo.Password}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.TLS = &tls.ConnectionState{}
	w := a.do(r)
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.True(t, sessionCookie(t, w).Secure)
}

func TestWrongLoginAndWrongPasswordGetTheSameAnswer(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	wrongPassword := a.post(nil, "/login", url.Values{"login": {"jiwei"}, "password": {"not-the-password"}})
	unknownLogin := a.post(nil, "/login", url.Values{"login": {"nobody"}, "password": {demo.Password}})
	for _, w := range []*httptest.ResponseRecorder{wrongPassword, unknownLogin} {
		assert.Equal(t, http.StatusUnauthorized, w.Code)
		assert.Contains(t, w.Body.String(), "登录名或密码错误")
		assert.Empty(t, w.Result().Cookies())
	}
	assert.NotContains(t, wrongPassword.Body.String(), "密码不正确")
	assert.NotContains(t, unknownLogin.Body.String(), "用户不存在")
}

func TestRepeatedLoginFailuresAreSlowedDown(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	var last *httptest.ResponseRecorder
	for range 7 {
		last = a.post(nil, "/login", url.Values{"login": {"zhangsan"}, "password": {"guess-guess"}})
	}
	assert.Equal(t, http.StatusTooManyRequests, last.Code)
	assert.Contains(t, last.Body.String(), "登录失败次数过多")
	// Even the right password waits now.
	w := a.post(nil, "/login", url.Values{"login": {"zhangsan"}, "password": {demo.Password}})
	assert.Equal(t, http.StatusTooManyRequests, w.Code)
}

func TestLoginStartsANewSessionAndRevokesTheOldOne(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	old := a.login("zhangsan")
	r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"login": {"zhangsan"}, "password": {demo.Password}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.AddCookie(old)
	w := a.do(r)
	require.Equal(t, http.StatusSeeOther, w.Code)
	fresh := sessionCookie(t, w)
	assert.NotEqual(t, old.Value, fresh.Value)
	assert.Equal(t, http.StatusSeeOther, a.get(old, "/").Code, "the old token no longer works")
	assert.Equal(t, http.StatusOK, a.get(fresh, "/").Code)
}

func TestLogoutIsAPostAndRevokesTheSession(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.login("zhangsan")
	assert.Equal(t, http.StatusNotFound, a.get(c, "/logout").Code, "GET changes nothing")
	assert.Equal(t, http.StatusOK, a.get(c, "/").Code)
	w := a.post(c, "/logout", nil)
	require.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, "/login", w.Header().Get("Location"))
	assert.Equal(t, -1, sessionCookie(t, w).MaxAge, "the cookie is deleted")
	assert.Equal(t, http.StatusSeeOther, a.get(c, "/").Code, "the token is revoked on the server")
}

func TestLoginReturnsToTheRequestedPageButNeverOffSite(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	w := a.get(nil, "/tasks?status=submitted")
	assert.Equal(t, "/login?next=%2Ftasks%3Fstatus%3Dsubmitted", w.Header().Get("Location"))
	for next, want := range map[string]string{"/tasks?status=submitted": "/tasks?status=submitted",
		"//evil.example/": "/", "https://evil.example/": "/", "/\\evil.example": "/"} {
		w := a.post(nil, "/login", url.Values{"login": {"jiwei"}, "password": {demo.Password}, "next": {next}})
		assert.Equal(t, want, w.Header().Get("Location"), next)
	}
}

func TestCrossSitePostsAreRefused(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	c := a.login("zhangsan")
	task := a.task("完善第一议题学习制度")
	events := a.eventCount(task)
	form := url.Values{"note": {"跨站伪造的进展"}, "percent": {"90"}}
	for name, headers := range map[string][]string{
		"Origin of another site":                    {"Origin", "http://evil.example"},
		"Sec-Fetch-Site cross-site":                 {"Sec-Fetch-Site", "cross-site"},
		"Sec-Fetch-Site same-site":                  {"Sec-Fetch-Site", "same-site"},
		"Origin with the right host but other port": {"Origin", "http://example.com:8081"},
	} {
		t.Run(name, func(t *testing.T) {
			w := a.post(c, taskPath(task, "progress"), form, headers...)
			assert.Equal(t, http.StatusForbidden, w.Code)
			assert.Contains(t, w.Body.String(), "请求被拒绝")
		})
	}
	assert.Equal(t, events, a.eventCount(task), "nothing changed")
	assert.Equal(t, 40, a.reload(task).Percent)

	// The same form from the site itself goes through.
	w := a.post(c, taskPath(task, "progress"), form, "Origin", "http://example.com", "Sec-Fetch-Site", "same-origin")
	assert.Equal(t, http.StatusSeeOther, w.Code)
	assert.Equal(t, 90, a.reload(task).Percent)
}

func TestCrossSiteLoginAndLogoutAreRefused(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	w := a.post(nil, "/login", url.Values{"login": {"jiwei"}, "password": {demo.Password}}, "Origin", "http://evil.example")
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Empty(t, w.Result().Cookies())
	c := a.login("jiwei")
	w = a.post(c, "/logout", nil, "Sec-Fetch-Site", "cross-site")
	assert.Equal(t, http.StatusForbidden, w.Code)
	assert.Equal(t, http.StatusOK, a.get(c, "/").Code, "still logged in")
}

func TestPagesAcceptAnAPIBearerTokenForTools(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	_, token, err := a.api.App().Login("jiwei", demo.Password, "192.0.2.9")
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Authorization", "Bearer "+token)
	w := a.do(r)
	assert.Equal(t, http.StatusOK, w.Code)
	assert.Contains(t, w.Body.String(), "<h1>总览</h1>")
	r = httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Authorization", "Bearer not-a-token")
	assert.Equal(t, http.StatusSeeOther, a.do(r).Code)
}
