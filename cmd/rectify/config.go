package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"rectify/internal/store"
)

// config is every setting of the server, with defaults, flags and
// RECTIFY_* environment overrides.
type config struct {
	Addr           string
	Data           string
	TZ             string
	Demo           bool
	LogFormat      string
	LogLevel       string
	BaseURL        string
	TrustedProxies string
	SessionTTL     time.Duration
	ChainHash      string
	MetricsToken   string
	location       *time.Location
}

// flagSet defines the common flags on fs, defaulting from the environment.
func (c *config) flagSet(fs *flag.FlagSet) {
	fs.StringVar(&c.Addr, "addr", env("RECTIFY_ADDR", "127.0.0.1:8080"), "listen address")
	fs.StringVar(&c.Data, "data", env("RECTIFY_DATA", "data"), "data folder (database, evidence, backups)")
	fs.StringVar(&c.TZ, "tz", env("RECTIFY_TZ", "Asia/Shanghai"), "time zone of due dates and schedules")
	fs.BoolVar(&c.Demo, "demo", env("RECTIFY_DEMO", "") == "true" || env("RECTIFY_DEMO", "") == "1", "load a demo ledger into an empty database")
	fs.StringVar(&c.LogFormat, "log-format", env("RECTIFY_LOG_FORMAT", "auto"), "log format: json, console or auto")
	fs.StringVar(&c.LogLevel, "log-level", env("RECTIFY_LOG_LEVEL", "info"), "log level: debug, info, warn, error")
	fs.StringVar(&c.BaseURL, "base-url", env("RECTIFY_BASE_URL", ""), "public URL of the service, for links in notifications")
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", env("RECTIFY_TRUSTED_PROXIES", ""), "comma-separated proxy CIDRs whose X-Forwarded-For is trusted")
	fs.DurationVar(&c.SessionTTL, "session-ttl", envDuration("RECTIFY_SESSION_TTL", 12*time.Hour), "how long a login lasts")
	fs.StringVar(&c.ChainHash, "chain-hash", env("RECTIFY_CHAIN_HASH", "sha256"), "hash of new audit events: sha256 or sm3")
	fs.StringVar(&c.MetricsToken, "metrics-token", env("RECTIFY_METRICS_TOKEN", ""), "bearer token a Prometheus scraper presents at /metrics; empty: /metrics is off")
}

func (c *config) parse(name string, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.flagSet(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return c.finish()
}

func (c *config) finish() error {
	loc, err := time.LoadLocation(c.TZ)
	if err != nil {
		return fmt.Errorf("--tz %q: %w", c.TZ, err)
	}
	c.location = loc
	return nil
}

func (c *config) proxies() []string {
	var out []string
	for _, p := range strings.Split(c.TrustedProxies, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func (c *config) openStore() (*store.Store, error) {
	return store.Open(c.Data, store.Options{Location: c.location, ChainHash: c.ChainHash})
}

func (c *config) logger(w io.Writer) zerolog.Logger {
	lvl, err := zerolog.ParseLevel(c.LogLevel)
	if err != nil {
		lvl = zerolog.InfoLevel
	}
	out := w
	if c.LogFormat == "console" || c.LogFormat == "auto" && isTerminal(w) {
		out = zerolog.ConsoleWriter{Out: w, TimeFormat: time.DateTime}
	}
	return zerolog.New(out).Level(lvl).With().Timestamp().Logger()
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(name)); err == nil {
		return d
	}
	return def
}
