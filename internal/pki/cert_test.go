package pki

import (
	"bytes"
	"crypto/elliptic"
	"crypto/x509"
	"encoding/pem"
	"math/big"
	"regexp"
	"strings"
	"testing"
)

var bigOne = big.NewInt(1)

func TestParseCertificatePEM_accepts(t *testing.T) {
	t.Parallel()
	key := newECKey(t, elliptic.P256())
	first := selfSigned(t, key, "first", big.NewInt(1))
	second := selfSigned(t, key, "second", big.NewInt(2))
	firstPEM := EncodeCertificatePEM(first.Raw)
	secondPEM := EncodeCertificatePEM(second.Raw)
	for _, tc := range []struct {
		name string
		in   []byte
	}{
		{"alone", firstPEM},
		{"chain takes the first", append(append([]byte{}, firstPEM...), secondPEM...)},
		{"after a key block", append(sec1PEM(t, key), firstPEM...)},
		{"after text", append([]byte("Certificate:\n    Data: ...\n"), firstPEM...)},
		{"crlf", bytes.ReplaceAll(firstPEM, []byte("\n"), []byte("\r\n"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseCertificatePEM(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(first) {
				t.Errorf("parsed certificate %q, want %q", got.Subject.CommonName, first.Subject.CommonName)
			}
		})
	}
}

func TestParseCertificatePEM_refuses(t *testing.T) {
	t.Parallel()
	key := newECKey(t, elliptic.P256())
	csr, err := BuildCSR(key, testCN)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "input is empty"},
		{"not pem", []byte("MIIB..."), `starts with "MIIB..."`},
		{"der", selfSigned(t, key, "x", bigOne).Raw, "binary DER"},
		{"only a key", sec1PEM(t, key), `found PEM blocks "EC PRIVATE KEY" but no "CERTIFICATE" block`},
		{"only a request", csr, `"CERTIFICATE REQUEST"`},
		{"corrupt der", pemBlock("CERTIFICATE", []byte{0x30, 0x00}), "does not parse as an X.509 certificate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseCertificatePEM(tc.in)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestEncodeCertificatePEM_roundTrip(t *testing.T) {
	t.Parallel()
	cert := selfSigned(t, newECKey(t, elliptic.P256()), testCN, bigOne)
	out := EncodeCertificatePEM(cert.Raw)
	b, rest := pem.Decode(out)
	if b == nil || b.Type != "CERTIFICATE" || len(rest) != 0 || !bytes.Equal(b.Bytes, cert.Raw) {
		t.Fatalf("EncodeCertificatePEM wrote %q", out)
	}
}

func TestX5C_isPEMBody(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		cert *x509.Certificate
		want func(*x509.Certificate) string
	}{
		{"p256", selfSigned(t, newECKey(t, elliptic.P256()), testCN, bigOne), pemBody},
		{"rsa", selfSigned(t, sharedRSAKey(t), testCN, bigOne), pemBody},
		{"nil", nil, func(*x509.Certificate) string { return "" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := X5C(tc.cert)
			if want := tc.want(tc.cert); got != want {
				t.Errorf("X5C = %q, want %q", got, want)
			}
			if strings.ContainsAny(got, "\n\r -_") {
				t.Errorf("X5C %q holds line breaks or URL-safe characters", got)
			}
		})
	}
}

// pemBody is the PEM encoding of cert with the BEGIN and END lines and newlines removed.
func pemBody(cert *x509.Certificate) string {
	lines := strings.Split(strings.TrimSpace(string(EncodeCertificatePEM(cert.Raw))), "\n")
	return strings.Join(lines[1:len(lines)-1], "")
}

// TestFingerprintSHA256_openssl compares the fingerprint and serial with what openssl prints.
func TestFingerprintSHA256_openssl(t *testing.T) {
	t.Parallel()
	key := newECKey(t, elliptic.P256())
	for _, tc := range []struct {
		name       string
		serial     *big.Int
		wantSerial string
	}{
		{"small serial", big.NewInt(10), "a"},
		{"serial with a leading zero nibble", new(big.Int).SetBytes([]byte{0x01, 0x23, 0xab, 0xcd, 0xef}), "123abcdef"},
		{"large serial", new(big.Int).Lsh(big.NewInt(0xfe), 152), "fe" + strings.Repeat("0", 152/4)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cert := selfSigned(t, key, testCN, tc.serial)
			fp := FingerprintSHA256(cert)
			if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(fp) {
				t.Errorf("fingerprint %q is not 64 lower-case hex digits", fp)
			}
			if got := SerialHex(cert); got != tc.wantSerial {
				t.Errorf("SerialHex = %q, want %q", got, tc.wantSerial)
			}
			dir := t.TempDir()
			writeFile(t, dir, "c.pem", EncodeCertificatePEM(cert.Raw))
			out := string(openssl(t, dir, "x509", "-in", "c.pem", "-noout", "-fingerprint", "-sha256", "-serial"))
			m := regexp.MustCompile(`(?i)sha256 Fingerprint=([0-9A-F:]+)`).FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("no fingerprint in openssl output %q", out)
			}
			if want := strings.ToLower(strings.ReplaceAll(m[1], ":", "")); fp != want {
				t.Errorf("FingerprintSHA256 = %s, openssl says %s", fp, want)
			}
			s := regexp.MustCompile(`serial=([0-9A-F]+)`).FindStringSubmatch(out)
			if s == nil {
				t.Fatalf("no serial in openssl output %q", out)
			}
			if want := strings.TrimLeft(strings.ToLower(s[1]), "0"); SerialHex(cert) != want {
				t.Errorf("SerialHex = %s, openssl says %s", SerialHex(cert), s[1])
			}
		})
	}
}

func TestSerialHex_nil(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		cert *x509.Certificate
	}{
		{"nil certificate", nil},
		{"nil serial", &x509.Certificate{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := SerialHex(tc.cert); got != "" {
				t.Errorf("SerialHex = %q, want empty", got)
			}
			if tc.cert == nil && FingerprintSHA256(tc.cert) != "" {
				t.Error("FingerprintSHA256(nil) is not empty")
			}
		})
	}
}
