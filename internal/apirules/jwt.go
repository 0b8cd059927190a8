package apirules

import (
	"fmt"
	"regexp"
	"slices"
)

// AMRValues are the authentication method references of RFC 8176, the only values a JWT's
// amr claim may hold.
var AMRValues = []string{
	"face", "fpt", "geo", "hwk", "iris", "kba", "mca", "mfa", "otp", "pin",
	"pwd", "rba", "retina", "sc", "sms", "swk", "tel", "user", "vbm", "wia",
}

// KnownAMR reports whether v is one of AMRValues.
func KnownAMR(v string) bool { return slices.Contains(AMRValues, v) }

// uuidRegexp matches a UUID in its canonical 8-4-4-4-12 hexadecimal form, in either case.
var uuidRegexp = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)

// CheckJTI says what is wrong with a JWT's jti: it must be a UUID such as
// 3f2b1c9e-8d4a-4f6b-9c1d-2e7a5b8c0d13.
func CheckJTI(jti string) error {
	if !uuidRegexp.MatchString(jti) {
		return fmt.Errorf("the jti claim %q is not a UUID; expected a fresh UUID per token, e.g. 3f2b1c9e-8d4a-4f6b-9c1d-2e7a5b8c0d13", jti)
	}
	return nil
}
