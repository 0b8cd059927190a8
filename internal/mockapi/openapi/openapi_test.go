package openapi

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

const (
	testUUID     = "3f1c2a9e-7b4d-4c61-9a0e-5d2b8f6e1a47"
	testKRN      = "krn:partner:global:account:test:AB12CD34"
	escapedKRN   = "krn%3Apartner%3Aglobal%3Aaccount%3Atest%3AAB12CD34"
	partnerBase  = "/v2/accounts/" + escapedKRN
	testCSR      = "-----BEGIN CERTIFICATE REQUEST-----\nMIHcMIGEAgEAMBMxETAPBgNVBAMMCEFCMTJDRDM0\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END CERTIFICATE REQUEST-----\n"
	testJWT      = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJqYW5lQGV4YW1wbGUuY29tIn0.c2lnbmF0dXJl"
	testCert     = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2VydA==\n-----END CERTIFICATE-----\n"
	testDateTime = "2026-11-22T07:45:00Z"
)

var sharedValidator = sync.OnceValues(NewValidator)

func validator(t *testing.T) *Validator {
	t.Helper()
	v, err := sharedValidator()
	if err != nil {
		t.Fatalf("NewValidator: %v", err)
	}
	return v
}

// request builds a request as a server receives it; a non-empty body gets a JSON content type.
func request(t testing.TB, method, target, body string, header ...string) *http.Request {
	t.Helper()
	r := httptest.NewRequestWithContext(t.Context(), method, "https://127.0.0.1:8443"+target, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			r.Header.Del(header[i])
			continue
		}
		r.Header.Set(header[i], header[i+1])
	}
	return r
}

func TestLoad_documentValidates(t *testing.T) {
	t.Parallel()
	doc, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	var servers []string
	for _, s := range doc.Servers {
		servers = append(servers, s.URL)
	}
	want := []string{"https://api-global.klarna.com", "https://api-global.test.klarna.com"}
	if !slices.Equal(servers, want) {
		t.Errorf("servers = %v, want %v", servers, want)
	}
	if len(spec) == 0 {
		t.Error("the embedded document is empty")
	}
	for _, p := range doc.Paths.InMatchingOrder() {
		if strings.HasPrefix(p, "/_mock") {
			t.Errorf("the contract holds the mock's control path %s", p)
		}
	}
}

func TestOperations_exactList(t *testing.T) {
	t.Parallel()
	const own, partner = "/v2/account", "/v2/accounts/{account_id}"
	// Operations present in both account forms: the partner form's ID adds "Partner".
	both := []Operation{
		{"POST", "/credentials/api-keys", "createApiKey"},
		{"GET", "/credentials/api-keys", "listApiKeys"},
		{"GET", "/credentials/api-keys/{credential_id}", "getApiKey"},
		{"PATCH", "/credentials/api-keys/{credential_id}", "updateApiKey"},
		{"DELETE", "/credentials/api-keys/{credential_id}", "deleteApiKey"},
		{"POST", "/credentials/client-ids", "createClientId"},
		{"GET", "/credentials/client-ids", "listClientIds"},
		{"GET", "/credentials/client-ids/{credential_id}", "getClientId"},
		{"PATCH", "/credentials/client-ids/{credential_id}", "updateClientId"},
		{"DELETE", "/credentials/client-ids/{credential_id}", "deleteClientId"},
		{"POST", "/credentials/client-certificates", "createCredentialsClientCertificate"},
		{"GET", "/credentials/client-certificates", "listCredentialsClientCertificates"},
		{"GET", "/credentials/client-certificates/{certificate_id}", "getCredentialsClientCertificate"},
		{"DELETE", "/credentials/client-certificates/{certificate_id}", "revokeCredentialsClientCertificate"},
		{"GET", "/integration/mtls", "getMTLSAuthorization"},
		{"PUT", "/integration/mtls", "enforceMTLSAuthorization"},
		{"DELETE", "/integration/mtls", "removeEnforcementOfMTLSAuthorization"},
		{"POST", "/notification/webhooks", "createWebhook"},
		{"GET", "/notification/webhooks", "listWebhooks"},
		{"GET", "/notification/webhooks/{webhook_id}", "getWebhook"},
		{"PATCH", "/notification/webhooks/{webhook_id}", "updateWebhook"},
		{"DELETE", "/notification/webhooks/{webhook_id}", "deleteWebhook"},
		{"POST", "/notification/signing-keys", "createSigningKey"},
		{"GET", "/notification/signing-keys", "listSigningKeys"},
		{"GET", "/notification/signing-keys/{signing_key_id}", "getSigningKey"},
		{"DELETE", "/notification/signing-keys/{signing_key_id}", "deleteSigningKey"},
		{"GET", "/integration/inbound-restriction/ip", "getIpRestriction"},
		{"PATCH", "/integration/inbound-restriction/ip", "updateIpRestriction"},
	}
	ownOnly := []Operation{
		{"GET", "", "getAccount"},
		{"POST", "/portal/user-access", "createUserAccess"},
		{"GET", "/portal/user-access", "listUserAccess"},
		{"DELETE", "/portal/user-access", "deleteUserAccess"},
	}
	partnerOnly := []Operation{
		{"POST", "/portal/deep-links", "createDeepLink"},
	}
	var want []Operation
	for _, o := range both {
		want = append(want,
			Operation{o.Method, own + o.Path, o.OperationID},
			Operation{o.Method, partner + o.Path, o.OperationID + "Partner"})
	}
	for _, o := range ownOnly {
		want = append(want, Operation{o.Method, own + o.Path, o.OperationID})
	}
	for _, o := range partnerOnly {
		want = append(want, Operation{o.Method, partner + o.Path, o.OperationID})
	}
	// Partner accounts: onboarding and the acquiring partner's read-only distribution data.
	want = append(want,
		Operation{"POST", "/v2/distribution/onboard", "onboardPartnerAccount"},
		Operation{"GET", partner, "getPartnerAccount"},
		Operation{"PATCH", partner, "updateAccount"},
		Operation{"GET", "/v2/distribution/resolve/partner-account-id", "resolvePartnerAccountId"},
		Operation{"PATCH", partner + "/products/payment", "updatePaymentProduct"},
		Operation{"GET", "/v2/distribution/payment-profiles", "listPaymentProfiles"},
		Operation{"GET", "/v2/distribution/settlement-configuration", "getSettlementConfiguration"},
	)

	got, err := Operations()
	if err != nil {
		t.Fatalf("Operations: %v", err)
	}
	key := func(o Operation) string { return o.Method + " " + o.Path + " " + o.OperationID }
	gotKeys, wantKeys := map[string]bool{}, map[string]bool{}
	for _, o := range got {
		gotKeys[key(o)] = true
	}
	for _, o := range want {
		wantKeys[key(o)] = true
		if !gotKeys[key(o)] {
			t.Errorf("missing operation %s", key(o))
		}
	}
	for _, o := range got {
		if !wantKeys[key(o)] {
			t.Errorf("unexpected operation %s", key(o))
		}
	}
	if len(got) != 68 || len(want) != 68 {
		t.Errorf("got %d operations, want list has %d; both should be 68", len(got), len(want))
	}
	ids := map[string]bool{}
	for _, o := range got {
		if ids[o.OperationID] {
			t.Errorf("operationId %s is not unique", o.OperationID)
		}
		ids[o.OperationID] = true
	}
}

