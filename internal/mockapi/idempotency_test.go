package mockapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

// idem sends one write with an idempotency key.
func (m *mock) idem(t *testing.T, key, method, path, idemKey string, body any) resp {
	t.Helper()
	return m.do(t, req{method: method, path: path, key: key, body: body, header: map[string]string{hdrIdem: idemKey}})
}

// sameResponse checks that b is a by-the-byte repeat of a.
func sameResponse(t *testing.T, a, b resp) {
	t.Helper()
	if a.status != b.status || !bytes.Equal(a.body, b.body) {
		t.Fatalf("the repeat answered %d %s; the first answer was %d %s", b.status, b.body, a.status, a.body)
	}
}

func TestIdempotency_repeatGetsTheFirstResponse(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot, p1 := m.b.APIKey, m.b.PartnerAccountIDs[0]
	signer := m.issue(t, boot, "/v2/account", m.b.AccountID, "JWT_SIGNING")
	m.issue(t, boot, acct(p1), p1, "API") // so that p1's mTLS can be enforced
	patched := m.createKey(t, boot, "/v2/account", "before")

	deepLink := m.claims("link@example.com", p1)
	deepLink.AMR = []string{"pwd"}
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		status int
		// count is how many items of the kind the route creates exist, read from the state.
		count func(map[string]mockapi.AccountState) int
		// between changes what the request changed; check shows the repeat did not redo it.
		between, check func(t *testing.T)
	}{
		{"create API key with its secret", http.MethodPost, pathAPIKey, map[string]string{"description": "once"}, http.StatusCreated,
			func(s map[string]mockapi.AccountState) int { return len(s[m.b.AccountID].APIKeys) }, nil, nil},
		{"create API key on a partner", http.MethodPost, acct(p1) + "/credentials/api-keys", map[string]string{}, http.StatusCreated,
			func(s map[string]mockapi.AccountState) int { return len(s[p1].APIKeys) }, nil, nil},
		{"create client ID", http.MethodPost, "/v2/account/credentials/client-ids", map[string]any{"allowed_origins": []string{"https://a.example"}}, http.StatusCreated,
			func(s map[string]mockapi.AccountState) int { return len(s[m.b.AccountID].ClientIDs) }, nil, nil},
		{"create certificate", http.MethodPost, acct(p1) + "/credentials/client-certificates", map[string]string{"csr": csrFor(t, newKey(t), cn(t, p1)), "usage": "JWT_SIGNING"}, http.StatusCreated,
			func(s map[string]mockapi.AccountState) int { return len(s[p1].ClientCertificates) }, nil, nil},
		{"update API key", http.MethodPatch, pathAPIKey + "/" + patched.CredentialID, map[string]string{"description": "after"}, http.StatusOK, nil,
			func(t *testing.T) {
				m.patch(t, boot, pathAPIKey+"/"+patched.CredentialID, map[string]string{"description": "meanwhile"}).wantStatus(t, http.StatusOK)
			},
			func(t *testing.T) {
				if v, _ := m.credentialView(t, pathAPIKey+"/"+patched.CredentialID); v.Description != "meanwhile" {
					t.Fatalf("the repeat applied the PATCH again: %+v", v)
				}
			}},
		{"grant user access", http.MethodPost, "/v2/account/portal/user-access", map[string]string{"jwt": sign(t, m.claims("grant@example.com", p1), signer)}, http.StatusCreated,
			func(s map[string]mockapi.AccountState) int { return len(s[m.b.AccountID].UserAccess) }, nil, nil},
		{"create deep link", http.MethodPost, acct(p1) + "/portal/deep-links", map[string]string{"jwt": sign(t, deepLink, signer)}, http.StatusOK, nil, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			k := uuid.NewString()
			first := m.idem(t, boot, tc.method, tc.path, k, tc.body)
			first.wantStatus(t, tc.status)
			var n int
			if tc.count != nil {
				n = tc.count(m.state(t))
			}
			if tc.between != nil {
				tc.between(t)
			}
			// Time passes (less than the 24 h the record is kept) and the request is repeated.
			m.advance(t, 2*time.Second)
			for range 2 {
				again := m.idem(t, boot, tc.method, tc.path, k, tc.body)
				sameResponse(t, first, again)
				if ct := again.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
					t.Errorf("repeat Content-Type %q", ct)
				}
			}
			if tc.count != nil {
				if got := tc.count(m.state(t)); got != n {
					t.Fatalf("the repeat acted again: %d items, want %d", got, n)
				}
			}
			if tc.check != nil {
				tc.check(t)
			}
		})
	}
}

