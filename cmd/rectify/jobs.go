package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rs/zerolog"

	"rectify/internal/notify"
	"rectify/internal/store"
	"rectify/jobs"
)

func init() {
	extraCommands["jobs"] = jobsCmd
	appHooks = append(appHooks, startJobs)
}

// startJobs adds the jobs' API routes and, unless RECTIFY_SCHEDULER=off,
// runs the scheduler (with its start-up catch-up) until the app stops.
// serve's flags belong to config.go, so here the settings come from the
// RECTIFY_* environment.
func startJobs(cfg *config, st *store.Store, log zerolog.Logger, a *app) error {
	var f jobsFlags
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	f.define(fs)
	if err := fs.Parse(nil); err != nil {
		return err
	}
	jc, err := f.config(cfg, log)
	if err != nil {
		return err
	}
	reg, err := jobs.New(st, jc)
	if err != nil {
		return err
	}
	a.api.SetJobs(reg)
	// 发送测试消息 goes through the same address guard and mail server.
	a.api.App().SetChannelSender(notify.NewSender(jc.Notify))
	if strings.EqualFold(env("RECTIFY_SCHEDULER", "on"), "off") {
		log.Warn().Msg("scheduler off (RECTIFY_SCHEDULER=off): no reminders or deliveries will run")
		return nil
	}
	a.stops = append(a.stops, reg.Start())
	return nil
}

// jobsFlags are the settings of scheduled work, as flags of `rectify jobs`
// defaulting from RECTIFY_* variables.
type jobsFlags struct {
	schedules map[string]*string
	steps     string
	grace     int
	keep      int
	allow     string
}

func scheduleEnv(job string) string {
	return "RECTIFY_SCHEDULE_" + strings.ToUpper(strings.ReplaceAll(job, "-", "_"))
}

func (f *jobsFlags) define(fs *flag.FlagSet) {
	f.schedules = map[string]*string{}
	for _, n := range jobs.Names {
		f.schedules[n] = fs.String("schedule-"+n, env(scheduleEnv(n), jobs.DefaultSchedules[n]),
			"cron schedule (minute hour day month weekday) of the "+n+" job, env "+scheduleEnv(n))
	}
	fs.StringVar(&f.steps, "escalation-steps", env("RECTIFY_ESCALATION_STEPS", "7,14,30"), "days overdue of each 督办 step")
	fs.IntVar(&f.grace, "report-grace-days", jobsEnvInt("RECTIFY_REPORT_GRACE_DAYS", jobs.DefaultReportGraceDays), "days after a missed long-term report before officers are told")
	fs.IntVar(&f.keep, "backup-keep", jobsEnvInt("RECTIFY_BACKUP_KEEP", jobs.DefaultBackupKeep), "nightly backups kept in DATA/backups")
	fs.StringVar(&f.allow, "webhook-allow", env("RECTIFY_WEBHOOK_ALLOW", ""), "CIDRs of internal addresses webhooks may reach")
}

func (f *jobsFlags) config(cfg *config, log zerolog.Logger) (jobs.Config, error) {
	allow, err := notify.ParseAllow(f.allow)
	if err != nil {
		return jobs.Config{}, err
	}
	var steps []int
	for _, s := range strings.Split(f.steps, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return jobs.Config{}, fmt.Errorf("--escalation-steps %q: want positive day counts like 7,14,30", f.steps)
		}
		steps = append(steps, n)
	}
	scheds := map[string]string{}
	for n, s := range f.schedules {
		scheds[n] = *s
	}
	return jobs.Config{
		Location: cfg.location, Schedules: scheds, BaseURL: cfg.BaseURL, EscalationSteps: steps,
		ReportGraceDays: f.grace, BackupKeep: f.keep, Log: log,
		Notify: notify.Config{Allow: allow, SMTP: smtpFromEnv()},
	}, nil
}

