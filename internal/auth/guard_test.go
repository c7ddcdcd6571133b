package auth

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

var t0 = time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)

func TestGuardHoldsAnAttackOnOneAccountFromManyAddresses(t *testing.T) {
	g := NewGuard()
	desk := Attempt{Login: "admin", Address: "10.0.0.5"}
	device := g.Succeed(desk, t0)
	checked := 0
	for i := range 200 {
		a := Attempt{Login: "admin", Address: fmt.Sprintf("198.51.100.%d", i%40)}
		if g.Wait(a, t0) == 0 {
			checked++
			g.Fail(a, t0)
		}
	}
	assert.Equal(t, 5, checked, "only the free failures are checked at once; the rest wait")
	assert.Zero(t, g.Wait(desk, t0), "the admin's usual address is not held back")
	assert.Zero(t, g.Wait(Attempt{Login: "Admin", Address: "10.0.0.77", Device: device}, t0), "nor their browser on a new address")
	assert.NotZero(t, g.Wait(Attempt{Login: "admin", Address: "10.0.0.77"}, t0), "a new place waits like the attacker")
	assert.NotZero(t, g.Wait(Attempt{Login: "admin", Address: "10.0.0.77", Device: "made-up"}, t0), "a made-up device is not known")
}

func TestGuardDelaysGrowAndAreForgottenAfterAQuietHour(t *testing.T) {
	g := NewGuard()
	a := Attempt{Login: "zhangsan", Address: "198.51.100.1"}
	for range 5 {
		g.Fail(a, t0)
	}
	assert.Equal(t, time.Second, g.Wait(a, t0))
	g.Fail(a, t0)
	assert.Equal(t, 2*time.Second, g.Wait(a, t0))
	for range 20 {
		g.Fail(a, t0)
	}
	assert.Equal(t, 5*time.Minute, g.Wait(a, t0), "the account's wait is capped at five minutes")
	assert.Zero(t, g.Wait(a, t0.Add(61*time.Minute)), "an hour without failures forgets them")
}

func TestGuardSuccessDoesNotResetTheCounts(t *testing.T) {
	g := NewGuard()
	own := Attempt{Login: "mallory", Address: "198.51.100.9"}
	g.Succeed(own, t0)
	for i := range 10 {
		g.Fail(Attempt{Login: fmt.Sprintf("victim%d", i%5), Address: own.Address}, t0)
		g.Succeed(own, t0)
	}
	assert.NotZero(t, g.Wait(Attempt{Login: "victim9", Address: own.Address}, t0),
		"ten guesses from one address over five accounts, with the guesser's own logins between, still slow the address")
	assert.Zero(t, g.Wait(Attempt{Login: "victim0", Address: "198.51.100.10"}, t0),
		"victim0 had two failures only, so another address may still try")
}

func TestGuardOneTypistBehindANATDoesNotLockOutColleaguesWhoLoggedInThere(t *testing.T) {
	g := NewGuard()
	colleague := Attempt{Login: "lisi", Address: "10.8.0.1"}
	g.Succeed(colleague, t0)
	for range 30 {
		g.Fail(Attempt{Login: "wangwu", Address: "10.8.0.1"}, t0)
	}
	assert.Zero(t, g.Wait(colleague, t0))
	assert.NotZero(t, g.Wait(Attempt{Login: "newcomer", Address: "10.8.0.1"}, t0),
		"someone who never logged in from there waits for the address")
}

func TestGuardAKnownPlaceIsThrottledOnItsOwn(t *testing.T) {
	g := NewGuard()
	desk := Attempt{Login: "admin", Address: "10.0.0.5"}
	g.Succeed(desk, t0)
	for range 5 {
		assert.Zero(t, g.Wait(desk, t0))
		g.Fail(desk, t0)
	}
	assert.Equal(t, time.Second, g.Wait(desk, t0), "guessing from a known place is slowed too")
}

// Bounding memory must not be a way to wipe an account's count: a spray
// of random logins evicts its own keys first.
func TestAThrottleFullOfSprayKeepsTheCountOfAnAccountUnderAttack(t *testing.T) {
	th := NewThrottle(5, time.Second, time.Minute)
	for range 8 {
		th.Fail("login:admin", t0)
	}
	for i := range maxKeys + 10 {
		th.Fail(fmt.Sprintf("login:random%d", i), t0)
	}
	assert.Equal(t, 8, th.Failures("login:admin", t0))
	assert.NotZero(t, th.Wait("login:admin", t0))
}