func TestIdempotency_secretOnlyInCreateAndItsRepeats(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	k := uuid.NewString()
	first := m.idem(t, m.b.APIKey, http.MethodPost, pathAPIKey, k, map[string]string{"description": "secret"})
	first.wantStatus(t, http.StatusCreated)
	var created klarna.CreatedAPIKey
	first.decode(t, &created)
	if created.Secret == "" {
		t.Fatalf("the create response lacks api_key: %s", first.body)
	}
	again := m.idem(t, m.b.APIKey, http.MethodPost, pathAPIKey, k, map[string]string{"description": "secret"})
	sameResponse(t, first, again)
	for _, path := range []string{pathAPIKey, pathAPIKey + "/" + created.CredentialID} {
		r := m.get(t, m.b.APIKey, path)
		r.wantStatus(t, http.StatusOK)
		if bytes.Contains(r.body, []byte(created.Secret)) || bytes.Contains(r.body, []byte(`"api_key"`)) {
			t.Fatalf("GET %s shows the secret: %s", path, r.body)
		}
	}
	// The repeated secret is the one key that works.
	m.get(t, created.Secret, "/v2/account").wantStatus(t, http.StatusOK)
}

func TestIdempotency_reusedKey(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot := m.b.APIKey
	tests := []struct {
		name       string
		method     string
		path       string
		body       any
		secondPath string
		second     any
	}{
		{"another body", http.MethodPost, pathAPIKey, map[string]string{"description": "one"}, pathAPIKey, map[string]string{"description": "two"}},
		{"another route", http.MethodPost, pathAPIKey, map[string]string{"description": "one"}, acct(m.b.PartnerAccountIDs[0]) + "/credentials/api-keys", map[string]string{"description": "one"}},
		{"a PATCH with another status", http.MethodPatch, "", map[string]string{"status": "DISABLED"}, "", map[string]string{"status": "ENABLED"}},
	}
	// One at a time: each compares every account's keys before and after its refused request,
	// and another case's first request would create one in between.
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path, second := tc.path, tc.secondPath
			if tc.method == http.MethodPatch {
				id := m.createKey(t, boot, "/v2/account", "patched").CredentialID
				path, second = pathAPIKey+"/"+id, pathAPIKey+"/"+id
			}
			k := uuid.NewString()
			first := m.idem(t, boot, tc.method, path, k, tc.body)
			if first.status/100 != 2 {
				t.Fatalf("first request: %d %s", first.status, first.body)
			}
			before := m.state(t)
			m.idem(t, boot, tc.method, second, k, tc.second).wantError(t, http.StatusConflict, klarna.ErrorTypeResource, klarna.CodeIdempotencyKeyReused)
			after := m.state(t)
			for id, a := range after {
				if len(a.APIKeys) != len(before[id].APIKeys) {
					t.Fatalf("the refused request created a key in %s", id)
				}
			}
			// The key still answers its own request.
			sameResponse(t, first, m.idem(t, boot, tc.method, path, k, tc.body))
		})
	}
}

