package pki

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"reflect"
)

// KeyExpected says, for error messages, what kind of private key this package accepts.
const KeyExpected = `an unencrypted ECDSA P-256 (prime256v1) private key in PEM, as "EC PRIVATE KEY" (SEC1, optionally preceded by "EC PARAMETERS") or "PRIVATE KEY" (PKCS#8)`

// oidP256 names the P-256 curve (prime256v1, secp256r1).
var oidP256 = asn1.ObjectIdentifier{1, 2, 840, 10045, 3, 1, 7}

// Names of curves that keys are commonly made on, for error messages.
var curveNames = map[string]string{
	"1.2.840.10045.3.1.7":  "P-256 (prime256v1)",
	"1.3.132.0.34":         "P-384 (secp384r1)",
	"1.3.132.0.35":         "P-521 (secp521r1)",
	"1.3.132.0.33":         "P-224 (secp224r1)",
	"1.3.132.0.10":         "secp256k1",
	"1.2.840.10045.3.1.1":  "P-192 (prime192v1)",
	"1.3.36.3.3.2.8.1.1.7": "brainpoolP256r1",
}

// ParsePrivateKeyPEM accepts an ECDSA P-256 private key as users have it: SEC1
// ("EC PRIVATE KEY"), PKCS#8 ("PRIVATE KEY"), and exactly as
// `openssl ecparam -genkey -name prime256v1` writes it (an "EC PARAMETERS" block before
// the key block). Only white space may surround the blocks. Anything else (RSA, other
// curves, encrypted keys, no PEM at all, a second key, text that is not PEM) gets an error
// that says what was found and what is expected.
func ParsePrivateKeyPEM(data []byte) (*ecdsa.PrivateKey, error) {
	blocks, err := decodeAllPEM(data, KeyExpected)
	if err != nil {
		return nil, err
	}
	var keyBlock *pem.Block
	var paramsBlock *pem.Block
	for _, b := range blocks {
		switch b.Type {
		case BlockECParameters:
			if paramsBlock != nil {
				return nil, fmt.Errorf("found two %q blocks; expected %s", BlockECParameters, KeyExpected)
			}
			paramsBlock = b
		case BlockECPrivateKey, BlockPrivateKey:
			if keyBlock != nil {
				return nil, fmt.Errorf("found more than one private key (%s); expected exactly one, %s", blockTypes(blocks), KeyExpected)
			}
			keyBlock = b
		case "ENCRYPTED PRIVATE KEY":
			return nil, fmt.Errorf("found an encrypted PKCS#8 private key (%q); expected %s (decrypt it first, e.g. `openssl pkcs8 -in key.pem -out plain.pem`)", b.Type, KeyExpected)
		case "RSA PRIVATE KEY":
			return nil, fmt.Errorf("found an RSA private key (%q); expected %s", b.Type, KeyExpected)
		case "OPENSSH PRIVATE KEY":
			return nil, fmt.Errorf("found an OpenSSH private key (%q); expected %s (convert it with `ssh-keygen -p -m PEM -f key`)", b.Type, KeyExpected)
		case "DSA PRIVATE KEY":
			return nil, fmt.Errorf("found a DSA private key (%q); expected %s", b.Type, KeyExpected)
		case BlockCertificate, BlockCertificateRequest, BlockNewCertificateRequest, "PUBLIC KEY", "EC PUBLIC KEY":
			return nil, fmt.Errorf("found a %q block, which holds no private key; expected only %s", b.Type, KeyExpected)
		default:
			return nil, fmt.Errorf("found a %q block; expected %s", b.Type, KeyExpected)
		}
	}
	if keyBlock == nil {
		return nil, fmt.Errorf("found only %s and no private key; expected %s", blockTypes(blocks), KeyExpected)
	}
	if paramsBlock != nil {
		if err := checkECParameters(paramsBlock.Bytes); err != nil {
			return nil, err
		}
	}
	if keyBlock.Headers["Proc-Type"] != "" || keyBlock.Headers["DEK-Info"] != "" {
		return nil, fmt.Errorf("found an encrypted %q block (Proc-Type %q); expected %s (decrypt it first, e.g. `openssl ec -in key.pem -out plain.pem`)", keyBlock.Type, keyBlock.Headers["Proc-Type"], KeyExpected)
	}
	var parsed any
	switch keyBlock.Type {
	case BlockECPrivateKey:
		parsed, err = x509.ParseECPrivateKey(keyBlock.Bytes)
		if err != nil {
			if _, err8 := x509.ParsePKCS8PrivateKey(keyBlock.Bytes); err8 == nil {
				return nil, fmt.Errorf("found PKCS#8 data in an %q block, which must hold SEC1 data; expected %s", keyBlock.Type, KeyExpected)
			}
			if oid, ok := sec1CurveOID(keyBlock.Bytes); ok && !oid.Equal(oidP256) {
				return nil, fmt.Errorf("found an EC private key on curve %s; expected %s", curveName(oid), KeyExpected)
			}
			return nil, fmt.Errorf("found an %q block that does not parse as a SEC1 EC private key (%w); expected %s", keyBlock.Type, err, KeyExpected)
		}
	case BlockPrivateKey:
		parsed, err = x509.ParsePKCS8PrivateKey(keyBlock.Bytes)
		if err != nil {
			if _, errEC := x509.ParseECPrivateKey(keyBlock.Bytes); errEC == nil {
				return nil, fmt.Errorf("found SEC1 data in a %q block, which must hold PKCS#8 data; expected %s", keyBlock.Type, KeyExpected)
			}
			if oid, ok := pkcs8CurveOID(keyBlock.Bytes); ok && !oid.Equal(oidP256) {
				return nil, fmt.Errorf("found an EC private key on curve %s; expected %s", curveName(oid), KeyExpected)
			}
			return nil, fmt.Errorf("found a %q block that does not parse as a PKCS#8 private key (%w); expected %s", keyBlock.Type, err, KeyExpected)
		}
	}
	key, ok := parsed.(*ecdsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("found %s; expected %s", describePrivateKey(parsed), KeyExpected)
	}
	if key.Curve != elliptic.P256() {
		return nil, fmt.Errorf("found an ECDSA private key on curve %s; expected %s", key.Curve.Params().Name, KeyExpected)
	}
	return key, nil
}

