package klarna_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/partnerops/terraform-provider-klarna/internal/jwt"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

func newKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// issue creates a certificate for the account from a fresh key and returns it with the key.
func issue(t *testing.T, c *klarna.Client, accountID, ownAccountID, usage string) (*klarna.ClientCertificate, *ecdsa.PrivateKey) {
	t.Helper()
	key := newKey(t)
	cnOf := ownAccountID
	if accountID != "" {
		cnOf = accountID
	}
	csr, err := pki.BuildCSR(key, cnOf[strings.LastIndexByte(cnOf, ':')+1:])
	if err != nil {
		t.Fatal(err)
	}
	cert, err := c.CreateClientCertificate(t.Context(), accountID, klarna.CreateClientCertificateRequest{CSR: string(csr), Usage: usage})
	if err != nil {
		t.Fatalf("issuing a %s certificate: %v", usage, err)
	}
	return cert, key
}

func TestClient_apiKeyLifecycle(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mockapi.Options{})
	c := mocktest.Client(t, m)
	ctx := t.Context()

	created, err := c.CreateAPIKey(ctx, "", klarna.CreateAPIKeyRequest{Description: "ci key"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(created.Secret, "klarna_test_api_") || created.Status != "ENABLED" || created.Environment != "TEST" {
		t.Fatalf("unexpected created key %+v", created)
	}
	got, err := c.GetAPIKey(ctx, "", created.CredentialID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Description != "ci key" || got.LastUsedAt != nil || got.DisabledReason != nil {
		t.Fatalf("unexpected key %+v", got)
	}
	desc, disabled := "renamed", klarna.CredentialStatus("DISABLED")
	upd, err := c.UpdateAPIKey(ctx, "", created.CredentialID, klarna.UpdateAPIKeyRequest{Description: &desc, Status: &disabled})
	if err != nil {
		t.Fatal(err)
	}
	if upd.Status != "DISABLED" || upd.DisabledReason == nil || *upd.DisabledReason != "MANUAL" || upd.Description != "renamed" {
		t.Fatalf("unexpected updated key %+v", upd)
	}
	// The new key itself cannot authenticate while disabled.
	own := mocktest.Client(t, m, func(cfg *klarna.Config) { cfg.APIKey = created.Secret; cfg.MaxRetries = 0 })
	if _, err := own.WhoAmI(ctx); !klarna.IsUnauthorized(err) {
		t.Fatalf("disabled key authenticated: %v", err)
	}
	enabled := klarna.CredentialStatus("ENABLED")
	if _, err := c.UpdateAPIKey(ctx, "", created.CredentialID, klarna.UpdateAPIKeyRequest{Status: &enabled}); err != nil {
		t.Fatal(err)
	}
	who, err := own.WhoAmI(ctx)
	if err != nil {
		t.Fatalf("enabled key did not authenticate: %v", err)
	}
	if who.AccountID != m.Bootstrap().AccountID {
		t.Fatalf("who-am-I says %s, want %s", who.AccountID, m.Bootstrap().AccountID)
	}
	list, err := c.ListAPIKeys(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("want the bootstrap key and the new key, got %d keys", len(list))
	}
	for _, k := range list {
		if k.CredentialID == created.CredentialID && k.LastUsedAt == nil {
			t.Errorf("the key was used but last_used_at is null")
		}
	}
	if err := c.DeleteAPIKey(ctx, "", created.CredentialID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetAPIKey(ctx, "", created.CredentialID); !klarna.IsNotFound(err) {
		t.Fatalf("read after delete: want not found, got %v", err)
	}
	if err := c.DeleteAPIKey(ctx, "", created.CredentialID); !klarna.IsNotFound(err) {
		t.Fatalf("second delete: want not found, got %v", err)
	}
	if _, err := own.WhoAmI(ctx); !klarna.IsUnauthorized(err) {
		t.Fatalf("deleted key still authenticates: %v", err)
	}
}

func TestClient_partnerAccounts(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mockapi.Options{})
	c := mocktest.Client(t, m)
	ctx := t.Context()
	b := m.Bootstrap()
	partner := b.PartnerAccountIDs[0]

	key, err := c.CreateAPIKey(ctx, partner, klarna.CreateAPIKeyRequest{Description: "partner key"})
	if err != nil {
		t.Fatal(err)
	}
	partnerKeys, err := c.ListAPIKeys(ctx, partner)
	if err != nil {
		t.Fatal(err)
	}
	if len(partnerKeys) != 1 || partnerKeys[0].CredentialID != key.CredentialID {
		t.Fatalf("partner keys: %+v", partnerKeys)
	}
	if _, err := c.GetAPIKey(ctx, "", key.CredentialID); !klarna.IsNotFound(err) {
		t.Fatalf("a partner's key must not be found in the own account: %v", err)
	}
	// The partner's own key acts as the partner and cannot reach its siblings.
	pc := mocktest.Client(t, m, func(cfg *klarna.Config) { cfg.APIKey = key.Secret })
	who, err := pc.WhoAmI(ctx)
	if err != nil || who.AccountID != partner {
		t.Fatalf("partner who-am-I: %+v, %v", who, err)
	}
	_, err = pc.ListAPIKeys(ctx, b.PartnerAccountIDs[1])
	if !klarna.IsForbidden(err) {
		t.Fatalf("partner listing a sibling: want 403, got %v", err)
	}
	for _, foreign := range b.ForeignAccountIDs {
		_, err := c.CreateAPIKey(ctx, foreign, klarna.CreateAPIKeyRequest{})
		apiErr, ok := klarna.AsAPIError(err)
		if !ok || apiErr.StatusCode != http.StatusForbidden || apiErr.ErrorCode != "FORBIDDEN" || apiErr.ErrorType != "ACCESS_ERROR" {
			t.Fatalf("foreign account: want 403 ACCESS_ERROR/FORBIDDEN, got %v", err)
		}
		if apiErr.ErrorID == "" || apiErr.CorrelationID == "" || apiErr.PartnerCorrelationID == "" {
			t.Errorf("error lacks its IDs: %+v", apiErr)
		}
		if !strings.Contains(err.Error(), apiErr.ErrorID) || !strings.Contains(err.Error(), apiErr.CorrelationID) {
			t.Errorf("error message %q does not name error_id and correlation ID", err)
		}
	}
}

func TestClient_clientIDs(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mockapi.Options{})
	c := mocktest.Client(t, m)
	ctx := t.Context()

	created, err := c.CreateClientID(ctx, "", klarna.CreateClientIDRequest{Description: "web", AllowedOrigins: []string{"https://shop.example.com", "http://localhost:3000"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(created.ClientID, "klarna_test_client_") || len(created.AllowedOrigins) != 2 {
		t.Fatalf("unexpected client ID %+v", created)
	}
	upd, err := c.UpdateClientID(ctx, "", created.CredentialID, klarna.UpdateClientIDRequest{AllowedOrigins: []string{"https://checkout.example.com:8443"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(upd.AllowedOrigins) != 1 || upd.AllowedOrigins[0] != "https://checkout.example.com:8443" || upd.Description != "web" {
		t.Fatalf("unexpected update %+v", upd)
	}
	_, err = c.CreateClientID(ctx, "", klarna.CreateClientIDRequest{AllowedOrigins: []string{"https://ok.example.com", "https://Shop.example.com/path"}})
	apiErr, ok := klarna.AsAPIError(err)
	if !ok || apiErr.StatusCode != 400 || apiErr.ErrorCode != "VALIDATION_ERROR" || len(apiErr.Errors) == 0 || !strings.HasPrefix(apiErr.Errors[0].Parameter, "allowed_origins") {
		t.Fatalf("bad origin: want 400 naming allowed_origins, got %v", err)
	}
	list, err := c.ListClientIDs(ctx, "")
	if err != nil || len(list) != 1 {
		t.Fatalf("list: %v %+v", err, list)
	}
	if err := c.DeleteClientID(ctx, "", created.CredentialID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetClientID(ctx, "", created.CredentialID); !klarna.IsNotFound(err) {
		t.Fatalf("want not found, got %v", err)
	}
}

func TestClient_certificatesAndMTLS(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mockapi.Options{})
	c := mocktest.Client(t, m)
	ctx := t.Context()
	own := m.Bootstrap().AccountID

	if _, err := c.EnforceMTLS(ctx, "", "NOW"); !klarna.HasCode(err, klarna.CodeMTLSNotEnabled) {
		t.Fatalf("enforcing without a certificate: want MTLS_NOT_ENABLED, got %v", err)
	}
	who, err := c.WhoAmI(ctx)
	if err != nil || who.MTLSVerificationStatus != "" {
		t.Fatalf("before any API certificate there is no verification header: %+v %v", who, err)
	}
	cert, key := issue(t, c, "", own, "API")
	if cert.Status != "ACTIVE" || cert.SubjectCommonName != own[strings.LastIndexByte(own, ':')+1:] {
		t.Fatalf("unexpected certificate %+v", cert)
	}
	if d := cert.NotAfter.Sub(cert.NotBefore); d < 3*365*24*time.Hour || d > 3*366*24*time.Hour {
		t.Errorf("certificate valid for %s, want 3 years", d)
	}
	who, err = c.WhoAmI(ctx)
	if err != nil || who.MTLSVerificationStatus != "NOT_PRESENT" || !who.MTLSEnabled {
		t.Fatalf("after the first API certificate: %+v %v", who, err)
	}
	keyPEM, err := pki.EncodePrivateKeyPEM(key)
	if err != nil {
		t.Fatal(err)
	}
	mc := mocktest.Client(t, m, func(cfg *klarna.Config) {
		cfg.ClientCertificatePEM = []byte(cert.Certificate)
		cfg.ClientPrivateKeyPEM = keyPEM
	})
	who, err = mc.WhoAmI(ctx)
	if err != nil || who.MTLSVerificationStatus != "VALID" {
		t.Fatalf("with the certificate: %+v %v", who, err)
	}
	enf, err := mc.EnforceMTLS(ctx, "", "NOW")
	if err != nil || enf.Status != "ENFORCED" || enf.EnforcedFrom == nil {
		t.Fatalf("enforce NOW: %+v %v", enf, err)
	}
	_, err = c.ListAPIKeys(ctx, "")
	if !klarna.IsMTLSRequired(err) {
		t.Fatalf("without a certificate after enforcement: want MTLS_REQUIRED, got %v", err)
	}
	if err := mc.RemoveMTLSEnforcement(ctx, ""); err != nil {
		t.Fatal(err)
	}
	got, err := c.GetMTLSEnforcement(ctx, "")
	if err != nil || got.Status != "REPORTING" || got.EnforcedFrom != nil {
		t.Fatalf("after removal: %+v %v", got, err)
	}
	if err := c.RevokeClientCertificate(ctx, "", cert.CertificateID); err != nil {
		t.Fatal(err)
	}
	if err := c.RevokeClientCertificate(ctx, "", cert.CertificateID); err != nil {
		t.Fatalf("revoking twice must succeed: %v", err)
	}
	rc, err := c.GetClientCertificate(ctx, "", cert.CertificateID)
	if err != nil || rc.Status != "REVOKED" {
		t.Fatalf("after revoke: %+v %v", rc, err)
	}
	if who, err = mc.WhoAmI(ctx); err != nil || who.MTLSVerificationStatus != "INVALID" {
		t.Fatalf("a revoked certificate verifies as INVALID, got %+v (%v)", who, err)
	}
	got, err = c.GetMTLSEnforcement(ctx, "")
	if err != nil || got.Status != "NOT_ENABLED" {
		t.Fatalf("with no active API certificate and no enforcement: %+v %v", got, err)
	}
	for i := 0; i < 10; i++ {
		issue(t, c, "", own, "JWT_SIGNING")
	}
	key11 := newKey(t)
	csr, _ := pki.BuildCSR(key11, own[strings.LastIndexByte(own, ':')+1:])
	_, err = c.CreateClientCertificate(ctx, "", klarna.CreateClientCertificateRequest{CSR: string(csr), Usage: "API"})
	if !klarna.HasCode(err, klarna.CodeCertificateLimitReached) || !isConflict(err) {
		t.Fatalf("11th active certificate: want 409 CERTIFICATE_LIMIT_REACHED, got %v", err)
	}
	certs, err := c.ListClientCertificates(ctx, "")
	if err != nil || len(certs) != 11 {
		t.Fatalf("want 11 certificates (1 revoked), got %d: %v", len(certs), err)
	}
	badCSR, _ := pki.BuildCSR(key11, "NOTMINE")
	_, err = c.CreateClientCertificate(ctx, m.Bootstrap().PartnerAccountIDs[0], klarna.CreateClientCertificateRequest{CSR: string(badCSR), Usage: "JWT_SIGNING"})
	apiErr, ok := klarna.AsAPIError(err)
	if !ok || apiErr.StatusCode != 400 || len(apiErr.Errors) != 1 || apiErr.Errors[0].Parameter != "csr" || !strings.Contains(apiErr.Errors[0].ErrorMessage, "NOTMINE") {
		t.Fatalf("wrong CN: want 400 naming csr and the CN, got %v", err)
	}
}

func TestClient_portal(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mockapi.Options{})
	c := mocktest.Client(t, m)
	ctx := t.Context()
	b := m.Bootstrap()
	partner := b.PartnerAccountIDs[0]
	certInfo, key := issue(t, c, "", b.AccountID, "JWT_SIGNING")
	cert, err := pki.ParseCertificatePEM([]byte(certInfo.Certificate))
	if err != nil {
		t.Fatal(err)
	}
	sign := func(claims jwt.Claims) string {
		t.Helper()
		now := m.Clock().Now()
		claims.Issuer = b.AccountID
		claims.ID = uuid.NewString()
		claims.IssuedAt = now.Unix()
		claims.Expiry = now.Add(5 * time.Minute).Unix()
		tok, err := jwt.Sign(claims, cert, key)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	ua, err := c.GrantUserAccess(ctx, sign(jwt.Claims{Subject: "Dev@Example.com", AccountID: partner, Roles: []string{"merchant:developer"}}))
	if err != nil {
		t.Fatal(err)
	}
	if ua.Principal != "dev@example.com" || ua.OnBehalfOf != partner || ua.Status != "INVITED" {
		t.Fatalf("unexpected grant %+v", ua)
	}
	list, err := c.ListUserAccess(ctx, klarna.UserAccessFilter{Principal: "dev@example.com"})
	if err != nil || len(list) != 1 {
		t.Fatalf("list: %+v %v", list, err)
	}
	if err := c.RevokeUserAccess(ctx, klarna.UserAccessFilter{Principal: "dev@example.com"}); !errors.Is(err, klarna.ErrUnfilteredRevoke) {
		t.Fatalf("a revoke without every filter must be refused by the client, got %v", err)
	}
	link, err := c.CreateDeepLink(ctx, partner, sign(jwt.Claims{Subject: "dev@example.com", AccountID: partner, Roles: []string{"merchant:admin"}, AMR: []string{"mfa"}}))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(link.URL, m.URL+"/_mock/portal/login?token=") {
		t.Fatalf("deep link URL %q", link.URL)
	}
	if err := c.RevokeUserAccess(ctx, klarna.UserAccessFilter{Principal: "dev@example.com", AccountID: partner, OnBehalfOf: partner}); err != nil {
		t.Fatal(err)
	}
	list, err = c.ListUserAccess(ctx, klarna.UserAccessFilter{})
	if err != nil || len(list) != 0 {
		t.Fatalf("after revoke: %+v %v", list, err)
	}
	_, err = c.GrantUserAccess(ctx, sign(jwt.Claims{Subject: "dev@example.com", AccountID: b.ForeignAccountIDs[0], Roles: []string{"merchant:admin"}}))
	if !klarna.IsForbidden(err) {
		t.Fatalf("granting on a foreign account: want 403, got %v", err)
	}
}

func TestClient_refusesPlainHTTP(t *testing.T) {
	t.Parallel()
	_, err := klarna.New(klarna.Config{BaseURL: "http://127.0.0.1:8080", APIKey: "klarna_test_api_x"})
	if err == nil || !strings.Contains(err.Error(), "https://") {
		t.Fatalf("want an error saying HTTPS is required, got %v", err)
	}
}

func TestClient_untrustedServer(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mockapi.Options{})
	c := mocktest.Client(t, m, func(cfg *klarna.Config) { cfg.CACertificatesPEM = nil; cfg.MaxRetries = 1 })
	var x509Err x509.UnknownAuthorityError
	if _, err := c.WhoAmI(t.Context()); !errors.As(err, &x509Err) {
		t.Fatalf("a server outside the trusted roots must fail verification, got %v", err)
	}
}

func TestClient_retries(t *testing.T) {
	t.Parallel()
	const createPath = "/v2/account/credentials/api-keys"
	for _, tc := range []struct {
		name     string
		fault    mockapi.Fault
		attempts int // requests the mock sees
	}{
		{"429 with Retry-After", mockapi.Fault{Method: "POST", Path: createPath, Kind: mockapi.FaultRateLimited, Count: 1, RetryAfter: 1}, 2},
		{"429 without Retry-After", mockapi.Fault{Method: "POST", Path: createPath, Kind: mockapi.FaultRateLimited, Count: 3}, 4},
		{"500 TIMEOUT", mockapi.Fault{Method: "POST", Path: createPath, Kind: mockapi.FaultTimeout, Count: 2}, 3},
		{"503", mockapi.Fault{Method: "POST", Path: createPath, Kind: mockapi.FaultUnavailable, Count: 2}, 3},
		{"dropped connection", mockapi.Fault{Method: "POST", Path: createPath, Kind: mockapi.FaultDrop, Count: 2}, 3},
		{"committed then dropped", mockapi.Fault{Method: "POST", Path: createPath, Kind: mockapi.FaultCommitThenDrop, Count: 2}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := mocktest.Start(t, mockapi.Options{})
			c := mocktest.Client(t, m)
			if err := m.AddFault(tc.fault); err != nil {
				t.Fatal(err)
			}
			created, err := c.CreateAPIKey(t.Context(), "", klarna.CreateAPIKeyRequest{Description: "retried"})
			if err != nil {
				t.Fatalf("create through %s: %v", tc.name, err)
			}
			if got := m.Requests().ByRoute["POST /v2/account/credentials/api-keys"]; got != tc.attempts {
				t.Errorf("mock saw %d attempts, want %d", got, tc.attempts)
			}
			keys, err := c.ListAPIKeys(t.Context(), "")
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, k := range keys {
				if k.Description == "retried" {
					n++
					if k.CredentialID != created.CredentialID {
						t.Errorf("the server holds key %s, the client got %s", k.CredentialID, created.CredentialID)
					}
				}
			}
			if n != 1 {
				t.Fatalf("want exactly one key on the server, found %d", n)
			}
		})
	}
}

func TestClient_noRetry(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mockapi.Options{})
	c := mocktest.Client(t, m)
	ctx := t.Context()

	// 400: not retried.
	_, err := c.CreateAPIKey(ctx, "", klarna.CreateAPIKeyRequest{Description: "bad/char"})
	if !klarna.IsValidation(err) {
		t.Fatalf("want 400, got %v", err)
	}
	// 404: not retried.
	if _, err := c.GetAPIKey(ctx, "", uuid.NewString()); !klarna.IsNotFound(err) {
		t.Fatalf("want 404, got %v", err)
	}
	// 403 without a body: reported as a DDoS block, not retried.
	if err := m.AddFault(mockapi.Fault{Method: "GET", Path: "/v2/account", Kind: mockapi.FaultDDoS, Count: 5}); err != nil {
		t.Fatal(err)
	}
	_, err = c.WhoAmI(ctx)
	if !isDDoSBlocked(err) || !strings.Contains(err.Error(), "DDoS") {
		t.Fatalf("want a DDoS block error, got %v", err)
	}
	m.ClearFaults()
	counts := m.Requests().ByRoute
	if counts["POST /v2/account/credentials/api-keys"] != 1 || counts["GET /v2/account/credentials/api-keys/{id}"] != 1 || counts["GET /v2/account"] != 1 {
		t.Fatalf("non-retryable errors were retried: %v", counts)
	}
}

func TestClient_retriesExhausted(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mockapi.Options{})
	c := mocktest.Client(t, m, func(cfg *klarna.Config) { cfg.MaxRetries = 2 })
	if err := m.AddFault(mockapi.Fault{Method: "POST", Path: "/v2/account/credentials/*", Kind: mockapi.FaultCommitThenDrop, Count: 3}); err != nil {
		t.Fatal(err)
	}
	_, err := c.CreateAPIKey(t.Context(), "", klarna.CreateAPIKeyRequest{Description: "lost"})
	var ex *klarna.RetriesExhaustedError
	if !errors.As(err, &ex) || ex.Attempts != 3 || !klarna.IsOutcomeUnknown(err) || !strings.Contains(err.Error(), "outcome is unknown") {
		t.Fatalf("want an outcome-unknown error after 3 attempts, got %v", err)
	}
	// The change was committed once: the idempotency key made the retries replays.
	keys, err := c.ListAPIKeys(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, k := range keys {
		if k.Description == "lost" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("want exactly one committed key, found %d", n)
	}

	if err := m.AddFault(mockapi.Fault{Method: "GET", Path: "/v2/account", Kind: mockapi.FaultRateLimited, Count: 3}); err != nil {
		t.Fatal(err)
	}
	_, err = c.WhoAmI(t.Context())
	if !errors.As(err, &ex) || klarna.IsOutcomeUnknown(err) || !strings.Contains(err.Error(), "RATE_LIMITED") {
		t.Fatalf("a read that ran out of retries: %v", err)
	}
}

func TestClient_contextEndsRetries(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mockapi.Options{})
	c := mocktest.Client(t, m, func(cfg *klarna.Config) {
		cfg.MaxRetries = 100
		cfg.RetryBaseDelay = time.Second
		cfg.RetryMaxDelay = time.Second
	})
	if err := m.AddFault(mockapi.Fault{Method: "GET", Path: "/v2/account", Kind: mockapi.FaultUnavailable, Count: 100}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	_, err := c.WhoAmI(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want the context's deadline to end the retries, got %v", err)
	}
	if n := m.Requests().ByRoute["GET /v2/account"]; n >= 100 {
		t.Fatalf("the retries did not stop with the context: %d attempts", n)
	}
}

func TestClient_rateLimiterShared(t *testing.T) {
	t.Parallel()
	// The server allows 5 requests per second per account; a client limited to half that
	// never meets its 429, even when a loaded machine delivers its requests in bunches.
	m := mocktest.Start(t, mockapi.Options{RateLimit: 5})
	c := mocktest.Client(t, m, func(cfg *klarna.Config) { cfg.RequestsPerSecond = 2.5; cfg.MaxRetries = 0 })
	ctx := t.Context()
	errs := make(chan error, 12)
	for range 12 {
		go func() {
			_, err := c.WhoAmI(ctx)
			errs <- err
		}()
	}
	for range 12 {
		if err := <-errs; err != nil {
			t.Fatalf("a request of a client under the server's limit failed: %v", err)
		}
	}
	// Without the client-side limit the same burst meets the server's 429.
	u := mocktest.Client(t, m, func(cfg *klarna.Config) { cfg.MaxRetries = 0 })
	limited := 0
	for range 12 {
		if _, err := u.WhoAmI(ctx); klarna.HasCode(err, klarna.CodeRateLimited) {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("the server's rate limit never answered 429 to an unlimited burst")
	}
}

func TestClient_concurrentUse(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mockapi.Options{})
	c := mocktest.Client(t, m)
	ctx := t.Context()
	partner := m.Bootstrap().PartnerAccountIDs[0]
	const workers, rounds = 16, 10
	errs := make(chan error, workers)
	for w := range workers {
		go func() {
			account := ""
			if w%2 == 1 {
				account = partner
			}
			for i := range rounds {
				desc := fmt.Sprintf("worker %d round %d", w, i)
				k, err := c.CreateAPIKey(ctx, account, klarna.CreateAPIKeyRequest{Description: desc})
				if err != nil {
					errs <- err
					return
				}
				if got, err := c.GetAPIKey(ctx, account, k.CredentialID); err != nil || got.Description != desc {
					errs <- fmt.Errorf("read back %+v: %w", got, err)
					return
				}
				if _, err := c.ListAPIKeys(ctx, account); err != nil {
					errs <- err
					return
				}
				if err := c.DeleteAPIKey(ctx, account, k.CredentialID); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range workers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	for _, account := range []string{"", partner} {
		keys, err := c.ListAPIKeys(ctx, account)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range keys {
			if strings.HasPrefix(k.Description, "worker ") {
				t.Errorf("key %s (%q) survived its delete", k.CredentialID, k.Description)
			}
		}
	}
}

// TestClient_answeredRefusalsAreNotUnknown: a create answered 429 or 503 every time was
// refused, not carried out, so its error never sends the user looking for what it made;
// a gateway's 502 or 504 may hide an API that acted, so that outcome is unknown.
func TestClient_answeredRefusalsAreNotUnknown(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status  int
		unknown bool
	}{
		{http.StatusTooManyRequests, false},
		{http.StatusServiceUnavailable, false},
		{http.StatusBadGateway, true},
		{http.StatusGatewayTimeout, true},
	} {
		t.Run(http.StatusText(tc.status), func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(`{"error_id":"e","error_type":"TECHNICAL_ERROR","error_code":"X","error_message":"no"}`))
			}))
			t.Cleanup(srv.Close)
			c, err := klarna.New(klarna.Config{BaseURL: srv.URL, APIKey: "klarna_test_api_k", MaxRetries: 1,
				RetryBaseDelay: time.Millisecond, RetryMaxDelay: time.Millisecond, Transport: srv.Client().Transport})
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.CreateAPIKey(t.Context(), "", klarna.CreateAPIKeyRequest{Description: "x"})
			if got := klarna.IsOutcomeUnknown(err); got != tc.unknown {
				t.Fatalf("HTTP %d twice: outcome unknown %v, want %v (%v)", tc.status, got, tc.unknown, err)
			}
		})
	}
}

// isConflict reports a 409 answer.
func isConflict(err error) bool {
	apiErr, ok := klarna.AsAPIError(err)
	return ok && apiErr.StatusCode == http.StatusConflict
}

// isDDoSBlocked reports a request Klarna's DDoS protection refused, or one the client did
// not send after such a refusal.
func isDDoSBlocked(err error) bool {
	_, ok := errors.AsType[*klarna.DDoSBlockedError](err)
	return ok
}