func TestIdempotency_refusalsAreNotStored(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot := m.b.APIKey
	tests := []struct {
		name  string
		setup func(t *testing.T) // makes the first attempt fail
		body  any
		first int
	}{
		{"after a 400 the key takes another body", nil, map[string]string{"description": "bad!"}, http.StatusBadRequest},
		{"after a 503 the same request is carried out", func(t *testing.T) {
			m.control(t, http.MethodPost, "/_mock/faults", mockapi.Fault{Method: "POST", Path: pathAPIKey, Kind: mockapi.FaultUnavailable, Count: 1}).wantStatus(t, http.StatusOK)
		}, map[string]string{"description": "retried"}, http.StatusServiceUnavailable},
		{"after a 500 TIMEOUT the same request is carried out", func(t *testing.T) {
			m.control(t, http.MethodPost, "/_mock/faults", mockapi.Fault{Method: "POST", Path: pathAPIKey, Kind: mockapi.FaultTimeout, Count: 1}).wantStatus(t, http.StatusOK)
		}, map[string]string{"description": "retried"}, http.StatusInternalServerError},
	}
	for _, tc := range tests {
		// The faults are global to the mock: these cases run one after the other.
		t.Run(tc.name, func(t *testing.T) {
			k := uuid.NewString()
			if tc.setup != nil {
				tc.setup(t)
			}
			m.idem(t, boot, http.MethodPost, pathAPIKey, k, tc.body).wantStatus(t, tc.first)
			if tc.first == http.StatusBadRequest {
				// The same refused request is refused again, not replayed or called a reuse.
				m.idem(t, boot, http.MethodPost, pathAPIKey, k, tc.body).wantValidation(t, "description")
				tc.body = map[string]string{"description": "good"}
			}
			n := len(m.state(t)[m.b.AccountID].APIKeys)
			ok := m.idem(t, boot, http.MethodPost, pathAPIKey, k, tc.body)
			ok.wantStatus(t, http.StatusCreated)
			if got := len(m.state(t)[m.b.AccountID].APIKeys); got != n+1 {
				t.Fatalf("%d keys after the fresh attempt, want %d", got, n+1)
			}
			sameResponse(t, ok, m.idem(t, boot, http.MethodPost, pathAPIKey, k, tc.body))
		})
	}
	t.Run("after a 409 the key is processed afresh", func(t *testing.T) {
		p := m.b.PartnerAccountIDs[1]
		k := uuid.NewString()
		csr := map[string]string{"csr": csrFor(t, newKey(t), cn(t, p)), "usage": "API"}
		for range 10 {
			m.issue(t, boot, acct(p), p, "JWT_SIGNING")
		}
		m.idem(t, boot, http.MethodPost, acct(p)+"/credentials/client-certificates", k, csr).wantError(t, http.StatusConflict, klarna.ErrorTypeResource, klarna.CodeCertificateLimitReached)
		list := m.get(t, boot, acct(p)+"/credentials/client-certificates")
		list.wantStatus(t, http.StatusOK)
		var certs klarna.ClientCertificateList
		list.decode(t, &certs)
		m.del(t, boot, acct(p)+"/credentials/client-certificates/"+certs.ClientCertificates[0].CertificateID).wantStatus(t, http.StatusNoContent)
		m.idem(t, boot, http.MethodPost, acct(p)+"/credentials/client-certificates", k, csr).wantStatus(t, http.StatusCreated)
	})
}

func TestIdempotency_putIsNotDeduplicated(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot, p := m.b.APIKey, m.b.PartnerAccountIDs[0]
	m.issue(t, boot, acct(p), p, "API")
	k := uuid.NewString()
	body := map[string]string{"enforced_from": "NOW"}
	m.idem(t, boot, http.MethodPut, acct(p)+"/integration/mtls", k, body).wantStatus(t, http.StatusOK)
	m.del(t, boot, acct(p)+"/integration/mtls").wantStatus(t, http.StatusNoContent)
	// The contract deduplicates POST and PATCH only: the same PUT enforces again.
	m.idem(t, boot, http.MethodPut, acct(p)+"/integration/mtls", k, body).wantStatus(t, http.StatusOK)
	if st := m.mtlsState(t, boot, acct(p), nil); st.EnforcedFrom == nil {
		t.Fatalf("the repeated PUT did not enforce again: %+v", st)
	}
}

func TestIdempotency_repeatIsNotValidatedAgain(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot, p1 := m.b.APIKey, m.b.PartnerAccountIDs[0]
	deepLinks, userAccess := acct(p1)+"/portal/deep-links", "/v2/account/portal/user-access"
	expire := func(t *testing.T, _ issued) { m.advance(t, 10*time.Minute) }
	revoke := func(t *testing.T, signer issued) {
		m.del(t, boot, "/v2/account/credentials/client-certificates/"+signer.CertificateID).wantStatus(t, http.StatusNoContent)
	}
	tests := []struct {
		name string
		path string
		// between makes the JWT of the first request unacceptable now, beyond its spent jti.
		between func(t *testing.T, signer issued)
		status  int
		refusal int // the answer to the same body without the idempotency key
	}{
		{"deep link whose jti is used", deepLinks, nil, http.StatusOK, http.StatusBadRequest},
		{"deep link whose JWT has expired", deepLinks, expire, http.StatusOK, http.StatusBadRequest},
		{"deep link whose signing certificate is revoked", deepLinks, revoke, http.StatusOK, http.StatusUnauthorized},
		{"user access whose jti is used", userAccess, nil, http.StatusCreated, http.StatusBadRequest},
		{"user access whose JWT has expired", userAccess, expire, http.StatusCreated, http.StatusBadRequest},
		{"user access whose signing certificate is revoked", userAccess, revoke, http.StatusCreated, http.StatusUnauthorized},
	}
	for _, tc := range tests {
		// The clock is shared: these cases run one after the other.
		t.Run(tc.name, func(t *testing.T) {
			signer := m.issue(t, boot, "/v2/account", m.b.AccountID, "JWT_SIGNING")
			cl := m.claims(strings.ReplaceAll(tc.name, " ", ".")+"@example.com", p1)
			if tc.path == deepLinks {
				cl.AMR = []string{"mfa"}
			}
			body := map[string]string{"jwt": sign(t, cl, signer)}
			k := uuid.NewString()
			first := m.idem(t, boot, http.MethodPost, tc.path, k, body)
			first.wantStatus(t, tc.status)
			if tc.between != nil {
				tc.between(t, signer)
			}
			refused := m.post(t, boot, tc.path, body)
			if tc.refusal == http.StatusBadRequest {
				refused.wantValidation(t, "jwt")
			} else {
				refused.wantUnauthorized(t)
			}
			sameResponse(t, first, m.idem(t, boot, http.MethodPost, tc.path, k, body))
		})
	}
}

