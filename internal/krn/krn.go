// Package krn parses Klarna account IDs (KRNs) such as
// krn:partner:global:account:live:LYABCDEI.
package krn

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Prefix starts every account KRN.
const Prefix = "krn:partner:global:account:"

// Environments a KRN can name.
const (
	EnvironmentLive = "live"
	EnvironmentTest = "test"
)

// Environments lists every environment a KRN can name, for validators and descriptions.
var Environments = []string{EnvironmentLive, EnvironmentTest}

// MaxIDLength bounds the last segment. Every published example has 8 characters;
// the contract only fixes the alphabet, so a generous bound is kept.
const MaxIDLength = 64

var pattern = regexp.MustCompile(fmt.Sprintf(`^%s(%s):([A-Z0-9]{1,%d})$`, regexp.QuoteMeta(Prefix), strings.Join(Environments, "|"), MaxIDLength))

// AccountID is a parsed account KRN.
type AccountID struct {
	Environment string // "live" or "test"
	ID          string // upper-case letters and digits, e.g. LYABCDEI
}

// Shape is an account ID with its variable parts as placeholders: the environment's
// alternatives and <ID>.
var Shape = Prefix + "<" + strings.Join(Environments, "|") + ">:<ID>"

// Format describes what a valid account ID looks like, for error messages.
var Format = Shape + ", where <ID> is upper-case letters and digits (for example " + Prefix + EnvironmentLive + ":LYABCDEI)"

// Parse parses an account KRN and says what is wrong with it when it is not one.
func Parse(s string) (AccountID, error) {
	if m := pattern.FindStringSubmatch(s); m != nil {
		return AccountID{Environment: m[1], ID: m[2]}, nil
	}
	switch {
	case s == "":
		return AccountID{}, fmt.Errorf("account ID is empty; expected %s", Format)
	case !strings.HasPrefix(s, Prefix):
		return AccountID{}, fmt.Errorf("account ID %q does not start with %q; expected %s", s, Prefix, Format)
	}
	rest := strings.TrimPrefix(s, Prefix)
	env, id, ok := strings.Cut(rest, ":")
	switch {
	case !ok:
		return AccountID{}, fmt.Errorf("account ID %q has no environment segment; expected %s", s, Format)
	case !slices.Contains(Environments, env):
		return AccountID{}, fmt.Errorf("account ID %q names environment %q; it must be %q or %q", s, env, EnvironmentLive, EnvironmentTest)
	case id == "":
		return AccountID{}, fmt.Errorf("account ID %q has an empty last segment; expected %s", s, Format)
	case len(id) > MaxIDLength:
		return AccountID{}, fmt.Errorf("account ID %q has a last segment of %d characters; at most %d are allowed", s, len(id), MaxIDLength)
	default:
		return AccountID{}, fmt.Errorf("account ID %q has last segment %q; it must be upper-case letters and digits only", s, id)
	}
}

// String renders the KRN.
func (a AccountID) String() string {
	return Prefix + a.Environment + ":" + a.ID
}

// CommonName is the subject CN a certificate request for this account must carry:
// the last segment of the KRN.
func (a AccountID) CommonName() string {
	return a.ID
}