func TestOperations_writesDeclareIdempotencyKeyAndConflict(t *testing.T) {
	t.Parallel()
	doc, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(path).Operations() {
			// The contract deduplicates POST and PATCH; PUT is idempotent by nature.
			deduplicated := method == http.MethodPost || method == http.MethodPatch
			write := deduplicated || method == http.MethodPut
			hasKey := op.Parameters.GetByInAndName("header", "Klarna-Idempotency-Key") != nil
			if deduplicated != hasKey {
				t.Errorf("%s %s: Klarna-Idempotency-Key declared = %v, want %v", method, path, hasKey, deduplicated)
			}
			if write && op.Responses.Status(http.StatusConflict) == nil {
				t.Errorf("%s %s: no 409 response", method, path)
			}
			for _, status := range []int{400, 401, 403, 413, 429, 500, 503} {
				if op.Responses.Status(status) == nil {
					t.Errorf("%s %s: no %d response", method, path, status)
				}
			}
		}
	}
}

// methodList finds "on POST and PATCH", "on POST, PATCH and PUT" and the like.
var methodList = regexp.MustCompile(`\bon ((?:GET|POST|PUT|PATCH|DELETE)(?:(?:, | and | or )(?:GET|POST|PUT|PATCH|DELETE))*)\b`)

// The contract honours Klarna-Idempotency-Key on POST and PATCH only: every sentence of the
// document that names the header and a list of methods names exactly those two.
func TestDocument_idempotencyKeyMethods(t *testing.T) {
	t.Parallel()
	text := strings.Join(strings.Fields(string(spec)), " ")
	found := 0
	for _, sentence := range regexp.MustCompile(`[.;:]\s`).Split(text, -1) {
		if !strings.Contains(sentence, "Klarna-Idempotency-Key") {
			continue
		}
		for _, m := range methodList.FindAllStringSubmatch(sentence, -1) {
			found++
			methods := regexp.MustCompile(`[A-Z]+`).FindAllString(m[1], -1)
			slices.Sort(methods)
			if !slices.Equal(methods, []string{"PATCH", "POST"}) {
				t.Errorf("the document says the idempotency key is taken on %s, want POST and PATCH: %q", m[1], sentence)
			}
		}
	}
	if found == 0 {
		t.Error("the document never says which methods take Klarna-Idempotency-Key")
	}
}

// Every object a response may hold forbids properties its schema does not name, so that a
// leaked secret or a misspelt field fails validation. Inside an allOf, one part closes the
// object and names every property the other parts constrain.
func TestDocument_responseObjectsAreClosed(t *testing.T) {
	t.Parallel()
	doc, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	// Parts of an allOf are checked with their allOf.
	partOfAllOf := map[*openapi3.Schema]bool{}
	for _, ref := range doc.Components.Schemas {
		for _, part := range ref.Value.AllOf {
			partOfAllOf[part.Value] = true
		}
	}
	seen := map[*openapi3.Schema]bool{}
	var walk func(where string, s *openapi3.Schema)
	walk = func(where string, s *openapi3.Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		if len(s.AllOf) > 0 {
			var closer *openapi3.Schema
			for _, part := range s.AllOf {
				if closed(part.Value) {
					closer = part.Value
				}
			}
			if closer == nil {
				t.Errorf("%s: no part of the allOf has additionalProperties: false", where)
			}
			for _, part := range s.AllOf {
				for name := range part.Value.Properties {
					if closer != nil && closer.Properties[name] == nil {
						t.Errorf("%s: property %s is not named by the part that closes the object", where, name)
					}
				}
				walk(where+" (allOf)", part.Value)
			}
			return
		}
		isObject := s.Type != nil && s.Type.Is(openapi3.TypeObject)
		if (isObject || len(s.Properties) > 0) && !closed(s) && !partOfAllOf[s] {
			t.Errorf("%s: an object without additionalProperties: false", where)
		}
		for name, p := range s.Properties {
			walk(where+"."+name, p.Value)
		}
		if s.Items != nil {
			walk(where+"[]", s.Items.Value)
		}
	}
	for name, ref := range doc.Components.Responses {
		for _, media := range ref.Value.Content {
			walk("response "+name, media.Schema.Value)
		}
	}
	if len(seen) < 10 {
		t.Fatalf("only %d response schemas were walked", len(seen))
	}
}

func closed(s *openapi3.Schema) bool {
	return s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has
}

// Every error response names the error codes it may carry.
func TestDocument_errorResponsesNameTheirCodes(t *testing.T) {
	t.Parallel()
	doc, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	errorResponses := 0
	for name, ref := range doc.Components.Responses {
		for _, media := range ref.Value.Content {
			var hasCode bool
			var enum []any
			var walk func(s *openapi3.Schema)
			walk = func(s *openapi3.Schema) {
				if p := s.Properties["error_code"]; p != nil {
					hasCode = true
					enum = append(enum, p.Value.Enum...)
				}
				for _, part := range s.AllOf {
					walk(part.Value)
				}
			}
			walk(media.Schema.Value)
			if !hasCode {
				continue
			}
			errorResponses++
			if len(enum) == 0 {
				t.Errorf("error response %s does not name its error codes", name)
			}
		}
	}
	if errorResponses < 10 {
		t.Errorf("only %d error responses found", errorResponses)
	}
}

