// Package apirules holds the partner management API's own input rules and limits, so that
// the mock API enforces them and the provider checks them at plan time from one definition.
package apirules

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/partnerops/terraform-provider-klarna/internal/krn"
)

// DescriptionMaxLength is the longest description of an API key or a client ID.
const DescriptionMaxLength = 100

// Description rules for API keys and client IDs, written from DescriptionMaxLength.
var (
	DescriptionPattern = fmt.Sprintf(`^[a-zA-Z0-9\-:;., _]{0,%d}$`, DescriptionMaxLength)
	DescriptionAllowed = fmt.Sprintf("letters, digits, spaces and - : ; . , _ (at most %d characters)", DescriptionMaxLength)
)

// DescriptionRegexp matches a valid credential description.
var DescriptionRegexp = regexp.MustCompile(DescriptionPattern)

// CheckDescription says what is wrong with a credential description.
func CheckDescription(s string) error {
	if len([]rune(s)) > DescriptionMaxLength {
		return fmt.Errorf("description has %d characters; at most %d are allowed", len([]rune(s)), DescriptionMaxLength)
	}
	if !DescriptionRegexp.MatchString(s) {
		return fmt.Errorf("description %q may only contain %s", s, DescriptionAllowed)
	}
	return nil
}

// Allowed origins of a client ID.
const (
	MinOrigins     = 1
	MaxOrigins     = 100
	maxHostnameLen = 253
)

// OriginAllowed says what an allowed origin may be.
var OriginAllowed = fmt.Sprintf("https://host[:port] with a lower-case host and no path, query or fragment, at most %d characters; "+
	"http:// only for localhost", MaxTextLength)

