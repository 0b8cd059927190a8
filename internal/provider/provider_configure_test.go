package provider

import (
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// testIdentityPEM is a throwaway self-signed certificate for key, and key, both PEM.
func testIdentityPEM(t *testing.T, key *ecdsa.PrivateKey) (certPEM, keyPEM string) {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "AB12CD34"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pki.EncodeCertificatePEM(der)), string(pem.EncodeToMemory(&pem.Block{Type: pki.BlockECPrivateKey, Bytes: keyDER}))
}

// errorPaths are the paths of diags' errors, in the order they were reported.
func errorPaths(diags diag.Diagnostics) []string {
	var paths []string
	for _, d := range diags.Errors() {
		if dp, ok := d.(diag.DiagnosticWithPath); ok {
			paths = append(paths, dp.Path().String())
		}
	}
	return paths
}

func TestProviderConfigure_unknownValuesInSchemaOrder(t *testing.T) {
	t.Parallel()
	p := New("test")()
	var schemaResp provider.SchemaResponse
	p.Schema(t.Context(), provider.SchemaRequest{}, &schemaResp)
	typ, ok := schemaResp.Schema.Type().TerraformType(t.Context()).(tftypes.Object)
	if !ok {
		t.Fatal("the provider schema's type is no object")
	}
	values := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		values[name] = tftypes.NewValue(at, tftypes.UnknownValue)
	}
	signing, ok := typ.AttributeTypes["portal_signing"].(tftypes.Object)
	if !ok {
		t.Fatal("portal_signing's type is no object")
	}
	values["portal_signing"] = tftypes.NewValue(signing, map[string]tftypes.Value{
		"certificate_pem": tftypes.NewValue(tftypes.String, tftypes.UnknownValue),
		"private_key_pem": tftypes.NewValue(tftypes.String, "x"),
	})
	cfg := tfsdk.Config{Schema: schemaResp.Schema, Raw: tftypes.NewValue(typ, values)}
	want := []string{"api_key", "environment", "base_url", "account_id", "ca_certificate_pem", "client_certificate_pem",
		"client_private_key_pem", "max_retries", "retry_budget", "requests_per_second", "portal_signing"}
	// A map would give another order now and then: ask often enough to see it.
	for range 30 {
		var resp provider.ConfigureResponse
		p.Configure(t.Context(), provider.ConfigureRequest{Config: cfg}, &resp)
		if got := errorPaths(resp.Diagnostics); !reflect.DeepEqual(got, want) {
			t.Fatalf("unknown values reported as %v, want %v", got, want)
		}
	}
}

func TestResolveSettings_signingAndClientIdentity(t *testing.T) {
	t.Parallel()
	key, other := newTestKey(t), newTestKey(t)
	certPEM, keyPEM := testIdentityPEM(t, key)
	_, otherKeyPEM := testIdentityPEM(t, other)
	cert, err := pki.ParseCertificatePEM([]byte(certPEM))
	if err != nil {
		t.Fatal(err)
	}
	certPath := path.Root("portal_signing").AtName("certificate_pem").String()
	keyPath := path.Root("portal_signing").AtName("private_key_pem").String()
	for _, tc := range []struct {
		name          string
		signing       *portalSigningModel
		wantSigner    bool
		wantErrorPath []string
	}{
		{name: "none", signing: nil},
		{name: "certificate and its key", signing: &portalSigningModel{CertificatePEM: types.StringValue(certPEM), PrivateKeyPEM: types.StringValue(keyPEM)}, wantSigner: true},
		{name: "key of another certificate", signing: &portalSigningModel{CertificatePEM: types.StringValue(certPEM), PrivateKeyPEM: types.StringValue(otherKeyPEM)},
			wantErrorPath: []string{keyPath}},
		{name: "key alone", signing: &portalSigningModel{CertificatePEM: types.StringNull(), PrivateKeyPEM: types.StringValue(keyPEM)},
			wantErrorPath: []string{certPath}},
		{name: "certificate that is no PEM", signing: &portalSigningModel{CertificatePEM: types.StringValue("x"), PrivateKeyPEM: types.StringValue(keyPEM)},
			wantErrorPath: []string{certPath}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := providerModel{
				APIKey:               types.StringValue("klarna_test_api_x"),
				ClientCertificatePEM: types.StringValue(certPEM),
				ClientPrivateKeyPEM:  types.StringValue(keyPEM),
				PortalSigning:        tc.signing,
			}
			s, diags := resolveSettings(cfg, func(string) string { return "" }, func(string) ([]byte, error) { return nil, nil })
			if got := errorPaths(diags); !reflect.DeepEqual(got, tc.wantErrorPath) {
				t.Fatalf("errors on %v, want on %v: %v", got, tc.wantErrorPath, diags)
			}
			if s.presentedFingerprint != pki.FingerprintSHA256(cert) {
				t.Errorf("presentedFingerprint = %q, want %q", s.presentedFingerprint, pki.FingerprintSHA256(cert))
			}
			switch {
			case tc.wantSigner && (s.signer == nil || !s.signer.cert.Equal(cert)):
				t.Errorf("signer = %v, want the configured certificate", s.signer)
			case !tc.wantSigner && s.signer != nil:
				t.Errorf("signer = %v, want none", s.signer)
			}
		})
	}
}