// smtpFromEnv reads the mail server; the password never is a flag, so it
// stays out of process listings.
func smtpFromEnv() notify.SMTPConfig {
	return notify.SMTPConfig{
		Host: env("RECTIFY_SMTP_HOST", ""), Port: jobsEnvInt("RECTIFY_SMTP_PORT", 0),
		Username: env("RECTIFY_SMTP_USER", ""), Password: env("RECTIFY_SMTP_PASSWORD", ""),
		From: env("RECTIFY_SMTP_FROM", ""), StartTLS: jobsEnvBool("RECTIFY_SMTP_STARTTLS"), TLS: jobsEnvBool("RECTIFY_SMTP_TLS"),
	}
}

func jobsEnvInt(name string, def int) int {
	if n, err := strconv.Atoi(env(name, "")); err == nil {
		return n
	}
	return def
}

func jobsEnvBool(name string) bool {
	b, _ := strconv.ParseBool(env(name, "false"))
	return b
}

const jobsUsage = "usage: rectify jobs list | rectify jobs run NAME [--at TIME]   (offline, on the data folder)"

// jobsCmd lists the jobs or runs one offline on the data folder, as of
// now or of --at.
func jobsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "list" && args[0] != "run" {
		return errors.New(jobsUsage)
	}
	sub, rest, name := args[0], args[1:], ""
	if sub == "run" && len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		name, rest = rest[0], rest[1:]
	}
	var cfg config
	var f jobsFlags
	fs := flag.NewFlagSet("jobs "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.flagSet(fs)
	f.define(fs)
	at := fs.String("at", "", "run as of this time (2026-11-26, 2026-11-26 08:30 or RFC 3339) in --tz; not recorded as the last run")
	if err := fs.Parse(rest); err != nil {
		return err
	}
	if name == "" {
		name = fs.Arg(0)
	}
	if err := cfg.finish(); err != nil {
		return err
	}
	st, err := cfg.openStore()
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("jobs: %w; while the server runs, an admin can POST /api/v1/admin/jobs/NAME/run", err)
	} else if err != nil {
		return err
	}
	defer st.Close()
	jc, err := f.config(&cfg, cfg.logger(stderr))
	if err != nil {
		return err
	}
	reg, err := jobs.New(st, jc)
	if err != nil {
		return err
	}
	if sub == "list" {
		return printJobs(reg, stdout)
	}
	return runJobOffline(ctx, reg, name, *at, stdout)
}

func printJobs(reg *jobs.Registry, stdout io.Writer) error {
	sts, err := reg.Status(reg.Now())
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tSCHEDULE\tLAST RUN\tNEXT RUN\tLAST ERROR")
	for _, s := range sts {
		last := "never"
		if s.LastRunAt != nil {
			last = s.LastRunAt.Format(time.DateTime)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", s.Name, s.Schedule, last, s.NextRunAt.Format(time.DateTime), s.LastError)
	}
	return w.Flush()
}

func runJobOffline(ctx context.Context, reg *jobs.Registry, name, at string, stdout io.Writer) error {
	job, ok := reg.Job(name)
	if !ok {
		return fmt.Errorf("jobs run: unknown job %q (want one of %s)", name, strings.Join(reg.Names(), ", "))
	}
	if at == "" {
		res, err := reg.Run(ctx, name, reg.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "ran %s as of %s: %d notifications\n", name, res.RanAt.Format(time.DateTime+" MST"), res.Notifications)
		return nil
	}
	when, err := parseJobTime(at, reg.Location())
	if err != nil {
		return err
	}
	// A run as of another time is not the last run: recording it could
	// suppress (or, in the future, postpone) the server's catch-up.
	n := 0
	if c, ok := job.(jobs.Counting); ok {
		n, err = c.RunCounted(ctx, when)
	} else {
		err = job.Run(ctx, when)
	}
	if err != nil {
		return fmt.Errorf("jobs run %s: %w", name, err)
	}
	fmt.Fprintf(stdout, "ran %s as of %s: %d notifications\n", name, when.Format(time.DateTime+" MST"), n)
	return nil
}

func parseJobTime(s string, loc *time.Location) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04", time.DateTime, "2006-01-02 15:04", time.DateOnly} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("--at %q: want 2026-11-26, 2026-11-26 08:30 or RFC 3339", s)
}
