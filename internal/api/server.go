// Package api is the JSON API under /api/v1: gin handlers that translate
// JSON to use-case calls (internal/app) and results or errors back,
// bearer-token authentication, one error mapping, and the OpenAPI
// document.
package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/rs/zerolog"

	"rectify/internal/app"
	"rectify/internal/store"
)

// Config tunes the API.
type Config struct {
	// SessionTTL is how long a token lives.
	SessionTTL time.Duration
	// MaxBody bounds JSON request bodies; MaxUpload bounds evidence files.
	MaxBody   int64
	MaxUpload int64
	// Version is reported by /healthz and the OpenAPI document.
	Version string
	// Health are the thresholds of /healthz.
	Health store.HealthLimits
}

// Server holds what the handlers need.
type Server struct {
	store *store.Store
	app   *app.Service
	log   zerolog.Logger
	cfg   Config
	// routes is the route table: every route, for registration, the
	// OpenAPI document and the tests.
	routes []Route
	health healthCache
}

// Body kinds of a route.
const (
	BodyNone      = ""
	BodyJSON      = "json"
	BodyMultipart = "multipart"
)

// Route is one API route, for registration and for the OpenAPI document.
type Route struct {
	Method  string
	Path    string // gin syntax, relative to /api/v1
	Summary string
	Public  bool   // no token needed
	Body    string // BodyJSON: a JSON object decoded by bind; BodyMultipart: a form with a file
	Handler gin.HandlerFunc
}

// New returns an API server over s; its use cases run on s's clock.
func New(s *store.Store, log zerolog.Logger, cfg Config) *Server {
	if cfg.SessionTTL == 0 {
		cfg.SessionTTL = app.DefaultSessionTTL
	}
	if cfg.MaxBody == 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.MaxUpload == 0 {
		cfg.MaxUpload = app.DefaultMaxUpload
	}
	svc := app.New(s, s.Now)
	svc.SetSessionTTL(cfg.SessionTTL)
	svc.SetMaxUpload(cfg.MaxUpload)
	srv := &Server{store: s, app: svc, log: log, cfg: cfg}
	srv.routes = append(srv.coreRoutes(), srv.scheduleRoutes()...)
	srv.routes = append(srv.routes, srv.similarRoutes()...)
	srv.routes = append(srv.routes, srv.planRoutes()...)
	return srv
}

// App is the use-case layer the API calls; the web pages call the same.
func (s *Server) App() *app.Service { return s.app }

// SetJobs gives the admin job routes the scheduler.
func (s *Server) SetJobs(r app.JobRunner) { s.app.SetJobs(r) }

// Add registers more routes (from other packages) before Mount.
func (s *Server) Add(routes ...Route) { s.routes = append(s.routes, routes...) }

// Routes returns every registered route.
func (s *Server) Routes() []Route { return s.routes }

// Mount installs the API on an engine under /api/v1.
func (s *Server) Mount(e *gin.Engine) {
	e.GET("/healthz", s.healthz)
	g := e.Group("/api/v1")
	g.GET("/openapi.json", s.limitBody(false), s.openAPI)
	for _, r := range s.Routes() {
		// The route decides its body limit (limitBody), not the
		// Content-Type the client claims.
		limit := s.limitBody(r.Body == BodyMultipart)
		if r.Public {
			g.Handle(r.Method, r.Path, limit, r.Handler)
		} else {
			g.Handle(r.Method, r.Path, limit, s.authenticate, r.Handler)
		}
	}
}

// NewEngine returns a gin engine with request ids, access logs, panic
// recovery and no trusted proxies (X-Forwarded-For is ignored unless
// configured).
func NewEngine(log zerolog.Logger, trustedProxies []string) *gin.Engine {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	_ = e.SetTrustedProxies(trustedProxies)
	e.HandleMethodNotAllowed = false
	e.Use(requestID, accessLog(log), recovery)
	e.NoRoute(func(c *gin.Context) {
		if strings.HasPrefix(c.Request.URL.Path, "/api/") {
			writeError(c, notFound("no such API route"))
			return
		}
		c.String(http.StatusNotFound, "404 页面不存在")
	})
	return e
}
