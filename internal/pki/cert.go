package pki

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"fmt"
)

// ParseCertificatePEM parses the first "CERTIFICATE" PEM block of data. Other blocks and
// text around them (a chain, `openssl x509 -text` output) are ignored.
func ParseCertificatePEM(data []byte) (*x509.Certificate, error) {
	var seen []*pem.Block
	rest := data
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != BlockCertificate {
			seen = append(seen, block)
			continue
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("found a %q PEM block that does not parse as an X.509 certificate: %w", BlockCertificate, err)
		}
		return cert, nil
	}
	if len(seen) > 0 {
		return nil, fmt.Errorf("found PEM blocks %s but no %q block; expected a PEM certificate", blockTypes(seen), BlockCertificate)
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("found no PEM data (the input is empty); expected a PEM %q block", BlockCertificate)
	}
	return nil, fmt.Errorf("found no PEM data (%s); expected a PEM %q block", describeNonPEM(data), BlockCertificate)
}

// EncodeCertificatePEM wraps a DER certificate in a "CERTIFICATE" PEM block.
func EncodeCertificatePEM(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: BlockCertificate, Bytes: der})
}

// X5C is the certificate as a JWT header's x5c entry: standard base64 of the DER, with no
// line breaks (the PEM body without its BEGIN and END lines and newlines). A nil
// certificate gives "".
func X5C(cert *x509.Certificate) string {
	if cert == nil {
		return ""
	}
	return base64.StdEncoding.EncodeToString(cert.Raw)
}

// FingerprintSHA256 is the lower-case hex SHA-256 of the certificate's DER. A nil
// certificate gives "".
func FingerprintSHA256(cert *x509.Certificate) string {
	if cert == nil {
		return ""
	}
	sum := sha256.Sum256(cert.Raw)
	return hex.EncodeToString(sum[:])
}

// SerialHex is the certificate's serial number in lower-case hex, without leading zeros.
// A nil certificate or serial gives "".
func SerialHex(cert *x509.Certificate) string {
	if cert == nil || cert.SerialNumber == nil {
		return ""
	}
	return cert.SerialNumber.Text(16)
}

// CheckPEMCertificates accepts PEM text that holds one or more CERTIFICATE blocks, each of
// which parses, and no block of another type: a CA bundle or a client or signing
// certificate as the provider's configuration takes it.
func CheckPEMCertificates(v string) error {
	rest := []byte(v)
	n := 0
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		if block.Type != BlockCertificate {
			return fmt.Errorf("found a PEM %q block; only CERTIFICATE blocks are allowed here", block.Type)
		}
		if _, err := x509.ParseCertificate(block.Bytes); err != nil {
			return fmt.Errorf("certificate %d does not parse: %w", n+1, err)
		}
		n++
	}
	if n == 0 {
		return fmt.Errorf("no PEM CERTIFICATE block found (expected -----BEGIN CERTIFICATE-----)")
	}
	return nil
}
