package mockapi_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

// mtlsState reads GET {prefix}/integration/mtls.
func (m *mock) mtlsState(t *testing.T, key, prefix string, client *http.Client) klarna.MTLSEnforcement {
	t.Helper()
	r := m.do(t, req{method: http.MethodGet, path: prefix + "/integration/mtls", key: key, client: client})
	r.wantStatus(t, http.StatusOK)
	var out klarna.MTLSEnforcement
	r.decode(t, &out)
	return out
}

func TestMTLS_verificationHeader(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot, own, p1 := m.b.APIKey, m.b.AccountID, m.b.PartnerAccountIDs[0]

	// No header while the authenticating account has never had an API certificate, not
	// even after a JWT_SIGNING one or one issued to a partner.
	jwtCert := m.issue(t, boot, "/v2/account", own, "JWT_SIGNING")
	partnerAPI := m.issue(t, boot, acct(p1), p1, "API")
	m.get(t, boot, "/v2/account").wantMTLS(t, "")
	m.do(t, req{method: http.MethodGet, path: "/v2/account", key: boot, client: m.httpClient(t, jwtCert.tlsCert())}).wantMTLS(t, "")
	var who klarna.Account
	m.get(t, boot, "/v2/account").decode(t, &who)
	if who.MTLSEnabled {
		t.Fatal("mtls_enabled before the first API certificate")
	}
	if st := m.mtlsState(t, boot, "/v2/account", nil); st.Status != "NOT_ENABLED" || st.EnforcedFrom != nil {
		t.Fatalf("mTLS before the first API certificate: %+v", st)
	}

	apiCert := m.issue(t, boot, "/v2/account", own, "API")
	revokedCert := m.issue(t, boot, "/v2/account", own, "API")
	m.del(t, boot, "/v2/account/credentials/client-certificates/"+revokedCert.CertificateID).wantStatus(t, http.StatusNoContent)
	partnerKey := m.createKey(t, boot, acct(p1), "partner key").Secret

	tests := []struct {
		name   string
		client *http.Client
		key    string
		path   string
		want   string
	}{
		{"no certificate", m.client, boot, "/v2/account", "NOT_PRESENT"},
		{"own API certificate", m.httpClient(t, apiCert.tlsCert()), boot, "/v2/account", "VALID"},
		{"own API certificate on a partner's path", m.httpClient(t, apiCert.tlsCert()), boot, acct(p1) + "/credentials/api-keys", "VALID"},
		{"own JWT_SIGNING certificate", m.httpClient(t, jwtCert.tlsCert()), boot, "/v2/account", "INVALID"},
		{"a partner's API certificate", m.httpClient(t, partnerAPI.tlsCert()), boot, "/v2/account", "INVALID"},
		{"a revoked API certificate", m.httpClient(t, revokedCert.tlsCert()), boot, "/v2/account", "INVALID"},
		{"a certificate the mock never issued", m.httpClient(t, selfSigned(t, cn(t, own))), boot, "/v2/account", "INVALID"},
		{"on a 404", m.httpClient(t, apiCert.tlsCert()), boot, pathAPIKey + "/00000000-0000-4000-8000-000000000000", "VALID"},
		{"on a 403", m.client, boot, "/v2/accounts/not-a-krn/credentials/api-keys", "NOT_PRESENT"},
		{"on a 400", m.client, boot, pathAPIKey + "/not-a-uuid", "NOT_PRESENT"},
		{"partner key with its own API certificate", m.httpClient(t, partnerAPI.tlsCert()), partnerKey, "/v2/account", "VALID"},
		{"partner key with the acquirer's certificate", m.httpClient(t, apiCert.tlsCert()), partnerKey, "/v2/account", "INVALID"},
		{"partner key without a certificate", m.client, partnerKey, "/v2/account", "NOT_PRESENT"},
		{"foreign key, never had mTLS", m.httpClient(t, apiCert.tlsCert()), m.ForeignAPIKey(), "/v2/account", ""},
		{"unauthenticated", m.httpClient(t, apiCert.tlsCert()), "", "/v2/account", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := m.do(t, req{method: http.MethodGet, path: tc.path, key: tc.key, client: tc.client})
			r.wantMTLS(t, tc.want)
		})
	}

	t.Run("state", func(t *testing.T) {
		t.Parallel()
		if st := m.mtlsState(t, boot, "/v2/account", nil); st.Status != "REPORTING" || st.EnforcedFrom != nil {
			t.Fatalf("with an API certificate and no enforcement: %+v", st)
		}
		var who klarna.Account
		m.get(t, boot, "/v2/account").decode(t, &who)
		if !who.MTLSEnabled {
			t.Fatal("mtls_enabled false after the first API certificate")
		}
	})
}

