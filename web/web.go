// Package web is the server-rendered dashboard of rectify: html/template
// pages and static assets embedded with go:embed, logged in with a session
// cookie and guarded against cross-site requests. Every page reads and
// changes the ledger through the same use cases (internal/app) as the
// JSON API, so every rule is written once; a page only translates a form
// to a call and a reason key to Chinese.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/rs/zerolog"

	"rectify/internal/api"
	"rectify/internal/app"
	"rectify/internal/store"
)

//go:embed templates/*.html static
var assets embed.FS

// Config tunes the web pages.
type Config struct {
	// SessionTTL is the cookie's lifetime; the store's session decides
	// whether a token is still good.
	SessionTTL time.Duration
	// BaseURL is the public URL. Its origin is trusted by the cross-site
	// check (a proxy may rewrite Host), and an https URL makes the
	// session cookie Secure even when TLS ends at the proxy.
	BaseURL string
	// Inbox feeds the 通知 page; nil reads the store's notifications.
	Inbox Inbox
	// Log receives internal errors.
	Log zerolog.Logger
}

// Handler serves the pages.
type Handler struct {
	st      *store.Store
	app     *app.Service
	cfg     Config
	pages   map[string]*template.Template
	static  fs.FS
	version map[string]string // static file → content hash, for cache busting
	cop     *http.CrossOriginProtection
	inbox   Inbox
}

// New parses every template (a broken one is an error here, at start-up,
// not on the first request) and returns the handler.
func New(st *store.Store, srv *api.Server, cfg Config) (*Handler, error) {
	h := &Handler{st: st, app: srv.App(), cfg: cfg, cop: http.NewCrossOriginProtection()}
	if cfg.BaseURL != "" {
		u, err := url.Parse(cfg.BaseURL)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("web: base URL %q is not an absolute URL", cfg.BaseURL)
		}
		if err := h.cop.AddTrustedOrigin(u.Scheme + "://" + u.Host); err != nil {
			return nil, fmt.Errorf("web: %w", err)
		}
	}
	h.inbox = cfg.Inbox
	if h.inbox == nil {
		h.inbox = storeInbox{app: h.app, st: st}
	}
	static, err := fs.Sub(assets, "static")
	if err != nil {
		return nil, err
	}
	h.static = static
	if h.version, err = hashFiles(static); err != nil {
		return nil, err
	}
	if h.pages, err = parsePages(assets, h.funcs()); err != nil {
		return nil, err
	}
	return h, nil
}

// Register adds the pages to e. The API lives under /api/v1 and is not
// touched: it authenticates by bearer token, never by this cookie.
func (h *Handler) Register(e *gin.Engine) {
	g := e.Group("/", securityHeaders, h.crossOrigin)
	g.GET("/static/*path", h.serveStatic)
	g.GET("/login", h.loginPage)
	g.POST("/login", h.login)
	a := g.Group("/", h.requireUser)
	a.POST("/logout", h.logout)
	a.GET("/", h.dashboard)
	a.GET("/tasks", h.taskList)
	a.GET("/tasks/:id", h.taskPage)
	a.POST("/tasks/:id/:action", h.taskAction)
	a.GET("/tasks/:id/:action", h.actionPage)
	a.GET("/tasks/:id/evidence/:eid", h.evidence)
	a.GET("/export.xlsx", h.exportLedger)
	a.GET("/report.docx", h.reportDocument)
	a.GET("/import", h.importForm)
	a.POST("/import", h.importSheet)
	a.POST("/import/document", h.parseDocument)
	a.POST("/import/document/confirm", h.confirmDocument)
	a.GET("/my", h.myWork)
	h.registerEffect(a)
	a.GET("/inbox", h.inboxPage)
	a.POST("/inbox/read", h.inboxRead)
	a.GET("/admin", h.adminPage)
	a.POST("/admin/branches", h.adminCreateBranch)
	a.POST("/admin/users", h.adminCreateUser)
	a.POST("/admin/channels", h.adminCreateChannel)
	a.GET("/admin/backup", h.adminBackup)
	a.POST("/admin/chain/verify", h.adminVerifyChain)
	h.registerPlan(a)
}

// securityHeaders keeps pages out of frames and caches and allows only
// the application's own scripts and styles: nothing loads from elsewhere.
func securityHeaders(c *gin.Context) {
	hd := c.Writer.Header()
	hd.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "+
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "same-origin")
	if !strings.HasPrefix(c.Request.URL.Path, "/static/") {
		hd.Set("Cache-Control", "no-store")
	}
	c.Next()
}

// crossOrigin refuses state-changing requests that a browser marks as
// coming from another site (Sec-Fetch-Site) or whose Origin is not this
// host. GET and HEAD pass: no page changes anything on GET.
func (h *Handler) crossOrigin(c *gin.Context) {
	if err := h.cop.Check(c.Request); err != nil {
		h.renderError(c, http.StatusForbidden, "请求被拒绝", "该请求来自其他网站，为保护台账安全已被拒绝。请在本系统页面内操作。")
		return
	}
	c.Next()
}

func (h *Handler) serveStatic(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("path"), "/")
	if _, ok := h.version[name]; !ok {
		c.String(http.StatusNotFound, "404 页面不存在")
		return
	}
	if c.Query("v") != "" {
		c.Header("Cache-Control", "public, max-age=31536000, immutable")
	}
	c.FileFromFS(name, http.FS(h.static))
}

// hashFiles returns a short content hash of every static file.
func hashFiles(fsys fs.FS) (map[string]string, error) {
	out := map[string]string{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		out[p] = hex.EncodeToString(sum[:4])
		return nil
	})
	return out, err
}

// staticURL is the versioned address of a static file.
func (h *Handler) staticURL(name string) string {
	return "/static/" + name + "?v=" + h.version[name]
}
