package mockapi_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// nearMock checks that at is the mock's time now, to the second.
func nearMock(t *testing.T, m *mock, what string, at time.Time) {
	t.Helper()
	if d := m.Clock().Now().Sub(at); d < 0 || d > 5*time.Second {
		t.Errorf("%s %s, want the mock's time %s", what, at, m.Clock().Now())
	}
}

func TestAPIKeys_crud(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	m.advance(t, 7*24*time.Hour) // times written follow the mock clock, not the wall clock
	tests := []struct {
		name    string
		prefix  string
		account string
	}{
		{"own account", "/v2/account", m.b.AccountID},
		{"partner account", acct(m.b.PartnerAccountIDs[0]), m.b.PartnerAccountIDs[0]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			base := tc.prefix + "/credentials/api-keys"
			created := m.createKey(t, m.b.APIKey, tc.prefix, "ci: key-1; v2.0, main_branch")
			if !uuidRE.MatchString(created.CredentialID) || created.Description != "ci: key-1; v2.0, main_branch" ||
				created.Environment != "TEST" || created.Status != "ENABLED" || created.LastUsedAt != nil ||
				created.DisabledReason != nil || !strings.HasPrefix(created.Secret, "klarna_test_api_") {
				t.Fatalf("created key %+v", created)
			}
			nearMock(t, m, "created_at", created.CreatedAt)

			// The new key authenticates as its own account.
			r := m.get(t, created.Secret, "/v2/account")
			r.wantStatus(t, http.StatusOK)
			var who klarna.Account
			r.decode(t, &who)
			if who.AccountID != tc.account {
				t.Fatalf("the key authenticates as %s, want %s", who.AccountID, tc.account)
			}

			r = m.get(t, m.b.APIKey, base)
			r.wantStatus(t, http.StatusOK)
			var list klarna.APIKeyList
			r.decode(t, &list)
			found := false
			for _, k := range list.APIKeys {
				found = found || k.CredentialID == created.CredentialID
			}
			if !found || strings.Contains(string(r.body), created.Secret) {
				t.Fatalf("list %s: want the key without its secret", r.body)
			}

			r = m.patch(t, m.b.APIKey, base+"/"+created.CredentialID, map[string]string{"description": "renamed"})
			r.wantStatus(t, http.StatusOK)
			var got klarna.APIKey
			r.decode(t, &got)
			if got.Description != "renamed" || got.Status != "ENABLED" || got.LastUsedAt == nil {
				t.Fatalf("after PATCH description: %+v", got)
			}
			r = m.get(t, m.b.APIKey, base+"/"+created.CredentialID)
			r.wantStatus(t, http.StatusOK)
			r.decode(t, &got)
			if got.Description != "renamed" || strings.Contains(string(r.body), "api_key") {
				t.Fatalf("GET after PATCH: %s", r.body)
			}

			m.del(t, m.b.APIKey, base+"/"+created.CredentialID).wantStatus(t, http.StatusNoContent)
			m.get(t, created.Secret, "/v2/account").wantUnauthorized(t)
			m.get(t, m.b.APIKey, base+"/"+created.CredentialID).wantNotFound(t)
			m.patch(t, m.b.APIKey, base+"/"+created.CredentialID, map[string]string{"description": "x"}).wantNotFound(t)
			m.del(t, m.b.APIKey, base+"/"+created.CredentialID).wantNotFound(t)
		})
	}
}

func TestAPIKeys_optionalBodies(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	id := m.createKey(t, m.b.APIKey, "/v2/account", "kept").CredentialID
	tests := []struct {
		name   string
		method string
		path   string
		body   any
		status int
	}{
		{"create with no body", http.MethodPost, pathAPIKey, nil, http.StatusCreated},
		{"create with {}", http.MethodPost, pathAPIKey, `{}`, http.StatusCreated},
		{"update with no body", http.MethodPatch, pathAPIKey + "/" + id, nil, http.StatusOK},
		{"update with {}", http.MethodPatch, pathAPIKey + "/" + id, `{}`, http.StatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := m.do(t, req{method: tc.method, path: tc.path, key: m.b.APIKey, body: tc.body})
			r.wantStatus(t, tc.status)
			var k klarna.APIKey
			r.decode(t, &k)
			if tc.method == http.MethodPatch && k.Description != "kept" {
				t.Fatalf("an empty PATCH changed the key: %+v", k)
			}
		})
	}
}

