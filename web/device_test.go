package web_test

import (
	"fmt"
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

// Issue 12 item 7 on the web: a browser that has logged in before keeps a
// device cookie, and with it the right password gets in while someone
// elsewhere guesses the same account's password.
func TestAKnownBrowserLogsInDuringAnAttackOnItsAccount(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	loginFrom := func(addr, password string, cookies ...*http.Cookie) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"login": {"jiwei"}, "password": {password}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.RemoteAddr = addr + ":50000"
		for _, c := range cookies {
			r.AddCookie(c)
		}
		return a.do(r)
	}
	first := loginFrom("10.2.0.1", demo.Password)
	require.Equal(t, http.StatusSeeOther, first.Code)
	var device *http.Cookie
	for _, c := range first.Result().Cookies() {
		if c.Name == web.DeviceCookieName {
			device = c
		}
	}
	require.NotNil(t, device, "a login sets the device cookie")
	assert.True(t, device.HttpOnly)

	for i := range 40 {
		loginFrom(fmt.Sprintf("203.0.113.%d", i+1), fmt.Sprintf("guess-%d", i))
	}
	assert.Equal(t, http.StatusSeeOther, loginFrom("10.2.9.9", demo.Password, device).Code,
		"the known browser on a new address gets in")
	w := loginFrom("10.2.8.8", demo.Password)
	assert.Equal(t, http.StatusTooManyRequests, w.Code, "an unknown browser at an unknown address waits")
	assert.Contains(t, w.Body.String(), "登录失败次数过多")
}

// Issue 12 item 3 on the web: an over-long note is refused with a message
// in Chinese and nothing is recorded.
func TestAnOverLongNoteIsRefusedOnThePage(t *testing.T) {
	t.Parallel()
	a := newTestApp(t)
	own := a.task("完善第一议题学习制度") // zhangsan's
	events := a.eventCount(own)
	w := a.post(a.login("zhangsan"), taskPath(own, "progress"), url.Values{"note": {strings.Repeat("字", 5001)}, "percent": {"50"}})
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Contains(t, w.Body.String(), "填写的内容过长")
	assert.Equal(t, events, a.eventCount(own), "nothing recorded")
}
