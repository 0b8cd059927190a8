package mockapi_test

import (
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

func TestAuthentication_keys(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot := m.b.APIKey

	disabled := m.createKey(t, boot, "/v2/account", "to disable")
	m.patch(t, boot, pathAPIKey+"/"+disabled.CredentialID, map[string]string{"status": "DISABLED"}).wantStatus(t, http.StatusOK)
	deleted := m.createKey(t, boot, "/v2/account", "to delete")
	m.get(t, deleted.Secret, "/v2/account").wantStatus(t, http.StatusOK)
	m.del(t, boot, pathAPIKey+"/"+deleted.CredentialID).wantStatus(t, http.StatusNoContent)
	security := m.createKey(t, boot, "/v2/account", "compromised")
	m.control(t, http.MethodPost, "/_mock/credentials/"+security.CredentialID+"/disable", map[string]string{"reason": "SECURITY"}).wantStatus(t, http.StatusNoContent)
	var clientID klarna.ClientID
	r := m.post(t, boot, "/v2/account/credentials/client-ids", map[string]any{"allowed_origins": []string{"https://shop.example.com"}})
	r.wantStatus(t, http.StatusCreated)
	r.decode(t, &clientID)

	tests := []struct {
		name          string
		authorization string // the whole header; "" sends none
		wantOK        bool
	}{
		{"missing header", "", false},
		{"raw key", "Basic " + boot, true},
		{"base64-encoded key", "Basic " + base64.StdEncoding.EncodeToString([]byte(boot)), true},
		{"wrong key", "Basic klarna_test_api_" + strings.Repeat("x", 40), false},
		{"live key on a test mock", "Basic " + strings.Replace(boot, "klarna_test_api_", "klarna_live_api_", 1), false},
		{"key of another scheme", "Bearer " + boot, false},
		{"scheme without key", "Basic", false},
		{"client ID as a key", "Basic " + clientID.ClientID, false},
		{"disabled key", "Basic " + disabled.Secret, false},
		{"deleted key", "Basic " + deleted.Secret, false},
		{"key disabled by Klarna", "Basic " + security.Secret, false},
		{"base64 of a deleted key", "Basic " + base64.StdEncoding.EncodeToString([]byte(deleted.Secret)), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := map[string]string{}
			if tc.authorization != "" {
				h["Authorization"] = tc.authorization
			}
			for _, path := range []string{"/v2/account", pathAPIKey, acct(m.b.PartnerAccountIDs[0]) + "/integration/mtls"} {
				r := m.do(t, req{method: http.MethodGet, path: path, header: h})
				if !tc.wantOK {
					r.wantUnauthorized(t)
					continue
				}
				r.wantStatus(t, http.StatusOK)
			}
		})
	}
}

func TestAuthentication_environments(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		live      bool
		env       klarna.Environment
		krnEnv    string
		keyPrefix string
		otherKey  string // the prefix of the other environment's keys
	}{
		{"test", false, "TEST", ":test:", "klarna_test_api_", "klarna_live_api_"},
		{"live", true, "LIVE", ":live:", "klarna_live_api_", "klarna_test_api_"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := start(t, mockapi.Options{Live: tc.live})
			if !strings.HasPrefix(m.b.APIKey, tc.keyPrefix) || !strings.Contains(m.b.AccountID, tc.krnEnv) ||
				len(m.b.PartnerAccountIDs) < 2 || len(m.b.ForeignAccountIDs) < 1 {
				t.Fatalf("bootstrap %+v is not a %s one", m.b, tc.name)
			}
			r := m.get(t, m.b.APIKey, "/v2/account")
			r.wantStatus(t, http.StatusOK)
			var who klarna.Account
			r.decode(t, &who)
			if who.AccountID != m.b.AccountID || who.Environment != tc.env || who.MTLSEnabled {
				t.Fatalf("who-am-I %+v, want %s in %s without mTLS", who, m.b.AccountID, tc.env)
			}
			created := m.createKey(t, m.b.APIKey, "/v2/account", "")
			if !strings.HasPrefix(created.Secret, tc.keyPrefix) || created.Environment != tc.env {
				t.Fatalf("created key %+v is not a %s key", created, tc.name)
			}
			var cid klarna.ClientID
			r = m.post(t, m.b.APIKey, "/v2/account/credentials/client-ids", map[string]any{"allowed_origins": []string{"http://localhost:3000"}})
			r.wantStatus(t, http.StatusCreated)
			r.decode(t, &cid)
			if !strings.HasPrefix(cid.ClientID, "klarna_"+tc.name+"_client_") || cid.Environment != tc.env {
				t.Fatalf("created client ID %+v is not a %s one", cid, tc.name)
			}
			// The same secret with the other environment's prefix is no key here.
			m.get(t, tc.otherKey+strings.TrimPrefix(m.b.APIKey, tc.keyPrefix), "/v2/account").wantUnauthorized(t)
			for _, id := range append(append([]string{}, m.b.PartnerAccountIDs...), m.b.ForeignAccountIDs...) {
				if !strings.Contains(id, tc.krnEnv) {
					t.Errorf("account %s is not in the %s environment", id, tc.name)
				}
			}
		})
	}
}