func TestCredentials_descriptionRule(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	keyID := m.createKey(t, m.b.APIKey, "/v2/account", "unchanged").CredentialID
	r := m.post(t, m.b.APIKey, "/v2/account/credentials/client-ids", map[string]any{"description": "unchanged", "allowed_origins": []string{"https://a.example"}})
	r.wantStatus(t, http.StatusCreated)
	var cid klarna.ClientID
	r.decode(t, &cid)

	tests := []struct {
		name  string
		value string
		ok    bool
	}{
		{"empty", "", true},
		{"every allowed character", "azAZ09 -:;.,_", true},
		{"100 characters", strings.Repeat("d", 100), true},
		{"101 characters", strings.Repeat("d", 101), false},
		{"exclamation mark", "bad!", false},
		{"slash", "a/b", false},
		{"newline", "two\nlines", false},
		{"tab", "a\tb", false},
		{"non-ASCII letter", "caf\u00e9", false},
		{"markup", "<b>", false},
	}
	writes := []struct {
		name   string
		method string
		path   string
		extra  map[string]any
	}{
		{"create API key", http.MethodPost, pathAPIKey, nil},
		{"update API key", http.MethodPatch, pathAPIKey + "/" + keyID, nil},
		{"create client ID", http.MethodPost, "/v2/account/credentials/client-ids", map[string]any{"allowed_origins": []string{"https://a.example"}}},
		{"update client ID", http.MethodPatch, "/v2/account/credentials/client-ids/" + cid.CredentialID, nil},
	}
	for _, w := range writes {
		for _, tc := range tests {
			t.Run(w.name+" "+tc.name, func(t *testing.T) {
				t.Parallel()
				body := map[string]any{"description": tc.value}
				for k, v := range w.extra {
					body[k] = v
				}
				r := m.do(t, req{method: w.method, path: w.path, key: m.b.APIKey, body: body})
				if !tc.ok {
					r.wantValidation(t, "description")
					return
				}
				if r.status/100 != 2 {
					t.Fatalf("status %d: %s", r.status, r.body)
				}
			})
		}
	}
	t.Cleanup(func() {
		// Refused updates changed nothing; accepted ones ran in any order.
		st := m.state(t)[m.b.AccountID]
		for _, k := range st.APIKeys {
			if k.CredentialID == keyID && strings.ContainsAny(k.Description, "!/\n\t<") {
				t.Errorf("a refused description was stored: %q", k.Description)
			}
		}
	})
}

func TestClientIDs_crud(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	for _, prefix := range []string{"/v2/account", acct(m.b.PartnerAccountIDs[1])} {
		t.Run(prefix, func(t *testing.T) {
			t.Parallel()
			base := prefix + "/credentials/client-ids"
			origins := []string{"https://shop.example.com", "http://localhost:3000"}
			r := m.post(t, m.b.APIKey, base, map[string]any{"description": "web shop", "allowed_origins": origins})
			r.wantStatus(t, http.StatusCreated)
			var c klarna.ClientID
			r.decode(t, &c)
			if !uuidRE.MatchString(c.CredentialID) || !strings.HasPrefix(c.ClientID, "klarna_test_client_") || c.Description != "web shop" ||
				fmt.Sprint(c.AllowedOrigins) != fmt.Sprint(origins) || c.Status != "ENABLED" || c.Environment != "TEST" ||
				c.LastUsedAt != nil || c.DisabledReason != nil {
				t.Fatalf("created client ID %+v", c)
			}
			nearMock(t, m, "created_at", c.CreatedAt)

			r = m.get(t, m.b.APIKey, base)
			r.wantStatus(t, http.StatusOK)
			var list klarna.ClientIDList
			r.decode(t, &list)
			if len(list.ClientIDs) != 1 || list.ClientIDs[0].ClientID != c.ClientID {
				t.Fatalf("list %s", r.body)
			}
			// A PATCH without allowed_origins keeps them; with them, replaces the whole list.
			r = m.patch(t, m.b.APIKey, base+"/"+c.CredentialID, map[string]any{"description": "renamed"})
			r.wantStatus(t, http.StatusOK)
			r.decode(t, &c)
			if c.Description != "renamed" || len(c.AllowedOrigins) != 2 {
				t.Fatalf("after PATCH description: %+v", c)
			}
			r = m.patch(t, m.b.APIKey, base+"/"+c.CredentialID, map[string]any{"allowed_origins": []string{"https://new.example.com"}})
			r.wantStatus(t, http.StatusOK)
			r = m.get(t, m.b.APIKey, base+"/"+c.CredentialID)
			r.wantStatus(t, http.StatusOK)
			r.decode(t, &c)
			if fmt.Sprint(c.AllowedOrigins) != "[https://new.example.com]" || c.Description != "renamed" {
				t.Fatalf("after PATCH allowed_origins: %+v", c)
			}
			m.del(t, m.b.APIKey, base+"/"+c.CredentialID).wantStatus(t, http.StatusNoContent)
			m.get(t, m.b.APIKey, base+"/"+c.CredentialID).wantNotFound(t)
			m.del(t, m.b.APIKey, base+"/"+c.CredentialID).wantNotFound(t)
			m.patch(t, m.b.APIKey, base+"/"+c.CredentialID, map[string]any{"description": "x"}).wantNotFound(t)
		})
	}
}

