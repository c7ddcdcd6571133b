package notify

import (
	"fmt"
	"net/netip"
	"strings"
	"syscall"
)

// ParseAllow parses RECTIFY_WEBHOOK_ALLOW: comma-separated CIDR prefixes
// (a bare IP means just that address) whose addresses webhooks may reach even
// though they are private, loopback or link-local — an on-premises robot
// gateway on the 内网, say. Empty input allows nothing extra.
func ParseAllow(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for i, entry := range strings.Split(s, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		p, err := parsePrefixOrAddr(entry)
		if err != nil {
			return nil, fmt.Errorf("RECTIFY_WEBHOOK_ALLOW entry %d %q is not a CIDR prefix like 10.0.0.0/8 or fd00::/8: %w", i+1, entry, err)
		}
		out = append(out, p)
	}
	return out, nil
}

func parsePrefixOrAddr(s string) (netip.Prefix, error) {
	if !strings.Contains(s, "/") {
		a, err := netip.ParseAddr(s)
		if err != nil {
			return netip.Prefix{}, err
		}
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	if p.Addr().Is4In6() {
		return netip.Prefix{}, fmt.Errorf("write IPv4-mapped prefixes in IPv4 form")
	}
	return p.Masked(), nil
}

// Ranges refused besides what netip.Addr's predicates cover.
var (
	cgnat       = netip.MustParsePrefix("100.64.0.0/10") // RFC 6598 carrier-grade NAT, often internal
	thisNetwork = netip.MustParsePrefix("0.0.0.0/8")     // RFC 1122 "this network"; 0.x can reach the host itself
	broadcast   = netip.MustParseAddr("255.255.255.255")
	nat64       = netip.MustParsePrefix("64:ff9b::/96") // RFC 6052 well-known prefix, embeds an IPv4 address
)

// blockedReason says why addr may not be dialled, or "" if it may. Callers
// Unmap first so ::ffff:127.0.0.1 counts as loopback.
func blockedReason(addr netip.Addr) string {
	switch {
	case addr.IsLoopback():
		return "loopback"
	case addr.IsPrivate():
		return "private"
	case addr.IsLinkLocalUnicast(), addr.IsLinkLocalMulticast():
		return "link-local"
	case addr.IsUnspecified(), thisNetwork.Contains(addr):
		return "unspecified"
	case addr.IsMulticast(), addr.IsInterfaceLocalMulticast(), addr == broadcast:
		return "multicast or broadcast"
	case cgnat.Contains(addr):
		return "carrier-grade NAT"
	}
	return ""
}

// addressGuard refuses connections to internal addresses unless allowed.
type addressGuard struct {
	allow []netip.Prefix
}

// check returns an error wrapping ErrBlockedAddress if addr must not be
// dialled.
func (g addressGuard) check(addr netip.Addr) error {
	addr = addr.Unmap().WithZone("") // a zoned address never matches a prefix
	if nat64.Contains(addr) {
		// A NAT64 gateway would forward to the embedded IPv4 address.
		b := addr.As16()
		addr = netip.AddrFrom4([4]byte(b[12:]))
	}
	reason := blockedReason(addr)
	if reason == "" {
		return nil
	}
	for _, p := range g.allow {
		if p.Contains(addr) {
			return nil
		}
	}
	return fmt.Errorf("%w: %s is a %s address (add it to RECTIFY_WEBHOOK_ALLOW to permit)", ErrBlockedAddress, addr, reason)
}

// control is a net.Dialer.Control hook. It runs after DNS resolution and
// before connect, on the exact IP about to be dialled, so a hostname that
// resolves (or re-resolves, as in DNS rebinding) to an internal address is
// caught, and no packet reaches a refused address.
func (g addressGuard) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot parse dial address %q", ErrBlockedAddress, address)
	}
	return g.check(ap.Addr())
}
