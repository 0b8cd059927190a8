package apirules

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Webhook and signing-key limits.
const (
	// MaxSigningKeys is how many webhook signing keys one account may hold.
	MaxSigningKeys = 50
	// MinEventTypes and MaxEventTypes bound a webhook's event types.
	MinEventTypes = 1
	MaxEventTypes = 100
	// MaxWebhookURLLength is the longest webhook URL.
	MaxWebhookURLLength = 2048
	// EventVersionV1 is the only event version.
	EventVersionV1 = "v1"
)

// WebhookPorts are the ports a webhook URL may name; the first is HTTPS's default.
var WebhookPorts = []string{"443", "8443"}

var (
	// WebhookURLAllowed says what a webhook URL may be.
	WebhookURLAllowed = fmt.Sprintf("an https:// URL with a host, on port %s, with no user information or fragment, at most %d characters",
		webhookPortList("or"), MaxWebhookURLLength)
	// EventTypeAllowed says what an event type may be.
	EventTypeAllowed = fmt.Sprintf("dot-separated segments of lower-case letters, digits and inner hyphens, with * allowed only as "+
		"the last segment after at least one other (e.g. partner.account.*), at most %d characters", MaxTextLength)
)

// webhookPortList lists WebhookPorts as alternatives joined by conjunction, the default
// first: "443 (the default) or 8443".
func webhookPortList(conjunction string) string {
	list := WebhookPorts[0] + " (the default)"
	if n := len(WebhookPorts); n > 1 {
		if n > 2 {
			list += ", " + strings.Join(WebhookPorts[1:n-1], ", ")
		}
		list += " " + conjunction + " " + WebhookPorts[n-1]
	}
	return list
}

var eventSegment = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// CheckWebhookURL says what is wrong with a webhook URL.
func CheckWebhookURL(s string) error {
	if n := len([]rune(s)); n > MaxWebhookURLLength {
		return fmt.Errorf("url has %d characters; at most %d are allowed", n, MaxWebhookURLLength)
	}
	u, err := url.Parse(s)
	if err != nil || u.Opaque != "" || u.Host == "" {
		return fmt.Errorf("url %q is not %s", s, WebhookURLAllowed)
	}
	switch {
	case u.Scheme != "https" || !strings.HasPrefix(s, "https://"):
		return fmt.Errorf("url %q must start with https://: webhooks are delivered over HTTPS only", s)
	case u.User != nil:
		return fmt.Errorf("url %q holds user information; put no credentials in a webhook URL", s)
	case u.Fragment != "" || strings.Contains(s, "#"):
		return fmt.Errorf("url %q has a fragment; a webhook URL has none", s)
	case u.Port() != "" && !slices.Contains(WebhookPorts, u.Port()):
		return fmt.Errorf("url %q names port %s; only %s are allowed", s, u.Port(), webhookPortList("and"))
	case u.Hostname() == "" || strings.ContainsAny(s, " \t\r\n"):
		return fmt.Errorf("url %q is not %s", s, WebhookURLAllowed)
	case !webhookURLShape.MatchString(s):
		return fmt.Errorf("url %q is not %s: the host must be ASCII letters, digits, dots and hyphens (an "+
			"internationalised name in its xn-- form) or a bracketed IPv6 address without a zone, a port must "+
			"not be empty, and anything after the host starts with /", s, WebhookURLAllowed)
	}
	return nil
}

// webhookURLShape is the API's pattern for a webhook URL, which it applies besides the rules
// above.
var webhookURLShape = regexp.MustCompile(`^https://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:(` + strings.Join(WebhookPorts, "|") + `))?(/[^\s#]*)?$`)

// IsLoopbackHost says whether a webhook URL's host is a loopback address (or localhost).
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// CheckEventType says what is wrong with an event type a webhook subscribes to; wildcard
// allows a * as the last segment.
func CheckEventType(s string, wildcard bool) error {
	if n := len([]rune(s)); n > MaxTextLength {
		return fmt.Errorf("event type has %d characters; at most %d are allowed", n, MaxTextLength)
	}
	segs := strings.Split(s, ".")
	for i, seg := range segs {
		if seg == "*" && wildcard && i == len(segs)-1 && i > 0 {
			continue
		}
		if !eventSegment.MatchString(seg) {
			if !wildcard {
				return fmt.Errorf("event type %q is not dot-separated segments of lower-case letters, digits and inner hyphens", s)
			}
			return fmt.Errorf("event type %q is not %s", s, EventTypeAllowed)
		}
	}
	return nil
}

// EventTypeMatches says whether an event of type event is delivered to a subscription to
// pattern: equal, or pattern ends in * and event continues pattern's other segments with
// one or more segments.
func EventTypeMatches(pattern, event string) bool {
	prefix, ok := strings.CutSuffix(pattern, ".*")
	if !ok {
		return pattern == event
	}
	rest, ok := strings.CutPrefix(event, prefix+".")
	return ok && rest != ""
}

// WebhookSignature is the Klarna-Signature of a delivery: the lower-case hex of the
// HMAC-SHA256 over the raw body, keyed with the signing key's secret as UTF-8 bytes.
func WebhookSignature(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// IP allow-list limits and modes.
const (
	MinCIDRBlocks       = 1
	MaxCIDRBlocks       = 100
	IPModeNotEnabled    = "NOT_ENABLED"
	IPModeReporting     = "REPORTING"
	IPModeEnforced      = "ENFORCED"
	IPValidationAllowed = "ALLOWED"
	IPValidationDenied  = "DENIED"
	IPValidationInvalid = "INVALID"
	CIDRBlockAllowed    = "an IPv4 or IPv6 CIDR block in canonical form, e.g. 203.0.113.0/24 or 2001:db8::/32"
)

// CheckCIDRBlock says what is wrong with an allow-list entry; it must be canonical (no
// host bits set), so that the list the API stores is the list that was sent.
func CheckCIDRBlock(s string) error {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return fmt.Errorf("cidr block %q is not %s", s, CIDRBlockAllowed)
	}
	if p.Masked() != p || p.String() != s {
		return fmt.Errorf("cidr block %q is not in canonical form; write %s", s, p.Masked())
	}
	if p.Addr().Is4In6() {
		return fmt.Errorf("cidr block %q is an IPv4-mapped IPv6 block, which no IPv4 client matches; write the IPv4 "+
			"block instead (e.g. %s)", s, netip.PrefixFrom(p.Addr().Unmap(), max(p.Bits()-96, 0)))
	}
	return nil
}

// AddressAllowed judges a client address (host or host:port) against CIDR blocks: ALLOWED,
// DENIED, or INVALID when the address cannot be read.
func AddressAllowed(addr string, blocks []string) string {
	host := addr
	if h, _, err := net.SplitHostPort(addr); err == nil {
		host = h
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return IPValidationInvalid
	}
	ip = ip.Unmap()
	for _, b := range blocks {
		if p, err := netip.ParsePrefix(b); err == nil && p.Contains(ip) {
			return IPValidationAllowed
		}
	}
	return IPValidationDenied
}
