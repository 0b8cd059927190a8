package mockapi_test

import (
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/openapi"
)

// normalRoute writes a route as "METHOD /path" with its item placeholder as {id}, the way
// the mock counts requests, and with escaped characters decoded.
func normalRoute(t *testing.T, method, path string) string {
	t.Helper()
	p, err := url.PathUnescape(path)
	if err != nil {
		t.Fatalf("path %q: %v", path, err)
	}
	p = strings.NewReplacer("{credential_id}", "{id}", "{certificate_id}", "{id}", "{webhook_id}", "{id}", "{signing_key_id}", "{id}").Replace(p)
	return strings.ToUpper(method) + " " + p
}

func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestContract_clientAndDocumentListTheSameRoutes(t *testing.T) {
	t.Parallel()
	ops, err := openapi.Operations()
	if err != nil {
		t.Fatal(err)
	}
	doc, client := map[string]bool{}, map[string]bool{}
	for _, op := range ops {
		doc[normalRoute(t, op.Method, op.Path)] = true
	}
	for _, rt := range klarna.Routes() {
		k := normalRoute(t, rt.Method, rt.Path)
		if client[k] {
			t.Errorf("the client lists %s twice", k)
		}
		client[k] = true
	}
	for _, k := range sortedKeys(client) {
		if !doc[k] {
			t.Errorf("the client calls %s, which the OpenAPI document lacks", k)
		}
	}
	for _, k := range sortedKeys(doc) {
		if !client[k] {
			t.Errorf("the OpenAPI document has %s, which the client lacks", k)
		}
	}
	// 28 routes in both account forms, who-am-I, 3 user-access routes, deep links and 7
	// partner-account routes.
	if len(client) != 2*28+1+3+1+7 {
		t.Errorf("%d routes, want the contract's %d", len(client), 2*28+1+3+1+7)
	}
}

