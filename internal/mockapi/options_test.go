package mockapi_test

import (
	"strings"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

func TestNew_refusesOptionsOutsideTheAPI(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		opts mockapi.Options
		want string // "" accepts
	}{
		{"no delay", mockapi.Options{}, ""},
		{"the longest delay", mockapi.Options{MTLSDelay: 5 * time.Minute}, ""},
		{"a delay over 5 minutes", mockapi.Options{MTLSDelay: 5*time.Minute + time.Second}, "MTLSDelay"},
		{"a negative delay", mockapi.Options{MTLSDelay: -time.Second}, "MTLSDelay"},
		{"a negative rate limit", mockapi.Options{RateLimit: -1}, "RateLimit"},
		{"a negative idle timeout", mockapi.Options{IdleTimeout: -time.Second}, "IdleTimeout"},
		{"the longest IP allow-list delay", mockapi.Options{IPDelay: 5 * time.Minute}, ""},
		{"an IP allow-list delay over 5 minutes", mockapi.Options{IPDelay: 6 * time.Minute}, "IPDelay"},
		{"a negative webhook retry delay", mockapi.Options{WebhookRetryDelay: -time.Second}, "WebhookRetryDelay"},
		{"a webhook CA that is no PEM", mockapi.Options{WebhookCA: []byte("not a certificate")}, "webhook CA"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := mockapi.New(tc.opts)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("New: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("New: %v, want an error naming %s", err, tc.want)
			}
		})
	}
}