var hostLabel = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$`)

// CheckOrigin says what is wrong with a web origin allowed to use a client ID.
func CheckOrigin(s string) error {
	if n := len([]rune(s)); n > MaxTextLength {
		return fmt.Errorf("origin %q has %d characters; at most %d are allowed", s, n, MaxTextLength)
	}
	u, err := url.Parse(s)
	if err != nil || u.Opaque != "" || u.Host == "" {
		return fmt.Errorf("origin %q is not of the form %s", s, OriginAllowed)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return fmt.Errorf("origin %q has scheme %q; only https (or http for localhost) is allowed", s, u.Scheme)
	}
	if !strings.HasPrefix(s, u.Scheme+"://") {
		return fmt.Errorf("origin %q must start with %q", s, u.Scheme+"://")
	}
	if u.User != nil {
		return fmt.Errorf("origin %q must not contain user information", s)
	}
	if u.Path != "" || u.RawPath != "" || strings.HasSuffix(s, "/") {
		return fmt.Errorf("origin %q must not have a path (not even a trailing /)", s)
	}
	if u.RawQuery != "" || u.ForceQuery || strings.Contains(s, "?") {
		return fmt.Errorf("origin %q must not have a query", s)
	}
	if u.Fragment != "" || strings.Contains(s, "#") {
		return fmt.Errorf("origin %q must not have a fragment", s)
	}
	host := u.Hostname()
	if port := u.Port(); port != "" || strings.HasSuffix(u.Host, ":") {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 || port[0] == '0' {
			return fmt.Errorf("origin %q has port %q; a port must be a number from 1 to 65535", s, port)
		}
	}
	if host != strings.ToLower(host) {
		return fmt.Errorf("origin %q must have a lower-case host (%q)", s, strings.ToLower(host))
	}
	if err := checkHost(host); err != nil {
		return fmt.Errorf("origin %q: %w", s, err)
	}
	if u.Scheme == "http" && host != "localhost" {
		return fmt.Errorf("origin %q uses http://; only https:// is allowed, except for localhost", s)
	}
	return nil
}

func checkHost(host string) error {
	if ip := net.ParseIP(host); ip != nil {
		return nil
	}
	if len(host) > maxHostnameLen {
		return fmt.Errorf("host name has %d characters; at most %d are allowed", len(host), maxHostnameLen)
	}
	for _, label := range strings.Split(host, ".") {
		if !hostLabel.MatchString(label) {
			return fmt.Errorf("host %q is not a valid host name (labels of a-z, 0-9 and -, no wildcards)", host)
		}
	}
	return nil
}

// Portal roles a user-access grant or deep link may carry.
const (
	RoleAdmin     = "merchant:admin"
	RoleDeveloper = "merchant:developer"
	RoleAgent     = "merchant:agent"
)

// Roles lists every portal role.
var Roles = []string{RoleAdmin, RoleDeveloper, RoleAgent}

// KnownRole reports whether r is one of Roles.
func KnownRole(r string) bool {
	for _, k := range Roles {
		if k == r {
			return true
		}
	}
	return false
}

// Certificate usages.
const (
	UsageAPI        = "API"
	UsageJWTSigning = "JWT_SIGNING"
)

// Usages lists the certificate usages the API accepts.
var Usages = []string{UsageAPI, UsageJWTSigning}

// Credential statuses and reasons.
const (
	StatusEnabled  = "ENABLED"
	StatusDisabled = "DISABLED"

	DisabledManual     = "MANUAL"
	DisabledInactivity = "INACTIVITY"
	DisabledSecurity   = "SECURITY"
)

// CredentialStatuses lists the statuses of an API key or a client ID.
var CredentialStatuses = []string{StatusEnabled, StatusDisabled}

// DisabledReasons lists why an API key or a client ID may be disabled.
var DisabledReasons = []string{DisabledManual, DisabledInactivity, DisabledSecurity}

// Certificate statuses.
const (
	CertificateActive  = "ACTIVE"
	CertificateRevoked = "REVOKED"
	CertificateExpired = "EXPIRED"
)

// CertificateStatuses lists the statuses of a client certificate.
var CertificateStatuses = []string{CertificateActive, CertificateRevoked, CertificateExpired}

// mTLS enforcement statuses and verification header values.
const (
	MTLSNotEnabled = "NOT_ENABLED"
	MTLSReporting  = "REPORTING"
	MTLSEnforced   = "ENFORCED"

	VerificationNotPresent = "NOT_PRESENT"
	VerificationValid      = "VALID"
	VerificationInvalid    = "INVALID"

	// EnforceNow is the enforced_from value that enforces at once.
	EnforceNow = "NOW"
)

// VerificationStatuses lists the values of the mTLS verification header.
var VerificationStatuses = []string{VerificationNotPresent, VerificationValid, VerificationInvalid}

// Lifecycle and limits. Months are counted as whole days (30 a month) so that a rule holds
// the same whatever the calendar month.
const (
	InactiveMonthsBeforeDisable = 2  // months unused: disabled
	DisabledMonthsBeforeDelete  = 10 // months disabled: deleted
	InactivityBeforeDisable     = InactiveMonthsBeforeDisable * 30 * 24 * time.Hour
	DisabledBeforeDelete        = DisabledMonthsBeforeDelete * 30 * 24 * time.Hour
	MaxActiveCertificates       = 10
	MaxJWTLifetime              = time.Hour
	DeepLinkTTL                 = 60 * time.Second
	IdempotencyWindow           = 24 * time.Hour
	MaxBodyBytes                = 1 << 20
	MaxHeaderBytes              = 6 << 10
	MaxAllHeadersBytes          = 20 << 10
)

// CertificateValidityYears is how long a certificate is valid, and EnforcementMonthsAhead how
// far ahead an mTLS enforcement may be scheduled, both in calendar units.
const (
	CertificateValidityYears = 3
	EnforcementMonthsAhead   = 3
)

// CertificateNotAfter is when a certificate issued at t expires: CertificateValidityYears later.
func CertificateNotAfter(issued time.Time) time.Time {
	return issued.AddDate(CertificateValidityYears, 0, 0)
}

// EnforcementLatest is the latest enforced_from the API accepts at time now:
// EnforcementMonthsAhead months ahead.
func EnforcementLatest(now time.Time) time.Time {
	return now.AddDate(0, EnforcementMonthsAhead, 0)
}

// CheckEnforcedFrom says what is wrong with an enforced_from time at time now. t may equal now.
func CheckEnforcedFrom(t, now time.Time) error {
	if t.Before(now.Truncate(time.Second)) {
		return fmt.Errorf("enforced_from %s is in the past (now is %s); use %q or a future time", t.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339), EnforceNow)
	}
	if latest := EnforcementLatest(now); t.After(latest) {
		return fmt.Errorf("enforced_from %s is more than %d months ahead; the latest allowed now is %s", t.UTC().Format(time.RFC3339), EnforcementMonthsAhead, latest.UTC().Format(time.RFC3339))
	}
	return nil
}

// Key and client ID shapes.
var (
	ClientIDRegexp = regexp.MustCompile(`^klarna_(` + strings.Join(krn.Environments, "|") + `)_client_[A-Za-z0-9_]+$`)
	// SecretShapeRegexp finds key-shaped values inside any text, for masking.
	SecretShapeRegexp = regexp.MustCompile(`klarna_(` + strings.Join(krn.Environments, "|") + `)_(api|client)_[A-Za-z0-9_]+`)
)

// APIKeyPrefix is how an API key of the environment env ("live" or "test") begins.
func APIKeyPrefix(env string) string { return "klarna_" + env + "_api_" }

// KeyEnvironment returns "live" or "test" from an API key's prefix, or "" when the key has neither.
func KeyEnvironment(apiKey string) string {
	for _, env := range krn.Environments {
		if strings.HasPrefix(apiKey, APIKeyPrefix(env)) {
			return env
		}
	}
	return ""
}

// MaxTextLength bounds plain string fields that have no rule of their own.
const MaxTextLength = 255

// CheckText applies the API's rule for plain strings: at most 255 characters and no
// control characters.
func CheckText(v string) error {
	if n := len([]rune(v)); n > MaxTextLength {
		return fmt.Errorf("%d characters given; at most %d are allowed", n, MaxTextLength)
	}
	for _, r := range v {
		if unicode.IsControl(r) {
			return fmt.Errorf("control character %U is not allowed", r)
		}
	}
	return nil
}

// Email addresses (a portal user's email, the principal of a grant).
const (
	MaxEmailLength    = MaxTextLength
	maxDomainLabelLen = 63
)

// EmailAllowed says what an email address may be.
var EmailAllowed = fmt.Sprintf("local-part@domain, at most %d characters; the local part of letters, digits and "+
	"! # $ %% & ' * + - / = ? ^ _ ` { | } ~ in dot-separated parts; the domain of at least two dot-separated labels of letters, "+
	"digits and hyphens; no spaces or control characters, no leading, trailing or double dots", MaxEmailLength)