func TestContract_mockServesEveryRoute(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot, own, p1 := m.b.APIKey, m.b.AccountID, m.b.PartnerAccountIDs[0]
	signer := m.issue(t, boot, "/v2/account", own, "JWT_SIGNING")

	// Items for the {credential_id} and {certificate_id} of each account form.
	type items struct{ apiKey, clientID, cert, usedKey, freeKey, webhook string }
	made := map[string]items{}
	for prefix, account := range map[string]string{"/v2/account": own, "/v2/accounts/{account_id}": p1} {
		concrete := "/v2/account"
		if account != own {
			concrete = acct(account)
		}
		r := m.post(t, boot, concrete+"/credentials/client-ids", map[string]any{"allowed_origins": []string{"https://a.example"}})
		r.wantStatus(t, http.StatusCreated)
		var cid klarna.ClientID
		r.decode(t, &cid)
		made[prefix] = items{
			apiKey:   m.createKey(t, boot, concrete, "route").CredentialID,
			clientID: cid.CredentialID,
			cert:     m.issue(t, boot, concrete, account, "JWT_SIGNING").CertificateID, // read, then revoked
		}
		m.issue(t, boot, concrete, account, "API") // so that mTLS can be enforced
		it := made[prefix]
		it.usedKey = m.createSigningKey(t, concrete).SigningKeyID
		it.freeKey = m.createSigningKey(t, concrete).SigningKeyID // deleted: no webhook names it
		it.webhook = m.createWebhook(t, concrete, "https://127.0.0.1/setup", it.usedKey, "a.b").WebhookID
		made[prefix] = it
	}
	m.control(t, http.MethodDelete, "/_mock/requests", nil).wantStatus(t, http.StatusNoContent)

	wantStatus := map[string]int{http.MethodGet: 200, http.MethodPost: 201, http.MethodPatch: 200, http.MethodPut: 200, http.MethodDelete: 204}
	served := map[string]bool{}
	for _, rt := range klarna.Routes() {
		prefix := "/v2/account"
		if strings.HasPrefix(rt.Path, "/v2/accounts/{account_id}") {
			prefix = "/v2/accounts/{account_id}"
		}
		it := made[prefix]
		id := it.apiKey
		if strings.Contains(rt.Path, "/client-ids/") {
			id = it.clientID
		}
		path := strings.NewReplacer("{account_id}", url.PathEscape(p1), "{credential_id}", id, "{certificate_id}", it.cert,
			"{webhook_id}", url.PathEscape(it.webhook), "{signing_key_id}", it.freeKey).Replace(rt.Path)
		var body any
		want := wantStatus[rt.Method]
		switch {
		case rt.Method == http.MethodPut:
			body = map[string]string{"enforced_from": m.Clock().Now().Add(time.Hour).Format(time.RFC3339)}
		case strings.HasSuffix(rt.Path, "/portal/user-access") && rt.Method == http.MethodPost:
			body = map[string]string{"jwt": sign(t, m.claims("route@example.com", p1), signer)}
		case strings.HasSuffix(rt.Path, "/portal/deep-links"):
			c := m.claims("route@example.com", p1)
			c.AMR = []string{"pwd"}
			body = map[string]string{"jwt": sign(t, c, signer)}
			want = http.StatusOK
		case strings.HasSuffix(rt.Path, "/portal/user-access") && rt.Method == http.MethodDelete:
			path += "?" + url.Values{"principal": {"route@example.com"}, "account_id": {p1}, "on_behalf_of": {p1}}.Encode()
		case strings.HasSuffix(rt.Path, "/notification/webhooks") && rt.Method == http.MethodPost:
			body = map[string]any{"url": "https://127.0.0.1/route", "event_types": []string{"a.b"}, "signing_key_id": it.usedKey}
		case rt.Path == pathOnboard:
			body = onboardBody(m, "route")
		case strings.HasSuffix(rt.Path, "/resolve/partner-account-id"):
			path += "?partner_account_reference=bootstrap-partner-1"
		case rt.Method == http.MethodPost || rt.Method == http.MethodPatch:
			account := p1
			if prefix == "/v2/account" {
				account = own
			}
			body = validBody(t, rt.Method, rt.Path, account)
		}
		r := m.do(t, req{method: rt.Method, path: path, key: boot, body: body})
		if r.status != want {
			t.Errorf("%s %s: %d, want %d; %s", rt.Method, path, r.status, want, r.body)
		}
		served[normalRoute(t, rt.Method, rt.Path)] = true
	}

	var counts mockapi.RequestCounts
	m.control(t, http.MethodGet, "/_mock/requests", nil).decode(t, &counts)
	counted := map[string]bool{}
	for route := range counts.ByRoute {
		counted[route] = true
	}
	if got, want := strings.Join(sortedKeys(counted), "\n"), strings.Join(sortedKeys(served), "\n"); got != want {
		t.Fatalf("the mock matched the routes\n%s\nwant\n%s", got, want)
	}

	// A route outside the contract is the mock's own 404, in either account form.
	outside := []struct{ method, path string }{
		{http.MethodGet, "/v2/account/credentials"},
		{http.MethodPut, pathAPIKey},
		{http.MethodPatch, "/v2/account/credentials/client-certificates/" + made["/v2/account"].cert},
		{http.MethodPost, "/v2/account/portal/deep-links"},
		{http.MethodGet, acct(p1) + "/portal/user-access"},
		{http.MethodDelete, acct(p1)},
		{http.MethodGet, "/v1/account"},
	}
	m.control(t, http.MethodDelete, "/_mock/requests", nil).wantStatus(t, http.StatusNoContent)
	for _, o := range outside {
		m.do(t, req{method: o.method, path: o.path, key: boot, body: "{}"}).wantNotFound(t)
	}
	var after mockapi.RequestCounts
	m.control(t, http.MethodGet, "/_mock/requests", nil).decode(t, &after)
	for route, n := range after.ByRoute {
		if !strings.Contains(route, "no such route") {
			t.Errorf("%d requests outside the contract were matched to %s", n, route)
		}
	}
}
