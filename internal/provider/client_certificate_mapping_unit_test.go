package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

const otherCertificateID = "5e7a1c2b-3d4f-4a6b-8c9d-0e1f2a3b4c5d"

// certificateFixtures are an API certificate with a description and a JWT-signing one without,
// which expires within the default renewal window of mappingNow.
func certificateFixtures(certPEM string) []klarna.ClientCertificate {
	return []klarna.ClientCertificate{
		{CertificateID: mappedCredentialID, Usage: "API", Description: "mtls-1", Status: "ACTIVE", Certificate: certPEM,
			SerialNumber: "01", FingerprintSHA256: "ab:cd", SubjectCommonName: "OWN00001-mtls-1",
			NotBefore: time.Date(2026, 12, 3, 11, 0, 0, 0, time.FixedZone("CET", 3600)), NotAfter: time.Date(2029, 12, 3, 10, 0, 0, 0, time.UTC),
			CreatedAt: time.Date(2026, 12, 3, 11, 0, 1, 0, time.FixedZone("CET", 3600))},
		{CertificateID: otherCertificateID, Usage: "JWT_SIGNING", Status: "ACTIVE", Certificate: certPEM,
			SerialNumber: "02", FingerprintSHA256: "ef:01", SubjectCommonName: "OWN00001",
			NotBefore: time.Date(2023, 12, 20, 10, 0, 0, 0, time.UTC), NotAfter: time.Date(2026, 12, 20, 10, 0, 0, 0, time.UTC),
			CreatedAt: time.Date(2023, 12, 20, 10, 0, 0, 0, time.UTC)},
	}
}

