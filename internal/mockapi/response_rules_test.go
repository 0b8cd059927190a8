package mockapi

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const (
	ruleAccount = "krn:partner:global:account:test:AB12CD34"
	ruleID      = "3f1c2a9e-7b4d-4c61-9a0e-5d2b8f6e1a47"
)

var (
	ruleNow     = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	ruleCreated = time.Date(2026, 11, 22, 7, 45, 0, 0, time.UTC)
)

// ruleRequest builds a request as the mux hands it over: pattern and path values set.
func ruleRequest(t testing.TB, method, pattern, target string) *http.Request {
	t.Helper()
	r := httptest.NewRequestWithContext(t.Context(), method, "https://127.0.0.1"+target, nil)
	r.Pattern = method + " " + pattern
	if strings.Contains(pattern, "{account_id}") {
		r.SetPathValue("account_id", ruleAccount)
	}
	if strings.Contains(pattern, "{id}") {
		r.SetPathValue("id", ruleID)
	}
	return r
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func ruleAPIKey(mut func(*APIKey)) APIKey {
	used := ruleCreated.Add(time.Hour)
	k := APIKey{CredentialID: ruleID, Description: "d", Environment: environmentTest, Status: "ENABLED", CreatedAt: ruleCreated, LastUsedAt: &used}
	if mut != nil {
		mut(&k)
	}
	return k
}

func ruleClientID(mut func(*ClientID)) ClientID {
	c := ClientID{CredentialID: ruleID, ClientID: "klarna_test_client_Y2lk", AllowedOrigins: []string{"https://shop.example.com"},
		Environment: environmentTest, Status: "ENABLED", CreatedAt: ruleCreated}
	if mut != nil {
		mut(&c)
	}
	return c
}

func reason(s string) *string { return &s }

func at(t time.Time) *time.Time { return &t }

// ruleCertificate issues a certificate with the given CN and describes it as the API does.
func ruleCertificate(t *testing.T, usage, cn string, mut func(*ClientCertificate)) ClientCertificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(0x0a1b2c3d), Subject: pkix.Name{CommonName: cn},
		NotBefore: ruleCreated, NotAfter: ruleCreated.AddDate(3, 0, 0),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(der)
	c := ClientCertificate{
		CertificateID: ruleID, Usage: usage, Description: "d", Status: "ACTIVE",
		Certificate:       string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		SerialNumber:      "0a1b2c3d",
		FingerprintSHA256: hex.EncodeToString(sum[:]),
		SubjectCommonName: cn,
		NotBefore:         tmpl.NotBefore, NotAfter: tmpl.NotAfter, CreatedAt: ruleCreated,
	}
	if mut != nil {
		mut(&c)
	}
	return c
}

func ruleGrant(mut func(*UserAccess)) UserAccess {
	g := UserAccess{Principal: "jane@example.com", AccountID: ruleAccount, OnBehalfOf: "krn:partner:global:account:test:LYABCDEI",
		Roles: []string{"merchant:admin"}, Status: "INVITED", CreatedAt: ruleCreated, UpdatedAt: ruleCreated.Add(time.Minute)}
	if mut != nil {
		mut(&g)
	}
	return g
}

