package klarna

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
	"syscall"
)

// LocalErrorKind says which setting a LocalError comes from.
type LocalErrorKind string

// Kinds of LocalError.
const (
	// LocalTLSVerification: the server's certificate does not chain to a trusted root, or
	// is not valid. Fixed by trusting the right CA.
	LocalTLSVerification LocalErrorKind = "tls_verification"
	// LocalTLSHostname: the server's certificate is for another host name. Fixed by the base URL.
	LocalTLSHostname LocalErrorKind = "tls_hostname"
	// LocalTLSHandshake: the TLS handshake failed for another reason: no TLS version both
	// sides accept (the client requires TLS 1.2 or later), or not a TLS server at all.
	LocalTLSHandshake LocalErrorKind = "tls_handshake"
	// LocalInvalidHeader: a header value holds a character HTTP does not allow (for the
	// Authorization header: the API key).
	LocalInvalidHeader LocalErrorKind = "invalid_header"
	// LocalInvalidURL: the request URL cannot be sent (malformed, or an unsupported scheme).
	LocalInvalidURL LocalErrorKind = "invalid_url"
	// LocalHostNotFound: the base URL's host name does not exist.
	LocalHostNotFound LocalErrorKind = "host_not_found"
	// LocalProxyRefused: the HTTPS proxy (HTTPS_PROXY) refused to connect to the API.
	LocalProxyRefused LocalErrorKind = "proxy_refused"
)

// LocalError is a failure on this machine before the request reached the API: the API
// did not act on it, and retrying cannot change it. It is never retried.
type LocalError struct {
	Method, Path string
	Kind         LocalErrorKind
	// Header names the offending header of a LocalInvalidHeader.
	Header string
	Err    error
}

func (e *LocalError) Error() string {
	var what string
	switch e.Kind {
	case LocalTLSVerification:
		what = "the API's TLS certificate could not be verified"
	case LocalTLSHostname:
		what = "the API's TLS certificate is for another host name"
	case LocalTLSHandshake:
		what = "the TLS handshake with the API failed (this client requires TLS 1.2 or later)"
	case LocalInvalidHeader:
		header := "a request header"
		if e.Header != "" {
			header = "the " + e.Header + " header"
		}
		what = header + " holds a character HTTP does not allow"
		if strings.EqualFold(e.Header, HeaderAuthorization) {
			what += " (it carries the API key)"
		}
	case LocalInvalidURL:
		what = "the request URL is not valid"
	case LocalHostNotFound:
		what = "the API's host name does not exist"
	case LocalProxyRefused:
		what = "the HTTPS proxy refused to connect to the API"
	default:
		what = "the request could not be made"
	}
	return fmt.Sprintf("%s %s: not sent, %s: %s; retrying cannot help, so it was not retried",
		e.Method, e.Path, what, Redact(e.Err.Error()))
}

func (e *LocalError) Unwrap() error { return e.Err }

// AsLocalError returns the local error inside err, if any.
func AsLocalError(err error) (*LocalError, bool) {
	var le *LocalError
	if errors.As(err, &le) {
		return le, true
	}
	return nil, false
}

// transportClass is what a transport error means for a retry.
type transportClass struct {
	// local is set for an error that cannot change on retry; the request was not sent.
	local LocalErrorKind
	// sent is false when the request certainly never reached the server (a refused
	// connection, a failed handshake), so the server cannot have acted on it.
	sent bool
}

// classifyTransport sorts an error of http.Client.Do (or of reading a response) into one
// that cannot change on retry (a LocalErrorKind) and a transient one, and says whether the
// request may have reached the server. Anything it does not recognise is transient and
// may have been sent: the server may have acted, so the outcome of a change stays open.
func classifyTransport(err error) transportClass {
	if class, ok := classifyTypedTransportError(err); ok {
		return class
	}
	if kind, ok := localKindOfText(err); ok {
		return transportClass{local: kind}
	}
	var opErr *net.OpError
	switch {
	case errors.As(err, &opErr) && (opErr.Op == "dial" || opErr.Op == "proxyconnect"):
		// No connection, so no request: refused, unreachable, or a dial timeout.
		return transportClass{sent: false}
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return transportClass{sent: false}
	case strings.Contains(err.Error(), "TLS handshake timeout"):
		return transportClass{sent: false}
	}
	// A reset or closed connection, an HTTP/2 stream reset, a timeout awaiting the
	// response: the request may have reached the server.
	return transportClass{sent: true}
}

