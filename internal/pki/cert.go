package pki

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"iter"
)

// CertificateBlock is one PEM block of a text, as CertificateBlocks reads it.
type CertificateBlock struct {
	// Block is the PEM block itself.
	Block *pem.Block
	// Certificate is the certificate a "CERTIFICATE" block holds; nil for a block of
	// another type or one that does not parse.
	Certificate *x509.Certificate
	// Err is why a "CERTIFICATE" block does not parse as an X.509 certificate.
	Err error
}

// IsCertificate reports whether the block is a "CERTIFICATE" block, parsed or not.
func (b CertificateBlock) IsCertificate() bool { return b.Block.Type == BlockCertificate }

// CertificateBlocks reads the PEM blocks of data in order, as encoding/pem finds them:
// text before, between and after the blocks (white space, `openssl x509 -text` output,
// trailing garbage) is skipped, and a "CERTIFICATE" block comes with the certificate it
// holds or the error of parsing it. It is the one reader of PEM certificates for every
// caller, which then decides what a block of another type or a bad certificate means.
func CertificateBlocks(data []byte) iter.Seq[CertificateBlock] {
	return func(yield func(CertificateBlock) bool) {
		for rest := data; ; {
			var block *pem.Block
			block, rest = pem.Decode(rest)
			if block == nil {
				return
			}
			b := CertificateBlock{Block: block}
			if b.IsCertificate() {
				b.Certificate, b.Err = x509.ParseCertificate(block.Bytes)
			}
			if !yield(b) {
				return
			}
		}
	}
}

// ParseCertificatePEM parses the first "CERTIFICATE" PEM block of data. Other blocks and
// text around them (a chain, `openssl x509 -text` output) are ignored.
func ParseCertificatePEM(data []byte) (*x509.Certificate, error) {
	var seen []*pem.Block
	for b := range CertificateBlocks(data) {
		if !b.IsCertificate() {
			seen = append(seen, b.Block)
			continue
		}
		if b.Err != nil {
			return nil, fmt.Errorf("found a %q PEM block that does not parse as an X.509 certificate: %w", BlockCertificate, b.Err)
		}
		return b.Certificate, nil
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
	n := 0
	for b := range CertificateBlocks([]byte(v)) {
		if !b.IsCertificate() {
			return fmt.Errorf("found a PEM %q block; only CERTIFICATE blocks are allowed here", b.Block.Type)
		}
		if b.Err != nil {
			return fmt.Errorf("certificate %d does not parse: %w", n+1, b.Err)
		}
		n++
	}
	if n == 0 {
		return fmt.Errorf("no PEM CERTIFICATE block found (expected -----BEGIN CERTIFICATE-----)")
	}
	return nil
}