func TestIdempotency_recordsExpireAfter24Hours(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	k := uuid.NewString()
	body := map[string]string{"description": "day one"}
	first := m.idem(t, m.b.APIKey, http.MethodPost, pathAPIKey, k, body)
	first.wantStatus(t, http.StatusCreated)
	m.advance(t, 24*time.Hour-2*time.Second)
	sameResponse(t, first, m.idem(t, m.b.APIKey, http.MethodPost, pathAPIKey, k, body))
	m.advance(t, 2*time.Second)
	later := m.idem(t, m.b.APIKey, http.MethodPost, pathAPIKey, k, body)
	later.wantStatus(t, http.StatusCreated)
	var a, b klarna.CreatedAPIKey
	first.decode(t, &a)
	later.decode(t, &b)
	if a.CredentialID == b.CredentialID {
		t.Fatal("24 hours later the key was still deduplicated")
	}
	// The fresh answer is the one kept now.
	sameResponse(t, later, m.idem(t, m.b.APIKey, http.MethodPost, pathAPIKey, k, body))
}

func TestIdempotency_perAuthenticatingAccount(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot, p1 := m.b.APIKey, m.b.PartnerAccountIDs[0]
	second := m.createKey(t, boot, "/v2/account", "second acquirer key").Secret
	partnerKey := m.createKey(t, boot, acct(p1), "partner key").Secret
	k := uuid.NewString()
	body := map[string]string{"description": "shared key"}
	first := m.idem(t, boot, http.MethodPost, pathAPIKey, k, body)
	first.wantStatus(t, http.StatusCreated)

	tests := []struct {
		name   string
		key    string
		replay bool
	}{
		{"another key of the same account", second, true},
		{"a partner's own key", partnerKey, false},
		{"the foreign account's key", m.ForeignAPIKey(), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := m.idem(t, tc.key, http.MethodPost, pathAPIKey, k, body)
			if tc.replay {
				sameResponse(t, first, r)
				return
			}
			r.wantStatus(t, http.StatusCreated)
			var a, b klarna.CreatedAPIKey
			first.decode(t, &a)
			r.decode(t, &b)
			if a.CredentialID == b.CredentialID {
				t.Fatal("another account got the first account's answer")
			}
			var list klarna.APIKeyList
			l := m.get(t, tc.key, pathAPIKey)
			l.decode(t, &list)
			found := false
			for _, x := range list.APIKeys {
				found = found || x.CredentialID == b.CredentialID
			}
			if !found {
				t.Fatalf("the key was not created in the caller's own account: %s", l.body)
			}
		})
	}
}

func TestIdempotency_onlyWritesAreDeduplicated(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	id := m.createKey(t, m.b.APIKey, "/v2/account", "to delete").CredentialID
	k := uuid.NewString()
	m.idem(t, m.b.APIKey, http.MethodGet, pathAPIKey+"/"+id, k, nil).wantStatus(t, http.StatusOK)
	m.idem(t, m.b.APIKey, http.MethodDelete, pathAPIKey+"/"+id, k, nil).wantStatus(t, http.StatusNoContent)
	m.idem(t, m.b.APIKey, http.MethodDelete, pathAPIKey+"/"+id, k, nil).wantNotFound(t)
	m.idem(t, m.b.APIKey, http.MethodGet, pathAPIKey+"/"+id, k, nil).wantNotFound(t)
	// A key that is not a UUID is refused and not stored.
	for range 2 {
		m.idem(t, m.b.APIKey, http.MethodPost, pathAPIKey, "not-a-uuid", map[string]string{}).wantValidation(t, hdrIdem)
	}
	// Writes without the header are not deduplicated.
	body, _ := json.Marshal(map[string]string{"description": "no key"})
	a := m.post(t, m.b.APIKey, pathAPIKey, body)
	b := m.post(t, m.b.APIKey, pathAPIKey, body)
	a.wantStatus(t, http.StatusCreated)
	b.wantStatus(t, http.StatusCreated)
	if bytes.Equal(a.body, b.body) {
		t.Fatal("two writes without an idempotency key got one answer")
	}
}
