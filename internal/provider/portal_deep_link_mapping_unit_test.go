package provider

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/jwt"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

// testSigner is a throwaway signing identity; nothing here asks the API about it.
func testSigner(t *testing.T) *signer {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "OWN00001"},
		NotBefore: mappingNow.Add(-time.Hour), NotAfter: mappingNow.Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &signer{cert: cert, key: key}
}

func TestMakeDeepLink_mapsTheModelToClaimsAndTheLinkBack(t *testing.T) {
	t.Parallel()
	const url = "https://portal.example.test/login?token=abc"
	s := testSigner(t)
	config := func() deepLinkModel {
		return deepLinkModel{
			Email: types.StringValue("dev@example.com"), AccountID: types.StringValue(mappedPartnerID), OnBehalfOf: types.StringNull(),
			Roles: stringSet("merchant:developer", "merchant:admin"), AMR: stringSet("pwd", "otp"),
			LifetimeSeconds: types.Int64Null(), Exchange: types.BoolNull(),
			// Values left from an earlier read, which each new link replaces.
			JWT: types.StringValue("stale"), JTI: types.StringValue("stale"), ExpiresAt: types.StringValue("stale"),
			URL: types.StringValue("stale"), URLExpiresAt: types.StringValue("stale"),
		}
	}
	wantClaims := jwt.Claims{Issuer: mappedOwnAccount, Subject: "dev@example.com", IssuedAt: mappingNow.Unix(), Expiry: mappingNow.Unix() + 60,
		AccountID: mappedPartnerID, Roles: []string{"merchant:admin", "merchant:developer"}, AMR: []string{"otp", "pwd"}}
	for _, tc := range []struct {
		name            string
		exchangeDefault bool
		config          func(m *deepLinkModel)
		claims          func(c *jwt.Claims)
		url, urlExpires types.String
	}{
		{name: "a JWT only: defaults written, sorted roles and amr, no on_behalf_of claim, no URL",
			url: types.StringNull(), urlExpires: types.StringNull()},
		{name: "exchanged for a URL by default, its expiry in UTC", exchangeDefault: true,
			url: types.StringValue(url), urlExpires: types.StringValue("2026-12-03T12:01:00Z")},
		{name: "exchange set overrides the default", exchangeDefault: true,
			config: func(m *deepLinkModel) { m.Exchange = types.BoolValue(false) },
			url:    types.StringNull(), urlExpires: types.StringNull()},
		{name: "on_behalf_of and the lifetime as configured",
			config: func(m *deepLinkModel) {
				m.OnBehalfOf, m.LifetimeSeconds, m.Exchange = types.StringValue(mappedOwnAccount), types.Int64Value(300), types.BoolValue(true)
			},
			claims: func(c *jwt.Claims) { c.OnBehalfOf, c.Expiry = mappedOwnAccount, mappingNow.Unix()+300 },
			url:    types.StringValue(url), urlExpires: types.StringValue("2026-12-03T12:01:00Z")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := cannedData(t, cannedAPI{"POST /v2/accounts/" + mappedPartnerID + "/portal/deep-links": klarna.DeepLink{
				URL: url, ExpiresAt: time.Date(2026, 12, 3, 13, 1, 0, 0, time.FixedZone("CET", 3600))}})
			m := config()
			if tc.config != nil {
				tc.config(&m)
			}
			if diags := d.makeDeepLink(t.Context(), &m, s, tc.exchangeDefault); diags.HasError() {
				t.Fatalf("makeDeepLink: %v", diags)
			}
			parsed, err := jwt.Verify(m.JWT.ValueString())
			if err != nil {
				t.Fatalf("the jwt does not verify: %v", err)
			}
			claims := wantClaims
			if tc.claims != nil {
				tc.claims(&claims)
			}
			if err := checkUUID(parsed.Claims.ID); err != nil {
				t.Errorf("jti: %v", err)
			}
			claims.ID = parsed.Claims.ID
			if !reflect.DeepEqual(parsed.Claims, claims) {
				t.Errorf("claims = %s, want %s", asJSON(parsed.Claims), asJSON(claims))
			}
			want := config()
			if tc.config != nil {
				tc.config(&want)
			}
			if want.LifetimeSeconds.IsNull() {
				want.LifetimeSeconds = types.Int64Value(60)
			}
			if want.Exchange.IsNull() {
				want.Exchange = types.BoolValue(tc.exchangeDefault)
			}
			want.JWT, want.JTI = m.JWT, types.StringValue(parsed.Claims.ID)
			want.ExpiresAt = types.StringValue(time.Unix(claims.Expiry, 0).UTC().Format(time.RFC3339))
			want.URL, want.URLExpiresAt = tc.url, tc.urlExpires
			checkFields(t, m, want)
		})
	}
}