func origins(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("https://shop%d.example.com", i)
	}
	return out
}

func TestClientIDs_originRule(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	base := "/v2/account/credentials/client-ids"
	r := m.post(t, m.b.APIKey, base, map[string]any{"allowed_origins": []string{"https://kept.example.com"}})
	r.wantStatus(t, http.StatusCreated)
	var target klarna.ClientID
	r.decode(t, &target)

	tests := []struct {
		origin string
		ok     bool
	}{
		{"https://shop.example.com", true},
		{"https://shop.example.com:8443", true},
		{"https://localhost", true},
		{"http://localhost", true},
		{"http://localhost:3000", true},
		{"https://127.0.0.1", true},
		{"https://[::1]:8443", true},
		{"https://xn--bcher-kva.example", true},
		{"https://shop.example.com/", false},
		{"https://shop.example.com/checkout", false},
		{"https://shop.example.com?x=1", false},
		{"https://shop.example.com?", false},
		{"https://shop.example.com#top", false},
		{"https://Shop.Example.com", false},
		{"HTTPS://shop.example.com", false},
		{"http://shop.example.com", false},
		{"http://127.0.0.1", false},
		{"ftp://shop.example.com", false},
		{"shop.example.com", false},
		{"//shop.example.com", false},
		{"https://", false},
		{"https://*.example.com", false},
		{"https://user@shop.example.com", false},
		{"https://shop.example.com:0", false},
		{"https://shop.example.com:65536", false},
		{"https://shop.example.com:", false},
		{"https://shop..example.com", false},
		{"https://-shop.example.com", false},
		{"https://" + strings.Repeat("a", 64) + ".example.com", false},
		{" https://shop.example.com", false},
		{"", false},
	}
	for _, tc := range tests {
		t.Run(tc.origin, func(t *testing.T) {
			t.Parallel()
			list := []string{"https://first.example.com", "https://second.example.com", tc.origin}
			create := m.post(t, m.b.APIKey, base, map[string]any{"allowed_origins": list})
			update := m.patch(t, m.b.APIKey, base+"/"+target.CredentialID, map[string]any{"allowed_origins": list})
			if tc.ok {
				create.wantStatus(t, http.StatusCreated)
				update.wantStatus(t, http.StatusOK)
				return
			}
			create.wantValidation(t, "allowed_origins[2]")
			update.wantValidation(t, "allowed_origins[2]")
		})
	}
	counts := []struct {
		name      string
		origins   []string
		parameter string // "" for accepted
	}{
		{"no origins", []string{}, "allowed_origins"},
		{"one origin", origins(1), ""},
		{"100 origins", origins(100), ""},
		{"101 origins", origins(101), "allowed_origins"},
		{"a repeated origin", []string{"https://a.example", "https://a.example"}, "allowed_origins[1]"},
	}
	for _, tc := range counts {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			create := m.post(t, m.b.APIKey, base, map[string]any{"allowed_origins": tc.origins})
			update := m.patch(t, m.b.APIKey, base+"/"+target.CredentialID, map[string]any{"allowed_origins": tc.origins})
			if tc.parameter == "" {
				create.wantStatus(t, http.StatusCreated)
				update.wantStatus(t, http.StatusOK)
				return
			}
			create.wantValidation(t, tc.parameter)
			update.wantValidation(t, tc.parameter)
		})
	}
	t.Run("create without origins", func(t *testing.T) {
		t.Parallel()
		m.post(t, m.b.APIKey, base, map[string]any{"description": "none"}).wantValidation(t, "allowed_origins")
	})
}