func TestValidateRequest_valid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		method string
		target string
		body   string
		header []string
	}{
		{"who am I", "GET", "/v2/account", "", nil},
		{"create API key", "POST", "/v2/account/credentials/api-keys", `{"description":"ci key: build-1, a_b; c.d"}`,
			[]string{"Klarna-Idempotency-Key", testUUID, "Partner-Correlation-Id", "abc123XYZ"}},
		{"create API key, empty object", "POST", "/v2/account/credentials/api-keys", `{}`, nil},
		{"create API key, no body", "POST", "/v2/account/credentials/api-keys", "", nil},
		{"create API key, 100 characters", "POST", "/v2/account/credentials/api-keys", `{"description":"` + strings.Repeat("a", 100) + `"}`, nil},
		{"create API key, partner, escaped KRN", "POST", partnerBase + "/credentials/api-keys", `{"description":"x"}`, nil},
		{"create API key, partner, raw KRN", "POST", "/v2/accounts/" + testKRN + "/credentials/api-keys", `{}`, nil},
		{"list API keys, partner", "GET", partnerBase + "/credentials/api-keys", "", nil},
		{"get API key", "GET", "/v2/account/credentials/api-keys/" + testUUID, "", nil},
		{"update API key", "PATCH", "/v2/account/credentials/api-keys/" + testUUID, `{"description":"new","status":"DISABLED"}`, nil},
		{"update API key, partner", "PATCH", partnerBase + "/credentials/api-keys/" + testUUID, `{"status":"ENABLED"}`, nil},
		{"delete API key", "DELETE", partnerBase + "/credentials/api-keys/" + testUUID, "", nil},
		{"create client ID", "POST", "/v2/account/credentials/client-ids",
			`{"description":"shop","allowed_origins":["https://shop.example.com","https://shop.example.com:8443","http://localhost:3000","https://[::1]"]}`, nil},
		{"create client ID, 100 origins", "POST", partnerBase + "/credentials/client-ids",
			`{"allowed_origins":[` + origins(100) + `]}`, nil},
		{"update client ID", "PATCH", "/v2/account/credentials/client-ids/" + testUUID, `{"allowed_origins":["https://a.example"],"status":"ENABLED"}`, nil},
		{"create certificate", "POST", "/v2/account/credentials/client-certificates",
			`{"csr":` + quote(testCSR) + `,"usage":"API","description":"mTLS 2026"}`, nil},
		{"create certificate, JWT signing, partner", "POST", partnerBase + "/credentials/client-certificates",
			`{"csr":` + quote(testCSR) + `,"usage":"JWT_SIGNING"}`, nil},
		{"revoke certificate", "DELETE", "/v2/account/credentials/client-certificates/" + testUUID, "", nil},
		{"read mTLS", "GET", partnerBase + "/integration/mtls", "", nil},
		{"enforce mTLS now", "PUT", "/v2/account/integration/mtls", `{"enforced_from":"NOW"}`, nil},
		{"enforce mTLS at a time", "PUT", partnerBase + "/integration/mtls", `{"enforced_from":"2026-12-01T00:00:00+01:00"}`, nil},
		{"remove mTLS", "DELETE", "/v2/account/integration/mtls", "", nil},
		{"grant user access", "POST", "/v2/account/portal/user-access", `{"jwt":"` + testJWT + `"}`,
			[]string{"Klarna-Idempotency-Key", testUUID}},
		{"list user access, filtered", "GET", "/v2/account/portal/user-access?account_id=" + escapedKRN + "&on_behalf_of=" + testKRN + "&principal=Jane.Doe%40example.com", "", nil},
		{"delete user access, filtered", "DELETE", "/v2/account/portal/user-access?principal=jane@example.com", "", nil},
		{"create deep link", "POST", partnerBase + "/portal/deep-links", `{"jwt":"` + testJWT + `"}`, nil},
		{"content type with charset", "PATCH", "/v2/account/credentials/api-keys/" + testUUID, `{}`,
			[]string{"Content-Type", "application/json; charset=utf-8"}},
		{"create webhook", "POST", "/v2/account/notification/webhooks",
			`{"url":"https://hooks.example.com:8443/klarna?x=1","event_types":["partner.account.*","settlement.report.created"],"event_version":"v1","signing_key_id":"` + testUUID + `","status":"ENABLED"}`, nil},
		{"create webhook, partner, port 443 on IPv6 loopback", "POST", partnerBase + "/notification/webhooks",
			`{"url":"https://[::1]:443","event_types":["partner.account.product.payment.state-change.enabled"],"signing_key_id":"` + testUUID + `"}`, nil},
		{"update webhook", "PATCH", "/v2/account/notification/webhooks/krn%3Apartner%3Aglobal%3Anotification%3Awebhook%3A" + testUUID,
			`{"status":"DISABLED"}`, nil},
		{"create signing key, no body", "POST", "/v2/account/notification/signing-keys", "", nil},
		{"delete signing key", "DELETE", partnerBase + "/notification/signing-keys/" + testUUID, "", nil},
		{"restrict IPs", "PATCH", "/v2/account/integration/inbound-restriction/ip",
			`{"enforcement_mode":"REPORTING","cidr_blocks":["127.0.0.1/32","2001:db8::/32"]}`, nil},
	}
	v := validator(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := request(t, tt.method, tt.target, tt.body, tt.header...)
			if err := v.ValidateRequest(r, []byte(tt.body)); err != nil {
				t.Errorf("ValidateRequest: %v", err)
			}
		})
	}
}

