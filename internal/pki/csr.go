package pki

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
)

// CSRExpected says, for error messages, what a certificate signing request must look like.
const CSRExpected = `one PEM "CERTIFICATE REQUEST" block, signed with an ECDSA P-256 key, whose subject holds only the CN`

// CSRError is a certificate signing request that breaks a rule of the API. Its message says
// what was found and what is expected.
type CSRError struct {
	// Reason is the whole message.
	Reason string
	// Err is the underlying parse or verification error, if any.
	Err error
}

// Error returns the reason.
func (e *CSRError) Error() string { return e.Reason }

// Unwrap returns the underlying error, if any.
func (e *CSRError) Unwrap() error { return e.Err }

func csrErrorf(format string, args ...any) *CSRError {
	err := fmt.Errorf(format, args...)
	return &CSRError{Reason: err.Error(), Err: errors.Unwrap(err)}
}

// oidCommonName is the X.500 commonName attribute.
var oidCommonName = asn1.ObjectIdentifier{2, 5, 4, 3}

// Short names of subject attributes, for error messages.
var attributeNames = map[string]string{
	"2.5.4.3":                    "CN",
	"2.5.4.4":                    "SN",
	"2.5.4.5":                    "serialNumber",
	"2.5.4.6":                    "C",
	"2.5.4.7":                    "L",
	"2.5.4.8":                    "ST",
	"2.5.4.9":                    "street",
	"2.5.4.10":                   "O",
	"2.5.4.11":                   "OU",
	"2.5.4.12":                   "title",
	"2.5.4.17":                   "postalCode",
	"2.5.4.42":                   "GN",
	"1.2.840.113549.1.9.1":       "emailAddress",
	"0.9.2342.19200300.100.1.1":  "UID",
	"0.9.2342.19200300.100.1.25": "DC",
}