// routesFor returns every API route of the contract with {account_id} set to prefix.
func routesFor(prefix string) []klarna.RouteTemplate {
	var out []klarna.RouteTemplate
	for _, rt := range klarna.Routes() {
		if p, ok := strings.CutPrefix(rt.Path, "/v2/accounts/{account_id}"); ok {
			p = strings.NewReplacer("{credential_id}", uuid.NewString(), "{certificate_id}", uuid.NewString(),
				"{webhook_id}", "krn:partner:global:notification:webhook:"+uuid.NewString(), "{signing_key_id}", uuid.NewString()).Replace(p)
			out = append(out, klarna.RouteTemplate{Method: rt.Method, Path: prefix + p})
		}
	}
	return out
}

// validBody is a body each write route accepts as to its form.
func validBody(t *testing.T, method, path, accountID string) any {
	t.Helper()
	switch {
	case method == http.MethodPut:
		return map[string]string{"enforced_from": "NOW"}
	case strings.HasSuffix(path, "/client-ids") || method == http.MethodPatch && strings.Contains(path, "/client-ids/"):
		return map[string]any{"allowed_origins": []string{"https://shop.example.com"}}
	case strings.HasSuffix(path, "/client-certificates"):
		return map[string]string{"csr": csrFor(t, newKey(t), cn(t, accountID)), "usage": "API"}
	case strings.HasSuffix(path, "/deep-links"):
		return map[string]string{"jwt": "aaaa.bbbb.cccc"}
	case strings.HasSuffix(path, "/notification/signing-keys"):
		return nil
	case strings.HasSuffix(path, "/notification/webhooks"):
		return map[string]any{"url": "https://127.0.0.1/route", "event_types": []string{"a.b"}, "signing_key_id": uuid.NewString()}
	case strings.Contains(path, "/notification/webhooks/"):
		return map[string]string{"status": "DISABLED"}
	case strings.HasSuffix(path, "/inbound-restriction/ip"):
		return map[string]any{"enforcement_mode": "REPORTING", "cidr_blocks": []string{"127.0.0.1/32"}}
	case strings.HasSuffix(path, "/products/payment"):
		return map[string]string{"status": "DISABLED"}
	case path == "/v2/distribution/onboard":
		return map[string]any{"partner_account_reference": "r", "partner_account_name": "n",
			"partner_account_contact": map[string]string{"email": "o@example.com"},
			"products":                []map[string]string{{"type": "PAYMENT", "payment_profile_id": "p"}}}
	case method == http.MethodPatch && strings.Count(strings.TrimPrefix(path, "/v2/accounts/"), "/") == 0:
		return map[string]string{"partner_account_name": "x"}
	case method == http.MethodPost || method == http.MethodPatch:
		return map[string]string{"description": "x"}
	}
	return nil
}

func TestBoundary_foreignAccountOnEveryRoute(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	foreign := m.b.ForeignAccountIDs[0]
	before := m.state(t)[foreign]
	routes := routesFor(acct(foreign))
	if len(routes) < 18 {
		t.Fatalf("only %d partner-account routes in the client's table", len(routes))
	}
	for _, rt := range routes {
		t.Run(rt.Method+" "+rt.Path, func(t *testing.T) {
			t.Parallel()
			bodies := []any{validBody(t, rt.Method, rt.Path, foreign)}
			if bodies[0] != nil {
				// A body the route would refuse does not change the answer.
				bodies = append(bodies, `{"unknown_field": true}`)
			}
			for _, body := range bodies {
				r := m.do(t, req{method: rt.Method, path: rt.Path, key: m.b.APIKey, body: body,
					header: map[string]string{hdrIdem: uuid.NewString()}})
				r.wantForbidden(t)
			}
			// An item ID that is not a UUID does not change it either.
			if strings.Count(rt.Path, "/") > 6 {
				i := strings.LastIndexByte(rt.Path, '/')
				m.do(t, req{method: rt.Method, path: rt.Path[:i] + "/not-a-uuid", key: m.b.APIKey, body: validBody(t, rt.Method, rt.Path, foreign)}).wantForbidden(t)
			}
		})
	}
	t.Cleanup(func() {
		after := m.state(t)[foreign]
		if len(after.APIKeys) != len(before.APIKeys) || len(after.ClientIDs) != 0 || len(after.ClientCertificates) != 0 || after.MTLS.EnforcedFrom != nil {
			t.Errorf("refused requests changed the foreign account: %+v", after)
		}
	})
}

