package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"rectify/internal/api"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

// pageFiles lists every page and the template files it is made of; the
// page executes its first file's "page" template.
var pageFiles = map[string][]string{
	"login":     {"layout", "login"},
	"dashboard": {"layout", "dashboard", "charts", "cascade_rollup"},
	"tasks":     {"layout", "tasks", "marks"},
	"print":     {"print", "marks"},
	"task":      {"layout", "task", "task_actions", "marks"},
	"my":        {"layout", "my", "marks", "my_effect"},
	"effect":    {"layout", "effect"},
	"cascade":   {"layout", "cascade"},
	"inbox":     {"layout", "inbox"},
	"admin":     {"layout", "admin"},
	"import":    {"layout", "import"},
	"error":     {"layout", "error"},
}

// parsePages parses each page with its layout, once.
func parsePages(fsys fs.FS, funcs template.FuncMap) (map[string]*template.Template, error) {
	all := allPageFiles()
	pages := make(map[string]*template.Template, len(all))
	for name, files := range all {
		paths := make([]string, len(files))
		for i, f := range files {
			paths[i] = "templates/" + f + ".html"
		}
		t, err := template.New(name).Funcs(funcs).ParseFS(fsys, paths...)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		if t.Lookup("page") == nil {
			return nil, fmt.Errorf("web: template %s defines no \"page\"", name)
		}
		pages[name] = t
	}
	return pages, nil
}

// base is what every page shows around its content.
type base struct {
	Title  string
	Nav    string // the active navigation entry
	User   *ledger.User
	Unread int
	Flash  string
	Error  string
	// ErrorReason is the reason key of Error (ledger.ReasonOf), kept on
	// the page so that a test or a script can tell refusals apart.
	ErrorReason string
}

func (b *base) common() *base { return b }

// pager is implemented by every page model through its embedded base.
type pager interface{ common() *base }

func (h *Handler) funcs() template.FuncMap {
	m := h.baseFuncs()
	for k, v := range h.planFuncs() {
		m[k] = v
	}
	return m
}

func (h *Handler) baseFuncs() template.FuncMap {
	return template.FuncMap{
		"date":        func(d ledger.Date) string { return orDash(d.Chinese()) },
		"datetime":    h.datetime,
		"day":         func(t time.Time) ledger.Date { return ledger.DateOf(t.In(h.st.Location())) },
		"pct":         pct,
		"static":      h.staticURL,
		"add":         func(a, b int) int { return a + b },
		"roleOf":      func(u *ledger.User) string { return u.Role.Label() },
		"isAdmin":     func(u *ledger.User) bool { return u != nil && u.Role == ledger.RoleAdmin },
		"mayDownload": mayDownload,
		"mayImport":   mayImport,
		"targets":     func(prefix string, p *importPage) importTargets { return importTargets{prefix, p} },
	}
}

func (h *Handler) datetime(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(h.st.Location()).Format("2006年1月2日 15:04")
}

// pct formats a rate 0–1 as a percentage with one decimal.
func pct(r float64) string {
	s := fmt.Sprintf("%.1f", r*100)
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		s = s[:len(s)-2]
	}
	return s + "%"
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// render executes a page into a buffer first, so a template error becomes
// a clean 500 instead of half a page.
func (h *Handler) render(c *gin.Context, status int, name string, data pager) {
	b := data.common()
	if b.User == nil {
		b.User = api.CurrentUser(c)
	}
	if b.User != nil && b.Unread == 0 {
		b.Unread = h.unreadCount(b.User)
	}
	var buf bytes.Buffer
	if err := h.pages[name].ExecuteTemplate(&buf, "page", data); err != nil {
		h.cfg.Log.Error().Err(err).Str("page", name).Str("request_id", api.RequestID(c)).Msg("web: render")
		c.String(http.StatusInternalServerError, "500 页面出错，请稍后重试")
		c.Abort()
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
	c.Abort()
}

type errorPage struct {
	base
	Status    int
	Message   string
	RequestID string // shown on internal errors only
}

// renderError shows a Chinese error page with the given status.
func (h *Handler) renderError(c *gin.Context, status int, title, message string) {
	h.render(c, status, "error", &errorPage{base: base{Title: title}, Status: status, Message: message})
}

// fail shows err as a page: its status from the error code, its text in
// Chinese, and internal details only in the log.
func (h *Handler) fail(c *gin.Context, err error) {
	if store.IsDiskFull(err) {
		// Nothing was stored; the user can retry once space is freed, and
		// the administrator finds the cause in the log.
		h.cfg.Log.Error().Err(err).Str("route", c.FullPath()).Str("request_id", api.RequestID(c)).Msg("web: disk full")
		h.renderError(c, http.StatusInsufficientStorage, diskFullTitle, api.DiskFullMessage)
		return
	}
	code := ledger.ErrorCode(err)
	if code == ledger.EINTERNAL {
		h.cfg.Log.Error().Err(err).Str("route", c.FullPath()).Str("request_id", api.RequestID(c)).Msg("web: internal error")
	}
	p := &errorPage{base: base{Title: titleOf(code), ErrorReason: ledger.ReasonOf(err)}, Status: statusOf(code), Message: messageOf(err)}
	if code == ledger.EINTERNAL {
		// The number a user can quote to the administrator, who finds the
		// logged error by it.
		p.RequestID = api.RequestID(c)
	}
	h.render(c, p.Status, "error", p)
}