func TestMTLS_enforcedFrom(t *testing.T) {
	t.Parallel()
	type tcase struct {
		name       string
		from       any
		wantStatus string // "" for a 400 naming enforced_from
		wantFrom   time.Duration
	}
	tests := []tcase{
		{"NOW", "NOW", "ENFORCED", 0},
		{"in an hour", time.Hour, "REPORTING", time.Hour},
		{"in 80 days", 80 * 24 * time.Hour, "REPORTING", 80 * 24 * time.Hour},
		{"an hour ago", -time.Hour, "", 0},
		{"a minute ago", -time.Minute, "", 0},
		{"3 months and a day ahead", "3m1d", "", 0},
		{"a year ahead", 366 * 24 * time.Hour, "", 0},
		{"not a date", "tomorrow", "", 0},
		{"lower-case now", "now", "", 0},
		{"a date without a zone", "2030-01-02T15:04:05", "", 0},
		{"a date without a time", "2030-01-02", "", 0},
		{"a number", 1700000000, "", 0},
		{"null", nil, "", 0},
	}
	m := start(t, mockapi.Options{PartnerAccounts: len(tests) + 1})
	// The rules follow the mock clock: a month ahead of the wall clock, "an hour ago" is
	// still in the wall clock's future.
	m.advanceKeeping(t, 30*24*time.Hour, m.b.APIKey)
	now := m.Clock().Now().UTC().Truncate(time.Second)
	for i, tc := range tests {
		partner := m.b.PartnerAccountIDs[i]
		m.issue(t, m.b.APIKey, acct(partner), partner, "API")
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			from := tc.from
			switch v := tc.from.(type) {
			case time.Duration:
				from = now.Add(v).Format(time.RFC3339)
			case string:
				if v == "3m1d" {
					from = now.AddDate(0, 3, 1).Format(time.RFC3339)
				}
			}
			r := m.put(t, m.b.APIKey, acct(partner)+"/integration/mtls", map[string]any{"enforced_from": from})
			if tc.wantStatus == "" {
				r.wantValidation(t, "enforced_from")
				if st := m.mtlsState(t, m.b.APIKey, acct(partner), nil); st.Status != "REPORTING" || st.EnforcedFrom != nil {
					t.Fatalf("a refused enforcement changed the state: %+v", st)
				}
				return
			}
			r.wantStatus(t, http.StatusOK)
			var got klarna.MTLSEnforcement
			r.decode(t, &got)
			if got.Status != tc.wantStatus || got.EnforcedFrom == nil {
				t.Fatalf("enforce %v: %+v", from, got)
			}
			if tc.from == "NOW" {
				nearMock(t, m, "enforced_from", *got.EnforcedFrom)
			} else if want := now.Add(tc.wantFrom); !got.EnforcedFrom.Equal(want) {
				t.Fatalf("enforced_from %s, want %s", got.EnforcedFrom, want)
			}
			if again := m.mtlsState(t, m.b.APIKey, acct(partner), nil); again.Status != got.Status || !again.EnforcedFrom.Equal(*got.EnforcedFrom) {
				t.Fatalf("GET %+v after PUT %+v", again, got)
			}
		})
	}
	t.Run("an offset other than Z", func(t *testing.T) {
		t.Parallel()
		partner := m.b.PartnerAccountIDs[len(tests)]
		m.issue(t, m.b.APIKey, acct(partner), partner, "API")
		at := now.Add(2 * time.Hour)
		r := m.put(t, m.b.APIKey, acct(partner)+"/integration/mtls", map[string]any{"enforced_from": at.In(time.FixedZone("", -5*3600)).Format(time.RFC3339)})
		r.wantStatus(t, http.StatusOK)
		var got klarna.MTLSEnforcement
		r.decode(t, &got)
		if got.EnforcedFrom == nil || !got.EnforcedFrom.Equal(at) {
			t.Fatalf("enforced_from %v, want %s", got.EnforcedFrom, at)
		}
	})
}