// checkECParameters requires an "EC PARAMETERS" block to name P-256.
func checkECParameters(der []byte) error {
	var oid asn1.ObjectIdentifier
	rest, err := asn1.Unmarshal(der, &oid)
	if err != nil || len(rest) != 0 {
		return fmt.Errorf("found an %q block that does not name a curve (explicit curve parameters are not supported); expected %s", BlockECParameters, KeyExpected)
	}
	if !oid.Equal(oidP256) {
		return fmt.Errorf("found an %q block naming curve %s; expected %s", BlockECParameters, curveName(oid), KeyExpected)
	}
	return nil
}

// sec1CurveOID reads the named curve of a SEC1 key that crypto/x509 could not parse.
func sec1CurveOID(der []byte) (asn1.ObjectIdentifier, bool) {
	var k struct {
		Version       int
		PrivateKey    []byte
		NamedCurveOID asn1.ObjectIdentifier `asn1:"optional,explicit,tag:0"`
		PublicKey     asn1.BitString        `asn1:"optional,explicit,tag:1"`
	}
	if _, err := asn1.Unmarshal(der, &k); err != nil || len(k.NamedCurveOID) == 0 {
		return nil, false
	}
	return k.NamedCurveOID, true
}

// oidECPublicKey is the PKCS#8 algorithm of EC keys.
var oidECPublicKey = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}

// pkcs8CurveOID reads the named curve of a PKCS#8 EC key that crypto/x509 could not parse.
func pkcs8CurveOID(der []byte) (asn1.ObjectIdentifier, bool) {
	var k struct {
		Version    int
		Algo       pkix.AlgorithmIdentifier
		PrivateKey []byte
	}
	if _, err := asn1.Unmarshal(der, &k); err != nil || !k.Algo.Algorithm.Equal(oidECPublicKey) {
		return nil, false
	}
	var oid asn1.ObjectIdentifier
	if _, err := asn1.Unmarshal(k.Algo.Parameters.FullBytes, &oid); err != nil {
		return nil, false
	}
	return oid, true
}

func curveName(oid asn1.ObjectIdentifier) string {
	if name, ok := curveNames[oid.String()]; ok {
		return name
	}
	return "with OID " + oid.String()
}

// describePrivateKey names the kind of a parsed private key other than ECDSA.
func describePrivateKey(k any) string {
	switch k := k.(type) {
	case *rsa.PrivateKey:
		return fmt.Sprintf("an RSA private key (%d bits)", k.N.BitLen())
	case ed25519.PrivateKey:
		return "an Ed25519 private key"
	case *ecdh.PrivateKey:
		return fmt.Sprintf("an ECDH-only private key (%v)", k.Curve())
	default:
		return fmt.Sprintf("a private key of type %T", k)
	}
}

// describePublicKey names the kind of a public key, for error messages.
func describePublicKey(k crypto.PublicKey) string {
	switch k := k.(type) {
	case *ecdsa.PublicKey:
		if k.Curve == nil {
			return "an ECDSA key on no curve"
		}
		return "an ECDSA " + k.Curve.Params().Name + " key"
	case *rsa.PublicKey:
		return fmt.Sprintf("an RSA key (%d bits)", k.N.BitLen())
	case ed25519.PublicKey:
		return "an Ed25519 key"
	case nil:
		return "a key of an algorithm Go does not support"
	default:
		return fmt.Sprintf("a key of type %T", k)
	}
}

// EncodePrivateKeyPEM writes key as a SEC1 "EC PRIVATE KEY" PEM block.
func EncodePrivateKeyPEM(key *ecdsa.PrivateKey) ([]byte, error) {
	if key == nil {
		return nil, errors.New("no private key given")
	}
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("encoding EC private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: BlockECPrivateKey, Bytes: der}), nil
}

// SamePublicKey reports whether a and b are the same public key. Keys of different
// types, and nil keys, are never the same.
func SamePublicKey(a, b crypto.PublicKey) bool {
	if isNil(a) || isNil(b) {
		return false
	}
	eq, ok := a.(interface{ Equal(crypto.PublicKey) bool })
	if !ok {
		return false
	}
	return eq.Equal(b)
}

// isNil reports whether v is nil or a nil pointer inside an interface.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	r := reflect.ValueOf(v)
	return r.Kind() == reflect.Pointer && r.IsNil()
}

// isP256 reports whether pub is an ECDSA P-256 public key.
func isP256(pub crypto.PublicKey) bool {
	k, ok := pub.(*ecdsa.PublicKey)
	return ok && k.Curve == elliptic.P256()
}
