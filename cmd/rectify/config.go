package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"rectify/internal/notify"
	"rectify/jobs"
)

// config is every setting of rectify, one struct for every command. Each
// field is a flag and a RECTIFY_* variable (settings below); a value that
// does not parse stops the command, naming the flag or variable.
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
	ShutdownGrace  time.Duration
	ChainHash      string
	MetricsToken   string

	Scheduler       bool
	Schedules       map[string]string
	EscalationSteps []int
	ReportGraceDays int
	BackupKeep      int
	WebhookAllow    string

	SMTPHost     string
	SMTPPort     int
	SMTPUser     string
	SMTPFrom     string
	SMTPStartTLS bool
	SMTPTLS      bool

	MinFreeMB    int
	BackupMaxAge time.Duration

	location *time.Location
}

// setting is one flag and its variable: RECTIFY_ plus the flag's name in
// capitals with _ for -.
type setting struct {
	flag, def, usage string
	set              func(string) error
	boolean          bool
}

// envName is the variable of a flag.
func envName(flag string) string {
	return "RECTIFY_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// settings lists every setting with its default. Secrets
// (RECTIFY_ADMIN_PASSWORD, RECTIFY_DEMO_PASSWORD, RECTIFY_PASSWORD,
// RECTIFY_SMTP_PASSWORD) are variables only, on purpose: a flag would show
// them to every user of the machine in the process list.
func (c *config) settings() []setting {
	ss := []setting{
		{flag: "addr", def: "127.0.0.1:8080", usage: "listen address", set: str(&c.Addr)},
		{flag: "data", def: "data", usage: "data folder (database, evidence, backups)", set: str(&c.Data)},
		{flag: "tz", def: "Asia/Shanghai", usage: "time zone of due dates and schedules", set: c.setTZ},
		{flag: "demo", def: "false", usage: "load a demo ledger into an empty database", set: boolean(&c.Demo), boolean: true},
		{flag: "log-format", def: "auto", usage: "log format: json, console or auto", set: oneOf(&c.LogFormat, "json", "console", "auto")},
		{flag: "log-level", def: "info", usage: "log level: debug, info, warn, error", set: oneOf(&c.LogLevel, "debug", "info", "warn", "error")},
		{flag: "base-url", def: "", usage: "public URL of the service, for links in notifications", set: str(&c.BaseURL)},
		{flag: "trusted-proxies", def: "", usage: "comma-separated proxy CIDRs whose X-Forwarded-For is trusted", set: str(&c.TrustedProxies)},
		{flag: "session-ttl", def: "12h", usage: "how long a login lasts", set: positiveDuration(&c.SessionTTL)},
		{flag: "chain-hash", def: "sha256", usage: "hash of new audit events: sha256 or sm3", set: oneOf(&c.ChainHash, "sha256", "sm3")},
		{flag: "metrics-token", def: "", usage: "bearer token a Prometheus scraper presents at /metrics; empty: /metrics is off", set: str(&c.MetricsToken)},
		{flag: "shutdown-grace", def: "2m", usage: "on SIGTERM, how long requests under way (uploads) may take to finish", set: positiveDuration(&c.ShutdownGrace)},
		{flag: "scheduler", def: "on", usage: "run scheduled jobs in serve (on/off)", set: boolean(&c.Scheduler), boolean: true},
		{flag: "escalation-steps", def: "7,14,30", usage: "days overdue of each 督办 step", set: c.setSteps},
		{flag: "report-grace-days", def: strconv.Itoa(jobs.DefaultReportGraceDays), usage: "days after a missed long-term report before officers are told", set: positiveInt(&c.ReportGraceDays)},
		{flag: "backup-keep", def: strconv.Itoa(jobs.DefaultBackupKeep), usage: "nightly backups kept in DATA/backups", set: positiveInt(&c.BackupKeep)},
		{flag: "webhook-allow", def: "", usage: "CIDRs of internal addresses webhooks may reach", set: c.setAllow},
		{flag: "smtp-host", def: "", usage: "mail server for email channels (password in RECTIFY_SMTP_PASSWORD)", set: str(&c.SMTPHost)},
		{flag: "smtp-port", def: "0", usage: "mail server port (0: 25)", set: nonNegativeInt(&c.SMTPPort)},
		{flag: "smtp-user", def: "", usage: "mail server login", set: str(&c.SMTPUser)},
		{flag: "smtp-from", def: "", usage: "sender address of mails", set: str(&c.SMTPFrom)},
		{flag: "smtp-starttls", def: "false", usage: "upgrade the mail connection with STARTTLS", set: boolean(&c.SMTPStartTLS), boolean: true},
		{flag: "smtp-tls", def: "false", usage: "connect to the mail server over TLS", set: boolean(&c.SMTPTLS), boolean: true},
		{flag: "min-free-mb", def: "1024", usage: "free space on the data folder's disk below which /healthz reports degraded", set: nonNegativeInt(&c.MinFreeMB)},
		{flag: "backup-max-age", def: "48h", usage: "age of the newest backup above which /healthz reports degraded (0: never)", set: nonNegativeDuration(&c.BackupMaxAge)},
	}
	for _, name := range jobs.Names {
		ss = append(ss, setting{flag: "schedule-" + name, def: jobs.DefaultSchedule(name),
			usage: "cron schedule (minute hour day month weekday) of the " + jobs.Title(name) + " job", set: c.setSchedule(name)})
	}
	return ss
}

// newConfig applies the defaults, then the RECTIFY_* variables, and
// defines every setting as a flag of fs (a flag given wins). A variable
// that does not parse is an error naming it and its value.
func newConfig(fs *flag.FlagSet) (*config, error) {
	c := &config{Schedules: map[string]string{}}
	for _, s := range c.settings() {
		if err := s.set(s.def); err != nil {
			panic(fmt.Sprintf("default of --%s: %v", s.flag, err)) // a programming error
		}
		if v, ok := os.LookupEnv(envName(s.flag)); ok {
			if err := s.set(v); err != nil {
				return nil, fmt.Errorf("%s=%q: %w", envName(s.flag), v, err)
			}
		}
		fs.Var(flagValue{s}, s.flag, s.usage+" (env "+envName(s.flag)+")")
	}
	return c, nil
}

// parseConfig parses args as command name's flags plus own; it returns
// the config and the arguments left after the flags.
func parseConfig(name string, args []string, stderr io.Writer, own func(fs *flag.FlagSet)) (*config, []string, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg, err := newConfig(fs)
	if err != nil {
		return nil, nil, err
	}
	if own != nil {
		own(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, err
	}
	return cfg, fs.Args(), nil
}

// flagValue lets a setting be a flag: the flag package's error names the
// flag and the value.
type flagValue struct{ s setting }

func (v flagValue) String() string     { return v.s.def }
func (v flagValue) Set(x string) error { return v.s.set(x) }
func (v flagValue) IsBoolFlag() bool   { return v.s.boolean }

func str(p *string) func(string) error {
	return func(v string) error { *p = strings.TrimSpace(v); return nil }
}

func oneOf(p *string, allowed ...string) func(string) error {
	return func(v string) error {
		for _, a := range allowed {
			if v == a {
				*p = v
				return nil
			}
		}
		return fmt.Errorf("want one of %s", strings.Join(allowed, ", "))
	}
}

// boolean accepts the spellings operators use in unit files.
func boolean(p *bool) func(string) error {
	return func(v string) error {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "1", "true", "on", "yes":
			*p = true
		case "0", "false", "off", "no":
			*p = false
		default:
			return fmt.Errorf("want on or off (true/false)")
		}
		return nil
	}
}

func positiveDuration(p *time.Duration) func(string) error {
	return func(v string) error {
		d, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil || d <= 0 {
			return fmt.Errorf("want a positive duration like 12h or 90m")
		}
		*p = d
		return nil
	}
}

func nonNegativeDuration(p *time.Duration) func(string) error {
	return func(v string) error {
		d, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil || d < 0 {
			return fmt.Errorf("want a duration like 48h, or 0")
		}
		*p = d
		return nil
	}
}

func positiveInt(p *int) func(string) error {
	return func(v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n <= 0 {
			return fmt.Errorf("want a whole number above 0")
		}
		*p = n
		return nil
	}
}

func nonNegativeInt(p *int) func(string) error {
	return func(v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 0 {
			return fmt.Errorf("want a whole number, 0 or more")
		}
		*p = n
		return nil
	}
}

func (c *config) setTZ(v string) error {
	loc, err := time.LoadLocation(v)
	if err != nil {
		return fmt.Errorf("unknown time zone (want e.g. Asia/Shanghai)")
	}
	c.TZ, c.location = v, loc
	return nil
}

func (c *config) setSteps(v string) error {
	var steps []int
	for _, s := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return fmt.Errorf("want positive day counts like 7,14,30")
		}
		steps = append(steps, n)
	}
	c.EscalationSteps = steps
	return nil
}