func TestValidateRequest_invalid(t *testing.T) {
	t.Parallel()
	apiKeys := "/v2/account/credentials/api-keys"
	clientIDs := "/v2/account/credentials/client-ids"
	certs := "/v2/account/credentials/client-certificates"
	tests := []struct {
		name    string
		method  string
		target  string
		body    string
		header  []string
		want    []string // the parameters named, in order
		message string   // a part of the first violation's message
	}{
		{"description over 100 characters", "POST", apiKeys, `{"description":"` + strings.Repeat("a", 101) + `"}`, nil,
			[]string{"description", "description"}, "at most 100 characters"},
		{"description with a forbidden character", "POST", apiKeys, `{"description":"bad/slash"}`, nil,
			[]string{"description"}, "must match the pattern"},
		{"description not a string", "POST", apiKeys, `{"description":7}`, nil,
			[]string{"description"}, "must be a string"},
		{"unknown field", "POST", apiKeys, `{"description":"x","name":"y"}`, nil,
			[]string{"name"}, "not a field"},
		{"bad idempotency key", "POST", apiKeys, `{}`, []string{"Klarna-Idempotency-Key", "not-a-uuid"},
			[]string{"Klarna-Idempotency-Key"}, "must be a UUID"},
		{"bad partner correlation ID", "GET", apiKeys, "", []string{"Partner-Correlation-Id", "has space"},
			[]string{"Partner-Correlation-Id"}, "must match the pattern"},
		{"partner correlation ID over 255 characters", "GET", "/v2/account", "", []string{"Partner-Correlation-Id", strings.Repeat("a", 256)},
			[]string{"Partner-Correlation-Id"}, "must match the pattern"},
		{"wrong status enum", "PATCH", apiKeys + "/" + testUUID, `{"status":"PAUSED"}`, nil,
			[]string{"status"}, `must be one of "ENABLED", "DISABLED"`},
		{"credential ID not a UUID", "GET", apiKeys + "/1234", "", nil,
			[]string{"credential_id"}, "must be a UUID"},
		{"certificate ID not a UUID", "DELETE", partnerBase + "/credentials/client-certificates/abc", "", nil,
			[]string{"certificate_id"}, "must be a UUID"},
		{"client ID without origins field", "POST", clientIDs, `{"description":"x"}`, nil,
			[]string{"allowed_origins"}, "is required"},
		{"client ID with 0 origins", "POST", clientIDs, `{"allowed_origins":[]}`, nil,
			[]string{"allowed_origins"}, "at least 1 items"},
		{"client ID with 101 origins", "POST", clientIDs, `{"allowed_origins":[` + origins(101) + `]}`, nil,
			[]string{"allowed_origins"}, "at most 100 items"},
		{"origin with a path", "POST", clientIDs, `{"allowed_origins":["https://a.example","https://b.example","https://c.example/shop"]}`, nil,
			[]string{"allowed_origins[2]"}, "must match the pattern"},
		{"plain http origin", "PATCH", clientIDs + "/" + testUUID, `{"allowed_origins":["http://shop.example.com"]}`, nil,
			[]string{"allowed_origins[0]"}, "must match the pattern"},
		{"upper-case origin host", "PATCH", clientIDs + "/" + testUUID, `{"allowed_origins":["https://Shop.example.com"]}`, nil,
			[]string{"allowed_origins[0]"}, "must match the pattern"},
		{"certificate without CSR", "POST", certs, `{"usage":"API"}`, nil,
			[]string{"csr"}, "is required"},
		{"certificate with wrong usage", "POST", certs, `{"csr":` + quote(testCSR) + `,"usage":"TLS"}`, nil,
			[]string{"usage"}, `must be one of "API", "JWT_SIGNING"`},
		{"certificate with a CSR that is not PEM", "POST", certs, `{"csr":"hello","usage":"API"}`, nil,
			[]string{"csr"}, "must match the pattern"},
		{"certificate missing everything", "POST", certs, `{"extra":true}`, nil,
			[]string{"csr", "extra", "usage"}, "is required"},
		{"certificate description with a control character", "POST", certs, `{"csr":` + quote(testCSR) + `,"usage":"API","description":"a\u0007b"}`, nil,
			[]string{"description"}, "must match the pattern"},
		{"enforce with a word", "PUT", "/v2/account/integration/mtls", `{"enforced_from":"TOMORROW"}`, nil,
			[]string{"enforced_from"}, `must be "NOW" or an RFC 3339 date-time`},
		{"enforce with a date only", "PUT", partnerBase + "/integration/mtls", `{"enforced_from":"2026-12-01"}`, nil,
			[]string{"enforced_from"}, `must be "NOW" or an RFC 3339 date-time`},
		{"enforce without a zone", "PUT", partnerBase + "/integration/mtls", `{"enforced_from":"2026-12-01T10:00:00"}`, nil,
			[]string{"enforced_from"}, `must be "NOW" or an RFC 3339 date-time`},
		{"enforce on 31 February", "PUT", partnerBase + "/integration/mtls", `{"enforced_from":"2026-02-31T10:00:00Z"}`, nil,
			[]string{"enforced_from"}, `must be "NOW" or an RFC 3339 date-time`},
		{"enforce with null", "PUT", "/v2/account/integration/mtls", `{"enforced_from":null}`, nil,
			[]string{"enforced_from"}, ""},
		{"enforce without body", "PUT", "/v2/account/integration/mtls", "", nil,
			[]string{"body"}, "a JSON body is required"},
		{"JWT missing", "POST", "/v2/account/portal/user-access", `{}`, nil,
			[]string{"jwt"}, "is required"},
		{"JWT not compact", "POST", partnerBase + "/portal/deep-links", `{"jwt":"abc"}`, nil,
			[]string{"jwt"}, "must match the pattern"},
		{"webhook on port 80", "POST", "/v2/account/notification/webhooks", `{"url":"https://a.example:80/","event_types":["a.b"],"signing_key_id":"` + testUUID + `"}`, nil,
			[]string{"url"}, "must match the pattern"},
		{"webhook over plain http", "POST", "/v2/account/notification/webhooks", `{"url":"http://a.example/","event_types":["a.b"],"signing_key_id":"` + testUUID + `"}`, nil,
			[]string{"url"}, "must match the pattern"},
		{"webhook with user information", "POST", "/v2/account/notification/webhooks", `{"url":"https://user:pw@a.example/","event_types":["a.b"],"signing_key_id":"` + testUUID + `"}`, nil,
			[]string{"url"}, "must match the pattern"},
		{"webhook wildcard in the middle", "POST", "/v2/account/notification/webhooks", `{"url":"https://a.example/","event_types":["a.*.b"],"signing_key_id":"` + testUUID + `"}`, nil,
			[]string{"event_types[0]"}, "must match the pattern"},
		{"webhook without event types", "POST", "/v2/account/notification/webhooks", `{"url":"https://a.example/","event_types":[],"signing_key_id":"` + testUUID + `"}`, nil,
			[]string{"event_types"}, "at least 1 items"},
		{"webhook ID not a webhook KRN", "GET", "/v2/account/notification/webhooks/" + testUUID, "", nil,
			[]string{"webhook_id"}, "must match the pattern"},
		{"IP allow-list with an unknown mode", "PATCH", "/v2/account/integration/inbound-restriction/ip", `{"enforcement_mode":"ON"}`, nil,
			[]string{"enforcement_mode"}, "must be one of"},
		{"body not JSON", "POST", apiKeys, `{"description":`, nil,
			[]string{"body"}, "not valid JSON"},
		{"body not an object", "POST", apiKeys, `["x"]`, nil,
			[]string{"body"}, "must be an object"},
		{"body not declared JSON", "POST", apiKeys, `{}`, []string{"Content-Type", "text/plain"},
			[]string{"Content-Type"}, "application/json"},
		{"body without content type", "POST", clientIDs, `{"allowed_origins":["https://a.example"]}`, []string{"Content-Type", ""},
			[]string{"Content-Type"}, "application/json"},
		{"user access filter not a KRN", "GET", "/v2/account/portal/user-access?account_id=LYABCDEI", "", nil,
			[]string{"account_id"}, "must match the pattern"},
		{"user access filter not an email", "DELETE", "/v2/account/portal/user-access?principal=jane", "", nil,
			[]string{"principal"}, "must be an email address"},
	}
	v := validator(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := request(t, tt.method, tt.target, tt.body, tt.header...)
			err := v.ValidateRequest(r, []byte(tt.body))
			var re *RequestError
			if !errors.As(err, &re) {
				t.Fatalf("ValidateRequest = %v, want a *RequestError", err)
			}
			var got []string
			for _, viol := range re.Violations {
				got = append(got, viol.Parameter)
				if viol.Message == "" {
					t.Errorf("violation of %s has no message", viol.Parameter)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("parameters = %q, want %q (%v)", got, tt.want, err)
			}
			if tt.message != "" && !strings.Contains(re.Violations[0].Message, tt.message) {
				t.Errorf("message = %q, want it to contain %q", re.Violations[0].Message, tt.message)
			}
		})
	}
}

func TestValidateRequest_messagesLeaveValuesOut(t *testing.T) {
	t.Parallel()
	secret := "klarna_test_api_SECRETVALUE"
	r := request(t, "POST", "/v2/account/credentials/api-keys", `{"description":"`+secret+`/"}`, "Partner-Correlation-Id", secret+"!")
	err := validator(t).ValidateRequest(r, []byte(`{"description":"`+secret+`/"}`))
	if err == nil {
		t.Fatal("ValidateRequest accepted an invalid request")
	}
	if strings.Contains(err.Error(), "SECRETVALUE") {
		t.Errorf("the error quotes the value sent: %v", err)
	}
}

func TestValidateRequest_bodyNotRead(t *testing.T) {
	t.Parallel()
	body := `{"description":"kept"}`
	r := request(t, "POST", "/v2/account/credentials/api-keys", body)
	if err := validator(t).ValidateRequest(r, []byte(body)); err != nil {
		t.Fatalf("ValidateRequest: %v", err)
	}
	got, err := io.ReadAll(r.Body)
	if err != nil || string(got) != body {
		t.Errorf("r.Body after validation = %q, %v; want %q", got, err, body)
	}
}

func TestValidateRequest_noRoute(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		method        string
		target        string
		methodAllowed bool
	}{
		{"unknown path", "GET", "/v2/account/credentials/passwords", true},
		{"mock control plane", "GET", "/_mock/clock", true},
		{"other version", "GET", "/v1/account", true},
		{"trailing slash", "GET", "/v2/account/credentials/api-keys/", true},
		{"deep link on own account", "POST", "/v2/account/portal/deep-links", true},
		{"user access on partner account", "GET", partnerBase + "/portal/user-access", true},
		{"delete a partner account", "DELETE", partnerBase, false},
		{"method not in contract", "PUT", "/v2/account/credentials/api-keys", false},
		{"PATCH on certificate", "PATCH", "/v2/account/credentials/client-certificates/" + testUUID, false},
	}
	v := validator(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := request(t, tt.method, tt.target, "")
			err := v.ValidateRequest(r, nil)
			if !errors.Is(err, ErrNoRoute) {
				t.Errorf("ValidateRequest = %v, want ErrNoRoute", err)
			}
			if got := errors.Is(err, ErrMethodNotAllowed); got == tt.methodAllowed {
				t.Errorf("errors.Is(err, ErrMethodNotAllowed) = %v, want %v", got, !tt.methodAllowed)
			}
			if err := v.ValidateResponse(r, http.StatusOK, jsonHeader(), []byte(`{}`)); !errors.Is(err, ErrNoRoute) {
				t.Errorf("ValidateResponse = %v, want ErrNoRoute", err)
			}
		})
	}
}

