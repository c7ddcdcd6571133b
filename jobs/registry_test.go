package jobs

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingJob counts its runs and the times it was run as of.
type countingJob struct {
	name string
	mu   sync.Mutex
	runs []time.Time
	fail error
}

func (j *countingJob) Name() string { return j.name }

func (j *countingJob) Run(_ context.Context, now time.Time) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.runs = append(j.runs, now)
	return j.fail
}

func (j *countingJob) count() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.runs)
}

func TestTheRegistryRefusesDuplicateNamesAndBadSchedules(t *testing.T) {
	f := newFixture(t, "2026-11-26")
	r := NewRegistry(f.st, shanghai, f.clock.Now, zerolog.Nop())
	require.NoError(t, r.Register(&countingJob{name: "x"}, "30 8 * * *"))
	assert.ErrorContains(t, r.Register(&countingJob{name: "x"}, "0 9 * * *"), `"x" is already registered`)
	assert.Error(t, r.Register(&countingJob{name: "y"}, "every morning"))
	assert.Equal(t, []string{"x"}, r.Names())
}

func TestNewRegistersEveryJobOnItsDefaultScheduleOrAnOverride(t *testing.T) {
	f := newFixture(t, "2026-11-26", func(c *Config) { c.Schedules = map[string]string{NameOverdue: "0 7 * * *"} })
	assert.Equal(t, Names, f.reg.Names())
	sts, err := f.reg.Status(at("2026-11-26 10:00"))
	require.NoError(t, err)
	next := map[string]string{}
	for _, s := range sts {
		next[s.Name] = s.Schedule + " → " + s.NextRunAt.Format("2006-01-02 15:04 -0700")
	}
	assert.Equal(t, map[string]string{
		NameDueSoon:    "30 8 * * * → 2026-11-27 08:30 +0800",
		NameOverdue:    "0 7 * * * → 2026-11-27 07:00 +0800",
		NameEscalation: "30 8 * * * → 2026-11-27 08:30 +0800",
		NameReviews:    "30 8 * * * → 2026-11-27 08:30 +0800",
		NameLongTerm:   "30 8 * * * → 2026-11-27 08:30 +0800",
		NameDigest:     "0 8 * * 1 → 2026-11-30 08:00 +0800",
		NameBackup:     "30 2 * * * → 2026-11-27 02:30 +0800",
		NameDelivery:   "* * * * * → 2026-11-26 10:01 +0800",
	}, next)
	_, err = New(f.st, Config{Schedules: map[string]string{"cleanup": "* * * * *"}})
	assert.ErrorContains(t, err, `unknown job "cleanup"`)
}

func TestCatchUpRunsAMissedJobOnceAndNeverTwice(t *testing.T) {
	f := newFixture(t, "2026-11-26")
	r := NewRegistry(f.st, shanghai, f.clock.Now, zerolog.Nop())
	j := &countingJob{name: "daily"}
	require.NoError(t, r.Register(j, "30 8 * * *"))
	require.NoError(t, f.st.RecordJobRun("daily", at("2026-11-23 08:30"), 0, 0, nil))

	ran, err := r.CatchUp(context.Background(), at("2026-11-26 10:00"))
	require.NoError(t, err)
	assert.Len(t, ran, 1, "three missed days, one run")
	assert.Equal(t, 1, j.count())
	ran, err = r.CatchUp(context.Background(), at("2026-11-26 10:05"))
	require.NoError(t, err)
	assert.Empty(t, ran)
	assert.Equal(t, 1, j.count())

	due, err := r.Due(at("2026-11-27 08:29"))
	require.NoError(t, err)
	assert.Empty(t, due, "tomorrow's time has not come")
	due, err = r.Due(at("2026-11-27 08:30"))
	require.NoError(t, err)
	assert.Equal(t, []string{"daily"}, due)
}

