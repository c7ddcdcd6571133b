package auth

import (
	"strings"
	"sync"
	"time"
)

// Guard decides whether a password may be checked, so that guessing stays
// slow while the right person still gets in. It keeps three throttles:
//
//   - per account: every failure for a login, from anywhere, counts; after
//     5 the account waits 1 s, 2 s, 4 s … up to 5 minutes between attempts.
//     An attacker rotating addresses is held to that pace.
//   - per address: every failure from a client address, for any login,
//     counts; after 10 the address waits, doubling up to 1 minute. A spray
//     over many logins from one place is held to that pace.
//   - per known place: a browser that logged in to the account before (its
//     device cookie or token) or an address the account logged in from
//     before is "known"; its own failures count on their own key (5 free,
//     then doubling up to 5 minutes), and it is not held back by the
//     account's or the address's wait. So the admin at their usual desk
//     logs in while someone elsewhere guesses their password, and one
//     person mistyping behind a NAT does not lock out colleagues who have
//     logged in from there before.
//
// A success never resets the account's or the address's count (it used
// to, which let one's own login wipe twenty guesses); counts are forgotten
// after an hour without failures. Everything is in memory: a restart
// forgets counts and known places alike.
type Guard struct {
	account, address, known *Throttle

	mu      sync.Mutex
	devices map[string]knownPlace // device token hash → place
	places  map[string]knownPlace // login‖address → place
}

type knownPlace struct {
	login string
	seen  time.Time
}

// KnownFor is how long a device or address stays known after the last
// successful login from it.
const KnownFor = 90 * 24 * time.Hour

// maxKnown bounds the known devices and addresses kept in memory.
const maxKnown = 100000

// NewGuard returns a guard with the limits described on Guard.
func NewGuard() *Guard {
	return &Guard{
		account: NewThrottle(5, time.Second, 5*time.Minute),
		address: NewThrottle(10, time.Second, time.Minute),
		known:   NewThrottle(5, time.Second, 5*time.Minute),
		devices: map[string]knownPlace{}, places: map[string]knownPlace{},
	}
}

// Attempt is one password check: for which login, from which address,
// and the device token the client holds ("" for none).
type Attempt struct {
	Login   string
	Address string
	Device  string
}

func (a Attempt) login() string { return strings.ToLower(strings.TrimSpace(a.Login)) }

// Wait returns how long the attempt must wait before its password may be
// checked (0: check it now).
func (g *Guard) Wait(a Attempt, now time.Time) time.Duration {
	if key, ok := g.knownKey(a, now); ok {
		return g.known.Wait(key, now)
	}
	return max(g.account.Wait("login:"+a.login(), now), g.address.Wait("ip:"+a.Address, now))
}

// Fail records a wrong password (or unknown login).
func (g *Guard) Fail(a Attempt, now time.Time) {
	if key, ok := g.knownKey(a, now); ok {
		g.known.Fail(key, now)
	}
	g.account.Fail("login:"+a.login(), now)
	g.address.Fail("ip:"+a.Address, now)
}

// Succeed records a right password: the address becomes known for the
// account, and so does the device, whose token it returns (a new one when
// the client had none or an unknown one). The account's and the address's
// counts stay.
func (g *Guard) Succeed(a Attempt, now time.Time) (device string) {
	if key, ok := g.knownKey(a, now); ok {
		g.known.Succeed(key)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	place := knownPlace{login: a.login(), seen: now}
	device = a.Device
	if d, ok := g.devices[deviceKey(device)]; device == "" || !ok || d.login != place.login {
		device, _ = NewToken()
	}
	g.remember(g.devices, deviceKey(device), place, now)
	g.remember(g.places, a.login()+"\x00"+a.Address, place, now)
	return device
}

// knownKey returns the throttle key of a known device or address.
func (g *Guard) knownKey(a Attempt, now time.Time) (string, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	login := a.login()
	if a.Device != "" {
		if d, ok := g.devices[deviceKey(a.Device)]; ok && d.login == login && now.Sub(d.seen) < KnownFor {
			return "device:" + deviceKey(a.Device), true
		}
	}
	if p, ok := g.places[login+"\x00"+a.Address]; ok && now.Sub(p.seen) < KnownFor {
		return "place:" + login + "\x00" + a.Address, true
	}
	return "", false
}

func (g *Guard) remember(m map[string]knownPlace, key string, p knownPlace, now time.Time) {
	if len(m) >= maxKnown {
		for k, v := range m {
			if now.Sub(v.seen) >= KnownFor {
				delete(m, k)
			}
		}
		if len(m) >= maxKnown {
			clear(m)
		}
	}
	m[key] = p
}

// deviceKey stores a device token hashed, like session tokens.
func deviceKey(token string) string { return string(HashToken(token)) }
