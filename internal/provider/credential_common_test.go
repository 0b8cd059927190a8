package provider

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
)

func TestCredentialModel_fromAPIAndChanges(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 11, 22, 7, 45, 0, 0, time.UTC)
	reason := klarna.DisabledInactivity
	var m credentialModel
	m.AccountID = types.StringValue("krn:partner:global:account:test:AB12CD34")
	m.setFromAPI(klarna.Credential{
		CredentialID: "6f1c", Description: "d", Environment: "TEST", Status: "DISABLED",
		CreatedAt: created, DisabledReason: &reason,
	})
	if m.Enabled.ValueBool() || m.Status.ValueString() != "DISABLED" || m.DisabledReason.ValueString() != "INACTIVITY" ||
		m.CreatedAt.ValueString() != "2026-11-22T07:45:00Z" || !m.LastUsedAt.IsNull() || m.AccountID.ValueString() != "krn:partner:global:account:test:AB12CD34" {
		t.Fatalf("unexpected model %+v", m)
	}
	plan := m
	if d, s := plan.changes(m); d != nil || s != nil {
		t.Fatalf("no change planned, got %v %v", d, s)
	}
	plan.Enabled = types.BoolValue(true)
	plan.Description = types.StringValue("new")
	d, s := plan.changes(m)
	if d == nil || *d != "new" || s == nil || *s != "ENABLED" {
		t.Fatalf("want description and status changes, got %v %v", d, s)
	}
	plan = m
	plan.Keepers = types.MapValueMust(types.StringType, map[string]attr.Value{"a": types.StringValue("b")})
	if d, s := plan.changes(m); d != nil || s != nil {
		t.Fatalf("keepers alone must not reach the API, got %v %v", d, s)
	}
}

// State written before account_id was computed holds null for the provider's own account:
// the next read records the own account's KRN, so that a configuration without account_id
// (or with the own KRN) plans no change.
func TestCredentialRead_recordsOwnAccountForOldState(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mockapi.Options{})
	client := mocktest.Client(t, m)
	ctx := t.Context()
	key, err := client.CreateAPIKey(ctx, "", klarna.CreateAPIKeyRequest{Description: "old"})
	if err != nil {
		t.Fatal(err)
	}
	cid, err := client.CreateClientID(ctx, "", klarna.CreateClientIDRequest{AllowedOrigins: []string{"https://shop.example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	data := &providerData{client: client, environment: "test", clock: m.Clock()}
	for _, tc := range []struct {
		name string
		r    resource.Resource
		id   string
	}{
		{"API key", &apiKeyResource{data: data, kind: apiKeyKind}, key.CredentialID},
		{"client ID", &clientIDResource{data: data, kind: clientIDKind}, cid.CredentialID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw, s := object(t, tc.r, map[string]tftypes.Value{
				"id": tftypes.NewValue(tftypes.String, tc.id), "enabled": tftypes.NewValue(tftypes.Bool, true),
			})
			req := resource.ReadRequest{State: tfsdk.State{Schema: s.Schema, Raw: raw}}
			resp := &resource.ReadResponse{State: req.State}
			tc.r.Read(ctx, req, resp)
			if resp.Diagnostics.HasError() {
				t.Fatal(resp.Diagnostics)
			}
			var got types.String
			resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("account_id"), &got)...)
			if got.ValueString() != m.Bootstrap().AccountID {
				t.Fatalf("account_id after read = %s, want %s", got, m.Bootstrap().AccountID)
			}
		})
	}
}

// disableOnCreateFailureSteps checks a credential created with enabled = false whose disable
// fails: it is deleted again, never left enabled; when the delete fails too, it is kept in
// the state, tainted, and the next apply replaces it. body is the resource block (with
// enabled = false) at addr; prefix the credential routes, e.g. /v2/account/credentials/api-keys;
// held lists the IDs and statuses of the credentials the body makes.
func (e *accEnv) disableOnCreateFailureSteps(t *testing.T, addr, body, prefix string, held func() map[string]string) (deleted, tainted []tfresource.TestStep) {
	config := e.providerBlock("max_retries = 0") + body
	fault := func(method string) {
		if err := e.mock.AddFault(mockapi.Fault{Method: method, Path: prefix + "/*", Kind: mockapi.FaultUnavailable, Count: 1}); err != nil {
			t.Fatal(err)
		}
	}
	expectHeld := func(want int, status string) {
		got := held()
		if len(got) != want {
			t.Fatalf("the API holds %d such credentials, want %d: %v", len(got), want, got)
		}
		for id, s := range got {
			if status != "" && s != status {
				t.Fatalf("credential %s is %s, want %s", id, s, status)
			}
		}
	}
	var keptID string
	deleted = []tfresource.TestStep{
		{
			PreConfig:   func() { fault("PATCH") },
			Config:      config,
			ExpectError: errorRegexp("Unable to create", "disabling it (enabled = false) failed", "deleted again", "HTTP 503"),
		},
		{
			PreConfig: func() { expectHeld(0, "") },
			Config:    config,
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("DISABLED")),
				check(func(context.Context, statecheck.CheckStateRequest) error { expectHeld(1, "DISABLED"); return nil }),
			},
		},
	}
	tainted = []tfresource.TestStep{
		{
			PreConfig: func() { fault("PATCH"); fault("DELETE") },
			Config:    config,
			ExpectError: errorRegexp("Unable to create", "deleting it failed too", "is ENABLED", "tainted",
				"the next apply replaces it", "Disabling", "HTTP 503", "Deleting", "HTTP 503"),
		},
		{
			PreConfig: func() {
				got := held()
				expectHeld(1, "ENABLED")
				for id := range got {
					keptID = id
				}
			},
			Config: config,
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("DISABLED")),
				check(func(context.Context, statecheck.CheckStateRequest) error {
					got := held()
					if _, ok := got[keptID]; ok || len(got) != 1 {
						return fmt.Errorf("the tainted credential %s must be replaced by one disabled credential, the API holds %v", keptID, got)
					}
					expectHeld(1, "DISABLED")
					return nil
				}),
			},
		},
	}
	return deleted, tainted
}
