// Package jwt signs and verifies the ES256 JSON Web Tokens of portal deep links and user
// access requests. A token's header carries the signing certificate in x5c; Verify checks
// the signature against that certificate's key and leaves the questions of whether the
// certificate is trusted or active, and whether the claims are acceptable, to its caller.
package jwt

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// Header values of every token.
const (
	// Algorithm is the only signature algorithm: ECDSA P-256 with SHA-256.
	Algorithm = "ES256"
	// Type is the typ header.
	Type = "JWT"
)

// Claims is the payload of a deep-link or user-access token. Times are epoch seconds.
type Claims struct {
	// Issuer is the acquiring partner's own account KRN.
	Issuer string `json:"iss"`
	// Subject is the portal user's email address.
	Subject string `json:"sub"`
	// ID is a fresh UUID per token; the API refuses a replay.
	ID string `json:"jti"`
	// IssuedAt is when the token was made.
	IssuedAt int64 `json:"iat"`
	// Expiry is when the token stops being valid.
	Expiry int64 `json:"exp"`
	// AccountID is the partner account the user gets into.
	AccountID string `json:"account_id"`
	// OnBehalfOf is optional; the API takes AccountID when it is empty.
	OnBehalfOf string `json:"on_behalf_of,omitempty"`
	// Roles are the portal roles granted (see apirules.Roles).
	Roles []string `json:"roles"`
	// AMR says how the acquiring partner authenticated the user, e.g. ["pwd"]; deep
	// links require it.
	AMR []string `json:"amr,omitempty"`
}

// Sign returns a compact JWS of claims with the header
// {"alg":"ES256","typ":"JWT","x5c":[X5C(cert)]}, signed with key. It refuses a key that is
// not ECDSA P-256 or does not match the certificate's public key. It does not judge the
// claims.
func Sign(claims Claims, cert *x509.Certificate, key *ecdsa.PrivateKey) (string, error) {
	switch {
	case key == nil:
		return "", errors.New("signing JWT: no private key given")
	case cert == nil:
		return "", errors.New("signing JWT: no certificate given")
	case key.Curve != elliptic.P256():
		return "", fmt.Errorf("signing JWT: private key is on curve %s; ES256 needs P-256", key.Curve.Params().Name)
	case !pki.SamePublicKey(cert.PublicKey, &key.PublicKey):
		return "", fmt.Errorf("signing JWT: private key does not match the public key of certificate %s (serial %s)", cert.Subject, pki.SerialHex(cert))
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("signing JWT: encoding claims: %w", err)
	}
	opts := (&jose.SignerOptions{}).WithType(Type).WithHeader("x5c", []string{pki.X5C(cert)})
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key}, opts)
	if err != nil {
		return "", fmt.Errorf("signing JWT: %w", err)
	}
	jws, err := signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("signing JWT: %w", err)
	}
	token, err := jws.CompactSerialize()
	if err != nil {
		return "", fmt.Errorf("signing JWT: %w", err)
	}
	return token, nil
}

// Kind classifies why a token failed verification.
type Kind string

// Kinds of verification failure.
const (
	// KindMalformed: the token is not a compact JWS with a JSON object header and payload.
	KindMalformed Kind = "malformed"
	// KindHeader: the header breaks a rule of how the token is signed (alg, x5c, crit, b64).
	KindHeader Kind = "header"
	// KindType: the header's typ is present and not exactly "JWT".
	KindType Kind = "typ"
	// KindSignature: the signature does not verify with the x5c certificate's key.
	KindSignature Kind = "signature"
)

// VerifyError is why Verify refused a token.
type VerifyError struct {
	// Kind classifies the failure.
	Kind Kind
	// Reason says what was found and what is expected.
	Reason string
	// Err is the underlying error, if any.
	Err error
}

// Error returns the reason.
func (e *VerifyError) Error() string { return e.Reason }

// Unwrap returns the underlying error, if any.
func (e *VerifyError) Unwrap() error { return e.Err }

func verifyErrorf(kind Kind, format string, args ...any) *VerifyError {
	err := fmt.Errorf(format, args...)
	return &VerifyError{Kind: kind, Reason: err.Error(), Err: errors.Unwrap(err)}
}

// Parsed is a token whose signature verified against the certificate in its x5c header.
type Parsed struct {
	// Certificate is the x5c certificate. Verify has not judged whether it is trusted.
	Certificate *x509.Certificate
	// Claims is the payload.
	Claims Claims
}

// strictB64 decodes the base64url parts of a token, refusing padding and
// non-zero trailing bits, so that one token has exactly one spelling.
var strictB64 = base64.RawURLEncoding.Strict()

