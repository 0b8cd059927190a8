package apirules

import (
	"fmt"
	"strings"
	"unicode"
)

// EmailAllowed says, for error messages, what an email address must look like.
const EmailAllowed = "local@domain.tld: one @, a local part and a domain of dot-separated labels, no white space or control characters, no leading, trailing or doubled dots, at most 255 characters"

// CheckEmail says what is wrong with an email address (a portal user, a JWT's sub): at most
// 255 characters, no control characters or white space, exactly one @ between a non-empty
// local part and a domain of at least two non-empty labels, and no part that starts or ends
// with a dot.
func CheckEmail(s string) error {
	if err := CheckText(s); err != nil {
		return fmt.Errorf("email address %q: %w", s, err)
	}
	bad := func(why string) error {
		return fmt.Errorf("%q is not an email address (%s); expected %s", s, why, EmailAllowed)
	}
	for _, r := range s {
		if unicode.IsSpace(r) {
			return bad("it contains white space")
		}
		if strings.ContainsRune(`<>()[],;:\"`, r) {
			return bad(fmt.Sprintf("it contains %q", r))
		}
	}
	local, domain, ok := strings.Cut(s, "@")
	switch {
	case !ok:
		return bad("no @")
	case strings.Contains(domain, "@"):
		return bad("more than one @")
	case local == "":
		return bad("no local part")
	case domain == "":
		return bad("no domain")
	}
	for _, part := range []struct{ name, v string }{{"local part", local}, {"domain", domain}} {
		if strings.HasPrefix(part.v, ".") || strings.HasSuffix(part.v, ".") {
			return bad("the " + part.name + " starts or ends with a dot")
		}
		if strings.Contains(part.v, "..") {
			return bad("the " + part.name + " has an empty label")
		}
	}
	if !strings.Contains(domain, ".") {
		return bad("the domain has a single label")
	}
	return nil
}