// BuildCSR makes a PEM "CERTIFICATE REQUEST" whose subject holds the CN and nothing else,
// signed with key (ECDSA with SHA-256). key must be on P-256.
func BuildCSR(key *ecdsa.PrivateKey, commonName string) ([]byte, error) {
	if key == nil {
		return nil, errors.New("no private key given")
	}
	if key.Curve != elliptic.P256() {
		return nil, fmt.Errorf("private key is on curve %s; expected P-256", key.Curve.Params().Name)
	}
	if commonName == "" {
		return nil, errors.New("common name is empty")
	}
	if !utf8.ValidString(commonName) {
		return nil, fmt.Errorf("common name %q is not valid UTF-8", commonName)
	}
	tmpl := &x509.CertificateRequest{
		Subject:            pkix.Name{CommonName: commonName},
		SignatureAlgorithm: x509.ECDSAWithSHA256,
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, tmpl, key)
	if err != nil {
		return nil, fmt.Errorf("creating certificate request: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: BlockCertificateRequest, Bytes: der}), nil
}

// ParseCSRPEM parses one "CERTIFICATE REQUEST" (or "NEW CERTIFICATE REQUEST") PEM block.
// Only white space may surround it. It does not check the signature; CheckCSR does.
func ParseCSRPEM(data []byte) (*x509.CertificateRequest, error) {
	blocks, err := decodeAllPEM(data, CSRExpected)
	if err != nil {
		return nil, err
	}
	if len(blocks) != 1 {
		return nil, fmt.Errorf("found %d PEM blocks (%s); expected %s", len(blocks), blockTypes(blocks), CSRExpected)
	}
	b := blocks[0]
	if b.Type != BlockCertificateRequest && b.Type != BlockNewCertificateRequest {
		return nil, fmt.Errorf("found a PEM block of type %q; expected %s", b.Type, CSRExpected)
	}
	csr, err := x509.ParseCertificateRequest(b.Bytes)
	if err != nil {
		return nil, fmt.Errorf("found a %q block that does not parse as a certificate request (%w); expected %s", b.Type, err, CSRExpected)
	}
	return csr, nil
}

// CheckCSR applies every rule of the API to a certificate signing request for a certificate
// of the given usage (API or JWT_SIGNING) in the account accountID (a KRN), and returns the
// parsed request: every rule of CheckCSRShape, and the CN by usage (apirules.CheckCommonName):
// a JWT_SIGNING request's CN is the last segment of the account ID, an API request's CN any
// name from the allowed set. Each broken rule is a *CSRError; an accountID that is not a KRN,
// or an unknown usage, is a plain error.
func CheckCSR(csrPEM []byte, accountID, usage string) (*x509.CertificateRequest, error) {
	account, err := krn.Parse(accountID)
	if err != nil {
		return nil, fmt.Errorf("checking certificate request: %w", err)
	}
	if usage != apirules.UsageAPI && usage != apirules.UsageJWTSigning {
		return nil, fmt.Errorf("checking certificate request: usage %q is not one of %s", usage, strings.Join(apirules.Usages, ", "))
	}
	csr, err := CheckCSRShape(csrPEM)
	if err != nil {
		return nil, err
	}
	if err := apirules.CheckCommonName(usage, csr.Subject.CommonName, account.CommonName()); err != nil {
		return nil, csrErrorf("certificate request %s (%s)", err.Error(), account)
	}
	return csr, nil
}

// CheckCSRWhereKnown checks a request as far as its account and usage are known, as a
// plan does before the account or usage is: every rule of CheckCSRShape, and the CN by usage
// when both accountID and usage are given ("" means not known yet; a usage the API does not
// know is left to the check of the usage itself).
func CheckCSRWhereKnown(csrPEM []byte, accountID, usage string) error {
	var err error
	if accountID != "" && (usage == apirules.UsageAPI || usage == apirules.UsageJWTSigning) {
		_, err = CheckCSR(csrPEM, accountID, usage)
	} else {
		_, err = CheckCSRShape(csrPEM)
	}
	return err
}

// CheckCSRShape applies the rules of the API that hold whatever the account and usage, and
// returns the parsed request: the PEM must parse as one certificate request, its key must be
// ECDSA P-256, its signature must verify, its subject must hold exactly one attribute, the
// CN, made of 1 to 64 characters from A-Z a-z 0-9 - _ . , and the request must carry no
// attributes (no extension request such as subjectAltName or key usage, no
// challengePassword). Each broken rule is a *CSRError.
func CheckCSRShape(csrPEM []byte) (*x509.CertificateRequest, error) {
	csr, err := ParseCSRPEM(csrPEM)
	if err != nil {
		return nil, csrErrorf("certificate request: %w", err)
	}
	if !isP256(csr.PublicKey) {
		return nil, csrErrorf("certificate request holds %s; expected an ECDSA P-256 (prime256v1) key", describeCSRKey(csr))
	}
	if err := csr.CheckSignature(); err != nil {
		return nil, csrErrorf("certificate request signature does not verify with its own key (%w); expected a request signed with the key it holds", err)
	}
	attrs, err := subjectAttributes(csr.RawSubject)
	if err != nil {
		return nil, csrErrorf("certificate request subject does not parse (%w); expected a subject holding only the CN", err)
	}
	if len(attrs) != 1 || len(attrs[0]) != 1 || !attrs[0][0].Type.Equal(oidCommonName) {
		return nil, csrErrorf("certificate request subject is %s; expected only the CN (no O, OU, C, emailAddress, second CN or any other attribute)", describeSubject(attrs))
	}
	cn, ok := attrs[0][0].Value.(string)
	if !ok {
		return nil, csrErrorf("certificate request CN is not a text string (%T); expected %s", attrs[0][0].Value, apirules.CommonNameAllowed)
	}
	if err := apirules.CheckAPICommonName(cn); err != nil {
		return nil, csrErrorf("certificate request %s", err.Error())
	}
	found, err := requestAttributes(csr.RawTBSCertificateRequest)
	if err != nil {
		return nil, csrErrorf("certificate request attributes do not parse (%w); expected no attributes", err)
	}
	if len(found) > 0 {
		return nil, csrErrorf("certificate request carries %s; expected no attributes at all (no extension request such as subjectAltName or key usage, no challengePassword): only the CN in the subject", strings.Join(found, ", "))
	}
	return csr, nil
}

// subjectAttributes parses a DER subject into its relative distinguished names.
func subjectAttributes(raw []byte) (pkix.RDNSequence, error) {
	var rdns pkix.RDNSequence
	rest, err := asn1.Unmarshal(raw, &rdns)
	if err != nil {
		return nil, fmt.Errorf("parsing subject: %w", err)
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("subject has %d trailing bytes", len(rest))
	}
	return rdns, nil
}

// describeSubject renders a subject for error messages, e.g. `"CN=LYABCDEI, O=Acme"`.
func describeSubject(rdns pkix.RDNSequence) string {
	if len(rdns) == 0 {
		return "empty"
	}
	var parts []string
	for _, rdn := range rdns {
		if len(rdn) == 0 {
			parts = append(parts, "(empty set)")
			continue
		}
		var set []string
		for _, atv := range rdn {
			name, ok := attributeNames[atv.Type.String()]
			if !ok {
				name = atv.Type.String()
			}
			if s, ok := atv.Value.(string); ok {
				set = append(set, name+"="+s)
			} else {
				set = append(set, fmt.Sprintf("%s=<%T>", name, atv.Value))
			}
		}
		parts = append(parts, strings.Join(set, "+"))
	}
	return fmt.Sprintf("%q", strings.Join(parts, ", "))
}

// describeCSRKey names the key of a request for error messages.
func describeCSRKey(csr *x509.CertificateRequest) string {
	if csr.PublicKey == nil {
		return "a key of algorithm " + csr.PublicKeyAlgorithm.String()
	}
	return describePublicKey(csr.PublicKey)
}
