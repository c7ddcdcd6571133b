// Package testclock is the hand-moved clock the tests of every package
// pass to the store and the scheduler, so that no rule reads the wall clock.
package testclock

import (
	"sync"
	"time"

	"rectify/internal/ledger"
)

// Shanghai is the deployments' default time zone.
var Shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// Clock reads the time a test set; it is safe for concurrent use.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// New returns a clock reading t.
func New(t time.Time) *Clock { return &Clock{now: t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// SetDay moves the clock to 10:00 on day (YYYY-MM-DD) in Shanghai.
func (c *Clock) SetDay(day string) {
	d, err := ledger.ParseDate(day)
	if err != nil {
		panic(err)
	}
	t := d.Time()
	c.Set(time.Date(t.Year(), t.Month(), t.Day(), 10, 0, 0, 0, Shanghai))
}

// Advance moves the clock by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// AddDays moves the clock n calendar days.
func (c *Clock) AddDays(n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.AddDate(0, 0, n)
}
