package pki

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"strings"
	"testing"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

func TestBuildCSR_accepted(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		account string
	}{
		{"test account", testAccount},
		{"live account", "krn:partner:global:account:live:AB12CD34"},
		{"one character", "krn:partner:global:account:live:X"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			key := newECKey(t, elliptic.P256())
			cn := tc.account[strings.LastIndex(tc.account, ":")+1:]
			out, err := BuildCSR(key, cn)
			if err != nil {
				t.Fatal(err)
			}
			csr, err := CheckCSR(out, tc.account, apirules.UsageJWTSigning)
			if err != nil {
				t.Fatalf("CheckCSR refused BuildCSR's output: %v", err)
			}
			if !SamePublicKey(csr.PublicKey, &key.PublicKey) {
				t.Error("request holds a different key")
			}
			if csr.SignatureAlgorithm != x509.ECDSAWithSHA256 {
				t.Errorf("signature algorithm %v, want ECDSA-SHA256", csr.SignatureAlgorithm)
			}
			if len(csr.Subject.Names) != 1 || csr.Subject.CommonName != cn {
				t.Errorf("subject %v, want only CN=%s", csr.Subject, cn)
			}
		})
	}
}

// TestBuildCSR_openssl has openssl check the signature and read the subject of a request
// built here.
func TestBuildCSR_openssl(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out, err := BuildCSR(newECKey(t, elliptic.P256()), testCN)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "req.pem", out)
	subject := openssl(t, dir, "req", "-in", "req.pem", "-noout", "-verify", "-subject", "-nameopt", "RFC2253")
	if got := strings.TrimSpace(string(subject)); got != "subject=CN="+testCN {
		t.Errorf("openssl reads the subject as %q, want %q", got, "subject=CN="+testCN)
	}
	text := openssl(t, dir, "req", "-in", "req.pem", "-noout", "-text")
	for _, want := range []string{"ecdsa-with-SHA256", "NIST CURVE: P-256"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("openssl's description of the request lacks %q:\n%s", want, text)
		}
	}
}