// Verify parses a compact JWS and verifies its signature with the key of the one
// certificate in its x5c header. The header must have alg ES256, typ exactly JWT if typ is
// present, exactly one x5c certificate with an ECDSA P-256 key,
// and no crit or b64 parameter; header and payload must be JSON objects without duplicate
// names, and iat and exp must be integers. Verify does not judge whether the certificate is
// trusted or active, nor the claims or time window: see CheckTimes. Every error is a
// *VerifyError.
func Verify(token string) (*Parsed, error) {
	// Base64 decoders skip line breaks; refuse them so that a token has one spelling.
	if strings.ContainsAny(token, "\r\n") {
		return nil, verifyErrorf(KindMalformed, "JWT contains a line break; expected header.payload.signature in base64url with no white space")
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, verifyErrorf(KindMalformed, "JWT has %d dot-separated parts; expected 3 (header.payload.signature)", len(parts))
	}
	headerJSON, err := strictB64.DecodeString(parts[0])
	if err != nil {
		return nil, verifyErrorf(KindMalformed, "JWT header is not unpadded base64url: %w", err)
	}
	payloadJSON, err := strictB64.DecodeString(parts[1])
	if err != nil {
		return nil, verifyErrorf(KindMalformed, "JWT payload is not unpadded base64url: %w", err)
	}
	if _, err := strictB64.DecodeString(parts[2]); err != nil {
		return nil, verifyErrorf(KindMalformed, "JWT signature is not unpadded base64url: %w", err)
	}
	header, err := decodeObject(headerJSON)
	if err != nil {
		return nil, verifyErrorf(KindMalformed, "JWT header: %w", err)
	}
	cert, err := checkHeader(header)
	if err != nil {
		return nil, err
	}
	claims, err := decodeClaims(payloadJSON)
	if err != nil {
		return nil, verifyErrorf(KindMalformed, "JWT payload: %w", err)
	}

	jws, err := jose.ParseSignedCompact(token, []jose.SignatureAlgorithm{jose.ES256})
	if err != nil {
		var alg *jose.ErrUnexpectedSignatureAlgorithm
		if errors.As(err, &alg) {
			return nil, verifyErrorf(KindHeader, "JWT header: %w; expected %s", err, Algorithm)
		}
		return nil, verifyErrorf(KindMalformed, "JWT does not parse as a compact JWS: %w", err)
	}
	verified, err := jws.Verify(cert.PublicKey)
	if err != nil {
		return nil, verifyErrorf(KindSignature, "JWT signature does not verify with the key of the x5c certificate (serial %s): %w", pki.SerialHex(cert), err)
	}
	if !bytes.Equal(verified, payloadJSON) {
		return nil, verifyErrorf(KindMalformed, "JWT payload differs between parsers")
	}
	return &Parsed{Certificate: cert, Claims: claims}, nil
}

// checkHeader applies the header rules and returns the x5c certificate.
func checkHeader(h map[string]json.RawMessage) (*x509.Certificate, error) {
	rawAlg, ok := h["alg"]
	if !ok {
		return nil, verifyErrorf(KindHeader, "JWT header has no alg; expected %q", Algorithm)
	}
	var alg string
	if err := json.Unmarshal(rawAlg, &alg); err != nil || alg != Algorithm {
		return nil, verifyErrorf(KindHeader, "JWT header has alg %s; expected %q", rawAlg, Algorithm)
	}
	if rawTyp, ok := h["typ"]; ok {
		var typ string
		if err := json.Unmarshal(rawTyp, &typ); err != nil || typ != Type {
			return nil, verifyErrorf(KindType, "JWT header has typ %s; expected %q (exactly) or no typ", rawTyp, Type)
		}
	}
	for _, name := range []string{"crit", "b64"} {
		if v, ok := h[name]; ok {
			return nil, verifyErrorf(KindHeader, "JWT header has %s %s; expected no %s parameter", name, v, name)
		}
	}
	rawX5C, ok := h["x5c"]
	if !ok {
		return nil, verifyErrorf(KindHeader, "JWT header has no x5c; expected x5c with the signing certificate")
	}
	var x5c []string
	if err := json.Unmarshal(rawX5C, &x5c); err != nil || x5c == nil {
		return nil, verifyErrorf(KindHeader, "JWT header x5c is not an array of strings; expected [\"<base64 DER certificate>\"]")
	}
	if len(x5c) != 1 {
		return nil, verifyErrorf(KindHeader, "JWT header x5c holds %d certificates; expected exactly 1, the signing certificate", len(x5c))
	}
	der, err := base64.StdEncoding.Strict().DecodeString(x5c[0])
	if err != nil {
		return nil, verifyErrorf(KindHeader, "JWT header x5c entry is not standard base64: %w; expected the base64 DER of the signing certificate", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, verifyErrorf(KindHeader, "JWT header x5c entry is not an X.509 certificate: %w", err)
	}
	if pub, ok := cert.PublicKey.(*ecdsa.PublicKey); !ok || pub.Curve != elliptic.P256() {
		return nil, verifyErrorf(KindHeader, "JWT header x5c certificate (serial %s) has a %s key; expected an ECDSA P-256 key for %s", pki.SerialHex(cert), cert.PublicKeyAlgorithm, Algorithm)
	}
	return cert, nil
}

// decodeClaims reads the claims by their exact names; other claims are ignored.
func decodeClaims(b []byte) (Claims, error) {
	obj, err := decodeObject(b)
	if err != nil {
		return Claims{}, err
	}
	var c Claims
	for _, f := range []struct {
		name string
		dst  any
	}{
		{"iss", &c.Issuer},
		{"sub", &c.Subject},
		{"jti", &c.ID},
		{"iat", &c.IssuedAt},
		{"exp", &c.Expiry},
		{"account_id", &c.AccountID},
		{"on_behalf_of", &c.OnBehalfOf},
		{"roles", &c.Roles},
		{"amr", &c.AMR},
	} {
		name, dst := f.name, f.dst
		raw, ok := obj[name]
		if !ok {
			continue
		}
		if err := json.Unmarshal(raw, dst); err != nil {
			return Claims{}, fmt.Errorf("claim %s is %s, not of the expected type: %w", name, truncate(string(raw), 40), err)
		}
	}
	return c, nil
}

// decodeObject reads one JSON object whose member names are all different.
func decodeObject(b []byte) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("JSON %v is not an object", tok)
	}
	out := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("not a JSON object: %w", err)
		}
		name, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("not a JSON object: member name %v", tok)
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("not a JSON object: member %q: %w", name, err)
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("member %q appears twice", name)
		}
		out[name] = v
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("JSON object is followed by more data")
	}
	return out, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
