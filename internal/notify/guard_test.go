package notify

import (
	"context"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAddressGuardRefusesInternalAddresses(t *testing.T) {
	tests := []struct {
		name    string
		addr    string
		refused bool
	}{
		{"IPv4 loopback is refused", "127.0.0.1", true},
		{"the far end of 127/8 is refused", "127.255.255.254", true},
		{"IPv6 loopback is refused", "::1", true},
		{"IPv4-mapped loopback is refused", "::ffff:127.0.0.1", true},
		{"RFC 1918 10/8 is refused", "10.1.2.3", true},
		{"RFC 1918 172.16/12 is refused", "172.31.255.1", true},
		{"RFC 1918 192.168/16 is refused", "192.168.1.10", true},
		{"IPv6 unique-local fc00::/7 is refused", "fd12:3456::1", true},
		{"the cloud metadata address is refused", "169.254.169.254", true},
		{"IPv6 link-local is refused", "fe80::1", true},
		{"the unspecified IPv4 address is refused", "0.0.0.0", true},
		{"0.0.0.0/8 is refused", "0.1.2.3", true},
		{"the unspecified IPv6 address is refused", "::", true},
		{"IPv4 multicast is refused", "224.0.0.251", true},
		{"IPv6 multicast is refused", "ff02::1", true},
		{"broadcast is refused", "255.255.255.255", true},
		{"carrier-grade NAT 100.64/10 is refused", "100.100.100.200", true},
		{"a zoned IPv6 link-local address is refused", "fe80::1%eth0", true},
		{"NAT64 of the metadata address is refused", "64:ff9b::a9fe:a9fe", true},
		{"NAT64 of a public IPv4 address is allowed", "64:ff9b::cb77:8101", false},
		{"a public IPv4 address is allowed", "203.119.129.1", false},
		{"just outside 172.16/12 is allowed", "172.32.0.1", false},
		{"just outside 100.64/10 is allowed", "100.128.0.1", false},
		{"a public IPv6 address is allowed", "2408:4001::1", false},
	}
	g := addressGuard{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := g.check(netip.MustParseAddr(tt.addr))
			if tt.refused {
				assert.ErrorIs(t, err, ErrBlockedAddress)
			} else {
				assert.NoError(t, err)
			}
		})
	}
}

func TestAddressGuardHonoursTheAllowList(t *testing.T) {
	g := addressGuard{allow: mustPrefixes(t, "10.20.0.0/16, fd00::/8")}
	assert.NoError(t, g.check(netip.MustParseAddr("10.20.3.4")), "inside an allowed prefix")
	assert.NoError(t, g.check(netip.MustParseAddr("::ffff:10.20.3.4")), "mapped form of an allowed IPv4")
	assert.NoError(t, g.check(netip.MustParseAddr("fd00::5")))
	assert.ErrorIs(t, g.check(netip.MustParseAddr("10.21.0.1")), ErrBlockedAddress, "outside the allowed prefix")
	assert.ErrorIs(t, g.check(netip.MustParseAddr("127.0.0.1")), ErrBlockedAddress)
}

func TestControlChecksTheDialledAddress(t *testing.T) {
	g := addressGuard{}
	assert.ErrorIs(t, g.control("tcp4", "127.0.0.1:443", nil), ErrBlockedAddress)
	assert.ErrorIs(t, g.control("tcp6", "[::1]:443", nil), ErrBlockedAddress)
	assert.NoError(t, g.control("tcp4", "203.119.129.1:443", nil))
}

func TestSendToLoopbackRobot(t *testing.T) {
	tests := []struct {
		name    string
		allow   string
		host    func(serverURL string) string
		wantErr bool
	}{
		{"a robot on 127.0.0.1 is refused when loopback is not allowed", "", func(u string) string { return u }, true},
		{"a robot on 127.0.0.1 works when 127.0.0.0/8 is allowed", "127.0.0.0/8", func(u string) string { return u }, false},
		{"a hostname resolving to loopback is refused at dial time", "", func(u string) string {
			return strings.Replace(u, "127.0.0.1", "localhost", 1)
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			robot := newFakeRobot(t, 200, `{"errcode":0,"errmsg":"ok"}`)
			s := NewSender(Config{Allow: mustPrefixes(t, tt.allow), Now: fixedClock})

			err := s.Send(context.Background(), Channel{Type: WeCom, URL: tt.host(robot.URL) + "/send?key=k"}, sampleDigest())

			if !tt.wantErr {
				require.NoError(t, err)
				assert.Len(t, robot.received(), 1)
				return
			}
			assert.ErrorIs(t, err, ErrBlockedAddress)
			assert.False(t, IsRetryable(err), "a refused target never becomes allowed by waiting")
			assert.Empty(t, robot.received(), "the request never reached the server")
		})
	}
}

func TestTheMetadataAddressIsRefusedAtDialTime(t *testing.T) {
	// Exercised through the dial hook rather than a real Send: if the guard
	// ever regressed, a Send would put a packet on the wire to 169.254.169.254.
	// TestSendToLoopbackRobot shows the hook is installed in the client.
	err := addressGuard{}.control("tcp4", "169.254.169.254:80", nil)

	assert.ErrorIs(t, err, ErrBlockedAddress)
	assert.Contains(t, err.Error(), "link-local")
	de := transportError(Feishu, &url.Error{Op: "Post", URL: "http://169.254.169.254/latest", Err: &net.OpError{Op: "dial", Err: err}})
	assert.False(t, IsRetryable(de), "a refused target is a permanent failure")
}

func TestParseAllow(t *testing.T) {
	got, err := ParseAllow(" 127.0.0.0/8, 10.1.2.3 ,fd00::/8,,10.9.8.7/16 ")
	require.NoError(t, err)
	assert.Equal(t, []netip.Prefix{
		netip.MustParsePrefix("127.0.0.0/8"),
		netip.MustParsePrefix("10.1.2.3/32"),
		netip.MustParsePrefix("fd00::/8"),
		netip.MustParsePrefix("10.9.0.0/16"),
	}, got, "bare IPs become single-address prefixes and host bits are masked")

	empty, err := ParseAllow("")
	require.NoError(t, err)
	assert.Empty(t, empty)
}

func TestParseAllowErrorsNameTheBadEntry(t *testing.T) {
	tests := []struct {
		name, in, wantInMsg string
	}{
		{"a prefix length over 32 is refused", "10.0.0.0/8, 10.0.0.0/33", `entry 2 "10.0.0.0/33"`},
		{"a hostname is refused", "intranet.example", `entry 1 "intranet.example"`},
		{"an IPv4-mapped prefix is refused", "::ffff:10.0.0.0/104", `"::ffff:10.0.0.0/104"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseAllow(tt.in)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.wantInMsg)
			assert.Contains(t, err.Error(), "RECTIFY_WEBHOOK_ALLOW")
		})
	}
}
