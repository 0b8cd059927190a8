// Package pki reads and writes the keys, certificate signing requests and certificates of
// the partner management API's client certificates, and checks a request against the API's
// rules: an ECDSA P-256 key, a verifying signature, a subject that holds only the CN, no
// attributes, and a CN that fits the certificate's usage (apirules.CheckCommonName).
package pki
