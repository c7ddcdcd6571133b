package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/rs/zerolog"

	"rectify/internal/api"
	"rectify/internal/auth"
	"rectify/internal/demo"
	"rectify/internal/ledger"
	"rectify/internal/store"
	"rectify/web"
)

// serve runs the HTTP server until ctx is cancelled (SIGTERM), then
// drains requests and closes the database.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, _, err := parseConfig("serve", args, stderr, nil)
	if err != nil {
		return err
	}
	log := cfg.logger(stderr)
	st, err := cfg.openStore(openMode{migrate: true})
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("%s: %w", cfg.Data, err)
	} else if err != nil {
		return err
	}
	defer st.Close()
	// This process holds the database, so a claimed delivery belongs to
	// one that died: send it now instead of after its lease.
	if n, err := st.ReleaseClaims(time.Now()); err != nil {
		return err
	} else if n > 0 {
		log.Info().Int("deliveries", n).Msg("released deliveries claimed by a stopped process")
	}
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
	app, err := newApp(cfg, st, log)
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
	return shutdown(srv, app, cfg.ShutdownGrace, log)
}

// shutdown stops the scheduler first (a job blocked on a hanging robot
// must not hold the exit), then lets requests under way — uploads may
// take minutes — finish within grace, and then closes what is left. A
// clean exit either way: the ledger is consistent after every transaction.
func shutdown(srv *http.Server, a *app, grace time.Duration, log zerolog.Logger) error {
	log.Info().Dur("grace", grace).Msg("shutting down: stopping the scheduler, then draining requests")
	a.stopJobs()
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		log.Warn().Err(err).Msg("requests still running after the shutdown grace were cut")
		_ = srv.Close()
	}
	return nil
}

// app is the wired server: engine plus the background parts it owns.
type app struct {
	engine   *gin.Engine
	api      *api.Server
	metrics  *api.Metrics
	stopJobs func()
	// stops end the other background work (the similar-problem index),
	// after the jobs, in reverse order.
	stops []func()
}

func (a *app) stop() {
	a.stopJobs()
	for i := len(a.stops) - 1; i >= 0; i-- {
		a.stops[i]()
	}
}

// newApp wires the server: API, the similar-problem index, jobs and their
// routes, sheet routes and the web pages, in this order, explicitly.
func newApp(cfg *config, st *store.Store, log zerolog.Logger) (*app, error) {
	e := api.NewEngine(log, cfg.proxies())
	m := api.NewMetrics(st)
	e.Use(m.Middleware)
	if cfg.MetricsToken != "" {
		e.GET("/metrics", m.Handler(cfg.MetricsToken))
	}
	a := &app{engine: e, metrics: m, api: api.New(st, log, api.Config{SessionTTL: cfg.SessionTTL, Version: version,
		Health: store.HealthLimits{MinFreeBytes: uint64(cfg.MinFreeMB) << 20, BackupMaxAge: cfg.BackupMaxAge, Since: time.Now()}}), stopJobs: func() {}}
	startSimilar(st, log, a)
	stop, err := startJobs(cfg, st, log, a)
	if err != nil {
		a.stop()
		return nil, err
	}
	a.stopJobs = sync.OnceFunc(stop)
	a.api.Add(a.api.SheetRoutes()...)
	// Templates are parsed here, so a broken one stops start-up.
	h, err := web.New(st, a.api, web.Config{SessionTTL: cfg.SessionTTL, BaseURL: cfg.BaseURL, Log: log})
	if err != nil {
		a.stop()
		return nil, err
	}
	h.Register(a.engine)
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
