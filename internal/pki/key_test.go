package pki

import (
	"bytes"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"strings"
	"testing"
)

func TestParsePrivateKeyPEM_accepts(t *testing.T) {
	t.Parallel()
	key := newECKey(t, elliptic.P256())
	sec1 := sec1PEM(t, key)
	pkcs8 := pkcs8PEM(t, key)
	params, err := asn1.Marshal(oidP256)
	if err != nil {
		t.Fatal(err)
	}
	paramsPEM := pemBlock("EC PARAMETERS", params)

	for _, tc := range []struct {
		name string
		in   []byte
	}{
		{"sec1", sec1},
		{"pkcs8", pkcs8},
		{"ec parameters then sec1", append(append([]byte{}, paramsPEM...), sec1...)},
		{"sec1 then ec parameters", append(append([]byte{}, sec1...), paramsPEM...)},
		{"crlf line endings", bytes.ReplaceAll(sec1, []byte("\n"), []byte("\r\n"))},
		{"surrounding white space", append(append([]byte("\n\t  \n"), pkcs8...), []byte("\n\n  ")...)},
		{"no final newline", bytes.TrimRight(sec1, "\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParsePrivateKeyPEM(tc.in)
			if err != nil {
				t.Fatalf("ParsePrivateKeyPEM: %v", err)
			}
			if !got.Equal(key) {
				t.Fatal("parsed key differs from the original")
			}
		})
	}
}

