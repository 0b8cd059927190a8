package klarna_test

import (
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

func selfSignedPEM(t *testing.T, key *ecdsa.PrivateKey, cn string) string {
	t.Helper()
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pki.EncodeCertificatePEM(der))
}

// TestClientTLSCertificate_pemEdges: the client certificate is read as every other PEM
// certificate is: the chain in order, other blocks and text around them passed by.
func TestClientTLSCertificate_pemEdges(t *testing.T) {
	t.Parallel()
	key, other := newKey(t), newKey(t)
	leaf := selfSignedPEM(t, key, "leaf")
	issuer := selfSignedPEM(t, other, "issuer")
	keyPEM, err := pki.EncodePrivateKeyPEM(key)
	if err != nil {
		t.Fatal(err)
	}
	corrupt := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte{0x30, 0x00}}))
	for _, tc := range []struct {
		name, in string
		chain    int    // certificates in the chain
		err      string // prefix of the error
	}{
		{name: "empty", in: "", err: "client certificate: no PEM CERTIFICATE block found"},
		{name: "no block", in: "just text\n", err: "client certificate: no PEM CERTIFICATE block found"},
		{name: "only a key", in: string(keyPEM), err: "client certificate: no PEM CERTIFICATE block found"},
		{name: "one certificate", in: leaf, chain: 1},
		{name: "white space around and between", in: "\n \n" + leaf + "\r\n\t\n" + issuer + "\n", chain: 2},
		{name: "a key between certificates", in: leaf + string(keyPEM) + issuer, chain: 2},
		{name: "trailing garbage", in: leaf + "-----BEGIN CERTIFICATE-----\nnot base64", chain: 1},
		{name: "a certificate that does not parse", in: leaf + corrupt, err: "client certificate: x509: "},
		{name: "another key's certificate first", in: issuer + leaf, err: "the client private key does not belong to the client certificate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := klarna.ClientTLSCertificate([]byte(tc.in), keyPEM)
			if tc.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.err) {
					t.Fatalf("got %v; want an error starting %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Certificate) != tc.chain || got.Leaf == nil || got.Leaf.Subject.CommonName != "leaf" {
				t.Fatalf("chain of %d with leaf %v; want %d with the leaf first", len(got.Certificate), got.Leaf, tc.chain)
			}
		})
	}
}