func TestCredentials_status(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	kinds := []struct {
		name string
		base string
		make func(t *testing.T) string
	}{
		{"API key", pathAPIKey, func(t *testing.T) string { return m.createKey(t, m.b.APIKey, "/v2/account", "k").CredentialID }},
		{"client ID", "/v2/account/credentials/client-ids", func(t *testing.T) string {
			r := m.post(t, m.b.APIKey, "/v2/account/credentials/client-ids", map[string]any{"allowed_origins": []string{"https://a.example"}})
			r.wantStatus(t, http.StatusCreated)
			var c klarna.ClientID
			r.decode(t, &c)
			return c.CredentialID
		}},
	}
	type view struct {
		Status         string  `json:"status"`
		DisabledReason *string `json:"disabled_reason"`
	}
	reason := func(v view) string {
		if v.DisabledReason == nil {
			return "null"
		}
		return *v.DisabledReason
	}
	steps := []struct {
		name       string
		security   bool   // disable through the control plane first
		patch      string // status sent
		wantStatus int
		wantCode   string
		after      string // status and reason after the PATCH
	}{
		{"disable", false, "DISABLED", http.StatusOK, "", "DISABLED MANUAL"},
		{"enable", false, "ENABLED", http.StatusOK, "", "ENABLED null"},
		{"unknown status", false, "PAUSED", http.StatusBadRequest, klarna.CodeValidation, "ENABLED null"},
		{"lower-case status", false, "disabled", http.StatusBadRequest, klarna.CodeValidation, "ENABLED null"},
		{"enable one Klarna disabled", true, "ENABLED", http.StatusConflict, klarna.CodeCredentialDisabledByKlarna, "DISABLED SECURITY"},
		{"disable one Klarna disabled", true, "DISABLED", http.StatusOK, "", "DISABLED SECURITY"},
	}
	for _, k := range kinds {
		for _, st := range steps {
			t.Run(k.name+" "+st.name, func(t *testing.T) {
				t.Parallel()
				id := k.make(t)
				if st.security {
					m.control(t, http.MethodPost, "/_mock/credentials/"+id+"/disable", map[string]string{"reason": "SECURITY"}).wantStatus(t, http.StatusNoContent)
				} else if st.patch == "ENABLED" {
					m.patch(t, m.b.APIKey, k.base+"/"+id, map[string]string{"status": "DISABLED"}).wantStatus(t, http.StatusOK)
				}
				r := m.patch(t, m.b.APIKey, k.base+"/"+id, map[string]string{"status": st.patch, "description": "changed"})
				switch st.wantStatus {
				case http.StatusOK:
					r.wantStatus(t, http.StatusOK)
				case http.StatusBadRequest:
					r.wantValidation(t, "status")
				default:
					r.wantError(t, st.wantStatus, klarna.ErrorTypeResource, st.wantCode)
				}
				r = m.get(t, m.b.APIKey, k.base+"/"+id)
				r.wantStatus(t, http.StatusOK)
				var v view
				r.decode(t, &v)
				if got := v.Status + " " + reason(v); got != st.after {
					t.Fatalf("after the PATCH: %s, want %s", got, st.after)
				}
				if st.wantStatus != http.StatusOK && strings.Contains(string(r.body), "changed") {
					t.Fatalf("a refused PATCH changed the description: %s", r.body)
				}
			})
		}
	}
	t.Run("control plane refusals", func(t *testing.T) {
		t.Parallel()
		id := kinds[0].make(t)
		m.control(t, http.MethodPost, "/_mock/credentials/"+id+"/disable", map[string]string{"reason": "BORED"}).wantStatus(t, http.StatusBadRequest)
		m.control(t, http.MethodPost, "/_mock/credentials/00000000-0000-4000-8000-000000000000/disable", map[string]string{"reason": "SECURITY"}).wantStatus(t, http.StatusBadRequest)
		// Without a body the reason is SECURITY.
		m.control(t, http.MethodPost, "/_mock/credentials/"+id+"/disable", nil).wantStatus(t, http.StatusNoContent)
		var v view
		m.get(t, m.b.APIKey, pathAPIKey+"/"+id).decode(t, &v)
		if reason(v) != "SECURITY" {
			t.Fatalf("disabled with reason %s, want SECURITY", reason(v))
		}
	})
}

