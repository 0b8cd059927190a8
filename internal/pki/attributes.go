package pki

import (
	"encoding/asn1"
	"errors"
	"fmt"
	"strings"
)

// Names of the attributes and requested extensions a CSR may carry, for error messages.
var (
	requestAttributeNames = map[string]string{
		"1.2.840.113549.1.9.14":  "extensionRequest",
		"1.2.840.113549.1.9.7":   "challengePassword",
		"1.2.840.113549.1.9.2":   "unstructuredName",
		"1.2.840.113549.1.9.8":   "unstructuredAddress",
		"1.3.6.1.4.1.311.2.1.14": "msExtensionRequest",
	}
	extensionNames = map[string]string{
		"2.5.29.14": "subjectKeyIdentifier",
		"2.5.29.15": "keyUsage",
		"2.5.29.17": "subjectAltName",
		"2.5.29.19": "basicConstraints",
		"2.5.29.37": "extKeyUsage",
	}
	oidExtensionRequests = []string{"1.2.840.113549.1.9.14", "1.3.6.1.4.1.311.2.1.14"}
)

// requestAttributes reads the attributes of a DER CertificationRequestInfo (RFC 2986):
//
//	SEQUENCE { version INTEGER, subject Name, subjectPKInfo SEQUENCE, attributes [0] IMPLICIT SET OF Attribute }
//
// and names each one found, e.g. "extensionRequest (subjectAltName, keyUsage)". An absent
// or empty attributes set gives none. Anything after the attributes is an error.
func requestAttributes(tbs []byte) ([]string, error) {
	var info asn1.RawValue
	rest, err := asn1.Unmarshal(tbs, &info)
	if err != nil {
		return nil, fmt.Errorf("parsing the request info: %w", err)
	}
	if len(rest) != 0 || info.Class != asn1.ClassUniversal || info.Tag != asn1.TagSequence || !info.IsCompound {
		return nil, errors.New("the request info is not one SEQUENCE")
	}
	fields := info.Bytes
	for _, name := range []string{"version", "subject", "public key"} {
		var field asn1.RawValue
		if fields, err = asn1.Unmarshal(fields, &field); err != nil {
			return nil, fmt.Errorf("parsing the %s: %w", name, err)
		}
	}
	if len(fields) == 0 {
		return nil, nil
	}
	var set asn1.RawValue
	if fields, err = asn1.Unmarshal(fields, &set); err != nil {
		return nil, fmt.Errorf("parsing the attributes: %w", err)
	}
	if set.Class != asn1.ClassContextSpecific || set.Tag != 0 || !set.IsCompound {
		return nil, fmt.Errorf("found a field of class %d and tag %d where the attributes [0] belong", set.Class, set.Tag)
	}
	if len(fields) != 0 {
		return nil, fmt.Errorf("%d bytes follow the attributes", len(fields))
	}
	var found []string
	for items := set.Bytes; len(items) > 0; {
		var attr struct {
			Type   asn1.ObjectIdentifier
			Values asn1.RawValue `asn1:"set"`
		}
		if items, err = asn1.Unmarshal(items, &attr); err != nil {
			return nil, fmt.Errorf("parsing an attribute: %w", err)
		}
		found = append(found, describeRequestAttribute(attr.Type, attr.Values.Bytes))
	}
	return found, nil
}

// describeRequestAttribute names an attribute; for an extension request it also names the
// extensions requested.
func describeRequestAttribute(oid asn1.ObjectIdentifier, values []byte) string {
	name, ok := requestAttributeNames[oid.String()]
	if !ok {
		name = "attribute " + oid.String()
	}
	isExtensionRequest := false
	for _, e := range oidExtensionRequests {
		isExtensionRequest = isExtensionRequest || oid.String() == e
	}
	if !isExtensionRequest {
		return name
	}
	var exts []struct {
		ID       asn1.ObjectIdentifier
		Critical bool `asn1:"optional"`
		Value    []byte
	}
	if _, err := asn1.Unmarshal(values, &exts); err != nil || len(exts) == 0 {
		return name
	}
	names := make([]string, 0, len(exts))
	for _, e := range exts {
		n, ok := extensionNames[e.ID.String()]
		if !ok {
			n = e.ID.String()
		}
		names = append(names, n)
	}
	return name + " (" + strings.Join(names, ", ") + ")"
}
