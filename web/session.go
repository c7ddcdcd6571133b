package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/auth"
	"rectify/internal/ledger"
)

// CookieName is the session cookie. It holds a random token whose hash is
// the store's session key, exactly like an API bearer token; the API never
// reads the cookie, so the cross-site check below guards every use of it.
const CookieName = "rectify_session"

type loginPage struct {
	base
	Login string
	Next  string
}

func (h *Handler) loginPage(c *gin.Context) {
	if u := h.sessionUser(c); u != nil {
		c.Redirect(http.StatusSeeOther, landing(u, "/"))
		return
	}
	h.render(c, http.StatusOK, "login", &loginPage{base: base{Title: "登录"}, Next: safeNext(c.Query("next"))})
}

// login checks the password through app.Login (the same throttle and
// the same sessions as the API) and sets a fresh session cookie. A wrong
// login and a wrong password get the same answer.
func (h *Handler) login(c *gin.Context) {
	// A login form is a few dozen bytes; ParseForm's own cap is 10 MB.
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, 64<<10)
	login, password := strings.TrimSpace(c.PostForm("login")), c.PostForm("password")
	next := safeNext(c.PostForm("next"))
	device, _ := c.Cookie(DeviceCookieName)
	res, err := h.app.LogIn(auth.Attempt{Login: login, Address: c.ClientIP(), Device: device}, password)
	if err != nil {
		msg := messageOf(err)
		switch ledger.ErrorCode(err) {
		case ledger.EINVALID:
			msg = "请输入登录名和密码。"
		case ledger.EINTERNAL:
			h.cfg.Log.Error().Err(err).Msg("web: login")
		}
		h.render(c, statusOf(ledger.ErrorCode(err)), "login", &loginPage{base: base{Title: "登录", Error: msg,
			ErrorReason: ledger.ReasonOf(err)}, Login: login, Next: next})
		return
	}
	// A login always starts a new session; an older one from this browser
	// is revoked rather than left alive.
	if old, err := c.Cookie(CookieName); err == nil && old != "" {
		_ = h.app.Logout(old)
	}
	h.setCookie(c, res.Token, int(h.cfg.SessionTTL.Seconds()))
	h.setDeviceCookie(c, res.Device)
	api.SetUser(c, res.User)
	c.Redirect(http.StatusSeeOther, landing(res.User, next))
}

func (h *Handler) logout(c *gin.Context) {
	if token, err := c.Cookie(CookieName); err == nil && token != "" {
		if err := h.app.Logout(token); err != nil {
			h.fail(c, err)
			return
		}
	}
	h.setCookie(c, "", -1)
	c.Redirect(http.StatusSeeOther, "/login")
}

// setCookie writes the session cookie: HttpOnly, SameSite=Lax, and Secure
// when the request came over TLS or the public URL is https.
func (h *Handler) setCookie(c *gin.Context, token string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name:     CookieName,
		Value:    token,
		Path:     "/",
		MaxAge:   maxAge,
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
		Secure:   c.Request.TLS != nil || strings.HasPrefix(h.cfg.BaseURL, "https://"),
	})
}

// DeviceCookieName marks a browser that has logged in before: an attack
// on the account does not hold back the right password from it (see
// auth.Guard). It proves nothing by itself and opens no session.
const DeviceCookieName = "rectify_device"

func (h *Handler) setDeviceCookie(c *gin.Context, device string) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: DeviceCookieName, Value: device, Path: "/login",
		MaxAge: int(auth.KnownFor.Seconds()), HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Secure: c.Request.TLS != nil || strings.HasPrefix(h.cfg.BaseURL, "https://"),
	})
}

// sessionUser returns the user of the request's session cookie, or nil.
// An API bearer token is accepted too (tools such as "rectify bench" read
// pages that way); unlike a cookie a browser never sends it on its own, so
// it adds nothing a cross-site page could use.
func (h *Handler) sessionUser(c *gin.Context) *ledger.User {
	token, err := c.Cookie(CookieName)
	if err != nil || token == "" {
		token, _ = strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	}
	if token == "" {
		return nil
	}
	u, err := h.app.UserByToken(token)
	if err != nil {
		return nil
	}
	return u
}

// requireUser sends visitors without a live session to the login page.
func (h *Handler) requireUser(c *gin.Context) {
	u := h.sessionUser(c)
	if u == nil {
		to := "/login"
		if c.Request.Method == http.MethodGet && c.Request.URL.Path != "/" {
			to += "?next=" + url.QueryEscape(c.Request.URL.RequestURI())
		}
		c.Redirect(http.StatusSeeOther, to)
		c.Abort()
		return
	}
	api.SetUser(c, u)
	c.Next()
}

// landing is where a login leads when no page was asked for: a member's
// own work (我的待办), everyone else's overview (总览).
func landing(u *ledger.User, next string) string {
	if next == "/" && u.Role == ledger.RoleMember {
		return "/my"
	}
	return next
}

// safeNext keeps a post-login destination on this site.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}
