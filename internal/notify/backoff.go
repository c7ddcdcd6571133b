package notify

import "time"

// MaxAttempts is how many failed attempts an outbox row gets before it is
// marked dead. With NextAttempt's schedule the eighth attempt falls roughly
// an hour after the first failure, long enough to ride out a vendor's
// ten-minute rate-limit penalty (DingTalk) or a short outage.
const MaxAttempts = 8

const (
	backoffBase = 30 * time.Second
	backoffCap  = time.Hour
	// backoffJitter spreads retries ±20% so rows that failed together (one
	// vendor outage) do not all come back in the same second.
	backoffJitter = 0.2
)

// NextAttempt says when to try again after attempt n (1-based) failed at now:
// 30s, 1m, 2m, 4m … doubling up to a cap of one hour, then scaled by a jitter
// factor in [0.8, 1.2). jitter returns a value in [0, 1); nil means no jitter.
// The jitter applies after the cap, so capped retries still spread out; the
// longest wait is therefore 72 minutes.
func NextAttempt(attempt int, now time.Time, jitter func() float64) time.Time {
	delay := backoffBase
	for i := 1; i < attempt && delay < backoffCap; i++ {
		delay *= 2
	}
	delay = min(delay, backoffCap)
	j := 0.5
	if jitter != nil {
		j = min(max(jitter(), 0), 1)
	}
	factor := 1 + backoffJitter*(2*j-1)
	return now.Add(time.Duration(float64(delay) * factor))
}