func TestResponseRules(t *testing.T) {
	t.Parallel()
	const (
		own         = "/v2/account"
		partner     = "/v2/accounts/{account_id}"
		partnerPath = "/v2/accounts/krn%3Apartner%3Aglobal%3Aaccount%3Atest%3AAB12CD34"
	)
	mtlsHeader := http.Header{"Klarna-Mtls-Verification-Status": {"VALID"}}
	tests := []struct {
		name            string
		method, pattern string // a pattern ending in ?Partner-Correlation-Id=X sends that header
		status          int
		header          http.Header
		body            func(t *testing.T) any // nil for no body
		want            string                 // a part of the error; "" when the response keeps every rule
	}{
		// Partner accounts.
		{"partner account", "GET", partner, 200, nil, func(*testing.T) any { return rulePartnerAccount(nil) }, ""},
		{"another partner account than the path's", "PATCH", partner, 200, nil,
			func(*testing.T) any {
				return rulePartnerAccount(func(a *PartnerAccount) { a.AccountID = "krn:partner:global:account:test:ZZ99ZZ99" })
			}, "not the path's"},
		{"website store without url", "GET", partner, 200, nil,
			func(*testing.T) any { return rulePartnerAccount(func(a *PartnerAccount) { a.Stores[0].URL = nil }) }, "stores[0] is a WEBSITE store"},
		{"physical store with url", "GET", partner, 200, nil,
			func(*testing.T) any {
				return rulePartnerAccount(func(a *PartnerAccount) { a.Stores[1].URL = a.Stores[0].URL })
			}, "stores[1] is a PHYSICAL_STORE store"},
		{"store reference twice", "GET", partner, 200, nil,
			func(*testing.T) any {
				return rulePartnerAccount(func(a *PartnerAccount) { a.Stores[1].StoreReference = a.Stores[0].StoreReference })
			}, "not unique"},
		{"no payment product", "GET", partner, 200, nil,
			func(*testing.T) any {
				return rulePartnerAccount(func(a *PartnerAccount) { a.Products = []PaymentProduct{} })
			}, "one, PAYMENT"},
		{"onboarded DISABLED", "POST", "/v2/distribution/onboard", 201, nil,
			func(*testing.T) any { return rulePartnerAccount(func(a *PartnerAccount) { a.State = accountDisabled }) }, "cannot be DISABLED"},
		{"onboarded in the future", "POST", "/v2/distribution/onboard", 201, nil,
			func(*testing.T) any {
				return rulePartnerAccount(func(a *PartnerAccount) { a.CreatedAt = ruleNow.Add(time.Second) })
			}, "after the server's time"},
		// Credentials.
		{"enabled key", "GET", own + "/credentials/api-keys/{id}", 200, nil,
			func(*testing.T) any { return ruleAPIKey(nil) }, ""},
		{"enabled key with a disabled_reason", "GET", own + "/credentials/api-keys/{id}", 200, nil,
			func(*testing.T) any { return ruleAPIKey(func(k *APIKey) { k.DisabledReason = reason("MANUAL") }) }, "ENABLED but disabled_reason"},
		{"disabled key without a reason", "PATCH", partner + "/credentials/api-keys/{id}", 200, nil,
			func(*testing.T) any { return ruleAPIKey(func(k *APIKey) { k.Status = "DISABLED" }) }, "DISABLED but disabled_reason is null"},
		{"disabled key with a reason", "PATCH", partner + "/credentials/api-keys/{id}", 200, nil,
			func(*testing.T) any {
				return ruleAPIKey(func(k *APIKey) { k.Status = "DISABLED"; k.DisabledReason = reason("SECURITY") })
			}, ""},
		{"key used before it was created", "GET", own + "/credentials/api-keys/{id}", 200, nil,
			func(*testing.T) any {
				return ruleAPIKey(func(k *APIKey) { k.LastUsedAt = at(ruleCreated.Add(-time.Second)) })
			}, "before created_at"},
		{"key created in the future", "GET", own + "/credentials/api-keys/{id}", 200, nil,
			func(*testing.T) any {
				return ruleAPIKey(func(k *APIKey) { k.CreatedAt = ruleNow.Add(time.Second); k.LastUsedAt = nil })
			}, "after the server's time"},
		{"another key than the path's", "GET", own + "/credentials/api-keys/{id}", 200, nil,
			func(*testing.T) any {
				return ruleAPIKey(func(k *APIKey) { k.CredentialID = "11111111-1111-4111-8111-111111111111" })
			}, "not the path's"},
		{"key of another environment", "GET", own + "/credentials/api-keys/{id}", 200, nil,
			func(*testing.T) any { return ruleAPIKey(func(k *APIKey) { k.Environment = environmentLive }) }, "environment is LIVE in a TEST"},
		{"key list with one bad key", "GET", partner + "/credentials/api-keys", 200, nil,
			func(*testing.T) any {
				return apiKeyList{APIKeys: []APIKey{ruleAPIKey(nil), ruleAPIKey(func(k *APIKey) { k.Status = "DISABLED" })}}
			}, "api_keys[1].status is DISABLED"},
		{"created key", "POST", own + "/credentials/api-keys", 201, nil,
			func(*testing.T) any {
				return createdAPIKey{APIKey: ruleAPIKey(func(k *APIKey) { k.LastUsedAt = nil }), Secret: "klarna_test_api_c2Vj"}
			}, ""},
		{"created key whose prefix is of another environment", "POST", own + "/credentials/api-keys", 201, nil,
			func(*testing.T) any {
				return createdAPIKey{APIKey: ruleAPIKey(func(k *APIKey) { k.LastUsedAt = nil }), Secret: "klarna_live_api_c2Vj"}
			}, "does not start with klarna_test_api_"},
		{"created key already used", "POST", partner + "/credentials/api-keys", 201, nil,
			func(*testing.T) any { return createdAPIKey{APIKey: ruleAPIKey(nil), Secret: "klarna_test_api_c2Vj"} }, "never used"},
		{"created key disabled", "POST", partner + "/credentials/api-keys", 201, nil,
			func(*testing.T) any {
				return createdAPIKey{APIKey: ruleAPIKey(func(k *APIKey) {
					k.LastUsedAt, k.Status, k.DisabledReason = nil, "DISABLED", reason("MANUAL")
				}), Secret: "klarna_test_api_c2Vj"}
			}, "must be ENABLED"},
		{"client ID", "GET", partner + "/credentials/client-ids/{id}", 200, nil,
			func(*testing.T) any { return ruleClientID(nil) }, ""},
		{"client ID of another environment than its prefix", "POST", own + "/credentials/client-ids", 201, nil,
			func(*testing.T) any {
				return ruleClientID(func(c *ClientID) { c.ClientID = "klarna_live_client_Y2lk" })
			}, "does not start with klarna_test_client_"},
		{"client ID list with an enabled one disabled for a reason", "GET", own + "/credentials/client-ids", 200, nil,
			func(*testing.T) any {
				return clientIDList{ClientIDs: []ClientID{ruleClientID(func(c *ClientID) { c.DisabledReason = reason("INACTIVITY") })}}
			}, "client_ids[0].status is ENABLED"},

		// Certificates.
		{"API certificate", "GET", own + "/credentials/client-certificates/{id}", 200, nil,
			func(t *testing.T) any { return ruleCertificate(t, "API", "AB12CD34-mtls-1", nil) }, ""},
		{"JWT_SIGNING certificate of the path's account", "POST", partner + "/credentials/client-certificates", 201, nil,
			func(t *testing.T) any { return ruleCertificate(t, "JWT_SIGNING", "AB12CD34", nil) }, ""},
		{"JWT_SIGNING certificate of another account", "POST", partner + "/credentials/client-certificates", 201, nil,
			func(t *testing.T) any { return ruleCertificate(t, "JWT_SIGNING", "LYABCDEI", nil) }, "not AB12CD34"},
		{"JWT_SIGNING certificate with a free-form CN", "GET", own + "/credentials/client-certificates/{id}", 200, nil,
			func(t *testing.T) any { return ruleCertificate(t, "JWT_SIGNING", "ab12-jwt", nil) }, "not an account ID's last segment"},
		{"not_after before not_before", "GET", own + "/credentials/client-certificates/{id}", 200, nil,
			func(t *testing.T) any {
				return ruleCertificate(t, "API", "X", func(c *ClientCertificate) { c.NotBefore, c.NotAfter = c.NotAfter, c.NotBefore })
			}, "is not after not_before"},
		{"created outside the validity", "GET", own + "/credentials/client-certificates/{id}", 200, nil,
			func(t *testing.T) any {
				return ruleCertificate(t, "API", "X", func(c *ClientCertificate) { c.CreatedAt = c.NotBefore.Add(-time.Minute) })
			}, "outside the validity"},
		{"valid 2 years", "GET", own + "/credentials/client-certificates/{id}", 200, nil,
			func(t *testing.T) any {
				return ruleCertificate(t, "API", "X", func(c *ClientCertificate) { c.CreatedAt = c.CreatedAt.AddDate(1, 0, 0) })
			}, "not 3 years after created_at"},
		{"EXPIRED before not_after", "GET", own + "/credentials/client-certificates", 200, nil,
			func(t *testing.T) any {
				return clientCertificateList{ClientCertificates: []ClientCertificate{
					ruleCertificate(t, "API", "X", func(c *ClientCertificate) { c.Status = "EXPIRED" })}}
			}, "client_certificates[0].status is EXPIRED before not_after"},
		{"new certificate not ACTIVE", "POST", own + "/credentials/client-certificates", 201, nil,
			func(t *testing.T) any {
				return ruleCertificate(t, "API", "X", func(c *ClientCertificate) { c.Status = "REVOKED" })
			}, "not ACTIVE"},
		{"fingerprint of another certificate", "GET", own + "/credentials/client-certificates/{id}", 200, nil,
			func(t *testing.T) any {
				return ruleCertificate(t, "API", "X", func(c *ClientCertificate) { c.FingerprintSHA256 = strings.Repeat("ab", 32) })
			}, "fingerprint_sha256"},
		{"serial of another certificate", "GET", own + "/credentials/client-certificates/{id}", 200, nil,
			func(t *testing.T) any {
				return ruleCertificate(t, "API", "X", func(c *ClientCertificate) { c.SerialNumber = "0a1b2c3e" })
			}, "serial_number"},
		{"CN of another certificate", "GET", own + "/credentials/client-certificates/{id}", 200, nil,
			func(t *testing.T) any {
				return ruleCertificate(t, "API", "X", func(c *ClientCertificate) { c.SubjectCommonName = "Y" })
			}, "subject_common_name"},
		{"validity of another certificate", "GET", own + "/credentials/client-certificates/{id}", 200, nil,
			func(t *testing.T) any {
				return ruleCertificate(t, "API", "X", func(c *ClientCertificate) { c.NotAfter = c.NotAfter.Add(time.Hour) })
			}, "not the certificate's"},
		{"certificate not PEM", "GET", own + "/credentials/client-certificates/{id}", 200, nil,
			func(t *testing.T) any {
				return ruleCertificate(t, "API", "X", func(c *ClientCertificate) { c.Certificate = "MIIB" })
			}, "not a PEM CERTIFICATE"},

		// mTLS enforcement.
		{"ENFORCED since a moment past", "GET", own + "/integration/mtls", 200, nil,
			func(*testing.T) any { return MTLSEnforcement{Status: "ENFORCED", EnforcedFrom: at(ruleCreated)} }, ""},
		{"ENFORCED without enforced_from", "GET", own + "/integration/mtls", 200, nil,
			func(*testing.T) any { return MTLSEnforcement{Status: "ENFORCED"} }, "ENFORCED but enforced_from is null"},
		{"ENFORCED before enforced_from", "GET", partner + "/integration/mtls", 200, nil,
			func(*testing.T) any {
				return MTLSEnforcement{Status: "ENFORCED", EnforcedFrom: at(ruleNow.Add(time.Hour))}
			}, "ENFORCED before"},
		{"NOT_ENABLED with enforced_from", "GET", own + "/integration/mtls", 200, nil,
			func(*testing.T) any { return MTLSEnforcement{Status: "NOT_ENABLED", EnforcedFrom: at(ruleCreated)} }, "NOT_ENABLED but enforced_from"},
		{"REPORTING until enforced_from", "PUT", own + "/integration/mtls", 200, nil,
			func(*testing.T) any {
				return MTLSEnforcement{Status: "REPORTING", EnforcedFrom: at(ruleNow.Add(time.Hour))}
			}, ""},
		{"enforcement just set without enforced_from", "PUT", partner + "/integration/mtls", 200, nil,
			func(*testing.T) any { return MTLSEnforcement{Status: "REPORTING"} }, "just set has no enforced_from"},

		// Who am I.
		{"account", "GET", own, 200, nil,
			func(*testing.T) any { return accountView{AccountID: ruleAccount, Environment: environmentTest} }, ""},
		{"account of another environment than its KRN", "GET", own, 200, nil,
			func(*testing.T) any {
				return accountView{AccountID: "krn:partner:global:account:live:AB12CD34", Environment: environmentTest}
			},
			"does not match account_id"},
		{"mTLS-enabled account", "GET", own, 200, mtlsHeader,
			func(*testing.T) any {
				return accountView{AccountID: ruleAccount, Environment: environmentTest, MTLSEnabled: true}
			}, ""},
		{"mTLS-enabled account without the header", "GET", own, 200, nil,
			func(*testing.T) any {
				return accountView{AccountID: ruleAccount, Environment: environmentTest, MTLSEnabled: true}
			},
			"mtls_enabled is true"},
		{"header without mTLS", "GET", own, 200, mtlsHeader,
			func(*testing.T) any { return accountView{AccountID: ruleAccount, Environment: environmentTest} }, "mtls_enabled is false"},

		// User access.
		{"grant", "POST", own + "/portal/user-access", 201, nil, func(*testing.T) any { return ruleGrant(nil) }, ""},
		{"grant updated before it was created", "POST", own + "/portal/user-access", 201, nil,
			func(*testing.T) any {
				return ruleGrant(func(g *UserAccess) { g.UpdatedAt = ruleCreated.Add(-time.Second) })
			}, "before created_at"},
		{"grant across environments", "POST", own + "/portal/user-access", 201, nil,
			func(*testing.T) any {
				return ruleGrant(func(g *UserAccess) { g.OnBehalfOf = "krn:partner:global:account:live:LYABCDEI" })
			}, "different environments"},
		{"filtered list", "GET", own + "/portal/user-access?principal=JANE@example.com&account_id=" + ruleAccount, 200, nil,
			func(*testing.T) any { return userAccessList{UserAccess: []UserAccess{ruleGrant(nil)}} }, ""},
		{"list outside its principal filter", "GET", own + "/portal/user-access?principal=john@example.com", 200, nil,
			func(*testing.T) any { return userAccessList{UserAccess: []UserAccess{ruleGrant(nil)}} }, "outside the filter principal"},
		{"list outside its account filter", "GET", own + "/portal/user-access?account_id=krn:partner:global:account:test:ZZ99", 200, nil,
			func(*testing.T) any { return userAccessList{UserAccess: []UserAccess{ruleGrant(nil)}} }, "outside the filter account_id"},
		{"list outside its on_behalf_of filter", "GET", own + "/portal/user-access?on_behalf_of=" + ruleAccount, 200, nil,
			func(*testing.T) any { return userAccessList{UserAccess: []UserAccess{ruleGrant(nil)}} }, "outside the filter on_behalf_of"},

		// Deep links.
		{"deep link", "POST", partner + "/portal/deep-links", 200, nil,
			func(*testing.T) any { return deepLink{URL: "https://127.0.0.1/x", ExpiresAt: ruleNow.Add(time.Minute)} }, ""},
		{"deep link living too long", "POST", partner + "/portal/deep-links", 200, nil,
			func(*testing.T) any {
				return deepLink{URL: "https://127.0.0.1/x", ExpiresAt: ruleNow.Add(61 * time.Second)}
			}, "more than 1m0s ahead"},

		// Headers.
		{"Retry-After on a 429", "GET", own, 429, http.Header{"Retry-After": {"1"}},
			func(*testing.T) any { return errorBody{ErrorCode: codeRateLimited} }, ""},
		{"Retry-After on a 503", "GET", own, 503, http.Header{"Retry-After": {"1"}},
			func(*testing.T) any { return errorBody{ErrorCode: codeServiceUnavailable} }, "only a 429"},
		{"204", "DELETE", partner + "/integration/mtls", 204, nil, nil, ""},
		{"correlation ID echoed", "GET", own + "/integration/mtls?Partner-Correlation-Id=abc123", 200, http.Header{"Partner-Correlation-Id": {"abc123"}},
			func(*testing.T) any { return MTLSEnforcement{Status: "NOT_ENABLED"} }, ""},
		{"correlation ID not echoed", "GET", own + "/integration/mtls?Partner-Correlation-Id=abc123", 200, nil,
			func(*testing.T) any { return MTLSEnforcement{Status: "NOT_ENABLED"} }, "echoed back"},
		{"correlation ID changed", "DELETE", own + "/integration/mtls?Partner-Correlation-Id=abc123", 204, http.Header{"Partner-Correlation-Id": {"abc124"}},
			nil, "echoed back"},
		{"correlation ID never sent", "GET", own + "/integration/mtls", 404, http.Header{"Partner-Correlation-Id": {"abc123"}},
			func(*testing.T) any { return errorBody{ErrorCode: codeNotFound} }, "echoed back"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			target := strings.ReplaceAll(tt.pattern, "{account_id}", strings.TrimPrefix(partnerPath, "/v2/accounts/"))
			target = strings.ReplaceAll(target, "{id}", ruleID)
			pattern, _, _ := strings.Cut(tt.pattern, "?")
			target, correlationID, _ := strings.Cut(target, "?Partner-Correlation-Id=")
			r := ruleRequest(t, tt.method, pattern, target)
			if correlationID != "" {
				r.Header.Set("Partner-Correlation-Id", correlationID)
			}
			var body []byte
			if tt.body != nil {
				body = mustJSON(t, tt.body(t))
			}
			header := tt.header
			if header == nil {
				header = http.Header{}
			}
			err := responseOf(r, tt.status, header, body, environmentTest, ruleNow).check()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("a response that keeps the rules was refused: %v", err)
			case tt.want != "" && err == nil:
				t.Errorf("a response that breaks a rule passed; want an error with %q", tt.want)
			case tt.want != "" && !strings.Contains(err.Error(), tt.want):
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

// A response that breaks a rule is the mock's own fault: the client gets a 500 and the test
// that caused it sees a contract violation.
func TestCheckResponse_ruleViolationIsRecorded(t *testing.T) {
	t.Parallel()
	s, err := New(Options{Logf: func(string, ...any) {}})
	if err != nil {
		t.Fatal(err)
	}
	r := ruleRequest(t, "GET", "/v2/account/integration/mtls", "/v2/account/integration/mtls")
	body := mustJSON(t, MTLSEnforcement{Status: "NOT_ENABLED", EnforcedFrom: at(ruleCreated)})
	header := http.Header{"Content-Type": {"application/json"}, "Klarna-Correlation-Id": {"c"}}
	if err := s.validator.ValidateResponse(r, 200, header, body); err != nil {
		t.Fatalf("the body must pass the schema, so that only the rule refuses it: %v", err)
	}
	err = s.checkResponse(r, 200, header, body)
	if err == nil || !strings.Contains(err.Error(), "NOT_ENABLED but enforced_from") {
		t.Fatalf("checkResponse = %v, want the NOT_ENABLED rule", err)
	}
}

// Through the HTTP interface: state that would make the mock answer a key used before it
// was created gets a 500 INTERNAL_ERROR and a recorded violation instead.
func TestServeHTTP_responseBreakingARuleIsA500(t *testing.T) {
	t.Parallel()
	s, err := New(Options{Logf: func(string, ...any) {}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range s.accounts[s.bootstrap.AccountID].apiKeys {
		c.createdAt = s.now().Add(time.Hour)
	}
	r := httptest.NewRequestWithContext(t.Context(), "GET", "https://127.0.0.1/v2/account/credentials/api-keys", nil)
	r.Header.Set("Authorization", "Basic "+s.bootstrap.APIKey)
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	if w.Code != http.StatusInternalServerError || !strings.Contains(w.Body.String(), `"INTERNAL_ERROR"`) {
		t.Errorf("got %d %s, want 500 INTERNAL_ERROR", w.Code, w.Body)
	}
	violations := s.Violations()
	if len(violations) != 1 || !strings.Contains(violations[0], "before created_at") {
		t.Errorf("violations %q, want the key used before it was created", violations)
	}
}

func rulePartnerAccount(mut func(*PartnerAccount)) PartnerAccount {
	url := "https://shop.example.com"
	a := PartnerAccount{
		AccountID: ruleAccount, Reference: "shop-1", Name: "Shop", Contact: partnerAccountContact{Email: "o@example.com"},
		State: accountOperational, Entities: []PartnerBusinessEntity{},
		Products: []PaymentProduct{{Type: productTypePayment, PaymentProfileID: ruleID, Status: paymentProductEnabled, PaymentAccounts: []PaymentAccount{}}},
		Brands:   []Brand{},
		Stores: []Store{{StoreReference: "web", Type: storeWebsite, Name: "Web", URL: &url},
			{StoreReference: "city", Type: storePhysicalStore, Name: "City"}},
		CreatedAt: ruleCreated,
	}
	if mut != nil {
		mut(&a)
	}
	return a
}
