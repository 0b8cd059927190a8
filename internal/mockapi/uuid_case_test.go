package mockapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

func TestIdempotency_keyIsCaseInsensitive(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	keys := func() int { return len(m.state(t)[m.b.AccountID].APIKeys) }
	before := keys()
	idemKey := uuid.NewString()
	body := map[string]string{"description": "once"}
	first := m.idem(t, m.b.APIKey, http.MethodPost, pathAPIKey, idemKey, body)
	first.wantStatus(t, http.StatusCreated)
	sameResponse(t, first, m.idem(t, m.b.APIKey, http.MethodPost, pathAPIKey, strings.ToUpper(idemKey), body))
	if got := keys(); got != before+1 {
		t.Fatalf("%d keys after a create and its upper-cased replay, want %d", got, before+1)
	}
	m.idem(t, m.b.APIKey, http.MethodPost, pathAPIKey, strings.ToUpper(idemKey), map[string]string{"description": "other"}).
		wantError(t, http.StatusConflict, "RESOURCE_ERROR", "IDEMPOTENCY_KEY_REUSED")
}

func TestIdempotency_pathIDIsCaseInsensitive(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	key := m.createKey(t, m.b.APIKey, "/v2/account", "target")
	idemKey := uuid.NewString()
	body := map[string]string{"description": "renamed"}
	first := m.idem(t, m.b.APIKey, http.MethodPatch, pathAPIKey+"/"+key.CredentialID, idemKey, body)
	first.wantStatus(t, http.StatusOK)
	sameResponse(t, first, m.idem(t, m.b.APIKey, http.MethodPatch, pathAPIKey+"/"+strings.ToUpper(key.CredentialID), idemKey, body))
	other := m.createKey(t, m.b.APIKey, "/v2/account", "other")
	m.idem(t, m.b.APIKey, http.MethodPatch, pathAPIKey+"/"+other.CredentialID, idemKey, body).
		wantError(t, http.StatusConflict, "RESOURCE_ERROR", "IDEMPOTENCY_KEY_REUSED")
}

func TestPathIDs_caseInsensitive(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	key := m.createKey(t, m.b.APIKey, "/v2/account", "target")
	upper := pathAPIKey + "/" + strings.ToUpper(key.CredentialID)
	m.get(t, m.b.APIKey, upper).wantStatus(t, http.StatusOK)
	m.patch(t, m.b.APIKey, upper, map[string]string{"description": "renamed"}).wantStatus(t, http.StatusOK)
	m.del(t, m.b.APIKey, upper).wantStatus(t, http.StatusNoContent)
	m.get(t, m.b.APIKey, pathAPIKey+"/"+key.CredentialID).wantNotFound(t)

	cert := m.issue(t, m.b.APIKey, "/v2/account", m.b.AccountID, "API")
	m.get(t, m.b.APIKey, "/v2/account/credentials/client-certificates/"+strings.ToUpper(cert.CertificateID)).wantStatus(t, http.StatusOK)
}

func TestJSONBodies_duplicateMembersRefused(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	key := m.createKey(t, m.b.APIKey, "/v2/account", "target").CredentialID
	tests := []struct {
		name, method, path, body, member string
	}{
		{"top level", http.MethodPost, pathAPIKey, `{"description":"a","description":"b"}`, "description"},
		{"top level, escaped the second time", http.MethodPost, pathAPIKey, `{"description":"a","\u0064escription":"b"}`, "description"},
		{"a member that differs in case only", http.MethodPost, pathAPIKey, `{"description":"a","Description":"b"}`, "Description"},
		{"same value twice", http.MethodPatch, pathAPIKey + "/" + key, `{"status":"DISABLED","status":"DISABLED"}`, "status"},
		{"nested object", http.MethodPost, pathAPIKey, `{"description":"a","extra":{"k":1,"k":2}}`, "extra.k"},
		{"object in an array", http.MethodPost, "/v2/account/credentials/client-ids", `{"allowed_origins":["https://a.example"],"more":[{"k":1},{"k":1,"k":2}]}`, "more[1].k"},
		{"enforcement", http.MethodPut, "/v2/account/integration/mtls", `{"enforced_from":"NOW","enforced_from":"NOW"}`, "enforced_from"},
	}
	before := m.stateSummary(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m.do(t, req{method: tc.method, path: tc.path, key: m.b.APIKey, body: tc.body,
				header: map[string]string{hdrIdem: uuid.NewString()}}).wantValidation(t, tc.member)
		})
	}
	t.Cleanup(func() {
		if after := m.stateSummary(t); after != before {
			t.Errorf("refused requests changed the mock's state:\n%s\nwas\n%s", after, before)
		}
		if got := m.get(t, m.b.APIKey, pathAPIKey+"/"+key); !strings.Contains(string(got.body), `"status":"ENABLED"`) {
			t.Errorf("a refused PATCH changed the key: %s", got.body)
		}
	})
}

func TestControlDisable_credentialIDIsCaseInsensitive(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	key := m.createKey(t, m.b.APIKey, "/v2/account", "target")
	if err := m.DisableCredential(strings.ToUpper(key.CredentialID), "SECURITY"); err != nil {
		t.Fatal(err)
	}
	for _, k := range m.state(t)[m.b.AccountID].APIKeys {
		if k.CredentialID == key.CredentialID && k.Status != "DISABLED" {
			t.Fatalf("key %s is %s after a disable by its upper-cased ID", k.CredentialID, k.Status)
		}
	}
}
