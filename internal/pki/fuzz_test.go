package pki

import (
	"crypto/elliptic"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"testing"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"

	"github.com/partnerops/terraform-provider-klarna/internal/krn"
)

func FuzzParsePrivateKeyPEM(f *testing.F) {
	p256 := newECKey(f, elliptic.P256())
	params, err := asn1.Marshal(oidP256)
	if err != nil {
		f.Fatal(err)
	}
	sec1 := sec1PEM(f, p256)
	f.Add(sec1)
	f.Add(pkcs8PEM(f, p256))
	f.Add(append(pemBlock("EC PARAMETERS", params), sec1...))
	f.Add(sec1PEM(f, newECKey(f, elliptic.P384())))
	f.Add(pkcs8PEM(f, newEd25519Key(f)))
	f.Add(pemBlock("RSA PRIVATE KEY", []byte{0x30, 0x00}))
	f.Add(pemBlock("ENCRYPTED PRIVATE KEY", []byte{1, 2, 3}))
	f.Add(append(append([]byte{}, sec1...), "trailing"...))
	f.Add([]byte("-----BEGIN EC PRIVATE KEY-----\n"))
	f.Add([]byte(""))
	f.Add([]byte("not pem"))
	f.Fuzz(func(t *testing.T, data []byte) {
		key, err := ParsePrivateKeyPEM(data)
		if err != nil {
			if key != nil {
				t.Fatal("returned a key with an error")
			}
			return
		}
		if key.Curve != elliptic.P256() {
			t.Fatalf("accepted a key on %s", key.Curve.Params().Name)
		}
		out, err := EncodePrivateKeyPEM(key)
		if err != nil {
			t.Fatalf("accepted key does not encode: %v", err)
		}
		back, err := ParsePrivateKeyPEM(out)
		if err != nil || !back.Equal(key) {
			t.Fatalf("accepted key does not survive a round trip: %v", err)
		}
	})
}

func FuzzCheckCSR(f *testing.F) {
	p256 := newECKey(f, elliptic.P256())
	good, err := BuildCSR(p256, testCN)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good, testAccount)
	f.Add(good, "krn:partner:global:account:live:OTHER")
	f.Add(good, "")
	f.Add(csrPEM(f, &x509.CertificateRequest{Subject: pkix.Name{CommonName: testCN, Organization: []string{"Acme"}}}, p256), testAccount)
	f.Add(csrPEM(f, &x509.CertificateRequest{Subject: pkix.Name{CommonName: testCN}}, newECKey(f, elliptic.P384())), testAccount)
	f.Add(csrPEM(f, &x509.CertificateRequest{Subject: pkix.Name{CommonName: testCN}}, newEd25519Key(f)), testAccount)
	f.Add(pemBlock("CERTIFICATE REQUEST", []byte{0x30, 0x00}), testAccount)
	f.Add([]byte("garbage"), testAccount)
	f.Fuzz(func(t *testing.T, data []byte, account string) {
		csr, err := CheckCSR(data, account, apirules.UsageJWTSigning)
		if err != nil {
			if csr != nil {
				t.Fatal("returned a request with an error")
			}
			var ce *CSRError
			if _, accErr := krn.Parse(account); accErr == nil && !errors.As(err, &ce) {
				t.Fatalf("error for a valid account is not a *CSRError: %v", err)
			}
			return
		}
		id, err := krn.Parse(account)
		if err != nil {
			t.Fatalf("accepted a request for an invalid account ID %q", account)
		}
		if !isP256(csr.PublicKey) {
			t.Fatalf("accepted %s", describePublicKey(csr.PublicKey))
		}
		if err := csr.CheckSignature(); err != nil {
			t.Fatalf("accepted a request whose signature does not verify: %v", err)
		}
		if len(csr.Subject.Names) != 1 || csr.Subject.CommonName != id.CommonName() {
			t.Fatalf("accepted subject %v for account %s", csr.Subject, account)
		}
	})
}

func FuzzParseCertificatePEM(f *testing.F) {
	f.Add([]byte(""))
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
	f.Add(pemBlock("CERTIFICATE", []byte{0x30, 0x82, 0x01}))
	f.Add(append(pemBlock("PRIVATE KEY", []byte{1}), pemBlock("CERTIFICATE", []byte{0x30, 0})...))
	f.Fuzz(func(t *testing.T, data []byte) {
		cert, err := ParseCertificatePEM(data)
		if (err == nil) == (cert == nil) {
			t.Fatalf("want exactly one of a certificate and an error, got %v and %v", cert, err)
		}
		if err == nil && X5C(cert) == "" {
			t.Fatal("a parsed certificate has no x5c value")
		}
	})
}
