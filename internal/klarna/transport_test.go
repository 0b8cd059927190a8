package klarna

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"syscall"
	"testing"
)

func TestClassifyTransport_everyError(t *testing.T) {
	t.Parallel()
	wrap := func(err error) error { return &url.Error{Op: "Get", URL: "https://api.example/v2/account", Err: err} }
	for _, tc := range []struct {
		name  string
		err   error
		local LocalErrorKind // "" for transient
		sent  bool           // for transient errors: may the request have reached the server
	}{
		// Cannot change on retry; never sent.
		{"unknown authority", wrap(&tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}), LocalTLSVerification, false},
		{"bare unknown authority", x509.UnknownAuthorityError{}, LocalTLSVerification, false},
		{"expired certificate", wrap(&tls.CertificateVerificationError{Err: x509.CertificateInvalidError{Reason: x509.Expired}}), LocalTLSVerification, false},
		{"no system roots", wrap(x509.SystemRootsError{}), LocalTLSVerification, false},
		{"host name mismatch", wrap(&tls.CertificateVerificationError{Err: x509.HostnameError{Host: "api.example"}}), LocalTLSHostname, false},
		{"server refuses the TLS version", wrap(&net.OpError{Op: "remote error", Err: errors.New("tls: protocol version not supported")}), LocalTLSHandshake, false},
		{"client refuses the TLS version", wrap(errors.New("tls: server selected unsupported protocol version 302")), LocalTLSHandshake, false},
		{"handshake failure alert", wrap(errors.New("remote error: tls: handshake failure")), LocalTLSHandshake, false},
		{"not a TLS server", wrap(tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}), LocalTLSHandshake, false},
		{"plain HTTP server", wrap(errors.New("http: server gave HTTP response to HTTPS client")), LocalTLSHandshake, false},
		{"QUIC alert", tls.AlertError(70), LocalTLSHandshake, false},
		{"invalid header value", wrap(fmt.Errorf("net/http: invalid header field value for %q", "Authorization")), LocalInvalidHeader, false},
		{"invalid header name", wrap(errors.New("net/http: invalid header field name \"a b\"")), LocalInvalidHeader, false},
		{"unsupported scheme", wrap(errors.New("unsupported protocol scheme \"ftp\"")), LocalInvalidURL, false},
		{"no host", wrap(errors.New("http: no Host in request URL")), LocalInvalidURL, false},
		{"host does not exist", wrap(&net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host", Name: "api.example", IsNotFound: true}}), LocalHostNotFound, false},
		{"proxy wants credentials", wrap(errors.New("Proxy Authentication Required")), LocalProxyRefused, false},
		{"proxy forbids the API", wrap(errors.New("Forbidden")), LocalProxyRefused, false},
		// Transient, and the request never left: a later attempt may work, the server did nothing.
		{"connection refused", wrap(&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}), "", false},
		{"host unreachable", wrap(&net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.EHOSTUNREACH)}), "", false},
		{"dial timeout", wrap(&net.OpError{Op: "dial", Net: "tcp", Err: context.DeadlineExceeded}), "", false},
		{"proxy refused", wrap(&net.OpError{Op: "proxyconnect", Net: "tcp", Err: syscall.ECONNREFUSED}), "", false},
		{"DNS timeout", wrap(&net.OpError{Op: "dial", Err: &net.DNSError{Err: "i/o timeout", Name: "api.example", IsTimeout: true}}), "", false},
		{"TLS handshake timeout", wrap(errors.New("net/http: TLS handshake timeout")), "", false},
		// Transient, and the request may have reached the server.
		{"connection reset", wrap(&net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}), "", true},
		{"broken pipe", wrap(&net.OpError{Op: "write", Net: "tcp", Err: os.NewSyscallError("write", syscall.EPIPE)}), "", true},
		{"server closed the connection", wrap(io.EOF), "", true},
		{"truncated response", fmt.Errorf("reading the response: %w", io.ErrUnexpectedEOF), "", true},
		{"HTTP/2 stream reset", wrap(errors.New("stream error: stream ID 3; INTERNAL_ERROR; received from peer")), "", true},
		{"timeout awaiting headers", wrap(errors.New("net/http: timeout awaiting response headers")), "", true},
		{"unrecognised", errors.New("something new"), "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := classifyTransport(tc.err)
			if got.local != tc.local {
				t.Fatalf("classified %v as local kind %q, want %q", tc.err, got.local, tc.local)
			}
			if tc.local == "" && got.sent != tc.sent {
				t.Fatalf("classified %v as sent=%v, want %v", tc.err, got.sent, tc.sent)
			}
			op := attemptInfo{method: "POST", path: "/v2/account/credentials/api-keys"}
			err := transportFailure(op, tc.err)
			retry, maybeActed := retryable(err)
			if _, isLocal := AsLocalError(err); isLocal != (tc.local != "") {
				t.Fatalf("transportFailure(%v) = %T, want a LocalError: %v", tc.err, err, tc.local != "")
			}
			if retry != (tc.local == "") || maybeActed != (tc.local == "" && tc.sent) {
				t.Fatalf("retryable(%v) = retry %v, maybe acted %v", err, retry, maybeActed)
			}
		})
	}
}

func TestValidHeaderValue_controlCharacters(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		v    string
		want bool
	}{
		{"klarna_test_api_abc", true},
		{"with\ttab", true},
		{"klarna_test_api_abc\n", false},
		{"klarna_test_api_abc\r\n", false},
		{"nul\x00", false},
		{"del\x7f", false},
	} {
		if got := validHeaderValue(tc.v); got != tc.want {
			t.Errorf("validHeaderValue(%q) = %v, want %v", tc.v, got, tc.want)
		}
	}
}

// TestInvalidHeader_namesTheFirstByName: of several headers HTTP cannot carry, the error
// names the first in name order, every time.
func TestInvalidHeader_namesTheFirstByName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		header http.Header
		want   string
	}{
		{name: "all valid", header: http.Header{"Accept": {"application/json"}, "User-Agent": {"x"}}},
		{name: "one bad", header: http.Header{"Accept": {"application/json"}, "User-Agent": {"a\nb"}}, want: "User-Agent"},
		{name: "a bad second value", header: http.Header{"Accept": {"application/json", "x\r"}}, want: "Accept"},
		{name: "several bad", header: http.Header{"X-Zulu": {"\n"}, "X-Echo": {"\n"}, "X-Alpha": {"\n"}, "X-Mike": {"\n"}, "X-Bravo": {"\n"}}, want: "X-Alpha"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for range 20 {
				got, bad := invalidHeader(tc.header)
				if got != tc.want || bad != (tc.want != "") {
					t.Fatalf("invalidHeader = %q, %v; want %q", got, bad, tc.want)
				}
			}
		})
	}
}