// credentialView reads an API key or a client ID through the bootstrap key.
func (m *mock) credentialView(t *testing.T, path string) (klarna.APIKey, int) {
	t.Helper()
	r := m.get(t, m.b.APIKey, path)
	var k klarna.APIKey
	if r.status == http.StatusOK {
		r.decode(t, &k)
	}
	return k, r.status
}

func TestCredentials_lastUsedAt(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	k := m.createKey(t, m.b.APIKey, "/v2/account", "used")
	if v, _ := m.credentialView(t, pathAPIKey+"/"+k.CredentialID); v.LastUsedAt != nil {
		t.Fatalf("last_used_at %v before any use", v.LastUsedAt)
	}
	for _, d := range []time.Duration{time.Hour, 3 * 24 * time.Hour} {
		m.advance(t, d)
		// A refused request made with the key is a use too.
		m.get(t, k.Secret, "/v2/accounts/not-a-krn/credentials/api-keys").wantForbidden(t)
		used := m.Clock().Now()
		v, _ := m.credentialView(t, pathAPIKey+"/"+k.CredentialID)
		if v.LastUsedAt == nil || used.Sub(*v.LastUsedAt) < 0 || used.Sub(*v.LastUsedAt) > 5*time.Second {
			t.Fatalf("last_used_at %v, want about %s", v.LastUsedAt, used)
		}
	}
	// A request that fails authentication is not a use of any key.
	before, _ := m.credentialView(t, pathAPIKey+"/"+k.CredentialID)
	m.advance(t, time.Hour)
	m.get(t, k.Secret+"x", "/v2/account").wantUnauthorized(t)
	after, _ := m.credentialView(t, pathAPIKey+"/"+k.CredentialID)
	if !after.LastUsedAt.Equal(*before.LastUsedAt) {
		t.Fatalf("last_used_at moved to %s on a failed authentication", after.LastUsedAt)
	}
}