func TestClientCertificateItemFromAPI_fields(t *testing.T) {
	t.Parallel()
	certs := certificateFixtures("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
	for _, tc := range []struct {
		name string
		api  klarna.ClientCertificate
		want clientCertificateItem
	}{
		{"every attribute, times in UTC", certs[0], clientCertificateItem{
			ID: types.StringValue(mappedCredentialID), Usage: types.StringValue("API"), Description: types.StringValue("mtls-1"),
			Status: types.StringValue("ACTIVE"), CertificatePEM: types.StringValue(certs[0].Certificate), FingerprintSHA256: types.StringValue("ab:cd"),
			SerialNumber: types.StringValue("01"), SubjectCommonName: types.StringValue("OWN00001-mtls-1"),
			NotBefore: types.StringValue("2026-12-03T10:00:00Z"), NotAfter: types.StringValue("2029-12-03T10:00:00Z"),
			CreatedAt: types.StringValue("2026-12-03T10:00:01Z")}},
		{"no description is an empty string", certs[1], clientCertificateItem{
			ID: types.StringValue(otherCertificateID), Usage: types.StringValue("JWT_SIGNING"), Description: types.StringValue(""),
			Status: types.StringValue("ACTIVE"), CertificatePEM: types.StringValue(certs[1].Certificate), FingerprintSHA256: types.StringValue("ef:01"),
			SerialNumber: types.StringValue("02"), SubjectCommonName: types.StringValue("OWN00001"),
			NotBefore: types.StringValue("2023-12-20T10:00:00Z"), NotAfter: types.StringValue("2026-12-20T10:00:00Z"),
			CreatedAt: types.StringValue("2023-12-20T10:00:00Z")}},
		{"a status the provider does not know, and times the API omits", klarna.ClientCertificate{CertificateID: mappedCredentialID, Status: "SUSPENDED"},
			clientCertificateItem{
				ID: types.StringValue(mappedCredentialID), Usage: types.StringValue(""), Description: types.StringValue(""),
				Status: types.StringValue("SUSPENDED"), CertificatePEM: types.StringValue(""), FingerprintSHA256: types.StringValue(""),
				SerialNumber: types.StringValue(""), SubjectCommonName: types.StringValue(""),
				NotBefore: types.StringValue("0001-01-01T00:00:00Z"), NotAfter: types.StringValue("0001-01-01T00:00:00Z"),
				CreatedAt: types.StringValue("0001-01-01T00:00:00Z")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			checkFields(t, clientCertificateItemFromAPI(tc.api), tc.want)
		})
	}
}

func TestCertificateDisplayName_descriptionOrUsageAndCN(t *testing.T) {
	t.Parallel()
	certs := certificateFixtures("")
	for _, tc := range []struct {
		name string
		api  klarna.ClientCertificate
		want string
	}{
		{"description and ID", certs[0], "mtls-1 (" + mappedCredentialID + ")"},
		{"no description: usage, common name and ID", certs[1], "JWT_SIGNING certificate CN=OWN00001 (" + otherCertificateID + ")"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := certificateDisplayName(tc.api); got != tc.want {
				t.Errorf("certificateDisplayName = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestClientCertificateListResource_findMapsEachCertificate(t *testing.T) {
	t.Parallel()
	certPEM := testCAPEM(t)
	parsed, err := pki.ParseCertificatePEM([]byte(certPEM))
	if err != nil {
		t.Fatal(err)
	}
	certs := certificateFixtures(certPEM)
	revoked := certs[0]
	revoked.CertificateID, revoked.Status = "7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "REVOKED"
	api := cannedAPI{"/credentials/client-certificates": klarna.ClientCertificateList{ClientCertificates: append(certs, revoked)}}
	mapped := func(c klarna.ClientCertificate, account string, ready bool) clientCertificateResourceModel {
		item := clientCertificateItemFromAPI(c)
		// What the API never returns is null, but for the defaults an import writes too.
		return clientCertificateResourceModel{
			ID: item.ID, AccountID: types.StringValue(account), Usage: item.Usage, Description: item.Description,
			EarlyRenewalDays: types.Int64Value(30), AllowLockout: types.BoolValue(false),
			CertificatePEM: item.CertificatePEM, X5C: types.StringValue(pki.X5C(parsed)), FingerprintSHA256: item.FingerprintSHA256,
			SerialNumber: item.SerialNumber, SubjectCommonName: item.SubjectCommonName, NotBefore: item.NotBefore, NotAfter: item.NotAfter,
			CreatedAt: item.CreatedAt, Status: item.Status, ReadyForRenewal: types.BoolValue(ready),
		}
	}
	null := tftypes.NewValue(tftypes.String, nil)
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	for _, tc := range []struct {
		name                   string
		account, usage, status tftypes.Value
		want                   []clientCertificateResourceModel
	}{
		{"own account, ACTIVE by default", null, null, null, []clientCertificateResourceModel{
			mapped(certs[0], mappedOwnAccount, false), mapped(certs[1], mappedOwnAccount, true)}},
		{"partner account, one usage", str(mappedPartnerID), str("JWT_SIGNING"), null, []clientCertificateResourceModel{
			mapped(certs[1], mappedPartnerID, true)}},
		{"revoked", null, null, str("REVOKED"), []clientCertificateResourceModel{mapped(revoked, mappedOwnAccount, false)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := &clientCertificateListResource{data: cannedData(t, api)}
			found := findListed(t, r, r.find, map[string]tftypes.Value{"account_id": tc.account, "usage": tc.usage, "status": tc.status})
			if len(found) != len(tc.want) {
				t.Fatalf("found %d certificates, want %d", len(found), len(tc.want))
			}
			for i, w := range tc.want {
				m, ok := found[i].resource.(*clientCertificateResourceModel)
				if !ok {
					t.Fatalf("resource %d is %T, want *clientCertificateResourceModel", i, found[i].resource)
				}
				checkFields(t, *m, w)
				id := w.ID.ValueString()
				display := w.Description.ValueString() + " (" + id + ")"
				if w.Description.ValueString() == "" {
					display = w.Usage.ValueString() + " certificate CN=" + w.SubjectCommonName.ValueString() + " (" + id + ")"
				}
				checkListed(t, found[i], display, [2]string{"account_id", w.AccountID.ValueString()}, [2]string{"id", id})
			}
		})
	}
}

func TestClientCertificatesDataSource_readMapsEachCertificate(t *testing.T) {
	t.Parallel()
	certs := certificateFixtures("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	for _, tc := range []struct {
		name   string
		certs  []klarna.ClientCertificate
		config map[string]tftypes.Value
		want   []clientCertificateItem
	}{
		{"none is an empty list", nil, nil, []clientCertificateItem{}},
		{"each certificate in the API's order", certs, nil, []clientCertificateItem{clientCertificateItemFromAPI(certs[0]), clientCertificateItemFromAPI(certs[1])}},
		{"filters stay as configured", certs, map[string]tftypes.Value{"account_id": str(mappedPartnerID), "usage": str("API"), "status": str("ACTIVE")},
			[]clientCertificateItem{clientCertificateItemFromAPI(certs[0])}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ds := &clientCertificatesDataSource{data: cannedData(t, cannedAPI{"/credentials/client-certificates": klarna.ClientCertificateList{ClientCertificates: tc.certs}})}
			var got clientCertificatesDataSourceModel
			if diags := readDataSource(t, ds, tc.config).Get(t.Context(), &got); diags.HasError() {
				t.Fatal(diags)
			}
			for name, v := range map[string]types.String{"account_id": got.AccountID, "usage": got.Usage, "status": got.Status} {
				want := types.StringNull()
				if c, ok := tc.config[name]; ok {
					var s string
					if err := c.As(&s); err != nil {
						t.Fatal(err)
					}
					want = types.StringValue(s)
				}
				if !v.Equal(want) {
					t.Errorf("%s = %v, want %v as configured", name, v, want)
				}
			}
			checkItems(t, "client_certificates", got.ClientCertificates, tc.want)
		})
	}
}
