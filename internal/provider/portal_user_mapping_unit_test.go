package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

const mappedAcquirer = "krn:partner:global:account:test:LYABCDEI"

func TestPortalUserResourceModel_identityAndFilter(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, email, wantEmail string
	}{
		{"an address in lower case", "dev@example.com", "dev@example.com"},
		{"the identity and the filter hold the address in lower case, as Klarna does", "Dev@Example.COM", "dev@example.com"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := portalUserResourceModel{
				ID: types.StringValue("ignored"), Email: types.StringValue(tc.email), AccountID: types.StringValue(mappedPartnerID),
				OnBehalfOf: types.StringValue(mappedAcquirer), Roles: stringSet("merchant:admin"), Status: types.StringValue("ACTIVE"),
			}
			checkFields(t, m.identity(), portalUserIdentity{
				AccountID: types.StringValue(mappedPartnerID), OnBehalfOf: types.StringValue(mappedAcquirer), Email: types.StringValue(tc.wantEmail),
			})
			// All three keys, never fewer: a filter that leaves one out would revoke more than this grant.
			if got, want := m.filter(), (klarna.UserAccessFilter{AccountID: mappedPartnerID, OnBehalfOf: mappedAcquirer, Principal: tc.wantEmail}); got != want {
				t.Errorf("filter = %+v, want %+v", got, want)
			}
		})
	}
}

func TestPortalUserResourceModel_setFromAPIRolesTheAPIOmits(t *testing.T) {
	t.Parallel()
	g := klarna.UserAccess{Principal: "dev@example.com", AccountID: mappedPartnerID, OnBehalfOf: mappedAcquirer, Status: "INVITED",
		CreatedAt: time.Date(2026, 12, 3, 11, 0, 0, 0, time.FixedZone("CET", 3600))}
	var m portalUserResourceModel
	if diags := m.setFromAPI(t.Context(), g); diags.HasError() {
		t.Fatal(diags)
	}
	checkFields(t, m, portalUserResourceModel{
		ID: types.StringValue(mappedPartnerID + "/" + mappedAcquirer + "/dev@example.com"), Email: types.StringValue("dev@example.com"),
		AccountID: types.StringValue(mappedPartnerID), OnBehalfOf: types.StringValue(mappedAcquirer), Roles: types.SetNull(types.StringType),
		Status: types.StringValue("INVITED"), CreatedAt: types.StringValue("2026-12-03T10:00:00Z"),
	})
}

func TestGrantDisplayName_emailAndKeys(t *testing.T) {
	t.Parallel()
	g := klarna.UserAccess{Principal: "dev@example.com", AccountID: mappedPartnerID, OnBehalfOf: mappedAcquirer}
	if got, want := grantDisplayName(g), "dev@example.com ("+mappedPartnerID+"/"+mappedAcquirer+"/dev@example.com)"; got != want {
		t.Errorf("grantDisplayName = %q, want %q", got, want)
	}
}

func TestPortalUserListResource_findMapsEachGrant(t *testing.T) {
	t.Parallel()
	grants := []klarna.UserAccess{
		{Principal: "dev@example.com", AccountID: mappedPartnerID, OnBehalfOf: mappedAcquirer, Roles: []string{"merchant:developer", "merchant:admin"},
			Status: "ACTIVE", CreatedAt: time.Date(2026, 12, 3, 11, 0, 0, 0, time.FixedZone("CET", 3600)), UpdatedAt: time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)},
		{Principal: "ops@example.com", AccountID: mappedPartnerID, OnBehalfOf: mappedPartnerID, Roles: []string{},
			Status: "INVITED", CreatedAt: time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)},
	}
	want := []portalUserResourceModel{
		{ID: types.StringValue(mappedPartnerID + "/" + mappedAcquirer + "/dev@example.com"), Email: types.StringValue("dev@example.com"),
			AccountID: types.StringValue(mappedPartnerID), OnBehalfOf: types.StringValue(mappedAcquirer),
			Roles: stringSet("merchant:admin", "merchant:developer"), Status: types.StringValue("ACTIVE"), CreatedAt: types.StringValue("2026-12-03T10:00:00Z")},
		{ID: types.StringValue(mappedPartnerID + "/" + mappedPartnerID + "/ops@example.com"), Email: types.StringValue("ops@example.com"),
			AccountID: types.StringValue(mappedPartnerID), OnBehalfOf: types.StringValue(mappedPartnerID),
			Roles: stringSet(), Status: types.StringValue("INVITED"), CreatedAt: types.StringValue("2026-12-03T12:00:00Z")},
	}
	for i := range want {
		// An adopted grant holds no signing identity.
		want[i].SigningCertificatePEM, want[i].SigningPrivateKeyPEMWO = types.StringNull(), types.StringNull()
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	for _, tc := range []struct {
		name   string
		config map[string]tftypes.Value
		want   []portalUserResourceModel
	}{
		{"every grant", nil, want},
		{"the grants of one person, the address in another case", map[string]tftypes.Value{"email": str("Ops@Example.com")}, want[1:]},
		{"the grants in one status", map[string]tftypes.Value{"status": str("ACTIVE"), "account_id": str(mappedPartnerID)}, want[:1]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := &portalUserListResource{data: cannedData(t, cannedAPI{"/portal/user-access": klarna.UserAccessList{UserAccess: grants}})}
			found := findListed(t, r, r.find, tc.config)
			if len(found) != len(tc.want) {
				t.Fatalf("found %d grants, want %d", len(found), len(tc.want))
			}
			for i, w := range tc.want {
				m, ok := found[i].resource.(*portalUserResourceModel)
				if !ok {
					t.Fatalf("resource %d is %T, want *portalUserResourceModel", i, found[i].resource)
				}
				checkFields(t, *m, w)
				email := w.Email.ValueString()
				checkListed(t, found[i], email+" ("+w.ID.ValueString()+")", [2]string{"account_id", w.AccountID.ValueString()},
					[2]string{"on_behalf_of", w.OnBehalfOf.ValueString()}, [2]string{"email", email})
			}
		})
	}
}
