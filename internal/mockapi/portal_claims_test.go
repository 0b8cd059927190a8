package mockapi_test

import (
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/partnerops/terraform-provider-klarna/internal/jwt"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// signWithHeader signs claims as ES256 under a header the test writes, so that the header
// can break the rules jwt.Sign follows. extra is added to {"alg":"ES256","x5c":[...]}.
func signWithHeader(t *testing.T, extra string, c jwt.Claims, cert issued) string {
	t.Helper()
	header := `{"alg":"ES256","x5c":["` + pki.X5C(cert.parsed) + `"]` + extra + `}`
	payload, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	input := base64.RawURLEncoding.EncodeToString([]byte(header)) + "." + base64.RawURLEncoding.EncodeToString(payload)
	digest := sha256.Sum256([]byte(input))
	r, s, err := ecdsa.Sign(rand.Reader, cert.key, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:])
	return input + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// TestPortal_jwtClaimRules: jti is a UUID, amr values are RFC 8176 method identifiers, sub
// is an email address, and typ, when present, is exactly JWT. Both routes refuse each
// breach with 400 VALIDATION_ERROR naming jwt, and accept the tokens that keep the rules.
func TestPortal_jwtClaimRules(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot, own, p1 := m.b.APIKey, m.b.AccountID, m.b.PartnerAccountIDs[0]
	signer := m.issue(t, boot, "/v2/account", own, "JWT_SIGNING")

	base := func() jwt.Claims {
		c := m.claims("user@example.com", p1, "merchant:developer")
		c.AMR = []string{"pwd"}
		return c
	}
	with := func(f func(*jwt.Claims)) func(*testing.T) string {
		return func(t *testing.T) string {
			c := base()
			f(&c)
			return sign(t, c, signer)
		}
	}
	header := func(extra string) func(*testing.T) string {
		return func(t *testing.T) string { return signWithHeader(t, extra, base(), signer) }
	}
	jti := func(id string) func(*testing.T) string { return with(func(c *jwt.Claims) { c.ID = id }) }
	sub := func(s string) func(*testing.T) string { return with(func(c *jwt.Claims) { c.Subject = s }) }
	amr := func(v ...string) func(*testing.T) string { return with(func(c *jwt.Claims) { c.AMR = v }) }
	fresh := uuid.NewString()

	tests := []struct {
		name  string
		token func(*testing.T) string
		want  string // substring of the 400 message; "" means accepted
	}{
		{"jti a word", jti("token-1"), `the jti claim "token-1" is not a UUID`},
		{"jti a UUID without hyphens", jti(strings.ReplaceAll(fresh, "-", "")), "is not a UUID"},
		{"jti a UUID in braces", jti("{" + uuid.NewString() + "}"), "is not a UUID"},
		{"jti a UUID URN", jti("urn:uuid:" + uuid.NewString()), "is not a UUID"},
		{"jti a UUID with a trailing newline", jti(uuid.NewString() + "\n"), "is not a UUID"},
		{"jti a UUID with a non-hex digit", jti("g" + uuid.NewString()[1:]), "is not a UUID"},
		{"jti a UUID", with(func(c *jwt.Claims) { c.ID = uuid.NewString() }), ""},
		{"jti an upper-case UUID", with(func(c *jwt.Claims) { c.ID = strings.ToUpper(uuid.NewString()) }), ""},
		{"amr a made-up value", amr("password"), `amr value "password" is not an RFC 8176`},
		{"amr upper case", amr("PWD"), `amr value "PWD"`},
		{"amr empty string", amr("pwd", ""), `amr value ""`},
		{"amr several known values", amr("mfa", "otp", "hwk"), ""},
		{"sub with no local part", sub("@example.com"), "empty local part"},
		{"sub with no domain", sub("user@"), "empty domain"},
		{"sub with two @", sub("a@b@example.com"), "exactly one @"},
		{"sub with a single-label domain", sub("user@localhost"), "at least two labels"},
		{"sub with a leading dot", sub(".user@example.com"), "may not start with a dot"},
		{"sub with a trailing dot", sub("user@example.com."), "may not end with a dot"},
		{"sub with a dot before the @", sub("user.@example.com"), "may not end with a dot"},
		{"sub with an empty label", sub("user@example..com"), "empty part between two dots"},
		{"sub with a doubled dot in the local part", sub("us..er@example.com"), "empty part between two dots"},
		{"sub with a control character", sub("us\u0007er@example.com"), "control character"},
		{"sub with a space", sub("us er@example.com"), "may not contain ' '"},
		{"sub with a display name", sub("User <user@example.com>"), "not a valid email address"},
		{"sub of 256 characters", sub(strings.Repeat("a", 244) + "@example.com"), "256 characters given; at most 255"},
		{"sub of 255 characters", sub(strings.Repeat("a", 243) + "@example.com"), ""},
		{"sub with a plus and dots", sub("first.last+tag@mail.example.co.uk"), ""},
		{"typ lower case", header(`,"typ":"jwt"`), `typ "jwt"; expected "JWT"`},
		{"typ JOSE", header(`,"typ":"JOSE"`), `typ "JOSE"`},
		{"typ a number", header(`,"typ":1`), "typ 1"},
		{"typ JWT", header(`,"typ":"JWT"`), ""},
		{"no typ", header(""), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, path := range []string{pathUserAccess, acct(p1) + "/portal/deep-links"} {
				r := m.post(t, boot, path, map[string]string{"jwt": tc.token(t)})
				if tc.want == "" {
					if r.status != http.StatusOK && r.status != http.StatusCreated {
						t.Fatalf("POST %s: %d %s, want it accepted", path, r.status, r.body)
					}
					continue
				}
				r.wantValidation(t, "jwt")
				if !strings.Contains(string(r.body), jsonEscaped(t, tc.want)) {
					t.Errorf("POST %s: the error does not say %q: %s", path, tc.want, r.body)
				}
			}
		})
	}
}

// TestPortal_jtiReplayInAnotherCase: a UUID is the same whatever the case of its digits, so
// a used jti sent again in upper case is refused as used.
func TestPortal_jtiReplayInAnotherCase(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot, own, p1 := m.b.APIKey, m.b.AccountID, m.b.PartnerAccountIDs[0]
	signer := m.issue(t, boot, "/v2/account", own, "JWT_SIGNING")
	first := m.claims("user@example.com", p1)
	m.post(t, boot, pathUserAccess, map[string]string{"jwt": sign(t, first, signer)}).wantStatus(t, http.StatusCreated)
	again := m.claims("user@example.com", p1)
	again.ID = strings.ToUpper(first.ID)
	r := m.post(t, boot, pathUserAccess, map[string]string{"jwt": sign(t, again, signer)})
	r.wantValidation(t, "jwt")
	if !strings.Contains(string(r.body), "was used before") {
		t.Fatalf("the error does not say the jti was used: %s", r.body)
	}
}

// jsonEscaped is s as it appears inside a JSON string.
func jsonEscaped(t *testing.T, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	return string(b[1 : len(b)-1])
}
