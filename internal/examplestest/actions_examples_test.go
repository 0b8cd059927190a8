package examplestest

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
)

// actionsSince is the first Terraform release with actions and `terraform apply -invoke`.
var actionsSince = terraformVersion{1, 14}

// TestAccCredentialDisableAction_invoke runs the klarna_credential_disable example as an
// incident responder would: `terraform apply -invoke=action.klarna_credential_disable.incident`
// with the leaked credential's type, ID and account as variables, against the mock API.
// The credentials were made by hand (out of band), not by Terraform. Each is disabled at
// once with reason MANUAL, the CLI shows the action's progress, and a second invocation
// leaves the disabled credential as it is.
func TestAccCredentialDisableAction_invoke(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	tc := setup(t)
	tc.skipBelow(t, actionsSince, "terraform apply -invoke")
	mock := mocktest.Start(t, mockapi.Options{})
	boot := mock.Bootstrap()
	client := mocktest.Client(t, mock)
	caFile := writeFile(t, t.TempDir(), "ca.pem", mock.CACertificatePEM())
	partner := boot.PartnerAccountIDs[0]

	ctx := t.Context()
	key, err := client.CreateAPIKey(ctx, partner, klarna.CreateAPIKeyRequest{Description: "made in the portal"})
	if err != nil {
		t.Fatal(err)
	}
	clientID, err := client.CreateClientID(ctx, "", klarna.CreateClientIDRequest{Description: "web shop", AllowedOrigins: []string{"https://shop.example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, credentialType, id, account string // account "" is the provider's own
		noun, nounFirst                   string // as a message names it within and at the start of a sentence
		state                             func(context.Context) (klarna.Credential, error)
	}{
		{
			name: "api key of a partner", credentialType: "api_key", id: key.CredentialID, account: partner, noun: "API key", nounFirst: "API key",
			state: func(ctx context.Context) (klarna.Credential, error) {
				k, err := client.GetAPIKey(ctx, partner, key.CredentialID)
				if err != nil {
					return klarna.Credential{}, err
				}
				return k.Credential, nil
			},
		},
		{
			name: "client id of the own account", credentialType: "client_id", id: clientID.CredentialID, noun: "client ID", nounFirst: "Client ID",
			state: func(ctx context.Context) (klarna.Credential, error) {
				c, err := client.GetClientID(ctx, "", clientID.CredentialID)
				if err != nil {
					return klarna.Credential{}, err
				}
				return c.Credential, nil
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			env := []string{
				"KLARNA_API_KEY=" + boot.APIKey,
				"KLARNA_BASE_URL=" + mock.URL,
				"KLARNA_CA_CERTIFICATE_FILE=" + caFile,
				"TF_VAR_credential_type=" + tt.credentialType,
				"TF_VAR_credential_id=" + tt.id,
			}
			if tt.account != "" {
				env = append(env, "TF_VAR_account_id="+tt.account)
			}
			c := newCLI(t, tc, env...)
			dir := filepath.Join(t.TempDir(), "example")
			copyTree(t, filepath.Join(tc.root, "examples", "actions", "klarna_credential_disable"), dir)

			out := c.mustRun(t, dir, "apply", "-auto-approve", "-invoke=action.klarna_credential_disable.incident")
			for _, want := range []string{
				fmt.Sprintf("Disabling %s %s in account", tt.noun, tt.id),
				fmt.Sprintf("%s %s is DISABLED (disabled_reason MANUAL)", tt.nounFirst, tt.id),
			} {
				if !strings.Contains(out, want) {
					t.Errorf("the CLI output lacks the progress message %q:\n%s", want, out)
				}
			}
			got, err := tt.state(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != "DISABLED" || got.DisabledReason == nil || *got.DisabledReason != "MANUAL" {
				t.Fatalf("after the action the API holds status %s, reason %v; want DISABLED, MANUAL", got.Status, got.DisabledReason)
			}

			out = c.mustRun(t, dir, "apply", "-auto-approve", "-invoke=action.klarna_credential_disable.incident")
			if want := "is already disabled (disabled_reason MANUAL); left as it is"; !strings.Contains(out, want) {
				t.Errorf("the second invocation's output lacks %q:\n%s", want, out)
			}
		})
	}
}
