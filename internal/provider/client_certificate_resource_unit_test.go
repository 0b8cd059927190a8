package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

func TestClientCertificateResourceModel_setFromAPI(t *testing.T) {
	t.Parallel()
	certPEM := testCAPEM(t)
	parsed, err := pki.ParseCertificatePEM([]byte(certPEM))
	if err != nil {
		t.Fatal(err)
	}
	x5c := pki.X5C(parsed)
	berlin := time.FixedZone("CET", 3600)
	api := klarna.ClientCertificate{
		CertificateID:     "0b554535-d9bd-4a43-9bda-9ce1396bad0e",
		Usage:             "JWT_SIGNING",
		Description:       "portal signing",
		Status:            "ACTIVE",
		Certificate:       certPEM,
		SerialNumber:      "01",
		FingerprintSHA256: "ab:cd",
		SubjectCommonName: "LYABCDEI",
		NotBefore:         time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC),
		NotAfter:          time.Date(2029, 12, 3, 10, 0, 0, 0, time.UTC),
		CreatedAt:         time.Date(2026, 12, 3, 11, 0, 0, 0, berlin),
	}
	// The inputs the API never returns, which setFromAPI must leave as they are.
	inputs := clientCertificateResourceModel{
		AccountID:           types.StringValue("krn:partner:global:account:test:LYABCDEI"),
		CSRPEM:              types.StringNull(),
		PrivateKeyPEMWO:     types.StringNull(),
		PrivateKeyWOVersion: types.Int64Value(2),
		EarlyRenewalDays:    types.Int64Value(30),
		AllowLockout:        types.BoolValue(false),
		ReadyForRenewal:     types.BoolValue(true),
	}
	mapped := func(x5c types.String) clientCertificateResourceModel {
		m := inputs
		m.ID = types.StringValue(api.CertificateID)
		m.Usage = types.StringValue("JWT_SIGNING")
		m.Description = types.StringValue("portal signing")
		m.CertificatePEM = types.StringValue(certPEM)
		m.X5C = x5c
		m.FingerprintSHA256 = types.StringValue("ab:cd")
		m.SerialNumber = types.StringValue("01")
		m.SubjectCommonName = types.StringValue("LYABCDEI")
		m.NotBefore = types.StringValue("2026-12-03T10:00:00Z")
		m.NotAfter = types.StringValue("2029-12-03T10:00:00Z")
		m.CreatedAt = types.StringValue("2026-12-03T10:00:00Z") // in UTC
		m.Status = types.StringValue("ACTIVE")
		return m
	}
	for _, tc := range []struct {
		name      string
		api       func(c *klarna.ClientCertificate)
		want      func(m *clientCertificateResourceModel)
		wantError string
	}{
		{name: "every attribute", want: func(*clientCertificateResourceModel) {}},
		{
			name: "an empty description stays an empty string",
			api:  func(c *klarna.ClientCertificate) { c.Description = "" },
			want: func(m *clientCertificateResourceModel) { m.Description = types.StringValue("") },
		},
		{
			name: "a revoked certificate",
			api:  func(c *klarna.ClientCertificate) { c.Status = "REVOKED" },
			want: func(m *clientCertificateResourceModel) { m.Status = types.StringValue("REVOKED") },
		},
		{
			name: "a certificate that does not parse has a null x5c",
			api:  func(c *klarna.ClientCertificate) { c.Certificate = "not a certificate" },
			want: func(m *clientCertificateResourceModel) {
				m.CertificatePEM = types.StringValue("not a certificate")
				m.X5C = types.StringNull()
			},
			wantError: "Unexpected certificate from the API",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := api
			if tc.api != nil {
				tc.api(&c)
			}
			want := mapped(types.StringValue(x5c))
			tc.want(&want)
			got := inputs
			diags := got.setFromAPI(c)
			switch {
			case tc.wantError == "" && diags.HasError():
				t.Fatalf("setFromAPI: %v", diags)
			case tc.wantError != "" && (!diags.HasError() || diags.Errors()[0].Summary() != tc.wantError):
				t.Fatalf("setFromAPI gave %v; want the error %q", diags, tc.wantError)
			}
			if got != want {
				t.Fatalf("setFromAPI mapped\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}