func TestValidateRequest_escapedKRNRoutes(t *testing.T) {
	t.Parallel()
	v := validator(t)
	for _, target := range []string{
		"/v2/accounts/" + escapedKRN + "/credentials/client-ids/" + testUUID,
		"/v2/accounts/" + testKRN + "/credentials/client-ids/" + testUUID,
		"/v2/accounts/krn%3apartner%3aglobal%3aaccount%3alive%3aLYABCDEI/credentials/client-ids/" + testUUID,
	} {
		r := request(t, "GET", target, "")
		if err := v.ValidateRequest(r, nil); err != nil {
			t.Errorf("ValidateRequest(%s): %v", target, err)
		}
		body := clientIDJSON(nil)
		if err := v.ValidateResponse(r, http.StatusOK, jsonHeader(), []byte(body)); err != nil {
			t.Errorf("ValidateResponse(%s): %v", target, err)
		}
	}
}

func TestValidateResponse_valid(t *testing.T) {
	t.Parallel()
	createdKey := apiKeyJSON(map[string]string{"api_key": `"klarna_test_api_Zm9vYmFy_123"`})
	tests := []struct {
		name   string
		method string
		target string
		status int
		header http.Header
		body   string
	}{
		{"who am I", "GET", "/v2/account", 200, jsonHeader(),
			`{"account_id":"` + testKRN + `","environment":"TEST","mtls_enabled":false}`},
		{"API key created with secret", "POST", "/v2/account/credentials/api-keys", 201, jsonHeader(), createdKey},
		{"API key used and disabled", "PATCH", "/v2/account/credentials/api-keys/" + testUUID, 200, jsonHeader(),
			apiKeyJSON(map[string]string{"status": `"DISABLED"`, "last_used_at": `"2026-11-22T07:45:00.123456789+02:00"`, "disabled_reason": `"INACTIVITY"`})},
		{"API key list", "GET", "/v2/account/credentials/api-keys", 200, jsonHeader(),
			`{"api_keys":[` + apiKeyJSON(nil) + `]}`},
		{"empty API key list", "GET", partnerBase + "/credentials/api-keys", 200, jsonHeader(), `{"api_keys":[]}`},
		{"API key deleted", "DELETE", "/v2/account/credentials/api-keys/" + testUUID, 204, correlationHeader(), ""},
		{"client ID created", "POST", partnerBase + "/credentials/client-ids", 201, jsonHeader(), clientIDJSON(nil)},
		{"client ID list", "GET", "/v2/account/credentials/client-ids", 200, jsonHeader(), `{"client_ids":[` + clientIDJSON(nil) + `]}`},
		{"certificate created", "POST", "/v2/account/credentials/client-certificates", 201, jsonHeader(), certificateJSON(nil)},
		{"certificate list", "GET", partnerBase + "/credentials/client-certificates", 200, jsonHeader(),
			`{"client_certificates":[` + certificateJSON(map[string]string{"status": `"REVOKED"`}) + `]}`},
		{"mTLS certificate with a free-form CN", "GET", "/v2/account/credentials/client-certificates/" + testUUID, 200, jsonHeader(),
			certificateJSON(map[string]string{"subject_common_name": `"AB12CD34-mtls_1.a"`})},
		{"certificate revoked", "DELETE", partnerBase + "/credentials/client-certificates/" + testUUID, 204, correlationHeader(), ""},
		{"mTLS not enabled", "GET", "/v2/account/integration/mtls", 200, jsonHeader(), `{"status":"NOT_ENABLED","enforced_from":null}`},
		{"mTLS enforced", "PUT", partnerBase + "/integration/mtls", 200,
			withHeader(jsonHeader(), "Klarna-Mtls-Verification-Status", "VALID"), `{"status":"ENFORCED","enforced_from":"` + testDateTime + `"}`},
		{"mTLS verification repeated", "GET", partnerBase + "/integration/mtls", 200,
			withHeader(jsonHeader(), "Klarna-Mtls-Verification-Status", "VALID", "VALID"), `{"status":"REPORTING","enforced_from":null}`},
		{"mTLS removed", "DELETE", "/v2/account/integration/mtls", 204, correlationHeader(), ""},
		{"user access granted", "POST", "/v2/account/portal/user-access", 201, jsonHeader(), userAccessJSON(nil)},
		{"user access list", "GET", "/v2/account/portal/user-access?principal=jane@example.com", 200, jsonHeader(),
			`{"user_access":[` + userAccessJSON(map[string]string{"status": `"ACTIVE"`}) + `]}`},
		{"user access deleted", "DELETE", "/v2/account/portal/user-access?account_id=" + escapedKRN, 204, correlationHeader(), ""},
		{"deep link", "POST", partnerBase + "/portal/deep-links", 200, jsonHeader(),
			`{"url":"https://127.0.0.1:8443/_mock/portal/login?token=abc","expires_at":"` + testDateTime + `"}`},
		{"validation error", "POST", "/v2/account/credentials/client-ids", 400, withHeader(jsonHeader(), "Partner-Correlation-Id", "abc123"),
			errorJSON("INPUT_ERROR", "VALIDATION_ERROR", `,"errors":[{"parameter":"allowed_origins[2]","error_message":"must match"}]`)},
		{"validation error echoing a malformed correlation ID", "GET", "/v2/account", 400, withHeader(jsonHeader(), "Partner-Correlation-Id", "bad id!"),
			errorJSON("INPUT_ERROR", "VALIDATION_ERROR", `,"errors":[{"parameter":"Partner-Correlation-Id","error_message":"must match"}]`)},
		{"unauthorized", "GET", "/v2/account", 401, jsonHeader(), errorJSON("ACCESS_ERROR", "MTLS_REQUIRED", "")},
		{"forbidden", "GET", partnerBase + "/credentials/api-keys", 403, jsonHeader(), errorJSON("ACCESS_ERROR", "FORBIDDEN", "")},
		{"DDoS block, empty 403", "POST", partnerBase + "/credentials/api-keys", 403, http.Header{}, ""},
		{"not found", "GET", "/v2/account/credentials/client-ids/" + testUUID, 404, jsonHeader(), errorJSON("RESOURCE_ERROR", "NOT_FOUND", `,"doc_url":"https://docs.klarna.com/errors"`)},
		{"already deleted", "DELETE", "/v2/account/credentials/api-keys/" + testUUID, 404, jsonHeader(), errorJSON("RESOURCE_ERROR", "NOT_FOUND", "")},
		{"disabled by Klarna", "PATCH", "/v2/account/credentials/api-keys/" + testUUID, 409, jsonHeader(), errorJSON("RESOURCE_ERROR", "CREDENTIAL_DISABLED_BY_KLARNA", "")},
		{"certificate limit", "POST", partnerBase + "/credentials/client-certificates", 409, jsonHeader(), errorJSON("RESOURCE_ERROR", "CERTIFICATE_LIMIT_REACHED", "")},
		{"mTLS not enabled conflict", "PUT", "/v2/account/integration/mtls", 409, jsonHeader(), errorJSON("RESOURCE_ERROR", "MTLS_NOT_ENABLED", "")},
		{"too large", "POST", "/v2/account/portal/user-access", 413, jsonHeader(), errorJSON("INPUT_ERROR", "PAYLOAD_TOO_LARGE", "")},
		{"rate limited", "GET", "/v2/account", 429, withHeader(jsonHeader(), "Retry-After", "2"), errorJSON("TECHNICAL_ERROR", "RATE_LIMITED", "")},
		{"rate limited without Retry-After", "GET", "/v2/account", 429, jsonHeader(), errorJSON("TECHNICAL_ERROR", "RATE_LIMITED", "")},
		{"unauthorized key", "DELETE", partnerBase + "/integration/mtls", 401, jsonHeader(), errorJSON("ACCESS_ERROR", "UNAUTHORIZED", "")},
		{"key reused on a create", "POST", "/v2/account/credentials/client-ids", 409, jsonHeader(), errorJSON("RESOURCE_ERROR", "IDEMPOTENCY_KEY_REUSED", "")},
		{"key reused on a certificate", "POST", "/v2/account/credentials/client-certificates", 409, jsonHeader(), errorJSON("RESOURCE_ERROR", "IDEMPOTENCY_KEY_REUSED", "")},
		{"key reused on an update", "PATCH", partnerBase + "/credentials/client-ids/" + testUUID, 409, jsonHeader(), errorJSON("RESOURCE_ERROR", "IDEMPOTENCY_KEY_REUSED", "")},
		{"timeout", "POST", "/v2/account/credentials/api-keys", 500, jsonHeader(), errorJSON("TECHNICAL_ERROR", "TIMEOUT", "")},
		{"internal error", "GET", "/v2/account/integration/mtls", 500, jsonHeader(), errorJSON("TECHNICAL_ERROR", "INTERNAL_ERROR", "")},
		{"unavailable", "GET", "/v2/account", 503, jsonHeader(), errorJSON("TECHNICAL_ERROR", "SERVICE_UNAVAILABLE", "")},
	}
	v := validator(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := request(t, tt.method, tt.target, "")
			if err := v.ValidateResponse(r, tt.status, tt.header, []byte(tt.body)); err != nil {
				t.Errorf("ValidateResponse: %v", err)
			}
		})
	}
}