func (c *config) setAllow(v string) error {
	if _, err := notify.ParseAllow(v); err != nil {
		return err
	}
	c.WebhookAllow = v
	return nil
}

func (c *config) setSchedule(job string) func(string) error {
	return func(v string) error {
		if err := jobs.CheckSchedule(strings.TrimSpace(v)); err != nil {
			return err
		}
		c.Schedules[job] = strings.TrimSpace(v)
		return nil
	}
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

// jobs is the configuration of scheduled work.
func (c *config) jobs(log zerolog.Logger) jobs.Config {
	allow, _ := notify.ParseAllow(c.WebhookAllow) // checked when set
	return jobs.Config{
		Location: c.location, Schedules: c.Schedules, BaseURL: c.BaseURL, EscalationSteps: c.EscalationSteps,
		ReportGraceDays: c.ReportGraceDays, BackupKeep: c.BackupKeep, Log: log,
		Notify: notify.Config{Allow: allow, SMTP: notify.SMTPConfig{
			Host: c.SMTPHost, Port: c.SMTPPort, Username: c.SMTPUser, Password: os.Getenv("RECTIFY_SMTP_PASSWORD"),
			From: c.SMTPFrom, StartTLS: c.SMTPStartTLS, TLS: c.SMTPTLS,
		}},
	}
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

// env reads a variable of a command-specific flag (RECTIFY_SERVER …).
func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}
