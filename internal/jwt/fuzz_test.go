package jwt

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

func FuzzVerify(f *testing.F) {
	s := newSigner(f)
	good, err := Sign(sampleClaims(time.Now()), s.cert, s.key)
	if err != nil {
		f.Fatal(err)
	}
	x5c := pki.X5C(s.cert)
	f.Add(good)
	f.Add(good[:len(good)-2] + "AA")
	f.Add(assemble(`{"alg":"HS256","typ":"JWT","x5c":["`+x5c+`"]}`, `{"iss":"x"}`, hs256([]byte("k"))))
	f.Add(assemble(`{"alg":"none","x5c":["`+x5c+`"]}`, `{}`, nil))
	f.Add(assemble(`{"alg":"ES256","x5c":["`+x5c+`"]}`, `{"iat":1,"exp":2}`, es256(f, s.key)))
	f.Add(assemble(`{"alg":"ES256","x5c":["`+x5c+`"],"b64":false,"crit":["b64"]}`, `{}`, es256(f, s.key)))
	f.Add("")
	f.Add("..")
	f.Add("a.b.c")
	f.Fuzz(func(t *testing.T, token string) {
		parsed, err := Verify(token)
		if err != nil {
			var ve *VerifyError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v (%T) is not a *VerifyError", err, err)
			}
			if parsed != nil {
				t.Fatal("returned a result with an error")
			}
			return
		}
		if parsed.Certificate == nil {
			t.Fatal("accepted a token without a certificate")
		}
		pub, ok := parsed.Certificate.PublicKey.(*ecdsa.PublicKey)
		if !ok || pub.Curve != elliptic.P256() {
			t.Fatal("accepted a token whose certificate key is not P-256")
		}
		// Whatever Verify accepts must also verify with crypto/ecdsa directly.
		parts := strings.Split(token, ".")
		sig, err := base64.RawURLEncoding.DecodeString(parts[2])
		if err != nil || len(sig) != 64 {
			t.Fatalf("accepted signature %q", parts[2])
		}
		sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
		r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
		if !ecdsa.Verify(pub, sum[:], r, s) {
			t.Fatal("accepted a token that crypto/ecdsa does not verify")
		}
		again, err := Verify(token)
		if err != nil || again.Claims.ID != parsed.Claims.ID {
			t.Fatalf("second verification differs: %v", err)
		}
	})
}