func TestValidateResponse_invalid(t *testing.T) {
	t.Parallel()
	getKey := "/v2/account/credentials/api-keys/" + testUUID
	tests := []struct {
		name    string
		method  string
		target  string
		status  int
		header  http.Header
		body    string
		message string // a part of the error message
	}{
		{"missing credential_id", "GET", getKey, 200, jsonHeader(), apiKeyJSON(map[string]string{"credential_id": ""}), "credential_id"},
		{"missing last_used_at", "GET", getKey, 200, jsonHeader(), apiKeyJSON(map[string]string{"last_used_at": ""}), "last_used_at"},
		{"credential_id not a UUID", "GET", getKey, 200, jsonHeader(), apiKeyJSON(map[string]string{"credential_id": `"key-1"`}), "uuid"},
		{"wrong status enum", "GET", getKey, 200, jsonHeader(), apiKeyJSON(map[string]string{"status": `"ACTIVE"`}), "status"},
		{"wrong disabled reason", "GET", getKey, 200, jsonHeader(), apiKeyJSON(map[string]string{"disabled_reason": `"EXPIRED"`}), "disabled_reason"},
		{"created_at not a date-time", "GET", getKey, 200, jsonHeader(), apiKeyJSON(map[string]string{"created_at": `"22/11/2026"`}), "created_at"},
		{"created_at without zone", "GET", getKey, 200, jsonHeader(), apiKeyJSON(map[string]string{"created_at": `"2026-11-22T07:45:00"`}), "created_at"},
		{"created key without secret", "POST", "/v2/account/credentials/api-keys", 201, jsonHeader(), apiKeyJSON(nil), "api_key"},
		{"created key with a malformed secret", "POST", "/v2/account/credentials/api-keys", 201, jsonHeader(),
			apiKeyJSON(map[string]string{"api_key": `"klarna_live_client_x"`}), "api_key"},
		{"undeclared status code", "GET", getKey, 418, jsonHeader(), errorJSON("TECHNICAL_ERROR", "TEAPOT", ""), "418"},
		{"404 on a list", "GET", "/v2/account/credentials/api-keys", 404, jsonHeader(), errorJSON("RESOURCE_ERROR", "NOT_FOUND", ""), "404"},
		{"201 for a deep link", "POST", partnerBase + "/portal/deep-links", 201, jsonHeader(), `{"url":"https://x","expires_at":"` + testDateTime + `"}`, "201"},
		{"409 on a GET", "GET", "/v2/account", 409, jsonHeader(), errorJSON("RESOURCE_ERROR", "IDEMPOTENCY_KEY_REUSED", ""), "409"},
		{"no correlation ID", "GET", getKey, 200, http.Header{"Content-Type": {"application/json"}}, apiKeyJSON(nil), "Klarna-Correlation-Id"},
		{"bad mTLS verification status", "GET", getKey, 200, withHeader(jsonHeader(), "Klarna-Mtls-Verification-Status", "OK"), apiKeyJSON(nil), "Klarna-Mtls-Verification-Status"},
		{"Retry-After of 0", "GET", getKey, 429, withHeader(jsonHeader(), "Retry-After", "0"), errorJSON("RESOURCE_ERROR", "RATE_LIMITED", ""), "Retry-After"},
		{"body on 204", "DELETE", getKey, 204, jsonHeader(), `{}`, "no body"},
		{"empty 404", "GET", getKey, 404, correlationHeader(), "", "needs a JSON body"},
		{"empty 401", "GET", getKey, 401, correlationHeader(), "", "needs a JSON body"},
		{"empty 200", "GET", getKey, 200, jsonHeader(), "", "needs a JSON body"},
		{"400 without errors", "PATCH", getKey, 400, jsonHeader(), errorJSON("INPUT_ERROR", "VALIDATION_ERROR", ""), "errors"},
		{"error with unknown type", "GET", getKey, 404, jsonHeader(), errorJSON("OTHER_ERROR", "NOT_FOUND", ""), "error_type"},
		{"403 body not JSON", "GET", getKey, 403, withHeader(correlationHeader(), "Content-Type", "text/html"), "<html>blocked</html>", "Content-Type"},
		{"list of wrong shape", "GET", "/v2/account/credentials/api-keys", 200, jsonHeader(), `{"keys":[]}`, "api_keys"},
		{"mTLS status unknown", "GET", "/v2/account/integration/mtls", 200, jsonHeader(), `{"status":"ON","enforced_from":null}`, "status"},
		{"mTLS enforced_from missing", "GET", "/v2/account/integration/mtls", 200, jsonHeader(), `{"status":"NOT_ENABLED"}`, "enforced_from"},
		{"certificate without fingerprint", "GET", "/v2/account/credentials/client-certificates/" + testUUID, 200, jsonHeader(),
			certificateJSON(map[string]string{"fingerprint_sha256": ""}), "fingerprint_sha256"},
		{"certificate CN with a space", "GET", "/v2/account/credentials/client-certificates/" + testUUID, 200, jsonHeader(),
			certificateJSON(map[string]string{"subject_common_name": `"AB12 CD34"`}), "subject_common_name"},
		{"certificate CN over 64 characters", "GET", "/v2/account/credentials/client-certificates/" + testUUID, 200, jsonHeader(),
			certificateJSON(map[string]string{"subject_common_name": quote(strings.Repeat("A", 65))}), "subject_common_name"},
		{"user access with unknown role", "POST", "/v2/account/portal/user-access", 201, jsonHeader(),
			userAccessJSON(map[string]string{"roles": `["merchant:owner"]`}), "roles"},
		{"user access with upper-case principal", "POST", "/v2/account/portal/user-access", 201, jsonHeader(),
			userAccessJSON(map[string]string{"principal": `"Jane@Example.com"`}), "principal"},
		{"deep link without expiry", "POST", partnerBase + "/portal/deep-links", 200, jsonHeader(), `{"url":"https://x"}`, "expires_at"},

		// Extra properties: a leaked secret or any field the contract does not name.
		{"API key with the secret on a read", "GET", getKey, 200, jsonHeader(),
			apiKeyJSON(map[string]string{"api_key": `"klarna_test_api_c2VjcmV0"`}), "api_key"},
		{"API key list leaking a secret", "GET", "/v2/account/credentials/api-keys", 200, jsonHeader(),
			`{"api_keys":[` + apiKeyJSON(map[string]string{"api_key": `"klarna_test_api_c2VjcmV0"`}) + `]}`, "api_key"},
		{"API key with an unknown field", "PATCH", getKey, 200, jsonHeader(), apiKeyJSON(map[string]string{"future_field": `{"a":1}`}), "future_field"},
		{"created key with an extra field", "POST", "/v2/account/credentials/api-keys", 201, jsonHeader(),
			apiKeyJSON(map[string]string{"api_key": `"klarna_test_api_Zm9v"`, "client_secret": `"x"`}), "client_secret"},
		{"list with an extra top-level field", "GET", "/v2/account/credentials/client-ids", 200, jsonHeader(),
			`{"client_ids":[],"next":null}`, "next"},
		{"client ID with an extra field", "GET", partnerBase + "/credentials/client-ids/" + testUUID, 200, jsonHeader(),
			clientIDJSON(map[string]string{"api_key": `"klarna_test_api_c2VjcmV0"`}), "api_key"},
		{"certificate with its private key", "GET", "/v2/account/credentials/client-certificates/" + testUUID, 200, jsonHeader(),
			certificateJSON(map[string]string{"private_key": `"-----BEGIN EC PRIVATE KEY-----"`}), "private_key"},
		{"mTLS with an extra field", "GET", "/v2/account/integration/mtls", 200, jsonHeader(),
			`{"status":"NOT_ENABLED","enforced_from":null,"delay":0}`, "delay"},
		{"who am I with an extra field", "GET", "/v2/account", 200, jsonHeader(),
			`{"account_id":"` + testKRN + `","environment":"TEST","mtls_enabled":false,"api_key":"klarna_test_api_eA"}`, "api_key"},
		{"user access with an extra field", "POST", "/v2/account/portal/user-access", 201, jsonHeader(),
			userAccessJSON(map[string]string{"jwt": `"a.b.c"`}), "jwt"},
		{"user access list item with an extra field", "GET", "/v2/account/portal/user-access", 200, jsonHeader(),
			`{"user_access":[` + userAccessJSON(map[string]string{"password": `"x"`}) + `]}`, "password"},
		{"deep link with an extra field", "POST", partnerBase + "/portal/deep-links", 200, jsonHeader(),
			`{"url":"https://x.example","expires_at":"` + testDateTime + `","token":"t"}`, "token"},
		{"error with an extra field", "GET", getKey, 404, jsonHeader(), errorJSON("RESOURCE_ERROR", "NOT_FOUND", `,"stack":"x"`), "stack"},
		{"validation error detail with an extra field", "PATCH", getKey, 400, jsonHeader(),
			errorJSON("INPUT_ERROR", "VALIDATION_ERROR", `,"errors":[{"parameter":"status","error_message":"m","value":"x"}]`), "value"},

		// error_code and error_type as each response names them.
		{"404 with another code", "GET", getKey, 404, jsonHeader(), errorJSON("RESOURCE_ERROR", "TIMEOUT", ""), "error_code"},
		{"404 of another type", "GET", getKey, 404, jsonHeader(), errorJSON("ACCESS_ERROR", "NOT_FOUND", ""), "error_type"},
		{"404 of a delete with another code", "DELETE", getKey, 404, jsonHeader(), errorJSON("RESOURCE_ERROR", "GONE", ""), "error_code"},
		{"401 with FORBIDDEN", "GET", "/v2/account", 401, jsonHeader(), errorJSON("ACCESS_ERROR", "FORBIDDEN", ""), "error_code"},
		{"401 misspelt", "GET", "/v2/account", 401, jsonHeader(), errorJSON("ACCESS_ERROR", "MTLS_REQUIRE", ""), "error_code"},
		{"403 with UNAUTHORIZED", "GET", partnerBase + "/credentials/api-keys", 403, jsonHeader(), errorJSON("ACCESS_ERROR", "UNAUTHORIZED", ""), "error_code"},
		{"400 with another code", "PATCH", getKey, 400, jsonHeader(),
			errorJSON("INPUT_ERROR", "BAD_REQUEST", `,"errors":[{"parameter":"status","error_message":"m"}]`), "error_code"},
		{"409 of a create with a certificate code", "POST", "/v2/account/credentials/api-keys", 409, jsonHeader(),
			errorJSON("RESOURCE_ERROR", "CERTIFICATE_LIMIT_REACHED", ""), "error_code"},
		{"409 of a certificate with a credential code", "POST", partnerBase + "/credentials/client-certificates", 409, jsonHeader(),
			errorJSON("RESOURCE_ERROR", "CREDENTIAL_DISABLED_BY_KLARNA", ""), "error_code"},
		{"409 of an update with the certificate limit", "PATCH", getKey, 409, jsonHeader(),
			errorJSON("RESOURCE_ERROR", "CERTIFICATE_LIMIT_REACHED", ""), "error_code"},
		{"409 of a PUT with an idempotency code", "PUT", "/v2/account/integration/mtls", 409, jsonHeader(),
			errorJSON("RESOURCE_ERROR", "IDEMPOTENCY_KEY_REUSED", ""), "error_code"},
		{"413 with another code", "POST", "/v2/account/portal/user-access", 413, jsonHeader(), errorJSON("INPUT_ERROR", "TOO_LARGE", ""), "error_code"},
		{"429 with TIMEOUT", "GET", "/v2/account", 429, jsonHeader(), errorJSON("TECHNICAL_ERROR", "TIMEOUT", ""), "error_code"},
		{"500 with RATE_LIMITED", "POST", "/v2/account/credentials/api-keys", 500, jsonHeader(), errorJSON("TECHNICAL_ERROR", "RATE_LIMITED", ""), "error_code"},
		{"500 misspelt TIMEOUT", "POST", "/v2/account/credentials/api-keys", 500, jsonHeader(), errorJSON("TECHNICAL_ERROR", "TIME_OUT", ""), "error_code"},
		{"500 of another type", "GET", "/v2/account", 500, jsonHeader(), errorJSON("RESOURCE_ERROR", "TIMEOUT", ""), "error_type"},
		{"503 with another code", "GET", "/v2/account", 503, jsonHeader(), errorJSON("TECHNICAL_ERROR", "UNAVAILABLE", ""), "error_code"},

		// format: uri.
		{"deep link url not a URI", "POST", partnerBase + "/portal/deep-links", 200, jsonHeader(),
			`{"url":"https://x.example/login?token=a b","expires_at":"` + testDateTime + `"}`, "url"},
		{"deep link url without a host", "POST", partnerBase + "/portal/deep-links", 200, jsonHeader(),
			`{"url":"https:///_mock/portal/login","expires_at":"` + testDateTime + `"}`, "url"},
		{"deep link url relative", "POST", partnerBase + "/portal/deep-links", 200, jsonHeader(),
			`{"url":"/_mock/portal/login?token=abc","expires_at":"` + testDateTime + `"}`, "url"},
		{"deep link url not https", "POST", partnerBase + "/portal/deep-links", 200, jsonHeader(),
			`{"url":"http://127.0.0.1/_mock/portal/login?token=abc","expires_at":"` + testDateTime + `"}`, "url"},
		{"doc_url not a URI", "GET", getKey, 404, jsonHeader(), errorJSON("RESOURCE_ERROR", "NOT_FOUND", `,"doc_url":"see the docs"`), "doc_url"},
	}
	v := validator(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := request(t, tt.method, tt.target, "")
			err := v.ValidateResponse(r, tt.status, tt.header, []byte(tt.body))
			var re *ResponseError
			if !errors.As(err, &re) {
				t.Fatalf("ValidateResponse = %v, want a *ResponseError", err)
			}
			if !strings.Contains(err.Error(), tt.message) {
				t.Errorf("error %q does not mention %q", err, tt.message)
			}
		})
	}
}

