// Package jobs is the scheduled work of the ledger: due-soon warnings,
// overdue checks, escalation (督办), 回头看 reminders, long-term report
// reminders, the weekly digest, outbox delivery and the nightly backup.
//
// Every job is Run(ctx, now) with the time passed in, so a test can run it
// as of any date. Every notification it produces is written with a stable
// idempotency key in the same bbolt transaction as its cause, so a rerun,
// a race between two runs, or a catch-up after downtime adds nothing that
// was already written.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

// Job is one named piece of scheduled work.
type Job interface {
	Name() string
	// Run does the work as of now; it never reads the clock itself.
	Run(ctx context.Context, now time.Time) error
}

// Counting is implemented by jobs that report how many notifications (or,
// for delivery, messages sent) a run produced.
type Counting interface {
	RunCounted(ctx context.Context, now time.Time) (int, error)
}

// Result is what one run did.
type Result struct {
	Job           string    `json:"job"`
	RanAt         time.Time `json:"ran_at"`
	Notifications int       `json:"notifications"`
}

// Status is a job as `rectify jobs list` and the admin API show it.
type Status struct {
	Name          string     `json:"name"`
	Title         string     `json:"title"`
	Schedule      string     `json:"schedule"`
	LastRunAt     *time.Time `json:"last_run_at"`
	NextRunAt     time.Time  `json:"next_run_at"`
	Notifications int        `json:"notifications"`
	LastError     string     `json:"last_error,omitempty"`
}

type entry struct {
	job   Job
	spec  string
	sched cron.Schedule
	mu    sync.Mutex // one run of a job at a time, however started
}

// Registry holds the named jobs and their schedules.
type Registry struct {
	st      *store.Store
	loc     *time.Location
	now     func() time.Time
	log     zerolog.Logger
	entries map[string]*entry
	order   []string
}

// NewRegistry returns an empty registry; now is the scheduler's clock.
func NewRegistry(st *store.Store, loc *time.Location, now func() time.Time, log zerolog.Logger) *Registry {
	if loc == nil {
		loc = time.UTC
	}
	if now == nil {
		now = time.Now
	}
	return &Registry{st: st, loc: loc, now: now, log: log, entries: map[string]*entry{}}
}

// Register adds j on the cron spec (minute hour day month weekday, or a
// descriptor such as @every 1m), read in the registry's time zone. A
// second job of the same name is refused.
func (r *Registry) Register(j Job, spec string) error {
	name := j.Name()
	if name == "" {
		return fmt.Errorf("jobs: a job needs a name")
	}
	if _, dup := r.entries[name]; dup {
		return fmt.Errorf("jobs: a job named %q is already registered", name)
	}
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		return fmt.Errorf("jobs: schedule of %s %q: %w", name, spec, err)
	}
	r.entries[name] = &entry{job: j, spec: spec, sched: sched}
	r.order = append(r.order, name)
	return nil
}

// Names lists the jobs in registration order.
func (r *Registry) Names() []string { return slices.Clone(r.order) }

// Job returns the job called name.
func (r *Registry) Job(name string) (Job, bool) {
	e, ok := r.entries[name]
	if !ok {
		return nil, false
	}
	return e.job, true
}

// Store is the store the jobs work on.
func (r *Registry) Store() *store.Store { return r.st }

// Location is the time zone of schedules and calendar days.
func (r *Registry) Location() *time.Location { return r.loc }

// Now reads the scheduler's clock.
func (r *Registry) Now() time.Time { return r.now().In(r.loc) }

// ErrRunning is Run's answer while a run of the same job is under way: a
// manual run never waits behind a scheduled one (a delivery run may be
// held up by a slow robot), and a second run would find nothing to do.
var ErrRunning = ledger.Errorf(ledger.ECONFLICT, "this job is already running; try again when it has finished")

// Run runs job name as of now and records the outcome: the last
// successful run is what catch-up compares the schedule with. While the
// job is running already it returns ErrRunning at once, recording nothing.
func (r *Registry) Run(ctx context.Context, name string, now time.Time) (Result, error) {
	e, ok := r.entries[name]
	if !ok {
		return Result{}, ledger.Errorf(ledger.ENOTFOUND, "no job named %q", name)
	}
	if !e.mu.TryLock() {
		return Result{Job: name}, ErrRunning
	}
	defer e.mu.Unlock()
	now = now.In(r.loc)
	res := Result{Job: name, RanAt: now}
	start := r.now()
	var err error
	if c, ok := e.job.(Counting); ok {
		res.Notifications, err = c.RunCounted(ctx, now)
	} else {
		err = e.job.Run(ctx, now)
	}
	if rerr := r.st.RecordJobRun(name, now, res.Notifications, r.now().Sub(start), err); rerr != nil && err == nil {
		err = rerr
	}
	if err != nil {
		return res, fmt.Errorf("jobs: %s: %w", name, err)
	}
	return res, nil
}

// Due lists the jobs whose scheduled time has passed since their last
// successful run (or that never ran): what a start-up must catch up on.
func (r *Registry) Due(now time.Time) ([]string, error) {
	runs, err := r.st.JobRuns()
	if err != nil {
		return nil, err
	}
	var due []string
	for _, name := range r.order {
		last := runs[name]
		if last == nil || last.LastRunAt.IsZero() || !r.entries[name].sched.Next(last.LastRunAt.In(r.loc)).After(now) {
			due = append(due, name)
		}
	}
	return due, nil
}

// CatchUp runs each due job once as of now — once, however many of its
// scheduled times were missed: the jobs look at the state of the ledger
// on the day, not at each missed day. Start runs it at start-up; a job a
// scheduled run is busy with is skipped (its run is the catch-up).
func (r *Registry) CatchUp(ctx context.Context, now time.Time) ([]Result, error) {
	due, err := r.Due(now)
	if err != nil {
		return nil, err
	}
	var out []Result
	var errs []error
	for _, name := range due {
		if ctx.Err() != nil {
			break
		}
		r.log.Info().Str("job", name).Msg("catching up on a run missed while down")
		res, err := r.Run(ctx, name, now)
		if errors.Is(err, ErrRunning) {
			continue
		} else if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, res)
	}
	return out, errors.Join(errs...)
}

// Status lists every job with its schedule, last and next run as of now.
func (r *Registry) Status(now time.Time) ([]Status, error) {
	runs, err := r.st.JobRuns()
	if err != nil {
		return nil, err
	}
	now = now.In(r.loc)
	out := make([]Status, 0, len(r.order))
	for _, name := range r.order {
		e := r.entries[name]
		st := Status{Name: name, Title: Title(name), Schedule: e.spec, NextRunAt: e.sched.Next(now)}
		if run := runs[name]; run != nil {
			if !run.LastRunAt.IsZero() {
				t := run.LastRunAt.In(r.loc)
				st.LastRunAt = &t
			}
			st.Notifications, st.LastError = run.Notifications, run.LastError
		}
		out = append(out, st)
	}
	return out, nil
}