func TestBuildCSR_refuses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		key  *ecdsa.PrivateKey
		cn   string
		want string
	}{
		{"nil key", nil, testCN, "no private key"},
		{"p384 key", newECKey(t, elliptic.P384()), testCN, "P-384"},
		{"empty cn", newECKey(t, elliptic.P256()), "", "empty"},
		{"invalid utf8 cn", newECKey(t, elliptic.P256()), "\xff", "UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := BuildCSR(tc.key, tc.cn)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("BuildCSR error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestCheckCSR_accepts(t *testing.T) {
	t.Parallel()
	key := newECKey(t, elliptic.P256())
	built, err := BuildCSR(key, testCN)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(built)
	for _, tc := range []struct {
		name string
		in   []byte
	}{
		{"built here", built},
		{"new certificate request label", pemBlock("NEW CERTIFICATE REQUEST", block.Bytes)},
		{"crlf", bytes.ReplaceAll(built, []byte("\n"), []byte("\r\n"))},
		{"sha384 signature", csrPEM(t, &x509.CertificateRequest{
			Subject: pkix.Name{CommonName: testCN}, SignatureAlgorithm: x509.ECDSAWithSHA384,
		}, key)},
		{"utf8string cn", csrPEM(t, &x509.CertificateRequest{
			RawSubject: mustMarshal(t, pkix.RDNSequence{{{Type: oidCommonName, Value: utf8String(testCN)}}}),
		}, key)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			csr, err := CheckCSR(tc.in, testAccount, apirules.UsageJWTSigning)
			if err != nil {
				t.Fatalf("CheckCSR: %v", err)
			}
			if csr.Subject.CommonName != testCN {
				t.Errorf("CN %q, want %q", csr.Subject.CommonName, testCN)
			}
		})
	}
}

// utf8String marshals as an ASN.1 UTF8String rather than a PrintableString.
type utf8String string

func mustMarshal(t testing.TB, v any) []byte {
	t.Helper()
	// pkix.AttributeTypeAndValue holds an any; convert utf8String values to RawValues
	// so encoding/asn1 writes them with the UTF8String tag.
	if rdns, ok := v.(pkix.RDNSequence); ok {
		for i := range rdns {
			for j := range rdns[i] {
				if s, ok := rdns[i][j].Value.(utf8String); ok {
					rdns[i][j].Value = asn1.RawValue{Tag: asn1.TagUTF8String, Bytes: []byte(s)}
				}
			}
		}
	}
	der, err := asn1.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func TestCheckCSR_refuses(t *testing.T) {
	t.Parallel()
	p256 := newECKey(t, elliptic.P256())
	good, err := BuildCSR(p256, testCN)
	if err != nil {
		t.Fatal(err)
	}
	goodBlock, _ := pem.Decode(good)
	cn := pkix.Name{CommonName: testCN}
	withSubject := func(rdns pkix.RDNSequence) []byte {
		return csrPEM(t, &x509.CertificateRequest{RawSubject: mustMarshal(t, rdns)}, p256)
	}
	atv := func(oid asn1.ObjectIdentifier, v any) pkix.AttributeTypeAndValue {
		return pkix.AttributeTypeAndValue{Type: oid, Value: v}
	}
	cnATV := atv(oidCommonName, testCN)

	// A request whose signature no longer matches: flip the last bit of the signature.
	sigFlipped := append([]byte{}, goodBlock.Bytes...)
	sigFlipped[len(sigFlipped)-1] ^= 1
	// A request whose subject was changed after signing: LYABCDEI becomes LYABCDEJ.
	subjectChanged := bytes.Replace(goodBlock.Bytes, []byte(testCN), []byte("LYABCDEJ"), 1)
	certificate := selfSigned(t, p256, testCN, bigOne)

	for _, tc := range []struct {
		name    string
		in      []byte
		account string
		want    string
	}{
		{"empty", nil, testAccount, "input is empty"},
		{"not pem", []byte("CN=LYABCDEI"), testAccount, "found no PEM data"},
		{"certificate instead", EncodeCertificatePEM(certificate.Raw), testAccount, `found a PEM block of type "CERTIFICATE"`},
		{"private key instead", sec1PEM(t, p256), testAccount, `found a PEM block of type "EC PRIVATE KEY"`},
		{"two requests", append(append([]byte{}, good...), good...), testAccount, "found 2 PEM blocks"},
		{"trailing garbage", append(append([]byte{}, good...), "junk"...), testAccount, "not PEM at byte"},
		{"corrupt der", pemBlock("CERTIFICATE REQUEST", []byte{0x30, 0x03, 0x02, 0x01, 0x00}), testAccount, "does not parse as a certificate request"},
		{"rsa key", csrPEM(t, &x509.CertificateRequest{Subject: cn}, sharedRSAKey(t)), testAccount, "holds an RSA key (2048 bits); expected an ECDSA P-256"},
		{"p384 key", csrPEM(t, &x509.CertificateRequest{Subject: cn}, newECKey(t, elliptic.P384())), testAccount, "holds an ECDSA P-384 key; expected an ECDSA P-256"},
		{"p521 key", csrPEM(t, &x509.CertificateRequest{Subject: cn}, newECKey(t, elliptic.P521())), testAccount, "ECDSA P-521 key"},
		{"ed25519 key", csrPEM(t, &x509.CertificateRequest{Subject: cn}, newEd25519Key(t)), testAccount, "holds an Ed25519 key"},
		{"signature tampered", pemBlock("CERTIFICATE REQUEST", sigFlipped), testAccount, "signature does not verify"},
		{"subject changed after signing", pemBlock("CERTIFICATE REQUEST", subjectChanged), "krn:partner:global:account:test:LYABCDEJ", "signature does not verify"},
		{"extra O", csrPEM(t, &x509.CertificateRequest{Subject: pkix.Name{CommonName: testCN, Organization: []string{"Acme"}}}, p256), testAccount, `subject is "O=Acme, CN=LYABCDEI"; expected only the CN`},
		{"extra OU", withSubject(pkix.RDNSequence{{cnATV}, {atv(asn1.ObjectIdentifier{2, 5, 4, 11}, "Ops")}}), testAccount, `"CN=LYABCDEI, OU=Ops"`},
		{"extra C", withSubject(pkix.RDNSequence{{atv(asn1.ObjectIdentifier{2, 5, 4, 6}, "SE")}, {cnATV}}), testAccount, `"C=SE, CN=LYABCDEI"`},
		{"extra emailAddress", withSubject(pkix.RDNSequence{{cnATV}, {atv(asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}, "ops@example.com")}}), testAccount, "emailAddress=ops@example.com"},
		{"two CNs", withSubject(pkix.RDNSequence{{cnATV}, {cnATV}}), testAccount, `"CN=LYABCDEI, CN=LYABCDEI"`},
		{"multi-valued rdn", withSubject(pkix.RDNSequence{{cnATV, atv(asn1.ObjectIdentifier{2, 5, 4, 10}, "Acme")}}), testAccount, `"O=Acme+CN=LYABCDEI"`}, // DER sorts the set by encoding
		{"unknown attribute", withSubject(pkix.RDNSequence{{cnATV}, {atv(asn1.ObjectIdentifier{1, 2, 3, 4}, "x")}}), testAccount, "1.2.3.4=x"},
		{"O only", withSubject(pkix.RDNSequence{{atv(asn1.ObjectIdentifier{2, 5, 4, 10}, "LYABCDEI")}}), testAccount, `"O=LYABCDEI"`},
		{"empty subject", withSubject(pkix.RDNSequence{}), testAccount, "subject is empty"},
		{"wrong CN", csrPEM(t, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "ACME"}}, p256), testAccount,
			`CN "ACME" must be "LYABCDEI" for usage JWT_SIGNING, the last segment of the account ID (krn:partner:global:account:test:LYABCDEI)`},
		{"lower-case CN", csrPEM(t, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "lyabcdei"}}, p256), testAccount, `CN "lyabcdei" must be "LYABCDEI"`},
		{"CN is the whole KRN", csrPEM(t, &x509.CertificateRequest{Subject: pkix.Name{CommonName: testAccount}}, p256), testAccount, `CN "krn:partner:global:account:test:LYABCDEI" is not allowed`},
		{"CN of another account", good, "krn:partner:global:account:live:ZZZZ", `CN "LYABCDEI" must be "ZZZZ" for usage JWT_SIGNING, the last segment of the account ID (krn:partner:global:account:live:ZZZZ)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			csr, err := CheckCSR(tc.in, tc.account, apirules.UsageJWTSigning)
			if err == nil {
				t.Fatalf("CheckCSR accepted it (subject %v)", csr.Subject)
			}
			var ce *CSRError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v (%T) is not a *CSRError", err, err)
			}
			if ce.Error() != ce.Reason {
				t.Errorf("Error() %q differs from Reason %q", ce.Error(), ce.Reason)
			}
			if !strings.Contains(ce.Reason, tc.want) {
				t.Errorf("reason %q does not contain %q", ce.Reason, tc.want)
			}
			if !strings.Contains(ce.Reason, "expected") && !strings.Contains(ce.Reason, "must be") {
				t.Errorf("reason %q does not say what is expected", ce.Reason)
			}
		})
	}
}

func TestCheckCSR_badAccountID(t *testing.T) {
	t.Parallel()
	good, err := BuildCSR(newECKey(t, elliptic.P256()), testCN)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		account string
		want    string
	}{
		{"empty", "", "empty"},
		{"bare id", testCN, "does not start with"},
		{"lower-case id", "krn:partner:global:account:test:lyabcdei", "upper-case"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := CheckCSR(good, tc.account, apirules.UsageJWTSigning)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("CheckCSR error %v, want one containing %q", err, tc.want)
			}
			var ce *CSRError
			if errors.As(err, &ce) {
				t.Errorf("an account ID error is a *CSRError: %v", err)
			}
		})
	}
}

func TestCSRError_unwrap(t *testing.T) {
	t.Parallel()
	key := newECKey(t, elliptic.P256())
	csr := csrPEM(t, &x509.CertificateRequest{Subject: pkix.Name{CommonName: testCN}}, key)
	block, _ := pem.Decode(csr)
	block.Bytes[len(block.Bytes)-1] ^= 1
	for _, tc := range []struct {
		name       string
		in         []byte
		wantUnwrap bool
	}{
		{"signature error wraps the cause", pem.EncodeToMemory(block), true},
		{"subject error has no cause", csrPEM(t, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "ACME"}}, key), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := CheckCSR(tc.in, testAccount, apirules.UsageJWTSigning)
			var ce *CSRError
			if !errors.As(err, &ce) {
				t.Fatalf("error %v is not a *CSRError", err)
			}
			if got := errors.Unwrap(ce) != nil; got != tc.wantUnwrap {
				t.Errorf("Unwrap() != nil is %v, want %v", got, tc.wantUnwrap)
			}
		})
	}
}

// TestCheckCSR_openssl checks requests that the openssl CLI writes.
func TestCheckCSR_openssl(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		keygen []string
		subj   string
		want   string // substring of the *CSRError; "" means accepted
	}{
		{"p256 cn only", []string{"ecparam", "-genkey", "-name", "prime256v1", "-out", "k.pem"}, "/CN=LYABCDEI", ""},
		{"p256 pkcs8 cn only", []string{"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "k.pem"}, "/CN=LYABCDEI", ""},
		{"p256 cn and O", []string{"ecparam", "-genkey", "-name", "prime256v1", "-out", "k.pem"}, "/CN=LYABCDEI/O=Acme", `"CN=LYABCDEI, O=Acme"`},
		{"p256 wrong cn", []string{"ecparam", "-genkey", "-name", "prime256v1", "-out", "k.pem"}, "/CN=ACME", `CN "ACME" must be "LYABCDEI"`},
		{"p384", []string{"ecparam", "-genkey", "-name", "secp384r1", "-out", "k.pem"}, "/CN=LYABCDEI", "ECDSA P-384 key"},
		{"rsa", []string{"genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "k.pem"}, "/CN=LYABCDEI", "RSA key"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			openssl(t, dir, tc.keygen...)
			openssl(t, dir, "req", "-new", "-key", "k.pem", "-subj", tc.subj, "-out", "req.pem")
			data := readFile(t, dir, "req.pem")
			csr, err := CheckCSR(data, testAccount, apirules.UsageJWTSigning)
			if tc.want == "" {
				if err != nil {
					t.Fatalf("CheckCSR: %v", err)
				}
				key, err := ParsePrivateKeyPEM(readFile(t, dir, "k.pem"))
				if err != nil {
					t.Fatal(err)
				}
				if !SamePublicKey(csr.PublicKey, &key.PublicKey) {
					t.Error("the request's key differs from the key file's")
				}
				return
			}
			var ce *CSRError
			if !errors.As(err, &ce) {
				t.Fatalf("CheckCSR error %v (%T), want a *CSRError", err, err)
			}
			if !strings.Contains(ce.Reason, tc.want) {
				t.Errorf("reason %q does not contain %q", ce.Reason, tc.want)
			}
		})
	}
}
