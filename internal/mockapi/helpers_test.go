package mockapi_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/partnerops/terraform-provider-klarna/internal/jwt"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// Header names the tests read, spelled as the contract writes them.
const (
	hdrMTLS    = klarna.HeaderMTLSVerificationStatus
	hdrIdem    = klarna.HeaderIdempotencyKey
	pathAPIKey = "/v2/account/credentials/api-keys"
)

// mock is a running mock with a plain HTTPS client (no client certificate) that trusts its CA.
type mock struct {
	*mockapi.Running
	b      mockapi.Bootstrap
	client *http.Client
}

// start serves a mock for the test; mocktest fails the test on any contract violation.
func start(t *testing.T, opts mockapi.Options) *mock {
	t.Helper()
	r := mocktest.Start(t, opts)
	m := &mock{Running: r, b: r.Bootstrap()}
	m.client = m.httpClient(t)
	return m
}

// httpClient returns an HTTPS client that trusts the mock's CA and presents certs, if any.
func (m *mock) httpClient(t *testing.T, certs ...tls.Certificate) *http.Client {
	t.Helper()
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(m.CACertificatePEM()) {
		t.Fatal("the mock's CA PEM holds no certificate")
	}
	tr := &http.Transport{
		TLSClientConfig:   &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12, Certificates: certs},
		ForceAttemptHTTP2: true,
	}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// req is one raw request to the mock.
type req struct {
	method string
	path   string // joined to the mock's URL as is (already escaped)
	key    string // API key; "" sends no Authorization header
	body   any    // nil, string, []byte or a value encoded as JSON
	header map[string]string
	client *http.Client // nil is the mock's plain client
}

// resp is a response read in full.
type resp struct {
	status int
	header http.Header
	body   []byte
}

func (m *mock) do(t *testing.T, r req) resp {
	t.Helper()
	res, err := m.try(t, r)
	if err != nil {
		t.Fatalf("%s %s: %v", r.method, r.path, err)
	}
	return res
}

// requestContext is the test's context while the test runs. The checks its cleanups make
// after parallel subtests (the mock's state is unchanged) run once that context is done,
// so they get one that is not.
func requestContext(t testing.TB) context.Context {
	if ctx := t.Context(); ctx.Err() == nil {
		return ctx
	}
	return context.WithoutCancel(t.Context())
}

// try sends r and returns the transport error instead of failing the test.
func (m *mock) try(t testing.TB, r req) (resp, error) {
	var body io.Reader
	switch b := r.body.(type) {
	case nil:
	case io.Reader:
		body = b
	case string:
		body = strings.NewReader(b)
	case []byte:
		body = bytes.NewReader(b)
	default:
		enc, err := json.Marshal(b)
		if err != nil {
			return resp{}, err
		}
		body = bytes.NewReader(enc)
	}
	hr, err := http.NewRequestWithContext(requestContext(t), r.method, m.URL+r.path, body)
	if err != nil {
		return resp{}, err
	}
	if r.key != "" {
		hr.Header.Set("Authorization", "Basic "+r.key)
	}
	if body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	for k, v := range r.header {
		hr.Header.Set(k, v)
	}
	c := r.client
	if c == nil {
		c = m.client
	}
	res, err := c.Do(hr)
	if err != nil {
		return resp{}, err
	}
	defer func() { _ = res.Body.Close() }()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return resp{}, err
	}
	return resp{status: res.StatusCode, header: res.Header, body: b}, nil
}

// get, post, patch, put and del send a request authenticated with key.
func (m *mock) get(t *testing.T, key, path string) resp {
	t.Helper()
	return m.do(t, req{method: http.MethodGet, path: path, key: key})
}

func (m *mock) post(t *testing.T, key, path string, body any) resp {
	t.Helper()
	return m.do(t, req{method: http.MethodPost, path: path, key: key, body: body})
}

func (m *mock) patch(t *testing.T, key, path string, body any) resp {
	t.Helper()
	return m.do(t, req{method: http.MethodPatch, path: path, key: key, body: body})
}

func (m *mock) put(t *testing.T, key, path string, body any) resp {
	t.Helper()
	return m.do(t, req{method: http.MethodPut, path: path, key: key, body: body})
}