func TestParsePrivateKeyPEM_refuses(t *testing.T) {
	t.Parallel()
	p256 := newECKey(t, elliptic.P256())
	p384 := newECKey(t, elliptic.P384())
	rsaKey := sharedRSAKey(t)
	sec1 := sec1PEM(t, p256)
	pkcs8DER, err := x509.MarshalPKCS8PrivateKey(p256)
	if err != nil {
		t.Fatal(err)
	}
	sec1DER, err := x509.MarshalECPrivateKey(p256)
	if err != nil {
		t.Fatal(err)
	}
	x25519, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	params384, err := asn1.Marshal(asn1.ObjectIdentifier{1, 3, 132, 0, 34})
	if err != nil {
		t.Fatal(err)
	}
	// A SEC1 key on secp256k1, which crypto/x509 does not know.
	k1, err := asn1.Marshal(struct {
		Version       int
		PrivateKey    []byte
		NamedCurveOID asn1.ObjectIdentifier `asn1:"optional,explicit,tag:0"`
	}{1, bytes.Repeat([]byte{7}, 32), asn1.ObjectIdentifier{1, 3, 132, 0, 10}})
	if err != nil {
		t.Fatal(err)
	}
	encryptedLegacy := pem.EncodeToMemory(&pem.Block{
		Type:    "EC PRIVATE KEY",
		Headers: map[string]string{"Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-128-CBC,00112233445566778899AABBCCDDEEFF"},
		Bytes:   bytes.Repeat([]byte{1}, 128),
	})
	cert := selfSigned(t, p256, testCN, bigOne)
	missingEnd := bytes.TrimSuffix(bytes.TrimRight(sec1, "\n"), []byte("-----END EC PRIVATE KEY-----"))

	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "input is empty"},
		{"white space only", []byte(" \n\t"), "input is empty"},
		{"not pem", []byte("hello world"), `starts with "hello world"`},
		{"der", sec1DER, "binary DER"},
		{"rsa pkcs1", pemBlock("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(rsaKey)), "RSA private key"},
		{"rsa pkcs8", pkcs8PEM(t, rsaKey), "RSA private key (2048 bits)"},
		{"p384 sec1", sec1PEM(t, p384), "curve P-384"},
		{"p384 pkcs8", pkcs8PEM(t, p384), "curve P-384"},
		{"secp256k1 sec1", pemBlock("EC PRIVATE KEY", k1), "secp256k1"},
		{"ed25519 pkcs8", pkcs8PEM(t, newEd25519Key(t)), "Ed25519"},
		{"x25519 pkcs8", pkcs8PEM(t, x25519), "ECDH-only"},
		{"encrypted pkcs8", pemBlock("ENCRYPTED PRIVATE KEY", bytes.Repeat([]byte{1}, 64)), "encrypted PKCS#8"},
		{"encrypted legacy pem", encryptedLegacy, "encrypted"},
		{"openssh", pemBlock("OPENSSH PRIVATE KEY", []byte("openssh-key-v1")), "OpenSSH"},
		{"trailing garbage", append(append([]byte{}, sec1...), []byte("garbage\n")...), "not PEM at byte"},
		{"leading garbage", append([]byte("garbage\n"), sec1...), "not PEM before"},
		{"two keys", append(append([]byte{}, sec1...), sec1...), "more than one private key"},
		{"ec parameters for p384", append(pemBlock("EC PARAMETERS", params384), sec1...), "naming curve P-384"},
		{"explicit ec parameters", append(pemBlock("EC PARAMETERS", []byte{0x30, 0x03, 0x02, 0x01, 0x01}), sec1...), "explicit curve parameters"},
		{"two ec parameters", append(append(pemBlock("EC PARAMETERS", params384), pemBlock("EC PARAMETERS", params384)...), sec1...), `two "EC PARAMETERS"`},
		{"ec parameters only", pemBlock("EC PARAMETERS", params384), "no private key"},
		{"certificate", EncodeCertificatePEM(cert.Raw), `"CERTIFICATE" block, which holds no private key`},
		{"key and certificate", append(append([]byte{}, sec1...), EncodeCertificatePEM(cert.Raw)...), `"CERTIFICATE" block`},
		{"public key", pemBlock("PUBLIC KEY", []byte{1}), "holds no private key"},
		{"unknown block", pemBlock("FOO", []byte{1}), `"FOO" block`},
		{"missing end line", missingEnd, "malformed PEM block"},
		{"corrupt sec1", pemBlock("EC PRIVATE KEY", []byte{0x30, 0x01}), "does not parse as a SEC1"},
		{"corrupt pkcs8", pemBlock("PRIVATE KEY", []byte{0x30, 0x01}), "does not parse as a PKCS#8"},
		{"pkcs8 labelled sec1", pemBlock("EC PRIVATE KEY", pkcs8DER), "PKCS#8 data in an"},
		{"sec1 labelled pkcs8", pemBlock("PRIVATE KEY", sec1DER), "SEC1 data in a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParsePrivateKeyPEM(tc.in)
			if err == nil {
				t.Fatalf("ParsePrivateKeyPEM accepted it (key on %s)", got.Curve.Params().Name)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error %q does not contain %q", msg, tc.want)
			}
			if !strings.Contains(msg, "found") || !strings.Contains(msg, "expected") {
				t.Errorf("error %q does not say what was found and what is expected", msg)
			}
		})
	}
}