func TestMTLS_enforcement(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot, own := m.b.APIKey, m.b.AccountID
	m.put(t, boot, "/v2/account/integration/mtls", map[string]string{"enforced_from": "NOW"}).
		wantError(t, http.StatusConflict, klarna.ErrorTypeResource, klarna.CodeMTLSNotEnabled)
	jwtCert := m.issue(t, boot, "/v2/account", own, "JWT_SIGNING")
	m.put(t, boot, "/v2/account/integration/mtls", map[string]string{"enforced_from": "NOW"}).
		wantError(t, http.StatusConflict, klarna.ErrorTypeResource, klarna.CodeMTLSNotEnabled)
	apiCert := m.issue(t, boot, "/v2/account", own, "API")
	valid := m.httpClient(t, apiCert.tlsCert())

	r := m.do(t, req{method: http.MethodPut, path: "/v2/account/integration/mtls", key: boot, body: map[string]string{"enforced_from": "NOW"}})
	r.wantStatus(t, http.StatusOK)

	refusals := []struct {
		name   string
		client *http.Client
		method string
		path   string
		header string
	}{
		{"who-am-I without a certificate", m.client, http.MethodGet, "/v2/account", "NOT_PRESENT"},
		{"a write without a certificate", m.client, http.MethodPost, pathAPIKey, "NOT_PRESENT"},
		{"a partner's path without a certificate", m.client, http.MethodGet, acct(m.b.PartnerAccountIDs[0]) + "/credentials/api-keys", "NOT_PRESENT"},
		{"with the JWT_SIGNING certificate", m.httpClient(t, jwtCert.tlsCert()), http.MethodGet, "/v2/account", "INVALID"},
		{"with a certificate the mock never issued", m.httpClient(t, selfSigned(t, cn(t, own))), http.MethodGet, "/v2/account", "INVALID"},
		{"removal without a certificate", m.client, http.MethodDelete, "/v2/account/integration/mtls", "NOT_PRESENT"},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			r := m.do(t, req{method: tc.method, path: tc.path, key: boot, client: tc.client, body: map[string]string{}})
			r.wantError(t, http.StatusUnauthorized, klarna.ErrorTypeAccess, klarna.CodeMTLSRequired)
			r.wantMTLS(t, tc.header)
		})
	}
	if st := m.mtlsState(t, boot, "/v2/account", valid); st.Status != "ENFORCED" || st.EnforcedFrom == nil {
		t.Fatalf("after refused requests: %+v", st)
	}
	if n := len(m.state(t)[own].APIKeys); n != 1 {
		t.Fatalf("a refused write created a key: %d keys", n)
	}
	r = m.do(t, req{method: http.MethodGet, path: "/v2/account", key: boot, client: valid})
	r.wantStatus(t, http.StatusOK)
	r.wantMTLS(t, "VALID")
	m.do(t, req{method: http.MethodPost, path: pathAPIKey, key: boot, client: valid, body: map[string]string{}}).wantStatus(t, http.StatusCreated)

	// Removal needs a request that passes.
	m.do(t, req{method: http.MethodDelete, path: "/v2/account/integration/mtls", key: boot, client: valid}).wantStatus(t, http.StatusNoContent)
	st := m.mtlsState(t, boot, "/v2/account", nil)
	if st.Status != "REPORTING" || st.EnforcedFrom != nil {
		t.Fatalf("after removal with an ACTIVE API certificate: %+v", st)
	}
	m.get(t, boot, "/v2/account").wantMTLS(t, "NOT_PRESENT")
	m.del(t, boot, "/v2/account/credentials/client-certificates/"+apiCert.CertificateID).wantStatus(t, http.StatusNoContent)
	if st := m.mtlsState(t, boot, "/v2/account", nil); st.Status != "NOT_ENABLED" || st.EnforcedFrom != nil {
		t.Fatalf("with no ACTIVE API certificate and no enforcement: %+v", st)
	}
	// The header stays once the account has had an API certificate.
	m.get(t, boot, "/v2/account").wantMTLS(t, "NOT_PRESENT")
	m.do(t, req{method: http.MethodGet, path: "/v2/account", key: boot, client: valid}).wantMTLS(t, "INVALID")
	m.put(t, boot, "/v2/account/integration/mtls", map[string]string{"enforced_from": "NOW"}).
		wantError(t, http.StatusConflict, klarna.ErrorTypeResource, klarna.CodeMTLSNotEnabled)
}

