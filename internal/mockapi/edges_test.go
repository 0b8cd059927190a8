package mockapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

// deepLinkURL creates a deep link into the first partner account, sending hostHeader as
// the request's Host when it is not "".
func (m *mock) deepLinkURL(t *testing.T, hostHeader string) string {
	t.Helper()
	p1 := m.b.PartnerAccountIDs[0]
	signer := m.issue(t, m.b.APIKey, "/v2/account", m.b.AccountID, "JWT_SIGNING")
	c := m.claims("link@example.com", p1)
	c.AMR = []string{"pwd"}
	body, _ := json.Marshal(map[string]string{"jwt": sign(t, c, signer)})
	hr, err := http.NewRequestWithContext(t.Context(), http.MethodPost, m.URL+acct(p1)+"/portal/deep-links", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	hr.Header.Set("Authorization", "Basic "+m.b.APIKey)
	hr.Header.Set("Content-Type", "application/json")
	if hostHeader != "" {
		hr.Host = hostHeader
	}
	res, err := m.client.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	var link klarna.DeepLink
	if res.StatusCode != http.StatusOK {
		t.Fatalf("deep link: status %d", res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(&link); err != nil {
		t.Fatal(err)
	}
	return link.URL
}

func TestDeepLinks_pointAtTheMockWhateverTheHostHeader(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	for _, host := range []string{"", "evil.example", "evil.example:443", "127.0.0.1:1"} {
		u := m.deepLinkURL(t, host)
		if !strings.HasPrefix(u, m.URL+"/_mock/portal/login?token=") {
			t.Fatalf("Host %q: deep link %s, want one under %s", host, u, m.URL)
		}
	}
}

func TestPortalLogin_headDoesNotUseTheLink(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	u := strings.TrimPrefix(m.deepLinkURL(t, ""), m.URL)
	head := func() int {
		return m.do(t, req{method: http.MethodHead, path: u}).status
	}
	for range 3 {
		if got := head(); got != http.StatusOK {
			t.Fatalf("HEAD of a fresh link: %d, want 200", got)
		}
	}
	m.control(t, http.MethodGet, u, nil).wantStatus(t, http.StatusOK)
	if got := head(); got != http.StatusGone {
		t.Fatalf("HEAD of a used link: %d, want 410", got)
	}
	m.control(t, http.MethodGet, u, nil).wantStatus(t, http.StatusGone)
}

func TestMTLSHeader_onEveryResponseToAnEnabledAccount(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot := m.b.APIKey
	apiCert := m.issue(t, boot, "/v2/account", m.b.AccountID, "API")
	withCert := m.httpClient(t, apiCert.tlsCert())
	big := strings.Repeat("a", 7<<10)
	tests := []struct {
		name   string
		fault  string // a fault kind injected on the path first, or ""
		r      req
		status int
	}{
		{"success", "", req{method: http.MethodGet, path: "/v2/account"}, http.StatusOK},
		{"injected 429", mockapi.FaultRateLimited, req{method: http.MethodGet, path: "/v2/account/credentials/client-ids"}, http.StatusTooManyRequests},
		{"injected 500 TIMEOUT", mockapi.FaultTimeout, req{method: http.MethodGet, path: "/v2/account/integration/mtls"}, http.StatusInternalServerError},
		{"injected 503", mockapi.FaultUnavailable, req{method: http.MethodGet, path: "/v2/account/credentials/client-certificates"}, http.StatusServiceUnavailable},
		{"injected DDoS block", mockapi.FaultDDoS, req{method: http.MethodGet, path: pathUserAccess}, http.StatusForbidden},
		{"header too large", "", req{method: http.MethodGet, path: "/v2/account", header: map[string]string{"X-Filler": big}}, http.StatusRequestEntityTooLarge},
		{"body too large", "", req{method: http.MethodPost, path: pathAPIKey, body: `{"description":"` + strings.Repeat("a", 1<<20) + `"}`}, http.StatusRequestEntityTooLarge},
		{"unknown query parameter", "", req{method: http.MethodGet, path: pathAPIKey + "?bogus=1"}, http.StatusBadRequest},
		{"duplicate member", "", req{method: http.MethodPost, path: pathAPIKey, body: `{"description":"a","description":"b"}`}, http.StatusBadRequest},
		{"unknown route", "", req{method: http.MethodGet, path: "/v2/nothing"}, http.StatusNotFound},
		{"unknown method", "", req{method: http.MethodPut, path: pathAPIKey, body: "{}"}, http.StatusNotFound},
		{"not found", "", req{method: http.MethodGet, path: pathAPIKey + "/" + uuid.NewString()}, http.StatusNotFound},
	}
	for _, tc := range tests {
		for _, cl := range []struct {
			name   string
			client *http.Client
			want   string
		}{{"no certificate", m.client, "NOT_PRESENT"}, {"API certificate", withCert, "VALID"}} {
			t.Run(tc.name+", "+cl.name, func(t *testing.T) {
				if tc.fault != "" {
					m.fault(t, mockapi.Fault{Method: tc.r.method, Path: tc.r.path, Kind: tc.fault, Count: 1})
				}
				r := tc.r
				r.key, r.client = boot, cl.client
				got := m.do(t, r)
				got.wantStatus(t, tc.status)
				got.wantMTLS(t, cl.want)
			})
		}
	}
}

func TestUnknownRoutes_authenticationAndMTLSFirst(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot := m.b.APIKey
	apiCert := m.issue(t, boot, "/v2/account", m.b.AccountID, "API")
	withCert := m.httpClient(t, apiCert.tlsCert())
	unknown := []req{
		{method: http.MethodGet, path: "/v2/nothing"},
		{method: http.MethodGet, path: "/"},
		{method: http.MethodPut, path: pathAPIKey, body: "{}"},
		{method: http.MethodPost, path: "/v2/account/portal/deep-links", body: "{}"},
		{method: http.MethodDelete, path: acct(m.b.PartnerAccountIDs[0])},
	}
	for _, u := range unknown {
		for _, key := range []string{"", "klarna_test_api_wrong", m.ForeignAPIKey() + "x"} {
			r := u
			r.key = key
			m.do(t, r).wantUnauthorized(t)
		}
		r := u
		r.key = boot
		m.do(t, r).wantNotFound(t)
	}

	m.put(t, boot, "/v2/account/integration/mtls", map[string]string{"enforced_from": "NOW"}).wantStatus(t, http.StatusOK)
	for _, u := range unknown {
		r := u
		r.key = boot
		got := m.do(t, r)
		got.wantError(t, http.StatusUnauthorized, klarna.ErrorTypeAccess, klarna.CodeMTLSRequired)
		got.wantMTLS(t, "NOT_PRESENT")
		r.client = withCert
		got = m.do(t, r)
		got.wantNotFound(t)
		got.wantMTLS(t, "VALID")
	}
}

func TestMTLSHeader_onRateLimitedResponses(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{RateLimit: 0.01})
	cert := m.issue(t, m.b.APIKey, "/v2/account", m.b.AccountID, "API") // uses the one token
	r := m.do(t, req{method: http.MethodGet, path: "/v2/account", key: m.b.APIKey, client: m.httpClient(t, cert.tlsCert())})
	r.wantError(t, http.StatusTooManyRequests, klarna.ErrorTypeTechnical, klarna.CodeRateLimited)
	r.wantMTLS(t, "VALID")
}
