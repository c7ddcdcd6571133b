package notify

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestNextAttemptSchedule(t *testing.T) {
	tests := []struct {
		name    string
		attempt int
		base    time.Duration
	}{
		{"the first failure waits 30 seconds", 1, 30 * time.Second},
		{"the second failure waits a minute", 2, time.Minute},
		{"the fourth failure waits 4 minutes", 4, 4 * time.Minute},
		{"the seventh failure waits 32 minutes", 7, 32 * time.Minute},
		{"the eighth failure is capped at an hour", 8, time.Hour},
		{"a huge attempt number stays capped without overflowing", 1000, time.Hour},
		{"attempt 0 is treated as the first", 0, 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, fixedNow.Add(tt.base), NextAttempt(tt.attempt, fixedNow, nil), "no jitter gives the base delay")

			low := NextAttempt(tt.attempt, fixedNow, func() float64 { return 0 })
			assert.Equal(t, fixedNow.Add(tt.base*8/10), low, "jitter 0 is 20% early")

			high := NextAttempt(tt.attempt, fixedNow, func() float64 { return 0.999 })
			assert.Less(t, high.Sub(fixedNow), tt.base*12/10, "jitter below 1 stays under 20% late")
			assert.Greater(t, high.Sub(fixedNow), tt.base*119/100)
		})
	}
}

func TestNextAttemptNeverShrinksForTheSameJitter(t *testing.T) {
	for _, j := range []float64{0, 0.5, 0.999} {
		prev := fixedNow
		for attempt := 1; attempt <= MaxAttempts+3; attempt++ {
			next := NextAttempt(attempt, fixedNow, func() float64 { return j })
			assert.False(t, next.Before(prev), "attempt %d with jitter %v", attempt, j)
			assert.LessOrEqual(t, next.Sub(fixedNow), 72*time.Minute, "never more than the 1h cap plus 20%%")
			prev = next
		}
	}
}

func TestNextAttemptClampsAMisbehavingJitter(t *testing.T) {
	assert.Equal(t, fixedNow.Add(24*time.Second), NextAttempt(1, fixedNow, func() float64 { return -5 }))
	assert.Equal(t, fixedNow.Add(36*time.Second), NextAttempt(1, fixedNow, func() float64 { return 7 }))
}

func TestMaxAttemptsSpansAboutAnHour(t *testing.T) {
	var total time.Duration
	for attempt := 1; attempt < MaxAttempts; attempt++ {
		total += NextAttempt(attempt, fixedNow, nil).Sub(fixedNow)
	}
	assert.Equal(t, 63*time.Minute+30*time.Second, total, "the last attempt comes after DingTalk's 10-minute penalty and a short outage")
}