// TestParsePrivateKeyPEM_openssl reads keys as the openssl CLI writes them and compares
// them with the public key openssl derives.
func TestParsePrivateKeyPEM_openssl(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name       string
		args       []string
		wantBlocks []string
		want       string // substring of the error; "" means accepted
	}{
		{"ecparam prime256v1", []string{"ecparam", "-genkey", "-name", "prime256v1", "-out", "k.pem"}, []string{"EC PARAMETERS", "EC PRIVATE KEY"}, ""},
		{"ecparam prime256v1 noout", []string{"ecparam", "-genkey", "-noout", "-name", "prime256v1", "-out", "k.pem"}, []string{"EC PRIVATE KEY"}, ""},
		{"genpkey p256", []string{"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "k.pem"}, []string{"PRIVATE KEY"}, ""},
		{"ecparam secp384r1", []string{"ecparam", "-genkey", "-name", "secp384r1", "-out", "k.pem"}, []string{"EC PARAMETERS", "EC PRIVATE KEY"}, "P-384"},
		{"ecparam secp256k1", []string{"ecparam", "-genkey", "-name", "secp256k1", "-out", "k.pem"}, []string{"EC PARAMETERS", "EC PRIVATE KEY"}, "secp256k1"},
		{"genpkey rsa", []string{"genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "k.pem"}, []string{"PRIVATE KEY"}, "RSA"},
		{"genpkey p256 encrypted", []string{"genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256", "-pass", "pass:secret", "-out", "k.pem"}, []string{"ENCRYPTED PRIVATE KEY"}, "encrypted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			openssl(t, dir, tc.args...)
			data := readFile(t, dir, "k.pem")
			var types []string
			for rest := data; ; {
				var b *pem.Block
				b, rest = pem.Decode(rest)
				if b == nil {
					break
				}
				types = append(types, b.Type)
			}
			if strings.Join(types, "|") != strings.Join(tc.wantBlocks, "|") {
				t.Fatalf("openssl wrote blocks %q, want %q", types, tc.wantBlocks)
			}
			key, err := ParsePrivateKeyPEM(data)
			if tc.want != "" {
				if err == nil {
					t.Fatal("ParsePrivateKeyPEM accepted it")
				}
				if !strings.Contains(err.Error(), tc.want) {
					t.Errorf("error %q does not contain %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParsePrivateKeyPEM: %v", err)
			}
			pubPEM := openssl(t, dir, "pkey", "-in", "k.pem", "-pubout")
			b, _ := pem.Decode(pubPEM)
			if b == nil {
				t.Fatalf("openssl wrote no public key: %q", pubPEM)
			}
			pub, err := x509.ParsePKIXPublicKey(b.Bytes)
			if err != nil {
				t.Fatal(err)
			}
			if !SamePublicKey(&key.PublicKey, pub) {
				t.Error("the parsed key's public key differs from the one openssl derives")
			}
		})
	}
}

func TestEncodePrivateKeyPEM_roundTrip(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		key     *ecdsa.PrivateKey
		wantErr bool
	}{
		{"p256", newECKey(t, elliptic.P256()), false},
		{"nil", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := EncodePrivateKeyPEM(tc.key)
			if tc.wantErr {
				if err == nil {
					t.Fatal("EncodePrivateKeyPEM accepted it")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(out, []byte("-----BEGIN EC PRIVATE KEY-----\n")) {
				t.Errorf("output does not start with an EC PRIVATE KEY block: %q", out)
			}
			back, err := ParsePrivateKeyPEM(out)
			if err != nil {
				t.Fatal(err)
			}
			if !back.Equal(tc.key) {
				t.Error("round trip changed the key")
			}
		})
	}
}

func TestSamePublicKey_cases(t *testing.T) {
	t.Parallel()
	a := newECKey(t, elliptic.P256())
	b := newECKey(t, elliptic.P256())
	aCopy := a.PublicKey
	rsaKey := sharedRSAKey(t)
	for _, tc := range []struct {
		name string
		x, y any
		want bool
	}{
		{"same pointer", &a.PublicKey, &a.PublicKey, true},
		{"equal copy", &a.PublicKey, &aCopy, true},
		{"different keys", &a.PublicKey, &b.PublicKey, false},
		{"ecdsa and rsa", &a.PublicKey, &rsaKey.PublicKey, false},
		{"rsa and itself", &rsaKey.PublicKey, &rsaKey.PublicKey, true},
		{"nil first", nil, &a.PublicKey, false},
		{"nil second", &a.PublicKey, nil, false},
		{"typed nil", (*ecdsa.PublicKey)(nil), &a.PublicKey, false},
		{"typed nil second", &a.PublicKey, (*ecdsa.PublicKey)(nil), false},
		{"not a key", "key", "key", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := SamePublicKey(tc.x, tc.y); got != tc.want {
				t.Errorf("SamePublicKey = %v, want %v", got, tc.want)
			}
		})
	}
}