func (m *mock) del(t *testing.T, key, path string) resp {
	t.Helper()
	return m.do(t, req{method: http.MethodDelete, path: path, key: key})
}

// control calls the unauthenticated control plane.
func (m *mock) control(t *testing.T, method, path string, body any) resp {
	t.Helper()
	return m.do(t, req{method: method, path: path, body: body})
}

// advance moves the mock clock forward through POST /_mock/clock.
func (m *mock) advance(t *testing.T, d time.Duration) time.Time {
	t.Helper()
	r := m.control(t, http.MethodPost, "/_mock/clock", map[string]string{"advance": d.String()})
	r.wantStatus(t, http.StatusOK)
	var out struct {
		Now time.Time `json:"now"`
	}
	r.decode(t, &out)
	return out.Now
}

// now reads the mock clock through GET /_mock/clock.
func (m *mock) now(t *testing.T) time.Time {
	t.Helper()
	r := m.control(t, http.MethodGet, "/_mock/clock", nil)
	r.wantStatus(t, http.StatusOK)
	var out struct {
		Now time.Time `json:"now"`
	}
	r.decode(t, &out)
	return out.Now
}

// setClock moves the mock clock forward to at through POST /_mock/clock.
func (m *mock) setClock(t *testing.T, at time.Time) {
	t.Helper()
	m.control(t, http.MethodPost, "/_mock/clock", map[string]string{"set": at.UTC().Format(time.RFC3339)}).wantStatus(t, http.StatusOK)
}

// advanceKeeping moves the clock forward by d in steps short of the inactivity limit,
// using each key in between so that they stay enabled.
func (m *mock) advanceKeeping(t *testing.T, d time.Duration, keys ...string) {
	t.Helper()
	const step = 50 * 24 * time.Hour
	for d > 0 {
		s := min(d, step)
		m.advance(t, s)
		d -= s
		for _, k := range keys {
			m.get(t, k, "/v2/account").wantStatus(t, http.StatusOK)
		}
	}
}

func (r resp) wantStatus(t *testing.T, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
}

func (r resp) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
}

// decodeErr decodes the body, for goroutines that may not fail the test themselves.
func (r resp) decodeErr(v any) error {
	return json.Unmarshal(r.body, v)
}

// wantError checks the status and the contract's error body.
func (r resp) wantError(t *testing.T, status int, errType, code string) klarna.ErrorBody {
	t.Helper()
	r.wantStatus(t, status)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("error Content-Type %q, want application/json", ct)
	}
	var eb klarna.ErrorBody
	r.decode(t, &eb)
	if eb.ErrorType != errType || eb.ErrorCode != code {
		t.Fatalf("error %s/%s, want %s/%s; body %s", eb.ErrorType, eb.ErrorCode, errType, code, r.body)
	}
	if eb.ErrorID == "" || eb.ErrorMessage == "" {
		t.Errorf("error body lacks error_id or error_message: %s", r.body)
	}
	if r.header.Get(klarna.HeaderKlarnaCorrelationID) == "" {
		t.Errorf("error response lacks %s", klarna.HeaderKlarnaCorrelationID)
	}
	return eb
}

// wantValidation checks a 400 VALIDATION_ERROR that names parameter.
func (r resp) wantValidation(t *testing.T, parameter string) {
	t.Helper()
	eb := r.wantError(t, http.StatusBadRequest, klarna.ErrorTypeInput, klarna.CodeValidation)
	var names []string
	for _, e := range eb.Errors {
		if e.Parameter == parameter {
			return
		}
		names = append(names, e.Parameter)
	}
	t.Fatalf("400 names %q, want %q; body %s", names, parameter, r.body)
}

func (r resp) wantUnauthorized(t *testing.T) {
	t.Helper()
	r.wantError(t, http.StatusUnauthorized, klarna.ErrorTypeAccess, klarna.CodeUnauthorized)
}

func (r resp) wantForbidden(t *testing.T) {
	t.Helper()
	r.wantError(t, http.StatusForbidden, klarna.ErrorTypeAccess, klarna.CodeForbidden)
}