func TestMTLS_enforcementTakesEffectAtItsMoment(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		delay time.Duration
		ahead time.Duration // enforced_from after now; 0 sends NOW
	}{
		{"NOW without delay", 0, 0},
		{"NOW with a 5-minute delay", 5 * time.Minute, 0},
		{"in an hour without delay", 0, time.Hour},
		{"in an hour with a 2-minute delay", 2 * time.Minute, time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := start(t, mockapi.Options{MTLSDelay: tc.delay})
			m.issue(t, m.b.APIKey, "/v2/account", m.b.AccountID, "API")
			from := "NOW"
			if tc.ahead > 0 {
				from = m.Clock().Now().Add(tc.ahead).UTC().Format(time.RFC3339)
			}
			r := m.put(t, m.b.APIKey, "/v2/account/integration/mtls", map[string]string{"enforced_from": from})
			r.wantStatus(t, http.StatusOK)
			var got klarna.MTLSEnforcement
			r.decode(t, &got)
			effective := got.EnforcedFrom.Add(tc.delay)
			if effective.After(m.Clock().Now()) {
				if got.Status != "REPORTING" {
					t.Fatalf("before it takes effect: %+v", got)
				}
				m.setClock(t, effective.Add(-time.Second))
				if st := m.mtlsState(t, m.b.APIKey, "/v2/account", nil); st.Status != "REPORTING" {
					t.Fatalf("a second before it takes effect: %+v", st)
				}
				m.setClock(t, effective)
			}
			m.get(t, m.b.APIKey, "/v2/account").wantError(t, http.StatusUnauthorized, klarna.ErrorTypeAccess, klarna.CodeMTLSRequired)
			if st := m.state(t)[m.b.AccountID].MTLS; st.Status != "ENFORCED" {
				t.Fatalf("once in effect: %+v", st)
			}
		})
	}
}

