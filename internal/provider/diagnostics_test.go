package provider

import (
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

func TestAddCreateError_outcomeUnknownSaysHowToImport(t *testing.T) {
	t.Parallel()
	last := &klarna.APIError{StatusCode: 500, Method: "POST", Path: "/v2/accounts/krn:x/credentials/api-keys", ErrorCode: "TIMEOUT",
		ErrorMessage: "the request timed out", ErrorID: "e-1", CorrelationID: "k-1", PartnerCorrelationID: "p-1"}
	for _, tc := range []struct {
		name string
		err  error
		want []string
		not  []string
	}{
		{
			name: "retries ended on a server error",
			err:  &klarna.RetriesExhaustedError{Method: "POST", Attempts: 9, IdempotencyKey: "idem-1", OutcomeUnknown: true, Err: last},
			want: []string{"may or may not have been carried out", "The outcome is unknown", "idem-1", "after 9 attempts",
				`with description "backend"`, "klarna_api_keys data source", "terraform import klarna_api_key.<name> krn:partner:global:account:test:AB12CD34/<id>",
				"error_code: TIMEOUT", "error_id: e-1", "Klarna-Correlation-Id: k-1"},
		},
		{
			name: "a definite refusal",
			err:  &klarna.APIError{StatusCode: 400, ErrorCode: "VALIDATION_ERROR", Errors: []klarna.ValidationError{{Parameter: "description", ErrorMessage: "bad"}}},
			want: []string{"description: bad", "error_code: VALIDATION_ERROR"},
			not:  []string{"outcome is unknown", "terraform import"},
		},
		{
			name: "retries ended without an answer",
			err:  &klarna.RetriesExhaustedError{Method: "POST", Attempts: 9, IdempotencyKey: "idem-2", OutcomeUnknown: true, Err: errors.New("POST /x: no response: EOF")},
			want: []string{"outcome is unknown", "terraform import klarna_api_key.<name>"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var diags diag.Diagnostics
			addCreateError(&diags, "API key", "klarna_api_key", "krn:partner:global:account:test:AB12CD34", `with description "backend"`, tc.err)
			if len(diags) != 1 || diags[0].Summary() != "Unable to create API key" {
				t.Fatalf("unexpected diagnostics %v", diags)
			}
			detail := diags[0].Detail()
			for _, w := range tc.want {
				if !strings.Contains(detail, w) {
					t.Errorf("detail lacks %q:\n%s", w, detail)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(detail, n) {
					t.Errorf("detail holds %q:\n%s", n, detail)
				}
			}
		})
	}
}
