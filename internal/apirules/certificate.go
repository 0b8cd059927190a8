package apirules

import (
	"fmt"
	"regexp"
	"strings"
)

// Common-name rules of a client certificate's CSR. A JWT_SIGNING certificate's CN is the
// last segment of its account ID; an API certificate's CN is any name of 1 to 64 characters
// from the set below (the account's segment as a prefix, e.g. LYABCDEI-mtls-1, is good
// practice, not a rule).
const CommonNameMaxLength = 64

// The common name of an API certificate, written from CommonNameMaxLength.
var (
	CommonNamePattern = fmt.Sprintf(`^[A-Za-z0-9._-]{1,%d}$`, CommonNameMaxLength)
	CommonNameAllowed = fmt.Sprintf("1 to %d characters from A-Z a-z 0-9 - _ .", CommonNameMaxLength)
)

// CommonNameRegexp matches a CN an API certificate may carry.
var CommonNameRegexp = regexp.MustCompile(CommonNamePattern)

// CheckCommonName says what is wrong with cn as the CN of a certificate of the given usage
// for the account whose last segment is accountCN.
func CheckCommonName(usage, cn, accountCN string) error {
	switch usage {
	case UsageJWTSigning:
		if cn != accountCN {
			return fmt.Errorf("CN %q must be %q for usage %s, the last segment of the account ID", cn, accountCN, usage)
		}
		return nil
	case UsageAPI:
		return CheckAPICommonName(cn)
	default:
		return fmt.Errorf("usage %q is not one of %s", usage, strings.Join(Usages, ", "))
	}
}

// CheckAPICommonName says what is wrong with cn as the CN of an API certificate. Every CN
// the API accepts, whatever the usage, passes it.
func CheckAPICommonName(cn string) error {
	if n := len([]rune(cn)); n > CommonNameMaxLength {
		return fmt.Errorf("CN has %d characters; expected %s", n, CommonNameAllowed)
	}
	if !CommonNameRegexp.MatchString(cn) {
		return fmt.Errorf("CN %q is not allowed; expected %s", cn, CommonNameAllowed)
	}
	return nil
}
