package provider

import (
	"crypto/x509/pkix"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

// TestWarnPartnerReplacement_underEnforcement: a plan that replaces a partner's API
// certificate while the partner's mTLS is enforced warns that the partner must already
// present the successor; without enforcement, or without a replacement, it says nothing.
func TestWarnPartnerReplacement_underEnforcement(t *testing.T) {
	t.Parallel()
	e := newAccEnv(t)
	ctx := t.Context()
	issue := func(account string) *klarna.ClientCertificate {
		c, err := e.client.CreateClientCertificate(ctx, account, klarna.CreateClientCertificateRequest{
			CSR: csrPEM(t, newTestKey(t), pkix.Name{CommonName: "partner-mtls-1"}), Usage: "API"})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	enforced, notEnforced := e.partner(0), e.partner(1)
	enforcedCert, otherCert := issue(enforced), issue(notEnforced)
	if _, err := e.client.EnforceMTLS(ctx, enforced, "NOW"); err != nil {
		t.Fatal(err)
	}
	r := &clientCertificateResource{data: &providerData{client: e.client, clock: e.client, accountID: e.boot.AccountID}}
	var s resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &s)
	stateOf := func(account string, c *klarna.ClientCertificate) tfsdk.State {
		st := tfsdk.State{Schema: s.Schema, Raw: tftypes.NewValue(s.Schema.Type().TerraformType(ctx), nil)}
		m := clientCertificateResourceModel{
			ID: types.StringValue(c.CertificateID), AccountID: types.StringValue(account), Usage: types.StringValue("API"),
			FingerprintSHA256: types.StringValue(c.FingerprintSHA256),
		}
		if diags := st.Set(ctx, &m); diags.HasError() {
			t.Fatal(diags)
		}
		return st
	}
	for _, tc := range []struct {
		name    string
		state   tfsdk.State
		replace bool
		warned  bool
	}{
		{"enforced partner, replaced", stateOf(enforced, enforcedCert), true, true},
		{"enforced partner, updated in place", stateOf(enforced, enforcedCert), false, false},
		{"partner without enforcement, replaced", stateOf(notEnforced, otherCert), true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := &resource.ModifyPlanResponse{}
			if tc.replace {
				resp.RequiresReplace = path.Paths{path.Root("csr_pem")}
			}
			r.warnPartnerReplacement(ctx, resource.ModifyPlanRequest{State: tc.state}, resp)
			warnings := resp.Diagnostics.Warnings()
			if got := len(warnings) == 1; got != tc.warned {
				t.Fatalf("warned %v, want %v: %v", got, tc.warned, resp.Diagnostics)
			}
			if tc.warned && !strings.Contains(warnings[0].Detail(), "MTLS_REQUIRED") {
				t.Fatalf("the warning does not say what the partner meets: %s", warnings[0].Detail())
			}
		})
	}
}
