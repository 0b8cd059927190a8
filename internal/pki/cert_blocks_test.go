package pki

import (
	"crypto/elliptic"
	"math/big"
	"slices"
	"strings"
	"testing"
)

// pemEdges are the shapes of PEM text every reader of certificates meets: each case says
// which certificates (by CN) CertificateBlocks finds and which block types it passes by.
type pemEdge struct {
	name       string
	in         string
	certs      []string // CNs of the CERTIFICATE blocks, in order
	otherTypes []string // types of the other blocks, in order
	badCerts   int      // CERTIFICATE blocks that do not parse
}

func pemEdges(t *testing.T) []pemEdge {
	t.Helper()
	key := newECKey(t, elliptic.P256())
	first := string(EncodeCertificatePEM(selfSigned(t, key, "first", big.NewInt(1)).Raw))
	second := string(EncodeCertificatePEM(selfSigned(t, key, "second", big.NewInt(2)).Raw))
	keyPEM := string(sec1PEM(t, key))
	corrupt := string(pemBlock(BlockCertificate, []byte{0x30, 0x00}))
	return []pemEdge{
		{name: "empty", in: ""},
		{name: "no block", in: "just some text\n"},
		{name: "white space only", in: " \n\t\r\n"},
		{name: "one certificate", in: first, certs: []string{"first"}},
		{name: "white space around and between", in: "\n  \n" + first + "\r\n\t\n" + second + "\n\n", certs: []string{"first", "second"}},
		{name: "crlf line ends", in: strings.ReplaceAll(first, "\n", "\r\n"), certs: []string{"first"}},
		{name: "a key between certificates", in: first + keyPEM + second, certs: []string{"first", "second"}, otherTypes: []string{BlockECPrivateKey}},
		{name: "a key before the certificate", in: keyPEM + first, certs: []string{"first"}, otherTypes: []string{BlockECPrivateKey}},
		{name: "text around the blocks", in: "subject=first\n" + first + "issuer=first\n" + second, certs: []string{"first", "second"}},
		{name: "trailing garbage", in: first + "-----BEGIN CERTIFICATE-----\nnot base64", certs: []string{"first"}},
		{name: "a certificate that does not parse", in: first + corrupt + second, certs: []string{"first", "second"}, badCerts: 1},
	}
}

func TestCertificateBlocks_edges(t *testing.T) {
	t.Parallel()
	for _, tc := range pemEdges(t) {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var certs, others []string
			bad := 0
			for b := range CertificateBlocks([]byte(tc.in)) {
				switch {
				case !b.IsCertificate():
					if b.Certificate != nil || b.Err != nil {
						t.Errorf("a %q block comes with a certificate or an error", b.Block.Type)
					}
					others = append(others, b.Block.Type)
				case b.Err != nil:
					if b.Certificate != nil {
						t.Error("a certificate block that does not parse comes with a certificate")
					}
					bad++
				default:
					certs = append(certs, b.Certificate.Subject.CommonName)
				}
			}
			if !slices.Equal(certs, tc.certs) || !slices.Equal(others, tc.otherTypes) || bad != tc.badCerts {
				t.Errorf("read certificates %q, other blocks %q, %d bad; want %q, %q, %d", certs, others, bad, tc.certs, tc.otherTypes, tc.badCerts)
			}
		})
	}
}

func TestCertificateBlocks_stopsWhenTold(t *testing.T) {
	t.Parallel()
	key := newECKey(t, elliptic.P256())
	in := string(EncodeCertificatePEM(selfSigned(t, key, "first", big.NewInt(1)).Raw)) +
		string(EncodeCertificatePEM(selfSigned(t, key, "second", big.NewInt(2)).Raw))
	n := 0
	for range CertificateBlocks([]byte(in)) {
		n++
		break
	}
	if n != 1 {
		t.Fatalf("read %d blocks after the loop stopped at the first", n)
	}
}

// TestPEMCertificateReaders_edges runs this package's two readers over the shared edge
// cases: ParseCertificatePEM takes the first certificate and passes other blocks by;
// CheckPEMCertificates takes only certificate blocks, all of which must parse.
func TestPEMCertificateReaders_edges(t *testing.T) {
	t.Parallel()
	want := map[string]struct{ parse, check string }{
		"empty":                             {parse: "found no PEM data (the input is empty)", check: "no PEM CERTIFICATE block found"},
		"no block":                          {parse: `found no PEM data (the input starts with "just some text\n")`, check: "no PEM CERTIFICATE block found"},
		"white space only":                  {parse: "found no PEM data", check: "no PEM CERTIFICATE block found"},
		"one certificate":                   {parse: "first"},
		"white space around and between":    {parse: "first"},
		"crlf line ends":                    {parse: "first"},
		"a key between certificates":        {parse: "first", check: `found a PEM "EC PRIVATE KEY" block; only CERTIFICATE blocks are allowed here`},
		"a key before the certificate":      {parse: "first", check: `found a PEM "EC PRIVATE KEY" block`},
		"text around the blocks":            {parse: "first"},
		"trailing garbage":                  {parse: "first"},
		"a certificate that does not parse": {parse: "first", check: "certificate 2 does not parse: "},
	}
	for _, tc := range pemEdges(t) {
		w, ok := want[tc.name]
		if !ok {
			t.Fatalf("no expectation for %q", tc.name)
		}
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cert, err := ParseCertificatePEM([]byte(tc.in))
			switch {
			case len(tc.certs) > 0 && (err != nil || cert.Subject.CommonName != w.parse):
				t.Errorf("ParseCertificatePEM: got %v, %v; want the certificate %q", cert, err, w.parse)
			case len(tc.certs) == 0 && (err == nil || !strings.HasPrefix(err.Error(), w.parse)):
				t.Errorf("ParseCertificatePEM: got %v; want an error starting %q", err, w.parse)
			}
			err = CheckPEMCertificates(tc.in)
			switch {
			case w.check == "" && err != nil:
				t.Errorf("CheckPEMCertificates: %v", err)
			case w.check != "" && (err == nil || !strings.HasPrefix(err.Error(), w.check)):
				t.Errorf("CheckPEMCertificates: got %v; want an error starting %q", err, w.check)
			}
		})
	}
}