func TestAFailedRunIsCaughtUpAgain(t *testing.T) {
	f := newFixture(t, "2026-11-26")
	r := NewRegistry(f.st, shanghai, f.clock.Now, zerolog.Nop())
	j := &countingJob{name: "daily", fail: errors.New("disk full")}
	require.NoError(t, r.Register(j, "30 8 * * *"))
	_, err := r.CatchUp(context.Background(), at("2026-11-26 10:00"))
	assert.ErrorContains(t, err, "disk full")
	j.fail = nil
	ran, err := r.CatchUp(context.Background(), at("2026-11-26 10:01"))
	require.NoError(t, err)
	assert.Len(t, ran, 1)
	sts, err := r.Status(at("2026-11-26 10:02"))
	require.NoError(t, err)
	assert.Empty(t, sts[0].LastError)
}

func TestARestartAcrossAScheduledTimeRunsTheJobOnceAndASecondRestartNever(t *testing.T) {
	f := newFixture(t, "2026-11-20")
	a := f.task(f.problem1, f.member.ID, "2026-11-24")
	// The server ran everything on Monday 11-23 and went down before 08:30
	// on 11-24; it starts again on 11-27.
	for _, name := range Names {
		f.run(name, "2026-11-23 08:30")
	}
	dueSoon, overdue := kindTask("due_soon", a.ID), kindTask("overdue", a.ID)
	require.Equal(t, []string{dueSoon}, f.inbox(f.member))
	f.reopen()
	f.clock.Set(at("2026-11-27 09:00"))
	due, err := f.reg.Due(f.clock.Now())
	require.NoError(t, err)
	assert.Equal(t, []string{NameDueSoon, NameOverdue, NameEscalation, NameReviews, NameLongTerm, NameBackup, NameDelivery}, due,
		"every daily job's time passed while down; the digest's (Monday) did not")
	ran, err := f.reg.CatchUp(context.Background(), f.clock.Now())
	require.NoError(t, err)
	assert.Len(t, ran, len(due))
	assert.Equal(t, []string{dueSoon, overdue}, f.inbox(f.member), "one overdue notice, not one per missed day")

	f.reopen()
	f.clock.Set(at("2026-11-27 09:00").Add(30 * time.Second)) // within the minute: delivery is not due either
	ran, err = f.reg.CatchUp(context.Background(), f.clock.Now())
	require.NoError(t, err)
	assert.Empty(t, ran, "a second restart runs nothing")
	assert.Equal(t, []string{dueSoon, overdue}, f.inbox(f.member))
}

func TestSkipIfStillRunningIsOutsideRecover(t *testing.T) {
	f := newFixture(t, "2026-11-26")
	r := NewRegistry(f.st, shanghai, f.clock.Now, zerolog.Nop())
	var calls atomic.Int32
	release := make(chan struct{})
	job := cron.NewChain(r.wrappers()...).Then(cron.FuncJob(func() {
		switch calls.Add(1) {
		case 1:
			panic("boom")
		case 2:
			<-release
		}
	}))
	job.Run() // panics inside; recovered
	done := make(chan struct{})
	go func() { job.Run(); close(done) }() // runs: the panic did not keep the token
	require.Eventually(t, func() bool { return calls.Load() == 2 }, 5*time.Second, time.Millisecond)
	job.Run() // skipped: the second is still running
	assert.EqualValues(t, 2, calls.Load())
	close(release)
	<-done
	job.Run()
	assert.EqualValues(t, 3, calls.Load(), "runs again once the previous finished")
}

func TestStartCatchesUpAtOnceAndStops(t *testing.T) {
	f := newFixture(t, "2026-11-26")
	r := NewRegistry(f.st, shanghai, f.clock.Now, zerolog.Nop())
	j := &countingJob{name: "monthly"}
	require.NoError(t, r.Register(j, "0 3 1 * *"))
	stop := r.Start()
	require.Eventually(t, func() bool { return j.count() == 1 }, 5*time.Second, 5*time.Millisecond, "never ran: due at start")
	stop()
	assert.Equal(t, 1, j.count())
	runs, err := f.st.JobRuns()
	require.NoError(t, err)
	assert.True(t, runs["monthly"].LastRunAt.Equal(f.clock.Now()), "recorded as of the scheduler's clock")
}
