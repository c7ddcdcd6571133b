package app

import (
	"context"
	"strings"
	"time"

	"rectify/internal/ledger"
	"rectify/internal/store"
)

// JobRunner is the scheduler as the admin's job use cases see it; the
// jobs package's Registry satisfies it. Results are shown as they are
// (JSON), so they are plain values here.
type JobRunner interface {
	// Names lists the jobs in their catch-up order.
	Names() []string
	// Now is the scheduler's clock.
	Now() time.Time
	// RunJob runs job name as of now; an unknown name is ENOTFOUND.
	RunJob(ctx context.Context, name string, now time.Time) (any, error)
	// JobStatus describes every job's schedule, last and next run.
	JobStatus(now time.Time) (any, error)
}

// deliveryStore is what the admin's outbox view needs.
type deliveryStore interface {
	Deliveries(state string, limit int) ([]*store.OutboxRow, error)
}

// SetJobs gives the service the scheduler; without one the job use cases
// answer that scheduled work is not running.
func (s *Service) SetJobs(r JobRunner) { s.jobs = r }

func (s *Service) jobRunner() (JobRunner, error) {
	if s.jobs == nil {
		return nil, ledger.Errorf(ledger.EUNPROCESS, "scheduled work is not set up in this server")
	}
	return s.jobs, nil
}

// Jobs lists the scheduled jobs with their last and next run (admin).
func (s *Service) Jobs(u *ledger.User) (any, error) {
	if err := adminOnly(u, "see scheduled jobs"); err != nil {
		return nil, err
	}
	r, err := s.jobRunner()
	if err != nil {
		return nil, err
	}
	return r.JobStatus(r.Now())
}

// RunJob runs job name now and answers what it did (admin). It runs to
// the end even if ctx is cancelled: the work is idempotent, but half a
// run helps nobody.
func (s *Service) RunJob(ctx context.Context, u *ledger.User, name string) (any, error) {
	if err := adminOnly(u, "run jobs"); err != nil {
		return nil, err
	}
	r, err := s.jobRunner()
	if err != nil {
		return nil, err
	}
	known := false
	for _, n := range r.Names() {
		known = known || n == name
	}
	if !known {
		return nil, ledger.Errorf(ledger.ENOTFOUND, "no job named %q (want one of %s)", name, strings.Join(r.Names(), ", "))
	}
	return r.RunJob(context.WithoutCancel(ctx), name, r.Now())
}

var deliveryStates = map[string]bool{"": true, store.StatePending: true, store.StateSent: true, store.StateFailed: true, store.StateDead: true}

// Deliveries lists outbox rows, newest first, in one state or all (admin).
func (s *Service) Deliveries(u *ledger.User, state string) ([]*store.OutboxRow, error) {
	if err := adminOnly(u, "see deliveries"); err != nil {
		return nil, err
	}
	if !deliveryStates[state] {
		return nil, ledger.FieldErrorf("state", "state must be pending, sent, failed or dead")
	}
	return s.st.Deliveries(state, 0)
}
