package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/rs/zerolog"

	"rectify/internal/api"
	"rectify/internal/auth"
	"rectify/internal/demo"
	"rectify/internal/ledger"
	"rectify/internal/store"
)

// serve runs the HTTP server until ctx is cancelled (SIGTERM), then
// drains requests and closes the database.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg config
	if err := cfg.parse("serve", args, stderr); err != nil {
		return err
	}
	log := cfg.logger(stderr)
	st, err := cfg.openStore()
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("%s: %w", cfg.Data, err)
	} else if err != nil {
		return err
	}
	defer st.Close()
	if err := ensureAdmin(st, stdout); err != nil {
		return err
	}
	if _, err := st.PruneSessions(); err != nil {
		return fmt.Errorf("prune expired sessions: %w", err)
	}
	if cfg.Demo {
		if err := demo.Load(st); err != nil {
			return fmt.Errorf("demo ledger: %w", err)
		}
	}
	app, err := newApp(&cfg, st, log)
	if err != nil {
		return err
	}
	defer app.stop()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           app.engine,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute, // evidence uploads on slow intranet links
		WriteTimeout:      5 * time.Minute, // backups and exports stream large files
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	fmt.Fprintf(stdout, "rectify %s listening on http://%s (data: %s)\n", version, ln.Addr(), cfg.Data)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info().Msg("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// app is the wired server: engine plus the background parts it owns.
type app struct {
	engine  *gin.Engine
	api     *api.Server
	metrics *api.Metrics
	stops   []func()
}

func (a *app) stop() {
	for i := len(a.stops) - 1; i >= 0; i-- {
		a.stops[i]()
	}
}

// appHooks let feature files add routes and background work to the app.
var appHooks []func(cfg *config, st *store.Store, log zerolog.Logger, a *app) error

func newApp(cfg *config, st *store.Store, log zerolog.Logger) (*app, error) {
	e := api.NewEngine(log, cfg.proxies())
	m := api.NewMetrics(st)
	e.Use(m.Middleware)
	if cfg.MetricsToken != "" {
		e.GET("/metrics", m.Handler(cfg.MetricsToken))
	}
	a := &app{engine: e, metrics: m, api: api.New(st, log, api.Config{SessionTTL: cfg.SessionTTL, Version: version})}
	startSimilar(st, log, a)
	for _, h := range appHooks {
		if err := h(cfg, st, log, a); err != nil {
			a.stop()
			return nil, err
		}
	}
	a.api.Mount(e)
	return a, nil
}

// ensureAdmin creates the first admin on an empty database, with the
// password from RECTIFY_ADMIN_PASSWORD or a generated one printed once.
func ensureAdmin(st *store.Store, stdout io.Writer) error {
	n, err := st.CountUsers()
	if err != nil || n > 0 {
		return err
	}
	pw := os.Getenv("RECTIFY_ADMIN_PASSWORD")
	generated := pw == ""
	if generated {
		pw = auth.GeneratePassword()
	} else if err := ledger.ValidatePassword(pw); err != nil {
		return fmt.Errorf("RECTIFY_ADMIN_PASSWORD: %s", ledger.ErrorMessage(err))
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return err
	}
	if err := st.CreateUser(nil, &ledger.User{Login: "admin", Name: "系统管理员", Role: ledger.RoleAdmin}, hash); err != nil {
		return err
	}
	if generated {
		fmt.Fprintf(stdout, "created the first admin: login \"admin\", password %q (shown once; change it after logging in)\n", pw)
	} else {
		fmt.Fprintln(stdout, "created the first admin: login \"admin\", password from RECTIFY_ADMIN_PASSWORD")
	}
	return nil
}