func TestBoundary_access(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot, own := m.b.APIKey, m.b.AccountID
	p1, p2 := m.b.PartnerAccountIDs[0], m.b.PartnerAccountIDs[1]
	p1Key := m.createKey(t, boot, acct(p1), "p1 key")
	p1KeyID := p1Key.CredentialID

	tests := []struct {
		name   string
		key    string
		prefix string
		want   int
		// wantKey is a credential the 200 list must hold.
		wantKey string
	}{
		{"own account by /v2/account", boot, "/v2/account", http.StatusOK, ""},
		{"own account by its escaped KRN", boot, acct(own), http.StatusOK, ""},
		{"own account by its unescaped KRN", boot, "/v2/accounts/" + own, http.StatusOK, ""},
		{"partner account", boot, acct(p1), http.StatusOK, p1KeyID},
		{"partner account unescaped", boot, "/v2/accounts/" + p1, http.StatusOK, p1KeyID},
		{"second partner account", boot, acct(p2), http.StatusOK, ""},
		{"foreign account", boot, acct(m.b.ForeignAccountIDs[0]), http.StatusForbidden, ""},
		{"partner key on its own account", p1Key.Secret, "/v2/account", http.StatusOK, p1KeyID},
		{"partner key on its own KRN", p1Key.Secret, acct(p1), http.StatusOK, p1KeyID},
		{"partner key on a sibling", p1Key.Secret, acct(p2), http.StatusForbidden, ""},
		{"partner key on its acquirer", p1Key.Secret, acct(own), http.StatusForbidden, ""},
		{"foreign key on a partner of another", m.ForeignAPIKey(), acct(p1), http.StatusForbidden, ""},
		{"foreign key on the acquirer", m.ForeignAPIKey(), acct(own), http.StatusForbidden, ""},
		{"malformed KRN", boot, "/v2/accounts/not-a-krn", http.StatusForbidden, ""},
		{"KRN with a lower-case ID", boot, acct(strings.ToLower(p1)), http.StatusForbidden, ""},
		{"KRN of the other environment", boot, acct(strings.Replace(p1, ":test:", ":live:", 1)), http.StatusForbidden, ""},
		{"unknown well-formed KRN", boot, acct("krn:partner:global:account:test:ZZZZ9999"), http.StatusForbidden, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := m.get(t, tc.key, tc.prefix+"/credentials/api-keys")
			if tc.want == http.StatusForbidden {
				r.wantForbidden(t)
				m.post(t, tc.key, tc.prefix+"/credentials/api-keys", map[string]string{}).wantForbidden(t)
				return
			}
			r.wantStatus(t, tc.want)
			var list klarna.APIKeyList
			r.decode(t, &list)
			if tc.wantKey == "" {
				return
			}
			for _, k := range list.APIKeys {
				if k.CredentialID == tc.wantKey {
					return
				}
			}
			t.Fatalf("the list %s lacks the key %s", r.body, tc.wantKey)
		})
	}
}

// strangerCert is a certificate with its key that the mock's CA never issued.
func strangerCert(t *testing.T, commonName string) issued {
	t.Helper()
	k := newKey(t)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(42),
		Subject:      pkix.Name{CommonName: commonName},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return issued{key: k, parsed: cert}
}

// selfSigned is a TLS client identity the mock's CA never issued.
func selfSigned(t *testing.T, commonName string) tls.Certificate {
	t.Helper()
	return strangerCert(t, commonName).tlsCert()
}

