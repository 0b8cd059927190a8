package pki

import (
	"crypto/elliptic"
	"math/big"
	"strings"
	"testing"
)

func TestCheckPEMCertificates_cases(t *testing.T) {
	t.Parallel()
	key := newECKey(t, elliptic.P256())
	first := string(EncodeCertificatePEM(selfSigned(t, key, "first", big.NewInt(1)).Raw))
	second := string(EncodeCertificatePEM(selfSigned(t, key, "second", big.NewInt(2)).Raw))
	for _, tc := range []struct {
		name, in, err string
	}{
		{name: "one certificate", in: first},
		{name: "a bundle", in: first + second},
		{name: "text around the blocks", in: "subject=first\n" + first + "\ntrailer\n"},
		{name: "empty", in: "", err: "no PEM CERTIFICATE block found"},
		{name: "not PEM", in: "hello", err: "no PEM CERTIFICATE block found"},
		{name: "a key among certificates", in: first + string(sec1PEM(t, key)), err: `found a PEM "EC PRIVATE KEY" block`},
		{name: "a CSR", in: string(pemBlock(BlockCertificateRequest, []byte{1, 2, 3})), err: `found a PEM "CERTIFICATE REQUEST" block`},
		{name: "a certificate that does not parse", in: first + string(pemBlock(BlockCertificate, []byte{1, 2, 3})), err: "certificate 2 does not parse"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := CheckPEMCertificates(tc.in)
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("CheckPEMCertificates: %v", err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("CheckPEMCertificates: want an error containing %q, got %v", tc.err, err)
			}
		})
	}
}