func TestMTLS_belongsToTheAuthenticatingAccount(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot, own, p1 := m.b.APIKey, m.b.AccountID, m.b.PartnerAccountIDs[0]
	partnerCert := m.issue(t, boot, acct(p1), p1, "API")
	ownCert := m.issue(t, boot, "/v2/account", own, "API")
	partnerKey := m.createKey(t, boot, acct(p1), "partner own key").Secret
	withPartnerCert, withOwnCert := m.httpClient(t, partnerCert.tlsCert()), m.httpClient(t, ownCert.tlsCert())

	// The acquirer enforces P's mTLS with no certificate of P's.
	m.put(t, boot, acct(p1)+"/integration/mtls", map[string]string{"enforced_from": "NOW"}).wantStatus(t, http.StatusOK)
	tests := []struct {
		name   string
		key    string
		client *http.Client
		path   string
		status int
	}{
		{"acquirer on P without a certificate", boot, m.client, acct(p1) + "/credentials/api-keys", http.StatusOK},
		{"acquirer on its own account", boot, m.client, "/v2/account", http.StatusOK},
		{"P's key without a certificate", partnerKey, m.client, "/v2/account", http.StatusUnauthorized},
		{"P's key with the acquirer's certificate", partnerKey, withOwnCert, "/v2/account", http.StatusUnauthorized},
		{"P's key with P's certificate", partnerKey, withPartnerCert, "/v2/account", http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := m.do(t, req{method: http.MethodGet, path: tc.path, key: tc.key, client: tc.client})
			if tc.status == http.StatusUnauthorized {
				r.wantError(t, http.StatusUnauthorized, klarna.ErrorTypeAccess, klarna.CodeMTLSRequired)
				return
			}
			r.wantStatus(t, tc.status)
		})
	}
	if st := m.mtlsState(t, boot, acct(p1), nil); st.Status != "ENFORCED" {
		t.Fatalf("P's state seen by the acquirer: %+v", st)
	}
	// The acquirer removes P's enforcement: only its own enforcement applies to it.
	m.del(t, boot, acct(p1)+"/integration/mtls").wantStatus(t, http.StatusNoContent)
	m.get(t, partnerKey, "/v2/account").wantStatus(t, http.StatusOK)

	// The acquirer's own enforcement applies to it whatever path it calls.
	m.do(t, req{method: http.MethodPut, path: "/v2/account/integration/mtls", key: boot, client: withOwnCert, body: map[string]string{"enforced_from": "NOW"}}).wantStatus(t, http.StatusOK)
	m.get(t, boot, acct(p1)+"/credentials/api-keys").wantError(t, http.StatusUnauthorized, klarna.ErrorTypeAccess, klarna.CodeMTLSRequired)
	m.do(t, req{method: http.MethodGet, path: acct(p1) + "/credentials/api-keys", key: boot, client: withPartnerCert}).wantError(t, http.StatusUnauthorized, klarna.ErrorTypeAccess, klarna.CodeMTLSRequired)
	m.do(t, req{method: http.MethodGet, path: acct(p1) + "/credentials/api-keys", key: boot, client: withOwnCert}).wantStatus(t, http.StatusOK)
	m.get(t, partnerKey, "/v2/account").wantStatus(t, http.StatusOK)
}

func TestMTLS_headerOnEveryAnswerToTheAccount(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{RateLimit: 0.1})
	m.issue(t, m.b.APIKey, "/v2/account", m.b.AccountID, "API") // takes the one token
	r := m.get(t, m.b.APIKey, "/v2/account")
	r.wantError(t, http.StatusTooManyRequests, klarna.ErrorTypeTechnical, klarna.CodeRateLimited)
	r.wantMTLS(t, "NOT_PRESENT")
}

func TestMTLS_revokingThePresentedCertificateLocksOut(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	c := m.issue(t, m.b.APIKey, "/v2/account", m.b.AccountID, "API")
	valid := m.httpClient(t, c.tlsCert())
	m.do(t, req{method: http.MethodPut, path: "/v2/account/integration/mtls", key: m.b.APIKey, client: valid, body: map[string]string{"enforced_from": "NOW"}}).wantStatus(t, http.StatusOK)
	// The API does not stop a caller from revoking the last API certificate it presents.
	m.do(t, req{method: http.MethodDelete, path: "/v2/account/credentials/client-certificates/" + c.CertificateID, key: m.b.APIKey, client: valid}).wantStatus(t, http.StatusNoContent)
	r := m.do(t, req{method: http.MethodGet, path: "/v2/account", key: m.b.APIKey, client: valid})
	r.wantError(t, http.StatusUnauthorized, klarna.ErrorTypeAccess, klarna.CodeMTLSRequired)
	r.wantMTLS(t, "INVALID")
	m.do(t, req{method: http.MethodDelete, path: "/v2/account/integration/mtls", key: m.b.APIKey, client: valid}).wantError(t, http.StatusUnauthorized, klarna.ErrorTypeAccess, klarna.CodeMTLSRequired)
	if st := m.state(t)[m.b.AccountID].MTLS; st.Status != "ENFORCED" {
		t.Fatalf("the locked-out account: %+v", st)
	}
}
