package main

import (
	"fmt"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

// checkFlags refuses flag values outside what the API can do, naming the flag.
func checkFlags(mtlsDelay, idleTimeout time.Duration, rateLimit float64) error {
	switch {
	case mtlsDelay < 0 || mtlsDelay > mockapi.MaxMTLSDelay:
		return fmt.Errorf("-mtls-delay %s is outside 0 to %s: enforcement takes effect at most 5 minutes after enforced_from", mtlsDelay, mockapi.MaxMTLSDelay)
	case idleTimeout <= 0:
		return fmt.Errorf("-idle-timeout %s must be positive (the API's is %s)", idleTimeout, mockapi.DefaultIdleTimeout)
	case rateLimit < 0:
		return fmt.Errorf("-rate-limit %g must not be negative; 0 turns the limit off", rateLimit)
	}
	return nil
}