func (r resp) wantNotFound(t *testing.T) {
	t.Helper()
	r.wantError(t, http.StatusNotFound, klarna.ErrorTypeResource, klarna.CodeNotFound)
}

// wantMTLS checks the verification header; "" means absent.
func (r resp) wantMTLS(t *testing.T, want string) {
	t.Helper()
	if got, ok := r.header[hdrMTLS]; want == "" && ok {
		t.Fatalf("%s: %q, want no header", hdrMTLS, got)
	}
	if got := r.header.Get(hdrMTLS); got != want {
		t.Fatalf("%s %q, want %q (status %d)", hdrMTLS, got, want, r.status)
	}
}

// acct is the escaped /v2/accounts/{account_id} prefix of a KRN.
func acct(id string) string {
	return "/v2/accounts/" + strings.ReplaceAll(url.PathEscape(id), ":", "%3A")
}

// cn is the last segment of a KRN, the CN its certificates carry.
func cn(t *testing.T, id string) string {
	t.Helper()
	a, err := krn.Parse(id)
	if err != nil {
		t.Fatal(err)
	}
	return a.CommonName()
}

func newKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func csrFor(t *testing.T, key *ecdsa.PrivateKey, commonName string) string {
	t.Helper()
	b, err := pki.BuildCSR(key, commonName)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// issued is a certificate the mock issued, with its private key.
type issued struct {
	klarna.ClientCertificate
	key    *ecdsa.PrivateKey
	parsed *x509.Certificate
}

// tlsCert is the certificate as a TLS client identity.
func (c issued) tlsCert() tls.Certificate {
	return tls.Certificate{Certificate: [][]byte{c.parsed.Raw}, PrivateKey: c.key, Leaf: c.parsed}
}

// issue creates a certificate through prefix (/v2/account or acct(id)) for the account id.
func (m *mock) issue(t *testing.T, key, prefix, accountID, usage string) issued {
	t.Helper()
	k := newKey(t)
	r := m.post(t, key, prefix+"/credentials/client-certificates", map[string]string{
		"csr": csrFor(t, k, cn(t, accountID)), "usage": usage,
	})
	r.wantStatus(t, http.StatusCreated)
	var out issued
	r.decode(t, &out.ClientCertificate)
	out.key = k
	var err error
	if out.parsed, err = pki.ParseCertificatePEM([]byte(out.Certificate)); err != nil {
		t.Fatal(err)
	}
	return out
}

// createKey creates an API key through prefix and returns it with its secret.
func (m *mock) createKey(t *testing.T, key, prefix, description string) klarna.CreatedAPIKey {
	t.Helper()
	r := m.post(t, key, prefix+"/credentials/api-keys", map[string]string{"description": description})
	r.wantStatus(t, http.StatusCreated)
	var out klarna.CreatedAPIKey
	r.decode(t, &out)
	return out
}

// claims are valid JWT claims on the mock clock, issued by the bootstrap account.
func (m *mock) claims(sub, accountID string, roles ...string) jwt.Claims {
	now := m.Clock().Now()
	if len(roles) == 0 {
		roles = []string{"merchant:admin"}
	}
	return jwt.Claims{
		Issuer:    m.b.AccountID,
		Subject:   sub,
		ID:        uuid.NewString(),
		IssuedAt:  now.Unix(),
		Expiry:    now.Add(5 * time.Minute).Unix(),
		AccountID: accountID,
		Roles:     roles,
	}
}

func sign(t *testing.T, c jwt.Claims, cert issued) string {
	t.Helper()
	tok, err := jwt.Sign(c, cert.parsed, cert.key)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// state reads GET /_mock/state.
func (m *mock) state(t *testing.T) map[string]mockapi.AccountState {
	t.Helper()
	r := m.control(t, http.MethodGet, "/_mock/state", nil)
	r.wantStatus(t, http.StatusOK)
	var out struct {
		Accounts []mockapi.AccountState `json:"accounts"`
	}
	r.decode(t, &out)
	byID := map[string]mockapi.AccountState{}
	for _, a := range out.Accounts {
		byID[a.AccountID] = a
	}
	return byID
}