// emailLocalSpecials are the characters besides letters and digits an unquoted local part may hold.
const emailLocalSpecials = "!#$%&'*+-/=?^_`{|}~"

// CheckEmail says what is wrong with an email address: at most 255 characters, no control
// characters, one @ between a non-empty local part and a domain, each made of dot-separated
// parts that are never empty (no leading, trailing or double dots). Letters beyond ASCII are
// allowed (internationalised addresses); quoted local parts and address literals are not.
func CheckEmail(s string) error {
	if s == "" {
		return fmt.Errorf("the email address is empty; expected %s", EmailAllowed)
	}
	if n := len([]rune(s)); n > MaxEmailLength {
		return fmt.Errorf("email address: %d characters given; at most %d are allowed", n, MaxEmailLength)
	}
	if err := CheckText(s); err != nil {
		return fmt.Errorf("email address: %w", err)
	}
	if strings.Count(s, "@") != 1 {
		return fmt.Errorf("%q is not an email address: it must hold exactly one @", s)
	}
	local, domain, _ := strings.Cut(s, "@")
	if err := checkDotted(s, "local part", local, isLocalRune); err != nil {
		return err
	}
	if err := checkDotted(s, "domain", domain, isDomainRune); err != nil {
		return err
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return fmt.Errorf("email address %q: the domain %q needs at least two labels (such as example.com)", s, domain)
	}
	for _, label := range labels {
		switch {
		case len([]rune(label)) > maxDomainLabelLen:
			return fmt.Errorf("email address %q: the domain label %q has %d characters; at most %d are allowed", s, label, len([]rune(label)), maxDomainLabelLen)
		case strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-"):
			return fmt.Errorf("email address %q: the domain label %q may not start or end with a hyphen", s, label)
		}
	}
	return nil
}

// checkDotted checks one side of an address: not empty, no empty dot-separated part, and
// only runes ok accepts.
func checkDotted(addr, what, part string, ok func(rune) bool) error {
	switch {
	case part == "":
		return fmt.Errorf("email address %q has an empty %s", addr, what)
	case strings.HasPrefix(part, "."):
		return fmt.Errorf("email address %q: the %s %q may not start with a dot", addr, what, part)
	case strings.HasSuffix(part, "."):
		return fmt.Errorf("email address %q: the %s %q may not end with a dot", addr, what, part)
	case strings.Contains(part, ".."):
		return fmt.Errorf("email address %q: the %s %q has an empty part between two dots", addr, what, part)
	}
	for _, r := range part {
		if r != '.' && !ok(r) {
			return fmt.Errorf("email address %q: the %s may not contain %q; expected %s", addr, what, r, EmailAllowed)
		}
	}
	return nil
}

func isLocalRune(r rune) bool {
	return isDomainRune(r) || (r < unicode.MaxASCII && strings.ContainsRune(emailLocalSpecials, r))
}

func isDomainRune(r rune) bool {
	if r > unicode.MaxASCII {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
	}
	return r == '-' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')
}

// SameEmail reports whether two addresses name the same principal. The API matches a
// principal case-insensitively and returns it lower-cased, so two addresses are the same
// when they lower-case alike (which covers İ, whose lower case is two runes) or fold alike.
func SameEmail(a, b string) bool {
	return strings.ToLower(a) == strings.ToLower(b) || strings.EqualFold(a, b) //nolint:staticcheck // EqualFold alone misses İ, which lower-cases to two runes
}
