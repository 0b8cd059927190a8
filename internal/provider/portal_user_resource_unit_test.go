package provider

import (
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

func TestPortalUserResourceModel_setFromAPI(t *testing.T) {
	t.Parallel()
	const (
		acquirer = "krn:partner:global:account:test:LYABCDEI"
		partner  = "krn:partner:global:account:test:AB12CD34"
	)
	grant := klarna.UserAccess{
		Principal:  "dev@example.com",
		AccountID:  partner,
		OnBehalfOf: acquirer,
		Roles:      []string{"merchant:admin", "merchant:developer"},
		Status:     "INVITED",
		CreatedAt:  time.Date(2026, 12, 3, 11, 0, 0, 0, time.FixedZone("CET", 3600)),
		UpdatedAt:  time.Date(2026, 12, 4, 11, 0, 0, 0, time.UTC),
	}
	roles := func(rs ...string) types.Set {
		elems := make([]attr.Value, 0, len(rs))
		for _, r := range rs {
			elems = append(elems, types.StringValue(r))
		}
		return types.SetValueMust(types.StringType, elems)
	}
	// The inputs the API never returns, which setFromAPI must leave as they are.
	signingCert, signingKey := types.StringValue("-----BEGIN CERTIFICATE-----"), types.StringNull()
	for _, tc := range []struct {
		name  string
		email types.String
		grant func(g *klarna.UserAccess)
		want  portalUserResourceModel
	}{
		{
			name:  "every attribute",
			email: types.StringValue("dev@example.com"),
			want: portalUserResourceModel{
				ID:         types.StringValue(partner + "/" + acquirer + "/dev@example.com"),
				Email:      types.StringValue("dev@example.com"),
				AccountID:  types.StringValue(partner),
				OnBehalfOf: types.StringValue(acquirer),
				Roles:      roles("merchant:admin", "merchant:developer"),
				Status:     types.StringValue("INVITED"),
				CreatedAt:  types.StringValue("2026-12-03T10:00:00Z"),
			},
		},
		{
			name:  "the configured spelling of the same address is kept",
			email: types.StringValue("Dev@Example.COM"),
			grant: func(g *klarna.UserAccess) { g.Status = "ACTIVE" },
			want: portalUserResourceModel{
				ID:         types.StringValue(partner + "/" + acquirer + "/dev@example.com"),
				Email:      types.StringValue("Dev@Example.COM"),
				AccountID:  types.StringValue(partner),
				OnBehalfOf: types.StringValue(acquirer),
				Roles:      roles("merchant:admin", "merchant:developer"),
				Status:     types.StringValue("ACTIVE"),
				CreatedAt:  types.StringValue("2026-12-03T10:00:00Z"),
			},
		},
		{
			name:  "an import takes the API's address",
			email: types.StringNull(),
			want: portalUserResourceModel{
				ID:         types.StringValue(partner + "/" + acquirer + "/dev@example.com"),
				Email:      types.StringValue("dev@example.com"),
				AccountID:  types.StringValue(partner),
				OnBehalfOf: types.StringValue(acquirer),
				Roles:      roles("merchant:admin", "merchant:developer"),
				Status:     types.StringValue("INVITED"),
				CreatedAt:  types.StringValue("2026-12-03T10:00:00Z"),
			},
		},
		{
			name:  "another address is replaced by the API's",
			email: types.StringValue("ops@example.com"),
			grant: func(g *klarna.UserAccess) { g.Roles = []string{"merchant:developer"} },
			want: portalUserResourceModel{
				ID:         types.StringValue(partner + "/" + acquirer + "/dev@example.com"),
				Email:      types.StringValue("dev@example.com"),
				AccountID:  types.StringValue(partner),
				OnBehalfOf: types.StringValue(acquirer),
				Roles:      roles("merchant:developer"),
				Status:     types.StringValue("INVITED"),
				CreatedAt:  types.StringValue("2026-12-03T10:00:00Z"),
			},
		},
		{
			name:  "a grant without roles has an empty set",
			email: types.StringValue("dev@example.com"),
			grant: func(g *klarna.UserAccess) { g.Roles = []string{} },
			want: portalUserResourceModel{
				ID:         types.StringValue(partner + "/" + acquirer + "/dev@example.com"),
				Email:      types.StringValue("dev@example.com"),
				AccountID:  types.StringValue(partner),
				OnBehalfOf: types.StringValue(acquirer),
				Roles:      roles(),
				Status:     types.StringValue("INVITED"),
				CreatedAt:  types.StringValue("2026-12-03T10:00:00Z"),
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			g := grant
			if tc.grant != nil {
				tc.grant(&g)
			}
			got := portalUserResourceModel{Email: tc.email, SigningCertificatePEM: signingCert, SigningPrivateKeyPEMWO: signingKey}
			if diags := got.setFromAPI(t.Context(), g); diags.HasError() {
				t.Fatalf("setFromAPI: %v", diags)
			}
			if !got.Roles.Equal(tc.want.Roles) {
				t.Errorf("roles = %v, want %v", got.Roles, tc.want.Roles)
			}
			want := tc.want
			want.SigningCertificatePEM, want.SigningPrivateKeyPEMWO = signingCert, signingKey
			got.Roles, want.Roles = types.Set{}, types.Set{}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("setFromAPI mapped\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}
