package jwt

import (
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

func TestSign_roundTrip(t *testing.T) {
	t.Parallel()
	s := newSigner(t)
	now := time.Now()
	full := sampleClaims(now)
	full.OnBehalfOf = "krn:partner:global:account:test:OTHER"
	minimal := sampleClaims(now)
	minimal.AMR = nil
	for _, tc := range []struct {
		name        string
		claims      Claims
		wantPayload []string // member names expected in the payload
		wantAbsent  []string
	}{
		{"all claims", full, []string{"iss", "sub", "jti", "iat", "exp", "account_id", "on_behalf_of", "roles", "amr"}, nil},
		{"optional claims empty", minimal, []string{"iss", "sub", "jti", "iat", "exp", "account_id", "roles"}, []string{"on_behalf_of", "amr"}},
		{"unicode subject", func() Claims { c := sampleClaims(now); c.Subject = "åsa@exämple.se"; return c }(), []string{"sub"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			token, err := Sign(tc.claims, s.cert, s.key)
			if err != nil {
				t.Fatal(err)
			}
			parts := strings.Split(token, ".")
			if len(parts) != 3 {
				t.Fatalf("token has %d parts", len(parts))
			}
			var header map[string]any
			if err := json.Unmarshal(mustB64(t, parts[0]), &header); err != nil {
				t.Fatal(err)
			}
			wantHeader := map[string]any{"alg": "ES256", "typ": "JWT", "x5c": []any{pki.X5C(s.cert)}}
			if !reflect.DeepEqual(header, wantHeader) {
				t.Errorf("header %v, want %v", header, wantHeader)
			}
			var payload map[string]any
			if err := json.Unmarshal(mustB64(t, parts[1]), &payload); err != nil {
				t.Fatal(err)
			}
			for _, name := range tc.wantPayload {
				if _, ok := payload[name]; !ok {
					t.Errorf("payload lacks %s: %v", name, payload)
				}
			}
			for _, name := range tc.wantAbsent {
				if _, ok := payload[name]; ok {
					t.Errorf("payload has %s: %v", name, payload)
				}
			}
			if len(mustB64(t, parts[2])) != 64 {
				t.Errorf("signature is %d bytes; ES256 needs 64", len(mustB64(t, parts[2])))
			}

			got, err := Verify(token)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if !reflect.DeepEqual(got.Claims, tc.claims) {
				t.Errorf("claims %+v, want %+v", got.Claims, tc.claims)
			}
			if !got.Certificate.Equal(s.cert) {
				t.Error("Verify returned a different certificate")
			}
		})
	}
}

func mustB64(t testing.TB, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSign_refuses(t *testing.T) {
	t.Parallel()
	s := newSigner(t)
	other := newSigner(t)
	p384 := newKey(t, elliptic.P384())
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		signer signer
		want   string
	}{
		{"nil key", signer{cert: s.cert}, "no private key"},
		{"nil certificate", signer{key: s.key}, "no certificate"},
		{"key of another certificate", signer{key: other.key, cert: s.cert}, "does not match the public key of certificate"},
		{"p384 key and certificate", signer{key: p384, cert: issue(t, &p384.PublicKey, "LYABCDEI")}, "P-384"},
		{"rsa certificate", signer{key: s.key, cert: issue(t, &rsaKey.PublicKey, "LYABCDEI")}, "does not match"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			token, err := Sign(sampleClaims(time.Now()), tc.signer.cert, tc.signer.key)
			if err == nil {
				t.Fatalf("Sign accepted it: %s", token)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

func TestVerify_accepts(t *testing.T) {
	t.Parallel()
	s := newSigner(t)
	x5c := pki.X5C(s.cert)
	claims := sampleClaims(time.Now())
	payload := mustJSON(t, claims)
	for _, tc := range []struct {
		name, header, payload string
		want                  Claims
	}{
		{"no typ", `{"alg":"ES256","x5c":["` + x5c + `"]}`, payload, claims},
		{"extra header kid", `{"kid":"k1","alg":"ES256","typ":"JWT","x5c":["` + x5c + `"]}`, payload, claims},
		{"unknown claims ignored", `{"alg":"ES256","x5c":["` + x5c + `"]}`, `{"iss":"x","nbf":1,"ISS":"y","extra":{"a":[1,2]}}`, Claims{Issuer: "x"}},
		{"white space in json", "{ \"alg\" : \"ES256\",\n \"x5c\" : [ \"" + x5c + "\" ] }", ` { "jti" : "a" } `, Claims{ID: "a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Verify(assemble(tc.header, tc.payload, es256(t, s.key)))
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if !reflect.DeepEqual(got.Claims, tc.want) {
				t.Errorf("claims %+v, want %+v", got.Claims, tc.want)
			}
		})
	}
}

func TestVerify_refuses(t *testing.T) {
	t.Parallel()
	s := newSigner(t)
	other := newSigner(t)
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p384 := newKey(t, elliptic.P384())
	x5c := pki.X5C(s.cert)
	hdr := func(extra string) string {
		return `{"alg":"ES256","typ":"JWT","x5c":["` + x5c + `"]` + extra + `}`
	}
	payload := mustJSON(t, sampleClaims(time.Now()))
	good, err := Sign(sampleClaims(time.Now()), s.cert, s.key)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, ".")

	// The same header and signature over a payload with another account_id.
	forged := sampleClaims(time.Now())
	forged.AccountID = "krn:partner:global:account:test:VICTIM"
	tamperedPayload := parts[0] + "." + b64.EncodeToString([]byte(mustJSON(t, forged))) + "." + parts[2]

	sig := mustB64(t, parts[2])
	sig[10] ^= 0x01
	tamperedSig := parts[0] + "." + parts[1] + "." + b64.EncodeToString(sig)

	// The last base64url character of a 64-byte signature carries 4 unused bits; setting
	// one gives another spelling of the same bytes.
	last := parts[2][len(parts[2])-1]
	idx := strings.IndexByte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", last)
	nonCanonical := parts[0] + "." + parts[1] + "." + parts[2][:len(parts[2])-1] + string("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[idx|1])

	for _, tc := range []struct {
		name  string
		token string
		kind  Kind
		want  string
	}{
		{"empty", "", KindMalformed, "1 dot-separated parts"},
		{"two parts", parts[0] + "." + parts[1], KindMalformed, "2 dot-separated parts"},
		{"four parts", good + ".x", KindMalformed, "4 dot-separated parts"},
		{"line break", parts[0] + "." + parts[1][:10] + "\n" + parts[1][10:] + "." + parts[2], KindMalformed, "contains a line break"},
		{"trailing newline", good + "\n", KindMalformed, "contains a line break"},
		{"padded base64", parts[0] + "=." + parts[1] + "." + parts[2], KindMalformed, "header is not unpadded base64url"},
		{"std base64 characters", parts[0] + "." + parts[1] + "." + strings.ReplaceAll(strings.ReplaceAll(parts[2], "-", "+"), "_", "/") + "+/", KindMalformed, "signature is not unpadded base64url"},
		{"non-canonical base64", nonCanonical, KindMalformed, "signature is not unpadded base64url"},
		{"header not json", assemble(`not json`, payload, es256(t, s.key)), KindMalformed, "header: not JSON"},
		{"header array", assemble(`["ES256"]`, payload, es256(t, s.key)), KindMalformed, "is not an object"},
		{"header duplicate alg", assemble(`{"alg":"HS256","alg":"ES256","x5c":["`+x5c+`"]}`, payload, es256(t, s.key)), KindMalformed, `"alg" appears twice`},
		{"header trailing data", assemble(hdr("")+"{}", payload, es256(t, s.key)), KindMalformed, "followed by more data"},
		{"payload not json", assemble(hdr(""), `claims`, es256(t, s.key)), KindMalformed, "payload: not JSON"},
		{"payload null", assemble(hdr(""), `null`, es256(t, s.key)), KindMalformed, "is not an object"},
		{"payload duplicate claim", assemble(hdr(""), `{"account_id":"a","account_id":"b"}`, es256(t, s.key)), KindMalformed, `"account_id" appears twice`},
		{"iat as string", assemble(hdr(""), `{"iat":"1700000000"}`, es256(t, s.key)), KindMalformed, "claim iat"},
		{"exp fractional", assemble(hdr(""), `{"exp":1700000000.5}`, es256(t, s.key)), KindMalformed, "claim exp"},
		{"roles as string", assemble(hdr(""), `{"roles":"merchant:admin"}`, es256(t, s.key)), KindMalformed, "claim roles"},
		{"alg HS256", assemble(`{"alg":"HS256","typ":"JWT","x5c":["`+x5c+`"]}`, payload, hs256([]byte(x5c))), KindHeader, `alg "HS256"; expected "ES256"`},
		{"alg none", assemble(`{"alg":"none","typ":"JWT","x5c":["`+x5c+`"]}`, payload, nil), KindHeader, `alg "none"`},
		{"alg ES384", assemble(`{"alg":"ES384","typ":"JWT","x5c":["`+x5c+`"]}`, payload, es256(t, s.key)), KindHeader, `alg "ES384"`},
		{"alg lower-case", assemble(`{"alg":"es256","typ":"JWT","x5c":["`+x5c+`"]}`, payload, es256(t, s.key)), KindHeader, `alg "es256"`},
		{"alg missing", assemble(`{"typ":"JWT","x5c":["`+x5c+`"]}`, payload, es256(t, s.key)), KindHeader, "no alg"},
		{"alg not a string", assemble(`{"alg":256,"x5c":["`+x5c+`"]}`, payload, es256(t, s.key)), KindHeader, "alg 256"},
		{"typ JOSE", assemble(`{"alg":"ES256","typ":"JOSE","x5c":["`+x5c+`"]}`, payload, es256(t, s.key)), KindType, `typ "JOSE"`},
		{"typ lower-case", assemble(`{"alg":"ES256","typ":"jwt","x5c":["`+x5c+`"]}`, payload, es256(t, s.key)), KindType, `typ "jwt"; expected "JWT" (exactly) or no typ`},
		{"typ mixed case", assemble(`{"alg":"ES256","typ":"Jwt","x5c":["`+x5c+`"]}`, payload, es256(t, s.key)), KindType, `typ "Jwt"`},
		{"typ not a string", assemble(`{"alg":"ES256","typ":1,"x5c":["`+x5c+`"]}`, payload, es256(t, s.key)), KindType, `typ 1`},
		{"typ empty", assemble(`{"alg":"ES256","typ":"","x5c":["`+x5c+`"]}`, payload, es256(t, s.key)), KindType, `typ ""`},
		{"crit", assemble(hdr(`,"crit":["exp"],"exp":1`), payload, es256(t, s.key)), KindHeader, "no crit parameter"},
		{"b64 false", assemble(hdr(`,"b64":false`), payload, es256(t, s.key)), KindHeader, "no b64 parameter"},
		{"x5c missing", assemble(`{"alg":"ES256","typ":"JWT"}`, payload, es256(t, s.key)), KindHeader, "no x5c"},
		{"x5c two entries", assemble(`{"alg":"ES256","typ":"JWT","x5c":["`+x5c+`","`+pki.X5C(other.cert)+`"]}`, payload, es256(t, s.key)), KindHeader, "holds 2 certificates"},
		{"x5c empty", assemble(`{"alg":"ES256","typ":"JWT","x5c":[]}`, payload, es256(t, s.key)), KindHeader, "holds 0 certificates"},
		{"x5c null", assemble(`{"alg":"ES256","typ":"JWT","x5c":null}`, payload, es256(t, s.key)), KindHeader, "not an array of strings"},
		{"x5c string", assemble(`{"alg":"ES256","typ":"JWT","x5c":"`+x5c+`"}`, payload, es256(t, s.key)), KindHeader, "not an array of strings"},
		{"x5c base64url", assemble(`{"alg":"ES256","typ":"JWT","x5c":["`+base64.RawURLEncoding.EncodeToString(s.cert.Raw)+`"]}`, payload, es256(t, s.key)), KindHeader, "not standard base64"},
		{"x5c not a certificate", assemble(`{"alg":"ES256","typ":"JWT","x5c":["`+base64.StdEncoding.EncodeToString([]byte("hello"))+`"]}`, payload, es256(t, s.key)), KindHeader, "not an X.509 certificate"},
		{"x5c rsa certificate", assemble(`{"alg":"ES256","typ":"JWT","x5c":["`+pki.X5C(issue(t, &rsaKey.PublicKey, "X"))+`"]}`, payload, es256(t, s.key)), KindHeader, "RSA key"},
		{"x5c p384 certificate", assemble(`{"alg":"ES256","typ":"JWT","x5c":["`+pki.X5C(issue(t, &p384.PublicKey, "X"))+`"]}`, payload, es256(t, s.key)), KindHeader, "expected an ECDSA P-256 key"},
		{"x5c of another key", assemble(`{"alg":"ES256","typ":"JWT","x5c":["`+pki.X5C(other.cert)+`"]}`, payload, es256(t, s.key)), KindSignature, "does not verify"},
		{"tampered payload", tamperedPayload, KindSignature, "does not verify"},
		{"tampered signature", tamperedSig, KindSignature, "does not verify"},
		{"empty signature", parts[0] + "." + parts[1] + ".", KindSignature, "does not verify"},
		{"short signature", parts[0] + "." + parts[1] + "." + b64.EncodeToString(sig[:63]), KindSignature, "does not verify"},
		{"der signature", parts[0] + "." + parts[1] + "." + b64.EncodeToString(derSignature(t, mustB64(t, parts[2]))), KindSignature, "does not verify"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Verify(tc.token)
			if err == nil {
				t.Fatalf("Verify accepted it: %+v", got.Claims)
			}
			var ve *VerifyError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v (%T) is not a *VerifyError", err, err)
			}
			if ve.Kind != tc.kind {
				t.Errorf("kind %q, want %q (%s)", ve.Kind, tc.kind, ve.Reason)
			}
			if ve.Error() != ve.Reason {
				t.Errorf("Error() %q differs from Reason %q", ve.Error(), ve.Reason)
			}
			if !strings.Contains(ve.Reason, tc.want) {
				t.Errorf("reason %q does not contain %q", ve.Reason, tc.want)
			}
		})
	}
}

// derSignature converts an R||S signature to the ASN.1 DER form used by X.509 and openssl.
func derSignature(t testing.TB, rs []byte) []byte {
	t.Helper()
	if len(rs) != 64 {
		t.Fatalf("signature is %d bytes, want 64", len(rs))
	}
	der, err := asn1.Marshal(struct{ R, S *big.Int }{
		new(big.Int).SetBytes(rs[:32]),
		new(big.Int).SetBytes(rs[32:]),
	})
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// TestSign_verifiedByOpenSSL has the openssl CLI, not go-jose, check a token made by Sign:
// openssl reads the public key from the x5c certificate and verifies the signature over
// header.payload. The tampered case shows that openssl does refuse a bad signature, so the
// test can fail.
func TestSign_verifiedByOpenSSL(t *testing.T) {
	t.Parallel()
	s := newSigner(t)
	token, err := Sign(sampleClaims(time.Now()), s.cert, s.key)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts", len(parts))
	}
	var header struct {
		Alg string   `json:"alg"`
		X5C []string `json:"x5c"`
	}
	if err := json.Unmarshal(mustB64(t, parts[0]), &header); err != nil {
		t.Fatal(err)
	}
	if header.Alg != "ES256" || len(header.X5C) != 1 {
		t.Fatalf("header %+v", header)
	}
	certDER, err := base64.StdEncoding.DecodeString(header.X5C[0])
	if err != nil {
		t.Fatalf("x5c is not standard base64: %v", err)
	}
	dir := t.TempDir()
	writeFile(t, dir, "cert.der", certDER)
	pub := openssl(t, dir, "x509", "-inform", "DER", "-in", "cert.der", "-noout", "-pubkey")
	writeFile(t, dir, "pub.pem", pub)
	writeFile(t, dir, "sig.der", derSignature(t, mustB64(t, parts[2])))

	for _, tc := range []struct {
		name   string
		input  string
		wantOK bool
	}{
		{"signing input as signed", parts[0] + "." + parts[1], true},
		{"tampered payload", parts[0] + "." + parts[1] + "x", false},
		{"payload alone", parts[1], false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			name := strings.ReplaceAll(tc.name, " ", "_") + ".txt"
			writeFile(t, dir, name, []byte(tc.input))
			out, err := opensslCmd(t, dir, "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.der", name)
			ok := err == nil && strings.Contains(string(out), "Verified OK")
			if ok != tc.wantOK {
				t.Errorf("openssl verified: %v, want %v (err %v)\n%s", ok, tc.wantOK, err, out)
			}
		})
	}
}