func TestTransport_tls(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})

	t.Run("plain HTTP is refused", func(t *testing.T) {
		t.Parallel()
		plain := "http://" + strings.TrimPrefix(m.URL, "https://") + "/v2/account"
		hr, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, plain, nil)
		hr.Header.Set("Authorization", "Basic "+m.b.APIKey)
		res, err := http.DefaultClient.Do(hr)
		if err == nil {
			_ = res.Body.Close()
			if res.StatusCode < 400 {
				t.Fatalf("plain HTTP answered %d", res.StatusCode)
			}
		}
	})
	t.Run("TLS 1.1 is refused", func(t *testing.T) {
		t.Parallel()
		c := m.httpClient(t)
		tr, ok := c.Transport.(*http.Transport)
		if !ok {
			t.Fatalf("unexpected transport %T", c.Transport)
		}
		tr.TLSClientConfig.MinVersion = tls.VersionTLS10 //nolint:gosec // proving that the server refuses it
		tr.TLSClientConfig.MaxVersion = tls.VersionTLS11
		if _, err := m.try(t, req{method: http.MethodGet, path: "/v2/account", key: m.b.APIKey, client: c}); err == nil {
			t.Fatal("a TLS 1.1 handshake succeeded")
		}
	})
	t.Run("an unknown client certificate does not fail the handshake", func(t *testing.T) {
		t.Parallel()
		c := m.httpClient(t, selfSigned(t, cn(t, m.b.AccountID)))
		r := m.do(t, req{method: http.MethodGet, path: "/v2/account", key: m.b.APIKey, client: c})
		r.wantStatus(t, http.StatusOK)
		r.wantMTLS(t, "")
	})
}

func TestCorrelation_headers(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	tests := []struct {
		name    string
		key     string
		sent    string
		status  int
		invalid bool
	}{
		{"echoed on success", m.b.APIKey, "abc123XYZ", http.StatusOK, false},
		{"echoed on 401", "klarna_test_api_wrong", "abc123", http.StatusUnauthorized, false},
		{"absent when not sent", m.b.APIKey, "", http.StatusOK, false},
		{"malformed is refused and still echoed", m.b.APIKey, "has-dashes", http.StatusBadRequest, true},
		{"too long is refused", m.b.APIKey, strings.Repeat("a", 256), http.StatusBadRequest, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			h := map[string]string{}
			if tc.sent != "" {
				h[klarna.HeaderPartnerCorrelationID] = tc.sent
			}
			r := m.do(t, req{method: http.MethodGet, path: pathAPIKey, key: tc.key, header: h})
			r.wantStatus(t, tc.status)
			if tc.invalid {
				r.wantValidation(t, klarna.HeaderPartnerCorrelationID)
			}
			if got := r.header.Get(klarna.HeaderPartnerCorrelationID); got != tc.sent {
				t.Errorf("%s %q, want %q", klarna.HeaderPartnerCorrelationID, got, tc.sent)
			}
			first := r.header.Get(klarna.HeaderKlarnaCorrelationID)
			again := m.do(t, req{method: http.MethodGet, path: pathAPIKey, key: tc.key, header: h})
			if first == "" || first == again.header.Get(klarna.HeaderKlarnaCorrelationID) {
				t.Errorf("%s %q then %q: want one per request", klarna.HeaderKlarnaCorrelationID, first, again.header.Get(klarna.HeaderKlarnaCorrelationID))
			}
		})
	}
}

func TestDateHeader_followsMockClock(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	m.advance(t, 45*24*time.Hour)
	tests := []struct {
		name   string
		r      req
		status int
	}{
		{"API success", req{method: http.MethodGet, path: "/v2/account", key: m.b.APIKey}, http.StatusOK},
		{"API error", req{method: http.MethodGet, path: "/v2/account"}, http.StatusUnauthorized},
		{"no such route", req{method: http.MethodGet, path: "/v2/nothing", key: m.b.APIKey}, http.StatusNotFound},
		{"control plane", req{method: http.MethodGet, path: "/_mock/clock"}, http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// A parallel subtest may wait long for its turn: bound the header by the mock
			// clock read just before and just after the request, not by a fixed margin.
			before := m.now(t)
			r := m.do(t, tc.r)
			after := m.now(t)
			r.wantStatus(t, tc.status)
			d, err := http.ParseTime(r.header.Get("Date"))
			if err != nil {
				t.Fatalf("Date %q: %v", r.header.Get("Date"), err)
			}
			if d.Before(before.Truncate(time.Second)) || d.After(after) {
				t.Fatalf("Date %s, want the mock's time, between %s and %s", d, before, after)
			}
		})
	}
}

func TestAuthentication_twoAuthorizationHeadersAreRefused(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, m.URL+"/v2/account", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Add("Authorization", "Basic "+m.b.APIKey)
	req.Header.Add("Authorization", "Basic klarna_test_api_someoneelse")
	resp, err := m.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("two Authorization headers: HTTP %d, want 401", resp.StatusCode)
	}
}
