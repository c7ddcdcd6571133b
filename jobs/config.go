package jobs

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"rectify/internal/notify"
	"rectify/internal/store"
)

// DefaultEscalationSteps are the days overdue of the 督办 ladder.
var DefaultEscalationSteps = []int{7, 14, 30}

// Defaults of Config.
const (
	// DefaultReportGraceDays is how long a missed long-term report stays
	// the owner's business before the officers are told.
	DefaultReportGraceDays = 7
	// DefaultBackupKeep is how many nightly backups are kept.
	DefaultBackupKeep = 7
	// defaultLease outlasts one send (notify's 10s timeout) many times over.
	defaultLease = 2 * time.Minute
	// deliveryBatch is how many outbox rows one claim takes.
	deliveryBatch = 50
)

// Sender delivers one digest on one channel; *notify.Sender is the real one.
type Sender interface {
	Send(ctx context.Context, ch notify.Channel, d notify.Digest) error
}

// Config is everything the jobs need besides the store.
type Config struct {
	// Location is the deployment's time zone: schedules and calendar days.
	Location *time.Location
	// Schedules overrides the table's default schedules by job name.
	Schedules map[string]string
	// BaseURL is the public URL of the service, for links in messages.
	BaseURL string
	// EscalationSteps are the days overdue at which 督办 steps are taken.
	EscalationSteps []int
	// ReportGraceDays is how long after a missed long-term report the
	// owner's reminder turns into an overdue notice to the officers.
	ReportGraceDays int
	// BackupDir receives the nightly backups; BackupKeep of them are kept.
	BackupDir  string
	BackupKeep int
	// Sender delivers outbox rows; nil builds a notify.Sender from Notify.
	Sender Sender
	Notify notify.Config
	// Jitter spreads retries (NextAttempt); nil uses math/rand.
	Jitter func() float64
	// Lease is how long a claimed outbox row is reserved for its sender.
	Lease time.Duration
	// Now is the scheduler's clock; time.Now when nil. Jobs never read it:
	// the scheduler passes its reading to Run.
	Now func() time.Time
	Log zerolog.Logger
}

func (c *Config) fill(st *store.Store) error {
	if c.Location == nil {
		c.Location = st.Location()
	}
	if len(c.EscalationSteps) == 0 {
		c.EscalationSteps = DefaultEscalationSteps
	}
	c.EscalationSteps = slices.Clone(c.EscalationSteps)
	slices.Sort(c.EscalationSteps)
	if c.EscalationSteps[0] <= 0 {
		return fmt.Errorf("jobs: escalation steps must be positive days, got %v", c.EscalationSteps)
	}
	if c.ReportGraceDays <= 0 {
		c.ReportGraceDays = DefaultReportGraceDays
	}
	if c.BackupDir == "" {
		c.BackupDir = filepath.Join(st.Dir(), "backups")
	}
	if c.BackupKeep <= 0 {
		c.BackupKeep = DefaultBackupKeep
	}
	if c.Sender == nil {
		c.Sender = notify.NewSender(c.Notify)
	}
	if c.Jitter == nil {
		c.Jitter = rand.Float64
	}
	if c.Lease <= 0 {
		c.Lease = defaultLease
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	return nil
}

// New returns a registry with every job of the ledger on its schedule.
func New(st *store.Store, cfg Config) (*Registry, error) {
	if err := cfg.fill(st); err != nil {
		return nil, err
	}
	for name := range cfg.Schedules {
		if _, ok := specOf(name); !ok {
			return nil, fmt.Errorf("jobs: schedule for unknown job %q", name)
		}
	}
	d := &deps{st: st, cfg: cfg, clock: cfg.Now}
	if d.clock == nil {
		d.clock = time.Now
	}
	r := NewRegistry(st, cfg.Location, cfg.Now, cfg.Log)
	for _, s := range table {
		spec := s.schedule
		if o := strings.TrimSpace(cfg.Schedules[s.name]); o != "" {
			spec = o
		}
		if err := r.Register(s.build(d), spec); err != nil {
			return nil, err
		}
	}
	return r, nil
}
