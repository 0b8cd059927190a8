package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// connectionCheckedEnforcement enforces the own account's mTLS with the provider's guard
// off, so that only klarna_connection_check, run before the enforcement is created, stands
// between the configuration and a lock-out.
const connectionCheckedEnforcement = `
action "klarna_connection_check" "before_enforcing" {}

resource "klarna_mtls_enforcement" "own" {
  enforced_from               = "NOW"
  require_verified_connection = false

  lifecycle {
    action_trigger {
      events  = [before_create]
      actions = [action.klarna_connection_check.before_enforcing]
    }
  }
}
`

// TestAccConnectionCheckAction_beforeEnforcement runs the check from an action_trigger before
// klarna_mtls_enforcement is created: it fails, and nothing is enforced, while the provider
// presents no certificate although the account has an API certificate; it passes, and the
// enforcement is created, once the provider presents that certificate.
func TestAccConnectionCheckAction_beforeEnforcement(t *testing.T) {
	e := newAccEnv(t)
	own, err := krn.Parse(e.boot.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	key, keyPEM := newKeyPEM(t)
	csr, err := pki.BuildCSR(key, own.CommonName())
	if err != nil {
		t.Fatal(err)
	}
	cert, err := e.client.CreateClientCertificate(t.Context(), "", klarna.CreateClientCertificateRequest{CSR: string(csr), Usage: "API"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "client.pem"), filepath.Join(dir, "client.key")
	if err := os.WriteFile(certFile, []byte(cert.Certificate), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, []byte(keyPEM), 0o600); err != nil {
		t.Fatal(err)
	}
	withCert := e.providerBlock(fmt.Sprintf("  client_certificate_pem = file(%q)\n  client_private_key_pem = file(%q)", certFile, keyFile))
	client := e.mtlsClient(certFile, keyPEM) // once enforced, only a request with the certificate passes
	enforcement := func(want string) check {
		return func(ctx context.Context, _ statecheck.CheckStateRequest) error {
			got, err := client.GetMTLSEnforcement(ctx, "")
			if err != nil {
				return err
			}
			if got.Status != want {
				return fmt.Errorf("mTLS enforcement status %s, want %s", got.Status, want)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		TerraformVersionChecks:   actionsAvailable,
		Steps: []resource.TestStep{
			{
				Config:      e.config(connectionCheckedEnforcement),
				ExpectError: errorRegexp("The provider's connection does not verify for mTLS", "Klarna-Mtls-Verification-Status NOT_PRESENT"),
			},
			{
				Config: withCert + `
data "klarna_account" "me" {}
`,
				ConfigStateChecks: []statecheck.StateCheck{enforcement("REPORTING")},
			},
			{
				Config:            withCert + connectionCheckedEnforcement,
				ConfigStateChecks: []statecheck.StateCheck{enforcement("ENFORCED")},
			},
		},
	})
}

// TestConnectionAdvice_byStatus says what to do for each status other than VALID.
func TestConnectionAdvice_byStatus(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ status, want string }{
		{"", "no ACTIVE API certificate yet"},
		{"NOT_PRESENT", "presents no client certificate"},
		{"INVALID", "is not an ACTIVE API certificate of this account"},
	} {
		t.Run(tc.status, func(t *testing.T) {
			t.Parallel()
			if got := connectionAdvice(tc.status); !strings.Contains(got, tc.want) {
				t.Errorf("connectionAdvice(%q) = %q, want it to say %q", tc.status, got, tc.want)
			}
		})
	}
}

// TestAccConnectionCheckAction_outsideIPAllowList fails the check while the own account's
// allow-list, in REPORTING, does not hold the provider's address: enforcing it would lock
// the provider out, and the key the check guards is not created.
func TestAccConnectionCheckAction_outsideIPAllowList(t *testing.T) {
	e := newIPAccEnv(t, 0)
	mode := klarna.IPModeReporting
	if _, err := e.client.UpdateIPRestriction(t.Context(), "", klarna.UpdateIPRestrictionRequest{
		EnforcementMode: &mode, CIDRBlocks: []string{"192.0.2.0/24"},
	}); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		TerraformVersionChecks:   actionsAvailable,
		CheckDestroy: e.checkDestroyed("klarna_api_key", func(account, id string) error {
			_, err := e.client.GetAPIKey(t.Context(), account, id)
			return err
		}),
		Steps: []resource.TestStep{
			{
				Config: e.config(`
action "klarna_connection_check" "first" {}

resource "klarna_api_key" "guarded" {
  description = "guarded"

  lifecycle {
    action_trigger {
      events  = [before_create]
      actions = [action.klarna_connection_check.first]
    }
  }
}
`),
				ExpectError: errorRegexp("The provider's connection is outside the IP allow-list", "enforcement_mode REPORTING",
					"Klarna-Ip-Validation-Status DENIED"),
			},
		},
	})
}

// TestIPAllowListRefuses_byModeAndStatus fails the check only for an allow-list in effect
// that does not allow the request.
func TestIPAllowListRefuses_byModeAndStatus(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		mode, status string
		want         bool
	}{
		{"ENFORCED", "DENIED", true},
		{"ENFORCED", "INVALID", true},
		{"REPORTING", "DENIED", true},
		{"REPORTING", "INVALID", true},
		{"REPORTING", "ALLOWED", false},
		{"ENFORCED", "ALLOWED", false},
		{"NOT_ENABLED", "", false},
		{"NOT_ENABLED", "DENIED", false},
		{"REPORTING", "", false},
	} {
		t.Run(tc.mode+"/"+tc.status, func(t *testing.T) {
			t.Parallel()
			if got := ipAllowListRefuses(tc.mode, tc.status); got != tc.want {
				t.Errorf("ipAllowListRefuses(%q, %q) = %t, want %t", tc.mode, tc.status, got, tc.want)
			}
		})
	}
}