func TestCredentials_inactivityLifecycle(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot := m.b.APIKey
	idle := m.createKey(t, boot, "/v2/account", "idle")
	used := m.createKey(t, boot, "/v2/account", "used")
	partnerIdle := m.createKey(t, boot, acct(m.b.PartnerAccountIDs[0]), "partner idle")
	r := m.post(t, boot, "/v2/account/credentials/client-ids", map[string]any{"allowed_origins": []string{"https://a.example"}})
	r.wantStatus(t, http.StatusCreated)
	var client klarna.ClientID
	r.decode(t, &client)
	clientPath := "/v2/account/credentials/client-ids/" + client.CredentialID
	idlePath, usedPath := pathAPIKey+"/"+idle.CredentialID, pathAPIKey+"/"+used.CredentialID
	partnerIdlePath := acct(m.b.PartnerAccountIDs[0]) + "/credentials/api-keys/" + partnerIdle.CredentialID
	t0 := idle.CreatedAt
	const day = 24 * time.Hour

	check := func(t *testing.T, path, want string) {
		t.Helper()
		v, status := m.credentialView(t, path)
		got := fmt.Sprint(status)
		if status == http.StatusOK {
			got = string(v.Status)
			if v.DisabledReason != nil {
				got += " " + string(*v.DisabledReason)
			}
		}
		if got != want {
			t.Fatalf("%s: %s, want %s (mock time %s)", path, got, want, m.Clock().Now())
		}
	}

	m.advanceKeeping(t, 30*day, boot, used.Secret)
	m.setClock(t, t0.Add(60*day-time.Second))
	check(t, idlePath, "ENABLED")
	check(t, clientPath, "ENABLED")
	m.setClock(t, t0.Add(60*day))
	check(t, idlePath, "DISABLED INACTIVITY")
	// The others were created within seconds of the first.
	m.setClock(t, t0.Add(60*day+5*time.Second))
	check(t, partnerIdlePath, "DISABLED INACTIVITY")
	check(t, clientPath, "DISABLED INACTIVITY")
	check(t, usedPath, "ENABLED")
	m.get(t, idle.Secret, "/v2/account").wantUnauthorized(t)

	// Enabling again restarts the inactivity clock.
	enabledAt := m.Clock().Now().Truncate(time.Second)
	m.patch(t, boot, clientPath, map[string]string{"status": "ENABLED"}).wantStatus(t, http.StatusOK)
	check(t, clientPath, "ENABLED")
	m.advanceKeeping(t, 50*day, boot)
	m.setClock(t, enabledAt.Add(60*day-2*time.Second))
	check(t, clientPath, "ENABLED")
	m.setClock(t, enabledAt.Add(60*day+2*time.Second))
	check(t, clientPath, "DISABLED INACTIVITY")

	// Ten months (300 days) after it was disabled, a credential is deleted.
	disabledAt := t0.Add(60 * day)
	m.advanceKeeping(t, disabledAt.Add(300*day).Sub(m.Clock().Now())-day, boot)
	m.setClock(t, disabledAt.Add(300*day-time.Second))
	check(t, idlePath, "DISABLED INACTIVITY")
	m.setClock(t, disabledAt.Add(300*day))
	check(t, idlePath, "404")
	m.setClock(t, disabledAt.Add(300*day+5*time.Second))
	check(t, partnerIdlePath, "404")
	check(t, usedPath, "DISABLED INACTIVITY")
	m.patch(t, boot, idlePath, map[string]string{"status": "ENABLED"}).wantNotFound(t)
}

func TestCredentials_manuallyDisabledIsDeletedAfter300Days(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	k := m.createKey(t, m.b.APIKey, "/v2/account", "manual")
	path := pathAPIKey + "/" + k.CredentialID
	r := m.patch(t, m.b.APIKey, path, map[string]string{"status": "DISABLED"})
	r.wantStatus(t, http.StatusOK)
	disabledAt := m.Clock().Now().Truncate(time.Second)
	m.advanceKeeping(t, 299*24*time.Hour, m.b.APIKey)
	if _, status := m.credentialView(t, path); status != http.StatusOK {
		t.Fatalf("deleted after 299 days: %d", status)
	}
	m.setClock(t, disabledAt.Add(300*24*time.Hour+time.Second))
	if _, status := m.credentialView(t, path); status != http.StatusNotFound {
		t.Fatalf("300 days after it was disabled: %d, want 404", status)
	}
}

func TestCredentials_longJumpDisablesTheBootstrapKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		jump    time.Duration
		enabled bool
	}{
		{"59 days", 59 * 24 * time.Hour, true},
		{"61 days", 61 * 24 * time.Hour, false},
		{"two 50-day steps without a request", 100 * 24 * time.Hour, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := start(t, mockapi.Options{})
			for left := tc.jump; left > 0; left -= min(left, 50*24*time.Hour) {
				m.advance(t, min(left, 50*24*time.Hour))
			}
			r := m.get(t, m.b.APIKey, "/v2/account")
			keys := m.state(t)[m.b.AccountID].APIKeys
			if len(keys) != 1 {
				t.Fatalf("want the bootstrap key alone, got %+v", keys)
			}
			boot := keys[0]
			if tc.enabled {
				r.wantStatus(t, http.StatusOK)
				return
			}
			r.wantUnauthorized(t)
			m.get(t, m.ForeignAPIKey(), "/v2/account").wantUnauthorized(t)
			if boot.Status != "DISABLED" || boot.DisabledReason == nil || *boot.DisabledReason != "INACTIVITY" {
				t.Fatalf("bootstrap key in the state: %+v", boot)
			}
		})
	}
}
