package mockapi

import (
	"fmt"
	"time"
)

// MaxMTLSDelay is the longest enforcement delay the API has: enforcement takes effect up
// to 5 minutes after enforced_from.
const MaxMTLSDelay = 5 * time.Minute

// MaxIPDelay is the longest an IP allow-list change takes to apply.
const MaxIPDelay = 5 * time.Minute

// DefaultIdleTimeout is how long the API waits for a stalled request before it answers
// 500 TIMEOUT.
const DefaultIdleTimeout = 59 * time.Second

// unlistenedBaseURL is where deep links point while the mock neither listens nor was
// given a BaseURL (a handler called directly).
const unlistenedBaseURL = "https://localhost"

// check refuses options outside what the API can do.
func (o Options) check() error {
	switch {
	case o.MTLSDelay < 0 || o.MTLSDelay > MaxMTLSDelay:
		return fmt.Errorf("MTLSDelay %s is outside 0 to %s, the API's enforcement delay", o.MTLSDelay, MaxMTLSDelay)
	case o.RateLimit < 0:
		return fmt.Errorf("RateLimit %g is negative; 0 turns the rate limit off", o.RateLimit)
	case o.IPDelay < 0 || o.IPDelay > MaxIPDelay:
		return fmt.Errorf("IPDelay %s is outside 0 to %s, the time the API takes to apply an IP allow-list change", o.IPDelay, MaxIPDelay)
	case o.WebhookRetryDelay < 0:
		return fmt.Errorf("WebhookRetryDelay %s is negative", o.WebhookRetryDelay)
	case o.OnboardingDelay < 0:
		return fmt.Errorf("OnboardingDelay %s is negative; 0 means the default, %s", o.OnboardingDelay, DefaultOnboardingDelay)
	case o.IdleTimeout < 0:
		return fmt.Errorf("IdleTimeout %s is negative; 0 means the API's %s", o.IdleTimeout, DefaultIdleTimeout)
	}
	return nil
}

// baseURL is the mock's own URL, the base of its deep links. It is never taken from the
// request, whose Host header a caller chooses. The caller holds s.mu.
func (s *Server) baseURL() string {
	if s.bootstrap.BaseURL != "" {
		return s.bootstrap.BaseURL
	}
	return unlistenedBaseURL
}