// classifyTypedTransportError classifies the errors crypto/x509, crypto/tls and net give
// a type of their own: certificate checks, handshake alerts and name lookups.
func classifyTypedTransportError(err error) (transportClass, bool) {
	var (
		unknownAuthority x509.UnknownAuthorityError
		invalidCert      x509.CertificateInvalidError
		hostname         x509.HostnameError
		systemRoots      x509.SystemRootsError
		constraint       x509.ConstraintViolationError
		unhandledCrit    x509.UnhandledCriticalExtension
		verification     *tls.CertificateVerificationError
		alert            tls.AlertError
		recordHeader     tls.RecordHeaderError
		dnsErr           *net.DNSError
		opErr            *net.OpError
	)
	switch {
	case errors.As(err, &hostname):
		return transportClass{local: LocalTLSHostname}, true
	case errors.As(err, &unknownAuthority), errors.As(err, &invalidCert), errors.As(err, &systemRoots),
		errors.As(err, &constraint), errors.As(err, &unhandledCrit), errors.As(err, &verification):
		return transportClass{local: LocalTLSVerification}, true
	case errors.As(err, &alert), errors.As(err, &recordHeader),
		errors.As(err, &opErr) && opErr.Op == "remote error": // an alert the server sent in the handshake
		return transportClass{local: LocalTLSHandshake}, true
	case errors.As(err, &dnsErr):
		if dnsErr.IsNotFound {
			return transportClass{local: LocalHostNotFound}, true
		}
		return transportClass{sent: false}, true
	}
	return transportClass{}, false
}

// localErrorTexts are errors crypto/tls and net/http make without a type of their own.
var localErrorTexts = []struct {
	text string
	kind LocalErrorKind
}{
	{"tls: server selected unsupported protocol version", LocalTLSHandshake},
	{"tls: protocol version not supported", LocalTLSHandshake},
	{"tls: no supported versions", LocalTLSHandshake},
	{"tls: handshake failure", LocalTLSHandshake},
	{"tls: first record does not look like a TLS handshake", LocalTLSHandshake},
	{"server gave HTTP response to HTTPS client", LocalTLSHandshake},
	{"net/http: invalid header", LocalInvalidHeader},
	{"net/http: invalid trailer", LocalInvalidHeader},
	{"net/http: invalid method", LocalInvalidURL},
	{"unsupported protocol scheme", LocalInvalidURL},
	{"http: no Host in request URL", LocalInvalidURL},
}

// localKindOfText recognises the local errors that have no type: a proxy's refusal of
// CONNECT and the texts of localErrorTexts.
func localKindOfText(err error) (LocalErrorKind, bool) {
	// A proxy's refusal of CONNECT is an untyped error holding the status text alone.
	innermost := err
	for next := errors.Unwrap(innermost); next != nil; next = errors.Unwrap(innermost) {
		innermost = next
	}
	switch innermost.Error() {
	case "Proxy Authentication Required", "Forbidden", "Method Not Allowed":
		return LocalProxyRefused, true
	}
	msg := err.Error()
	for _, local := range localErrorTexts {
		if strings.Contains(msg, local.text) {
			return local.kind, true
		}
	}
	return "", false
}

// validHeaderValue reports whether v may be sent as an HTTP header value: no control
// characters other than a horizontal tab, and no DEL.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		b := v[i]
		if (b < ' ' && b != '\t') || b == 0x7f {
			return false
		}
	}
	return true
}