func TestValidator_concurrentUse(t *testing.T) {
	t.Parallel()
	v := validator(t)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			for j := range 20 {
				body := fmt.Sprintf(`{"description":"key %d %d"}`, i, j)
				r := request(t, "POST", partnerBase+"/credentials/api-keys", body)
				if err := v.ValidateRequest(r, []byte(body)); err != nil {
					t.Errorf("ValidateRequest: %v", err)
				}
				bad := `{"allowed_origins":[]}`
				r = request(t, "POST", "/v2/account/credentials/client-ids", bad)
				if err := v.ValidateRequest(r, []byte(bad)); err == nil {
					t.Error("ValidateRequest accepted 0 origins")
				}
				r = request(t, "GET", "/v2/account/credentials/api-keys/"+testUUID, "")
				if err := v.ValidateResponse(r, http.StatusOK, jsonHeader(), []byte(apiKeyJSON(nil))); err != nil {
					t.Errorf("ValidateResponse: %v", err)
				}
			}
		})
	}
	wg.Wait()
}

// origins returns n distinct quoted origins, comma-separated.
func origins(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf(`"https://shop%d.example.com"`, i)
	}
	return strings.Join(parts, ",")
}

func quote(s string) string {
	return fmt.Sprintf("%q", s)
}

func jsonHeader() http.Header {
	return http.Header{
		"Content-Type":          {"application/json"},
		"Klarna-Correlation-Id": {"9b2f6c1e-corr"},
	}
}

