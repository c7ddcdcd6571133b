package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/rs/zerolog"

	"rectify/internal/notify"
	"rectify/internal/store"
	"rectify/jobs"
)

// startJobs adds the jobs' API routes and, unless --scheduler=off, runs
// the scheduler (with its start-up catch-up). The returned stop ends the
// scheduler; serve calls it before draining requests.
func startJobs(cfg *config, st *store.Store, log zerolog.Logger, a *app) (stop func(), err error) {
	jc := cfg.jobs(log)
	reg, err := jobs.New(st, jc)
	if err != nil {
		return nil, err
	}
	a.api.SetJobs(reg)
	// 发送测试消息 goes through the same address guard and mail server.
	a.api.App().SetChannelSender(notify.NewSender(jc.Notify))
	if !cfg.Scheduler {
		log.Warn().Msg("scheduler off (RECTIFY_SCHEDULER=off): no reminders or deliveries will run")
		return func() {}, nil
	}
	return reg.Start(), nil
}

const jobsUsage = "usage: rectify jobs list | rectify jobs run NAME [--at TIME --dry-run]   (offline, on the data folder)"

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
	var at string
	var dry bool
	cfg, left, err := parseConfig("jobs "+sub, rest, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&at, "at", "", "run as of this time (2026-11-26, 2026-11-26 08:30 or RFC 3339) in --tz; needs --dry-run")
		fs.BoolVar(&dry, "dry-run", false, "run on a copy of the ledger and report what the job would do; nothing is written or sent")
	})
	if err != nil {
		return err
	}
	if name == "" && len(left) > 0 {
		name = left[0]
	}
	st, err := cfg.openStore(openMode{mustExist: sub == "list"})
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("jobs: %w; while the server runs, an admin can POST /api/v1/admin/jobs/NAME/run", err)
	} else if err != nil {
		return err
	}
	defer st.Close()
	reg, err := jobs.New(st, cfg.jobs(cfg.logger(stderr)))
	if err != nil {
		return err
	}
	if sub == "list" {
		return printJobs(reg, stdout)
	}
	return runJobOffline(ctx, reg, name, at, dry, cfg, stdout, stderr)
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

// runJobOffline runs a job now, or — with --dry-run — on a copy of the
// ledger as of --at (or now). A run as of another time is only ever a dry
// run: on the live ledger it would send real notices, stamp tasks overdue
// early and spend the keys of the real day.
func runJobOffline(ctx context.Context, reg *jobs.Registry, name, at string, dry bool, cfg *config, stdout, stderr io.Writer) error {
	if _, ok := reg.Job(name); !ok {
		return fmt.Errorf("jobs run: unknown job %q (want one of %s)", name, strings.Join(reg.Names(), ", "))
	}
	when := reg.Now()
	if at != "" {
		t, err := parseJobTime(at, reg.Location())
		if err != nil {
			return err
		}
		if !dry {
			return fmt.Errorf("jobs run %s --at %s: a run as of another time than now would change the live ledger "+
				"(real notices, early overdue marks); add --dry-run to see what it would do, on a copy, writing nothing", name, at)
		}
		when = t
	}
	if dry {
		return dryRun(ctx, reg.Store(), name, when, cfg, stdout, stderr)
	}
	res, err := reg.Run(ctx, name, when)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ran %s as of %s: %d notifications\n", name, res.RanAt.Format(time.DateTime+" MST"), res.Notifications)
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
