package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"
)

// stopTimeout bounds how long a shutdown waits for running jobs.
const stopTimeout = 30 * time.Second

// wrappers are the cron chain every job runs in. Chain(a, b).Then(j) is
// a(b(j)), so SkipIfStillRunning is outside Recover: a panic is recovered
// inside the skip wrapper, which then releases its token. The other order
// would leave the token taken after a panic and skip the job forever.
func (r *Registry) wrappers() []cron.JobWrapper {
	l := cronLogger{r.log}
	return []cron.JobWrapper{cron.SkipIfStillRunning(l), cron.Recover(l)}
}

// Start runs the jobs on cron in the registry's time zone until the
// returned stop is called: each on its schedule, and at start CatchUp,
// the same code the tests run, for each job whose scheduled time passed
// while the server was down. Run's per-job lock keeps a scheduled run at
// that moment from doubling the catch-up.
func (r *Registry) Start() (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	c := cron.New(cron.WithLocation(r.loc), cron.WithChain(r.wrappers()...))
	for _, name := range r.order {
		c.Schedule(r.entries[name].sched, cron.FuncJob(func() { r.runLogged(ctx, name) }))
	}
	c.Start()
	done := make(chan struct{})
	go func() {
		defer close(done)
		ran, err := r.CatchUp(ctx, r.Now())
		if err != nil {
			r.log.Error().Err(err).Msg("jobs: catch-up")
		}
		for _, res := range ran {
			r.log.Info().Str("job", res.Job).Int("notifications", res.Notifications).Msg("caught up")
		}
	}()
	// Stopping cancels the jobs' context first, so a send to a hanging
	// robot is abandoned instead of holding the shutdown.
	return func() {
		cancel()
		stopped := c.Stop()
		select {
		case <-done:
		case <-time.After(stopTimeout):
		}
		select {
		case <-stopped.Done():
		case <-time.After(stopTimeout):
			r.log.Warn().Msg("jobs: still running at shutdown")
		}
	}
}

func (r *Registry) runLogged(ctx context.Context, name string) {
	res, err := r.Run(ctx, name, r.Now())
	if errors.Is(err, ErrRunning) {
		r.log.Debug().Str("job", name).Msg("job still running; this run skipped")
		return
	} else if err != nil {
		r.log.Error().Err(err).Str("job", name).Msg("job failed")
		return
	}
	ev := r.log.Debug()
	if res.Notifications > 0 {
		ev = r.log.Info()
	}
	ev.Str("job", name).Int("notifications", res.Notifications).Msg("job ran")
}

// cronLogger lets cron log through zerolog.
type cronLogger struct{ log zerolog.Logger }

func (l cronLogger) Info(msg string, kv ...any) {
	l.log.Debug().Fields(kv).Msg("cron: " + msg)
}

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error().Err(err).Fields(kv).Msg("cron: " + msg)
}