func correlationHeader() http.Header {
	return http.Header{"Klarna-Correlation-Id": {"9b2f6c1e-corr"}}
}

func withHeader(h http.Header, name string, values ...string) http.Header {
	h[http.CanonicalHeaderKey(name)] = values
	return h
}

// object renders a JSON object from base, with fields replaced by over (raw JSON values);
// an empty value leaves the field out.
func object(base [][2]string, over map[string]string) string {
	var parts []string
	seen := map[string]bool{}
	for _, kv := range base {
		k, val := kv[0], kv[1]
		seen[k] = true
		if o, ok := over[k]; ok {
			val = o
		}
		if val == "" {
			continue
		}
		parts = append(parts, fmt.Sprintf("%q:%s", k, val))
	}
	for k, val := range over {
		if !seen[k] && val != "" {
			parts = append(parts, fmt.Sprintf("%q:%s", k, val))
		}
	}
	return "{" + strings.Join(parts, ",") + "}"
}

func apiKeyJSON(over map[string]string) string {
	return object([][2]string{
		{"credential_id", `"` + testUUID + `"`},
		{"description", `"ci key"`},
		{"environment", `"TEST"`},
		{"status", `"ENABLED"`},
		{"created_at", `"` + testDateTime + `"`},
		{"last_used_at", "null"},
		{"disabled_reason", "null"},
	}, over)
}

func clientIDJSON(over map[string]string) string {
	return object([][2]string{
		{"credential_id", `"` + testUUID + `"`},
		{"client_id", `"klarna_test_client_c2hvcA"`},
		{"description", `""`},
		{"allowed_origins", `["https://shop.example.com"]`},
		{"environment", `"TEST"`},
		{"status", `"ENABLED"`},
		{"created_at", `"` + testDateTime + `"`},
		{"last_used_at", "null"},
		{"disabled_reason", "null"},
	}, over)
}

func certificateJSON(over map[string]string) string {
	return object([][2]string{
		{"certificate_id", `"` + testUUID + `"`},
		{"usage", `"API"`},
		{"description", `"mTLS"`},
		{"status", `"ACTIVE"`},
		{"certificate", quote(testCert)},
		{"serial_number", `"0a1b2c3d"`},
		{"fingerprint_sha256", `"` + strings.Repeat("ab", 32) + `"`},
		{"subject_common_name", `"AB12CD34"`},
		{"not_before", `"` + testDateTime + `"`},
		{"not_after", `"2029-11-22T07:45:00Z"`},
		{"created_at", `"` + testDateTime + `"`},
	}, over)
}

func userAccessJSON(over map[string]string) string {
	return object([][2]string{
		{"principal", `"jane.doe@example.com"`},
		{"account_id", `"` + testKRN + `"`},
		{"on_behalf_of", `"krn:partner:global:account:test:LYABCDEI"`},
		{"roles", `["merchant:admin","merchant:agent"]`},
		{"status", `"INVITED"`},
		{"created_at", `"` + testDateTime + `"`},
		{"updated_at", `"` + testDateTime + `"`},
	}, over)
}

func errorJSON(errType, code, extra string) string {
	return `{"error_id":"e-1","error_type":"` + errType + `","error_code":"` + code + `","error_message":"something"` + extra + `}`
}

// Every operation of the partner-account tag, and every property of the schemas its requests
// and successful responses hold, says whether Klarna documents it ([doc]) or the contract
// models it ([model]), so that the modelled parts can be checked against the live API.
func TestDocument_partnerAccountsMarkDocumentedOrModelled(t *testing.T) {
	t.Parallel()
	doc, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	marked := func(text string) bool {
		return strings.Contains(text, "[doc]") || strings.Contains(text, "[model]")
	}
	seen := map[*openapi3.Schema]bool{}
	var walk func(where string, s *openapi3.Schema)
	walk = func(where string, s *openapi3.Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		for name, p := range s.Properties {
			if !marked(p.Value.Description) {
				t.Errorf("%s.%s: the description says neither [doc] nor [model]", where, name)
			}
			walk(where+"."+name, p.Value)
		}
		if s.Items != nil {
			walk(where+"[]", s.Items.Value)
		}
	}
	operations := 0
	for _, path := range doc.Paths.InMatchingOrder() {
		for method, op := range doc.Paths.Value(path).Operations() {
			if !slices.Contains(op.Tags, "Partner accounts") {
				continue
			}
			operations++
			if !marked(op.Description) {
				t.Errorf("%s %s: the description says neither [doc] nor [model]", method, path)
			}
			for _, p := range op.Parameters {
				if p.Value.In == openapi3.ParameterInQuery && !marked(p.Value.Description) {
					t.Errorf("%s %s: query parameter %s says neither [doc] nor [model]", method, path, p.Value.Name)
				}
			}
			if op.RequestBody != nil {
				for _, media := range op.RequestBody.Value.Content {
					walk(method+" "+path+" request", media.Schema.Value)
				}
			}
			for status, ref := range op.Responses.Map() {
				if !strings.HasPrefix(status, "2") {
					continue
				}
				for _, media := range ref.Value.Content {
					walk(method+" "+path+" "+status, media.Schema.Value)
				}
			}
		}
	}
	if operations != 7 {
		t.Errorf("%d operations are tagged Partner accounts, want 7", operations)
	}
}
