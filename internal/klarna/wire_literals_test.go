package klarna_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
)

// These tests hold the client to the contract's literal wire values: header names, error
// codes, enum values, JSON field names and route paths are typed out here, in the bytes a
// server sends or the bytes the client must send, and never taken from the client's own
// constants. A typo in a constant the client and the mock might share fails here.

const (
	pinnedKey     = "klarna_test_api_cGlubmVk"
	pinnedAccount = "krn:partner:global:account:test:AB12CD34"
	pinnedEscaped = "krn%3Apartner%3Aglobal%3Aaccount%3Atest%3AAB12CD34"
	pinnedID      = "3f1c2a9e-7b4d-4c61-9a0e-5d2b8f6e1a47"

	pinnedWebhook        = "krn:partner:global:notification:webhook:" + pinnedID
	pinnedWebhookEscaped = "krn%3Apartner%3Aglobal%3Anotification%3Awebhook%3A" + pinnedID
)

// rawReply is a response written byte for byte: header names as given, not canonicalised.
type rawReply struct {
	status int
	header [][2]string
	body   string
}

// rawRequest is what the client sent.
type rawRequest struct {
	requestURI string // method and target as sent, e.g. "POST /v2/account/credentials/api-keys"
	header     http.Header
	body       []byte
}

// wireServer records each request and answers the replies in turn, the last one repeated.
type wireServer struct {
	mu      sync.Mutex
	replies []rawReply
	got     []rawRequest
}

func startWireServer(t *testing.T, replies ...rawReply) (*wireServer, *klarna.Client) {
	t.Helper()
	ws := &wireServer{replies: replies}
	srv := httptest.NewTLSServer(http.HandlerFunc(ws.serve))
	t.Cleanup(srv.Close)
	c, err := klarna.New(klarna.Config{
		BaseURL:        srv.URL,
		APIKey:         pinnedKey,
		Transport:      srv.Client().Transport,
		MaxRetries:     3,
		RetryBaseDelay: time.Millisecond,
		RetryMaxDelay:  2 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	return ws, c
}

func (ws *wireServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	ws.mu.Lock()
	ws.got = append(ws.got, rawRequest{requestURI: r.Method + " " + r.RequestURI, header: r.Header.Clone(), body: body})
	rep := ws.replies[min(len(ws.got), len(ws.replies))-1]
	ws.mu.Unlock()
	for _, h := range rep.header {
		w.Header()[h[0]] = append(w.Header()[h[0]], h[1])
	}
	if rep.body != "" {
		w.Header()["Content-Type"] = []string{"application/json"}
	}
	w.WriteHeader(rep.status)
	_, _ = io.WriteString(w, rep.body)
}

func (ws *wireServer) requests() []rawRequest {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	return slices.Clone(ws.got)
}

func errorBody(errType, code string) string {
	return `{"error_id":"e-1","error_type":"` + errType + `","error_code":"` + code + `","error_message":"m"}`
}

var (
	uuidRE          = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	correlationIDRE = regexp.MustCompile(`^[A-Za-z0-9]{1,255}$`)
)

// sameJSON reports whether two JSON texts hold the same value.
func sameJSON(t *testing.T, got []byte, want string) bool {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Errorf("the body %q is not JSON: %v", got, err)
		return false
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("the expected body %q is not JSON: %v", want, err)
	}
	return reflect.DeepEqual(g, w)
}

// Every route the client calls: method, path and query as sent, the headers of the
// contract, and the request body's field names and enum values.
func TestWireLiterals_requests(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	disabled, desc := klarna.CredentialStatus(apirules.StatusDisabled), "d"
	filter := klarna.UserAccessFilter{AccountID: pinnedAccount, OnBehalfOf: pinnedAccount, Principal: "jane@example.com"}
	own, partner := "/v2/account", "/v2/accounts/"+pinnedEscaped
	const query = "?account_id=" + pinnedEscaped + "&on_behalf_of=" + pinnedEscaped + "&principal=jane%40example.com"
	tests := []struct {
		name string
		call func(c *klarna.Client) error
		want string // method and request target
		body string // JSON; "" for no body
	}{
		{"who am I", func(c *klarna.Client) error { _, err := c.WhoAmI(ctx); return err }, "GET " + own, ""},

		{"create API key", func(c *klarna.Client) error {
			_, err := c.CreateAPIKey(ctx, "", klarna.CreateAPIKeyRequest{Description: "ci"})
			return err
		}, "POST " + own + "/credentials/api-keys", `{"description":"ci"}`},
		{"create partner API key", func(c *klarna.Client) error {
			_, err := c.CreateAPIKey(ctx, pinnedAccount, klarna.CreateAPIKeyRequest{})
			return err
		}, "POST " + partner + "/credentials/api-keys", `{}`},
		{"list API keys", func(c *klarna.Client) error { _, err := c.ListAPIKeys(ctx, ""); return err }, "GET " + own + "/credentials/api-keys", ""},
		{"list partner API keys", func(c *klarna.Client) error { _, err := c.ListAPIKeys(ctx, pinnedAccount); return err },
			"GET " + partner + "/credentials/api-keys", ""},
		{"get API key", func(c *klarna.Client) error { _, err := c.GetAPIKey(ctx, "", pinnedID); return err },
			"GET " + own + "/credentials/api-keys/" + pinnedID, ""},
		{"get partner API key", func(c *klarna.Client) error { _, err := c.GetAPIKey(ctx, pinnedAccount, pinnedID); return err },
			"GET " + partner + "/credentials/api-keys/" + pinnedID, ""},
		{"update API key", func(c *klarna.Client) error {
			_, err := c.UpdateAPIKey(ctx, "", pinnedID, klarna.UpdateAPIKeyRequest{Description: &desc, Status: &disabled})
			return err
		}, "PATCH " + own + "/credentials/api-keys/" + pinnedID, `{"description":"d","status":"DISABLED"}`},
		{"update partner API key", func(c *klarna.Client) error {
			_, err := c.UpdateAPIKey(ctx, pinnedAccount, pinnedID, klarna.UpdateAPIKeyRequest{Status: &disabled})
			return err
		}, "PATCH " + partner + "/credentials/api-keys/" + pinnedID, `{"status":"DISABLED"}`},
		{"delete API key", func(c *klarna.Client) error { return c.DeleteAPIKey(ctx, "", pinnedID) },
			"DELETE " + own + "/credentials/api-keys/" + pinnedID, ""},
		{"delete partner API key", func(c *klarna.Client) error { return c.DeleteAPIKey(ctx, pinnedAccount, pinnedID) },
			"DELETE " + partner + "/credentials/api-keys/" + pinnedID, ""},

		{"create client ID", func(c *klarna.Client) error {
			_, err := c.CreateClientID(ctx, "", klarna.CreateClientIDRequest{Description: "web", AllowedOrigins: []string{"https://shop.example.com"}})
			return err
		}, "POST " + own + "/credentials/client-ids", `{"description":"web","allowed_origins":["https://shop.example.com"]}`},
		{"create partner client ID", func(c *klarna.Client) error {
			_, err := c.CreateClientID(ctx, pinnedAccount, klarna.CreateClientIDRequest{AllowedOrigins: []string{"http://localhost"}})
			return err
		}, "POST " + partner + "/credentials/client-ids", `{"allowed_origins":["http://localhost"]}`},
		{"list client IDs", func(c *klarna.Client) error { _, err := c.ListClientIDs(ctx, ""); return err }, "GET " + own + "/credentials/client-ids", ""},
		{"list partner client IDs", func(c *klarna.Client) error { _, err := c.ListClientIDs(ctx, pinnedAccount); return err },
			"GET " + partner + "/credentials/client-ids", ""},
		{"get client ID", func(c *klarna.Client) error { _, err := c.GetClientID(ctx, "", pinnedID); return err },
			"GET " + own + "/credentials/client-ids/" + pinnedID, ""},
		{"get partner client ID", func(c *klarna.Client) error { _, err := c.GetClientID(ctx, pinnedAccount, pinnedID); return err },
			"GET " + partner + "/credentials/client-ids/" + pinnedID, ""},
		{"update client ID", func(c *klarna.Client) error {
			_, err := c.UpdateClientID(ctx, "", pinnedID, klarna.UpdateClientIDRequest{AllowedOrigins: []string{"https://a.example"}, Status: &disabled})
			return err
		}, "PATCH " + own + "/credentials/client-ids/" + pinnedID, `{"allowed_origins":["https://a.example"],"status":"DISABLED"}`},
		{"update partner client ID", func(c *klarna.Client) error {
			_, err := c.UpdateClientID(ctx, pinnedAccount, pinnedID, klarna.UpdateClientIDRequest{Description: &desc})
			return err
		}, "PATCH " + partner + "/credentials/client-ids/" + pinnedID, `{"description":"d"}`},
		{"delete client ID", func(c *klarna.Client) error { return c.DeleteClientID(ctx, "", pinnedID) },
			"DELETE " + own + "/credentials/client-ids/" + pinnedID, ""},
		{"delete partner client ID", func(c *klarna.Client) error { return c.DeleteClientID(ctx, pinnedAccount, pinnedID) },
			"DELETE " + partner + "/credentials/client-ids/" + pinnedID, ""},

		{"create certificate", func(c *klarna.Client) error {
			_, err := c.CreateClientCertificate(ctx, "", klarna.CreateClientCertificateRequest{CSR: "PEM", Usage: apirules.UsageAPI, Description: "m"})
			return err
		}, "POST " + own + "/credentials/client-certificates", `{"csr":"PEM","usage":"API","description":"m"}`},
		{"create partner certificate", func(c *klarna.Client) error {
			_, err := c.CreateClientCertificate(ctx, pinnedAccount, klarna.CreateClientCertificateRequest{CSR: "PEM", Usage: apirules.UsageJWTSigning})
			return err
		}, "POST " + partner + "/credentials/client-certificates", `{"csr":"PEM","usage":"JWT_SIGNING"}`},
		{"list certificates", func(c *klarna.Client) error { _, err := c.ListClientCertificates(ctx, ""); return err },
			"GET " + own + "/credentials/client-certificates", ""},
		{"list partner certificates", func(c *klarna.Client) error { _, err := c.ListClientCertificates(ctx, pinnedAccount); return err },
			"GET " + partner + "/credentials/client-certificates", ""},
		{"get certificate", func(c *klarna.Client) error { _, err := c.GetClientCertificate(ctx, "", pinnedID); return err },
			"GET " + own + "/credentials/client-certificates/" + pinnedID, ""},
		{"get partner certificate", func(c *klarna.Client) error {
			_, err := c.GetClientCertificate(ctx, pinnedAccount, pinnedID)
			return err
		},
			"GET " + partner + "/credentials/client-certificates/" + pinnedID, ""},
		{"revoke certificate", func(c *klarna.Client) error { return c.RevokeClientCertificate(ctx, "", pinnedID) },
			"DELETE " + own + "/credentials/client-certificates/" + pinnedID, ""},
		{"revoke partner certificate", func(c *klarna.Client) error { return c.RevokeClientCertificate(ctx, pinnedAccount, pinnedID) },
			"DELETE " + partner + "/credentials/client-certificates/" + pinnedID, ""},

		{"read mTLS", func(c *klarna.Client) error { _, err := c.GetMTLSEnforcement(ctx, ""); return err }, "GET " + own + "/integration/mtls", ""},
		{"read partner mTLS", func(c *klarna.Client) error { _, err := c.GetMTLSEnforcement(ctx, pinnedAccount); return err },
			"GET " + partner + "/integration/mtls", ""},
		{"enforce mTLS now", func(c *klarna.Client) error { _, err := c.EnforceMTLS(ctx, "", apirules.EnforceNow); return err },
			"PUT " + own + "/integration/mtls", `{"enforced_from":"NOW"}`},
		{"enforce partner mTLS later", func(c *klarna.Client) error {
			_, err := c.EnforceMTLS(ctx, pinnedAccount, "2026-12-24T06:00:00Z")
			return err
		}, "PUT " + partner + "/integration/mtls", `{"enforced_from":"2026-12-24T06:00:00Z"}`},
		{"remove mTLS", func(c *klarna.Client) error { return c.RemoveMTLSEnforcement(ctx, "") }, "DELETE " + own + "/integration/mtls", ""},
		{"remove partner mTLS", func(c *klarna.Client) error { return c.RemoveMTLSEnforcement(ctx, pinnedAccount) },
			"DELETE " + partner + "/integration/mtls", ""},

		{"grant user access", func(c *klarna.Client) error { _, err := c.GrantUserAccess(ctx, "h.p.s"); return err },
			"POST " + own + "/portal/user-access", `{"jwt":"h.p.s"}`},
		{"list user access", func(c *klarna.Client) error { _, err := c.ListUserAccess(ctx, filter); return err },
			"GET " + own + "/portal/user-access" + query, ""},
		{"list user access of one principal", func(c *klarna.Client) error {
			_, err := c.ListUserAccess(ctx, klarna.UserAccessFilter{Principal: "jane@example.com"})
			return err
		}, "GET " + own + "/portal/user-access?principal=jane%40example.com", ""},
		{"revoke user access", func(c *klarna.Client) error { return c.RevokeUserAccess(ctx, filter) },
			"DELETE " + own + "/portal/user-access" + query, ""},

		{"create deep link", func(c *klarna.Client) error { _, err := c.CreateDeepLink(ctx, pinnedAccount, "h.p.s"); return err },
			"POST " + partner + "/portal/deep-links", `{"jwt":"h.p.s"}`},

		{"create signing key", func(c *klarna.Client) error { _, err := c.CreateSigningKey(ctx, ""); return err },
			"POST " + own + "/notification/signing-keys", ""},
		{"create partner signing key", func(c *klarna.Client) error { _, err := c.CreateSigningKey(ctx, pinnedAccount); return err },
			"POST " + partner + "/notification/signing-keys", ""},
		{"list signing keys", func(c *klarna.Client) error { _, err := c.ListSigningKeys(ctx, pinnedAccount); return err },
			"GET " + partner + "/notification/signing-keys", ""},
		{"get signing key", func(c *klarna.Client) error { _, err := c.GetSigningKey(ctx, "", pinnedID); return err },
			"GET " + own + "/notification/signing-keys/" + pinnedID, ""},
		{"delete partner signing key", func(c *klarna.Client) error { return c.DeleteSigningKey(ctx, pinnedAccount, pinnedID) },
			"DELETE " + partner + "/notification/signing-keys/" + pinnedID, ""},
		{"create webhook", func(c *klarna.Client) error {
			_, err := c.CreateWebhook(ctx, "", klarna.CreateWebhookRequest{URL: "https://h.example", EventTypes: []string{"a.*"},
				EventVersion: klarna.EventVersionV1, SigningKeyID: pinnedID, Status: klarna.WebhookDisabled})
			return err
		}, "POST " + own + "/notification/webhooks",
			`{"url":"https://h.example","event_types":["a.*"],"event_version":"v1","signing_key_id":"` + pinnedID + `","status":"DISABLED"}`},
		{"list partner webhooks", func(c *klarna.Client) error { _, err := c.ListWebhooks(ctx, pinnedAccount); return err },
			"GET " + partner + "/notification/webhooks", ""},
		{"get webhook", func(c *klarna.Client) error { _, err := c.GetWebhook(ctx, "", pinnedWebhook); return err },
			"GET " + own + "/notification/webhooks/" + pinnedWebhookEscaped, ""},
		{"update partner webhook", func(c *klarna.Client) error {
			enabled := klarna.WebhookEnabled
			_, err := c.UpdateWebhook(ctx, pinnedAccount, pinnedWebhook, klarna.UpdateWebhookRequest{EventTypes: []string{"b.c"}, SigningKeyID: &desc, Status: &enabled})
			return err
		}, "PATCH " + partner + "/notification/webhooks/" + pinnedWebhookEscaped, `{"event_types":["b.c"],"signing_key_id":"d","status":"ENABLED"}`},
		{"delete webhook", func(c *klarna.Client) error { return c.DeleteWebhook(ctx, "", pinnedWebhook) },
			"DELETE " + own + "/notification/webhooks/" + pinnedWebhookEscaped, ""},
		{"read IP allow-list", func(c *klarna.Client) error { _, err := c.GetIPRestriction(ctx, ""); return err },
			"GET " + own + "/integration/inbound-restriction/ip", ""},
		{"change partner IP allow-list", func(c *klarna.Client) error {
			mode := klarna.IPModeReporting
			_, err := c.UpdateIPRestriction(ctx, pinnedAccount, klarna.UpdateIPRestrictionRequest{EnforcementMode: &mode, CIDRBlocks: []string{"127.0.0.1/32"}})
			return err
		}, "PATCH " + partner + "/integration/inbound-restriction/ip", `{"enforcement_mode":"REPORTING","cidr_blocks":["127.0.0.1/32"]}`},
		{"onboard", func(c *klarna.Client) error {
			url := "https://shop.example.com"
			_, err := c.Onboard(ctx, klarna.OnboardRequest{
				Reference: "shop-1", Name: "Shop", Contact: klarna.PartnerAccountContact{Email: "o@example.com"},
				Entities: []klarna.PartnerBusinessEntity{{BusinessEntityReference: "be", LegalName: "Shop AB", Country: "SE"}},
				Products: []klarna.OnboardProduct{{Type: klarna.ProductTypePayment, PaymentProfileID: "pp-1"}},
				Brands:   []klarna.Brand{{BrandReference: "b", Name: "Shop"}},
				Stores: []klarna.Store{{StoreReference: "w", Type: klarna.StoreTypeWebsite, Name: "Web", URL: &url},
					{StoreReference: "p", Type: klarna.StoreTypePhysicalStore, Name: "High street"}},
			})
			return err
		}, "POST /v2/distribution/onboard", `{"partner_account_reference":"shop-1","partner_account_name":"Shop",` +
			`"partner_account_contact":{"email":"o@example.com"},` +
			`"partner_business_entities":[{"business_entity_reference":"be","legal_name":"Shop AB","country":"SE"}],` +
			`"products":[{"type":"PAYMENT","payment_profile_id":"pp-1"}],"brands":[{"brand_reference":"b","name":"Shop"}],` +
			`"stores":[{"store_reference":"w","type":"WEBSITE","name":"Web","url":"https://shop.example.com"},` +
			`{"store_reference":"p","type":"PHYSICAL_STORE","name":"High street"}]}`},
		{"get partner account", func(c *klarna.Client) error { _, err := c.GetPartnerAccount(ctx, pinnedAccount); return err },
			"GET " + partner, ""},
		{"update account", func(c *klarna.Client) error {
			name := "New"
			_, err := c.UpdateAccount(ctx, pinnedAccount, klarna.UpdateAccountRequest{Name: &name,
				Contact: &klarna.PartnerAccountContact{Email: "n@example.com"},
				Stores:  []klarna.Store{{StoreReference: "a", Type: klarna.StoreTypeMobileApp, Name: "App"}}})
			return err
		}, "PATCH " + partner, `{"partner_account_name":"New","partner_account_contact":{"email":"n@example.com"},` +
			`"stores":[{"store_reference":"a","type":"MOBILE_APP","name":"App"}]}`},
		{"resolve partner account ID", func(c *klarna.Client) error { _, err := c.ResolvePartnerAccountID(ctx, "shop 1"); return err },
			"GET /v2/distribution/resolve/partner-account-id?partner_account_reference=shop+1", ""},
		{"disable payment product", func(c *klarna.Client) error {
			_, err := c.UpdatePaymentProduct(ctx, pinnedAccount, klarna.PaymentProductDisabled)
			return err
		}, "PATCH " + partner + "/products/payment", `{"status":"DISABLED"}`},
		{"enable payment product", func(c *klarna.Client) error {
			_, err := c.UpdatePaymentProduct(ctx, pinnedAccount, klarna.PaymentProductEnabled)
			return err
		}, "PATCH " + partner + "/products/payment", `{"status":"ENABLED"}`},
		{"list payment profiles", func(c *klarna.Client) error { _, err := c.ListPaymentProfiles(ctx); return err },
			"GET /v2/distribution/payment-profiles", ""},
		{"read settlement configuration", func(c *klarna.Client) error { _, err := c.GetSettlementConfiguration(ctx); return err },
			"GET /v2/distribution/settlement-configuration", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ws, c := startWireServer(t, rawReply{status: 200, body: `{}`})
			if err := tt.call(c); err != nil {
				t.Fatalf("call: %v", err)
			}
			got := ws.requests()
			if len(got) != 1 {
				t.Fatalf("%d requests sent, want 1", len(got))
			}
			req := got[0]
			if req.requestURI != tt.want {
				t.Errorf("request %q, want %q", req.requestURI, tt.want)
			}
			if v := req.header["Authorization"]; !slices.Equal(v, []string{"Basic " + pinnedKey}) {
				t.Errorf("Authorization = %q, want Basic and the key", v)
			}
			if v := req.header["Partner-Correlation-Id"]; len(v) != 1 || !correlationIDRE.MatchString(v[0]) {
				t.Errorf("Partner-Correlation-Id = %q, want one value of 1 to 255 letters and digits", v)
			}
			method, _, _ := strings.Cut(tt.want, " ")
			key := req.header["Klarna-Idempotency-Key"]
			if method == http.MethodPost || method == http.MethodPatch {
				if len(key) != 1 || !uuidRE.MatchString(key[0]) {
					t.Errorf("Klarna-Idempotency-Key = %q, want one UUID on %s", key, method)
				}
			} else if len(key) != 0 {
				t.Errorf("Klarna-Idempotency-Key %q sent on %s; only POST and PATCH take one", key, method)
			}
			if tt.body == "" {
				if len(req.body) != 0 {
					t.Errorf("body %q sent, want none", req.body)
				}
				return
			}
			if ct := req.header["Content-Type"]; !slices.Equal(ct, []string{"application/json"}) {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			if !sameJSON(t, req.body, tt.body) {
				t.Errorf("body %s, want %s", req.body, tt.body)
			}
		})
	}
}

// The client retries a 500 only when its error_code is TIMEOUT, a 429 after the server's
// Retry-After, and 502, 503 and 504; with the same idempotency key and body every time.
func TestWireLiterals_retries(t *testing.T) {
	t.Parallel()
	ok := rawReply{status: 201, body: `{}`}
	tests := []struct {
		name     string
		first    rawReply
		requests int           // sent in all
		minWait  time.Duration // between the first and the second request
	}{
		{"500 TIMEOUT", rawReply{status: 500, body: errorBody("TECHNICAL_ERROR", "TIMEOUT")}, 2, 0},
		{"500 INTERNAL_ERROR", rawReply{status: 500, body: errorBody("TECHNICAL_ERROR", "INTERNAL_ERROR")}, 1, 0},
		{"500 timeout in lower case", rawReply{status: 500, body: errorBody("TECHNICAL_ERROR", "timeout")}, 1, 0},
		{"429 with Retry-After", rawReply{status: 429, header: [][2]string{{"Retry-After", "1"}},
			body: errorBody("TECHNICAL_ERROR", "RATE_LIMITED")}, 2, time.Second},
		{"429 without Retry-After", rawReply{status: 429, body: errorBody("TECHNICAL_ERROR", "RATE_LIMITED")}, 2, 0},
		{"502", rawReply{status: 502, body: "bad gateway"}, 2, 0},
		{"503", rawReply{status: 503, body: errorBody("TECHNICAL_ERROR", "SERVICE_UNAVAILABLE")}, 2, 0},
		{"504", rawReply{status: 504}, 2, 0},
		{"409 IDEMPOTENCY_KEY_REUSED", rawReply{status: 409, body: errorBody("RESOURCE_ERROR", "IDEMPOTENCY_KEY_REUSED")}, 1, 0},
		{"401 UNAUTHORIZED", rawReply{status: 401, body: errorBody("ACCESS_ERROR", "UNAUTHORIZED")}, 1, 0},
		{"413 PAYLOAD_TOO_LARGE", rawReply{status: 413, body: errorBody("INPUT_ERROR", "PAYLOAD_TOO_LARGE")}, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ws, c := startWireServer(t, tt.first, ok)
			start := time.Now()
			_, err := c.CreateAPIKey(t.Context(), "", klarna.CreateAPIKeyRequest{Description: "retry"})
			elapsed := time.Since(start)
			got := ws.requests()
			if len(got) != tt.requests {
				t.Fatalf("%d requests sent, want %d (error %v)", len(got), tt.requests, err)
			}
			if (err == nil) != (tt.requests == 2) {
				t.Fatalf("error %v after %d requests", err, len(got))
			}
			if elapsed < tt.minWait {
				t.Errorf("retried after %s; the server's Retry-After asked for %s", elapsed, tt.minWait)
			}
			for _, r := range got[1:] {
				if !slices.Equal(r.header["Klarna-Idempotency-Key"], got[0].header["Klarna-Idempotency-Key"]) || string(r.body) != string(got[0].body) {
					t.Errorf("the retry changed its idempotency key or body: %q %s, first %q %s",
						r.header["Klarna-Idempotency-Key"], r.body, got[0].header["Klarna-Idempotency-Key"], got[0].body)
				}
			}
		})
	}
}

// Each error code and type the client or the provider branches on, as the server writes it.
func TestWireLiterals_errorCodes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status        int
		errType, code string
		wantType      string // the client's constant for the type
		wantCode      string // the client's constant for the code
		check         func(error) bool
		checkName     string
	}{
		{400, "INPUT_ERROR", "VALIDATION_ERROR", klarna.ErrorTypeInput, klarna.CodeValidation, klarna.IsValidation, "IsValidation"},
		{401, "ACCESS_ERROR", "UNAUTHORIZED", klarna.ErrorTypeAccess, klarna.CodeUnauthorized,
			func(err error) bool { return klarna.IsUnauthorized(err) && !klarna.IsMTLSRequired(err) }, "IsUnauthorized and not IsMTLSRequired"},
		{401, "ACCESS_ERROR", "MTLS_REQUIRED", klarna.ErrorTypeAccess, klarna.CodeMTLSRequired, klarna.IsMTLSRequired, "IsMTLSRequired"},
		{403, "ACCESS_ERROR", "FORBIDDEN", klarna.ErrorTypeAccess, klarna.CodeForbidden, klarna.IsForbidden, "IsForbidden"},
		{404, "RESOURCE_ERROR", "NOT_FOUND", klarna.ErrorTypeResource, klarna.CodeNotFound, klarna.IsNotFound, "IsNotFound"},
		{409, "RESOURCE_ERROR", "IDEMPOTENCY_KEY_REUSED", klarna.ErrorTypeResource, klarna.CodeIdempotencyKeyReused, isConflict, "isConflict"},
		{409, "RESOURCE_ERROR", "CREDENTIAL_DISABLED_BY_KLARNA", klarna.ErrorTypeResource, klarna.CodeCredentialDisabledByKlarna, isConflict, "isConflict"},
		{409, "RESOURCE_ERROR", "CERTIFICATE_LIMIT_REACHED", klarna.ErrorTypeResource, klarna.CodeCertificateLimitReached, isConflict, "isConflict"},
		{409, "RESOURCE_ERROR", "MTLS_NOT_ENABLED", klarna.ErrorTypeResource, klarna.CodeMTLSNotEnabled, isConflict, "isConflict"},
		{413, "INPUT_ERROR", "PAYLOAD_TOO_LARGE", klarna.ErrorTypeInput, klarna.CodePayloadTooLarge, func(error) bool { return true }, ""},
		{429, "TECHNICAL_ERROR", "RATE_LIMITED", klarna.ErrorTypeTechnical, klarna.CodeRateLimited, func(error) bool { return true }, ""},
		{500, "TECHNICAL_ERROR", "TIMEOUT", klarna.ErrorTypeTechnical, klarna.CodeTimeout, klarna.IsOutcomeUnknown, "IsOutcomeUnknown"},
		{500, "TECHNICAL_ERROR", "INTERNAL_ERROR", klarna.ErrorTypeTechnical, klarna.CodeInternal, func(err error) bool { return !klarna.IsOutcomeUnknown(err) }, "not IsOutcomeUnknown"},
		{503, "TECHNICAL_ERROR", "SERVICE_UNAVAILABLE", klarna.ErrorTypeTechnical, klarna.CodeServiceUnavailable, func(error) bool { return true }, ""},
		{409, "RESOURCE_ERROR", "WEBHOOK_ALREADY_EXISTS", klarna.ErrorTypeResource, klarna.CodeWebhookAlreadyExists, isConflict, "isConflict"},
		{409, "RESOURCE_ERROR", "SIGNING_KEY_LIMIT_REACHED", klarna.ErrorTypeResource, klarna.CodeSigningKeyLimitReached, isConflict, "isConflict"},
		{409, "RESOURCE_ERROR", "SIGNING_KEY_IN_USE", klarna.ErrorTypeResource, klarna.CodeSigningKeyInUse, isConflict, "isConflict"},
		{403, "ACCESS_ERROR", "IP_NOT_ALLOWED", klarna.ErrorTypeAccess, klarna.CodeIPNotAllowed, klarna.IsIPNotAllowed, "IsIPNotAllowed"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			t.Parallel()
			body := errorBody(tt.errType, tt.code)
			if tt.status == 400 {
				body = `{"error_id":"e-1","error_type":"INPUT_ERROR","error_code":"VALIDATION_ERROR","error_message":"m",` +
					`"errors":[{"parameter":"csr","error_message":"the CN must be AB12CD34"}]}`
			}
			_, c := startWireServer(t, rawReply{status: tt.status, header: [][2]string{{"Klarna-Correlation-Id", "kc-" + tt.code}}, body: body})
			_, err := c.CreateAPIKey(t.Context(), "", klarna.CreateAPIKeyRequest{})
			if !klarna.HasCode(err, tt.wantCode) {
				t.Errorf("the server's %q is not the client's code %q: %v", tt.code, tt.wantCode, err)
			}
			apiErr, ok := klarna.AsAPIError(err)
			if !ok {
				t.Fatalf("want an API error, got %v", err)
			}
			if apiErr.ErrorType != tt.wantType {
				t.Errorf("the server's %q is not the client's type %q", apiErr.ErrorType, tt.wantType)
			}
			if apiErr.ErrorID != "e-1" || apiErr.ErrorMessage != "m" {
				t.Errorf("error_id %q, error_message %q; want e-1 and m", apiErr.ErrorID, apiErr.ErrorMessage)
			}
			if apiErr.CorrelationID != "kc-"+tt.code {
				t.Errorf("Klarna-Correlation-Id read as %q, want %q", apiErr.CorrelationID, "kc-"+tt.code)
			}
			if !tt.check(err) {
				t.Errorf("%s is false for %v", tt.checkName, err)
			}
			if tt.status == 400 && (len(apiErr.Errors) != 1 || apiErr.Errors[0].Parameter != "csr" || apiErr.Errors[0].ErrorMessage == "") {
				t.Errorf("errors read as %+v, want the csr parameter", apiErr.Errors)
			}
		})
	}
}

// Enum values and field names of responses, as the server writes them, read into the
// client's types and compared with the constants the provider compares them with.
func TestWireLiterals_responseValues(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	apiKey := func(env, status, reason string) string {
		return `{"credential_id":"` + pinnedID + `","description":"d","environment":"` + env + `","status":"` + status +
			`","created_at":"2026-11-22T07:45:00Z","last_used_at":"2026-11-23T07:45:00Z","disabled_reason":` + reason + `}`
	}
	cert := func(usage, status string) string {
		return `{"certificate_id":"` + pinnedID + `","usage":"` + usage + `","description":"d","status":"` + status +
			`","certificate":"PEM","serial_number":"0a","fingerprint_sha256":"ab","subject_common_name":"AB12CD34",` +
			`"not_before":"2026-11-22T07:45:00Z","not_after":"2029-11-22T07:45:00Z","created_at":"2026-11-22T07:45:00Z"}`
	}
	mtls := func(status string) string {
		return `{"status":"` + status + `","enforced_from":"2026-11-22T07:45:00Z"}`
	}
	grant := func(status string) string {
		return `{"principal":"jane@example.com","account_id":"` + pinnedAccount + `","on_behalf_of":"` + pinnedAccount +
			`","roles":["merchant:admin","merchant:developer","merchant:agent"],"status":"` + status +
			`","created_at":"2026-11-22T07:45:00Z","updated_at":"2026-11-22T07:45:00Z"}`
	}
	getKey := func(c *klarna.Client) (*klarna.APIKey, error) { return c.GetAPIKey(ctx, "", pinnedID) }
	tests := []struct {
		name  string
		reply rawReply
		read  func(c *klarna.Client) (string, error)
		want  string // the constant the read value must equal
	}{
		{"environment LIVE", rawReply{status: 200, body: apiKey("LIVE", "ENABLED", "null")},
			func(c *klarna.Client) (string, error) {
				k, err := getKey(c)
				return field(k, err, func(k *klarna.APIKey) string { return string(k.Environment) })
			},
			string(klarna.EnvironmentLive)},
		{"environment TEST", rawReply{status: 200, body: apiKey("TEST", "ENABLED", "null")},
			func(c *klarna.Client) (string, error) {
				k, err := getKey(c)
				return field(k, err, func(k *klarna.APIKey) string { return string(k.Environment) })
			},
			string(klarna.EnvironmentTest)},
		{"status ENABLED", rawReply{status: 200, body: apiKey("TEST", "ENABLED", "null")},
			func(c *klarna.Client) (string, error) {
				k, err := getKey(c)
				return field(k, err, func(k *klarna.APIKey) string { return string(k.Status) })
			},
			apirules.StatusEnabled},
		{"status DISABLED", rawReply{status: 200, body: apiKey("TEST", "DISABLED", `"MANUAL"`)},
			func(c *klarna.Client) (string, error) {
				k, err := getKey(c)
				return field(k, err, func(k *klarna.APIKey) string { return string(k.Status) })
			},
			apirules.StatusDisabled},
		{"disabled MANUAL", rawReply{status: 200, body: apiKey("TEST", "DISABLED", `"MANUAL"`)},
			func(c *klarna.Client) (string, error) { k, err := getKey(c); return field(k, err, disabledReason) }, apirules.DisabledManual},
		{"disabled INACTIVITY", rawReply{status: 200, body: apiKey("TEST", "DISABLED", `"INACTIVITY"`)},
			func(c *klarna.Client) (string, error) { k, err := getKey(c); return field(k, err, disabledReason) }, apirules.DisabledInactivity},
		{"disabled SECURITY", rawReply{status: 200, body: apiKey("TEST", "DISABLED", `"SECURITY"`)},
			func(c *klarna.Client) (string, error) { k, err := getKey(c); return field(k, err, disabledReason) }, apirules.DisabledSecurity},
		{"created key secret", rawReply{status: 201, body: strings.TrimSuffix(apiKey("TEST", "ENABLED", "null"), "}") + `,"api_key":"klarna_test_api_c2VjcmV0"}`},
			func(c *klarna.Client) (string, error) {
				k, err := c.CreateAPIKey(ctx, "", klarna.CreateAPIKeyRequest{})
				if err != nil {
					return "", err
				}
				return k.Secret, nil
			}, "klarna_test_api_c2VjcmV0"},
		{"client ID", rawReply{status: 200, body: `{"credential_id":"` + pinnedID + `","client_id":"klarna_test_client_Y2lk","description":"d",` +
			`"allowed_origins":["https://shop.example.com"],"environment":"TEST","status":"DISABLED","created_at":"2026-11-22T07:45:00Z",` +
			`"last_used_at":null,"disabled_reason":"INACTIVITY"}`},
			func(c *klarna.Client) (string, error) {
				v, err := c.GetClientID(ctx, "", pinnedID)
				if err != nil {
					return "", err
				}
				return v.ClientID + " " + v.AllowedOrigins[0] + " " + string(v.Status) + " " + string(*v.DisabledReason), nil
			}, "klarna_test_client_Y2lk https://shop.example.com " + apirules.StatusDisabled + " " + apirules.DisabledInactivity},
		{"usage API", rawReply{status: 200, body: cert("API", "ACTIVE")}, certField(ctx, func(v *klarna.ClientCertificate) string { return v.Usage }), apirules.UsageAPI},
		{"usage JWT_SIGNING", rawReply{status: 200, body: cert("JWT_SIGNING", "ACTIVE")}, certField(ctx, func(v *klarna.ClientCertificate) string { return v.Usage }), apirules.UsageJWTSigning},
		{"certificate ACTIVE", rawReply{status: 200, body: cert("API", "ACTIVE")}, certField(ctx, func(v *klarna.ClientCertificate) string { return v.Status }), apirules.CertificateActive},
		{"certificate REVOKED", rawReply{status: 200, body: cert("API", "REVOKED")}, certField(ctx, func(v *klarna.ClientCertificate) string { return v.Status }), apirules.CertificateRevoked},
		{"certificate EXPIRED", rawReply{status: 200, body: cert("API", "EXPIRED")}, certField(ctx, func(v *klarna.ClientCertificate) string { return v.Status }), apirules.CertificateExpired},
		{"certificate fields", rawReply{status: 200, body: cert("API", "ACTIVE")}, certField(ctx, func(v *klarna.ClientCertificate) string {
			return v.Certificate + " " + v.SerialNumber + " " + v.FingerprintSHA256 + " " + v.SubjectCommonName + " " +
				v.NotBefore.Format(time.RFC3339) + " " + v.NotAfter.Format(time.RFC3339) + " " + v.CreatedAt.Format(time.RFC3339)
		}), "PEM 0a ab AB12CD34 2026-11-22T07:45:00Z 2029-11-22T07:45:00Z 2026-11-22T07:45:00Z"},
		{"mTLS NOT_ENABLED", rawReply{status: 200, body: mtls("NOT_ENABLED")}, mtlsStatus(ctx), apirules.MTLSNotEnabled},
		{"mTLS REPORTING", rawReply{status: 200, body: mtls("REPORTING")}, mtlsStatus(ctx), apirules.MTLSReporting},
		{"mTLS ENFORCED", rawReply{status: 200, body: mtls("ENFORCED")}, mtlsStatus(ctx), apirules.MTLSEnforced},
		{"verification VALID, repeated", whoAmIReply("VALID, VALID"), verification(ctx), apirules.VerificationValid},
		{"verification NOT_PRESENT", whoAmIReply("NOT_PRESENT"), verification(ctx), apirules.VerificationNotPresent},
		{"verification INVALID", whoAmIReply("INVALID"), verification(ctx), apirules.VerificationInvalid},
		{"who am I", whoAmIReply("VALID"), func(c *klarna.Client) (string, error) {
			who, err := c.WhoAmI(ctx)
			if err != nil {
				return "", err
			}
			if !who.MTLSEnabled {
				return "mtls_enabled not read", nil
			}
			return who.AccountID + " " + string(who.Environment), nil
		}, pinnedAccount + " " + string(klarna.EnvironmentTest)},
		{"user access INVITED", rawReply{status: 201, body: grant("INVITED")}, grantStatus(ctx), klarna.UserAccessInvited},
		{"user access ACTIVE", rawReply{status: 201, body: grant("ACTIVE")}, grantStatus(ctx), klarna.UserAccessActive},
		{"user access list", rawReply{status: 200, body: `{"user_access":[` + grant("ACTIVE") + `]}`}, func(c *klarna.Client) (string, error) {
			list, err := c.ListUserAccess(ctx, klarna.UserAccessFilter{})
			if err != nil || len(list) != 1 {
				return "", errors.Join(err, errors.New("want one grant"))
			}
			g := list[0]
			return g.Principal + " " + g.AccountID + " " + g.OnBehalfOf + " " + g.Roles[0] + " " + g.Roles[1] + " " + g.Roles[2], nil
		}, "jane@example.com " + pinnedAccount + " " + pinnedAccount + " " + apirules.Roles[0] + " " + apirules.Roles[1] + " " + apirules.Roles[2]},
		{"deep link", rawReply{status: 200, body: `{"url":"https://portal.example/login?token=t","expires_at":"2026-11-22T07:46:00Z"}`},
			func(c *klarna.Client) (string, error) {
				l, err := c.CreateDeepLink(ctx, pinnedAccount, "h.p.s")
				if err != nil {
					return "", err
				}
				return l.URL + " " + l.ExpiresAt.Format(time.RFC3339), nil
			}, "https://portal.example/login?token=t 2026-11-22T07:46:00Z"},
		{"list API keys", rawReply{status: 200, body: `{"api_keys":[` + apiKey("TEST", "ENABLED", "null") + `]}`}, func(c *klarna.Client) (string, error) {
			keys, err := c.ListAPIKeys(ctx, "")
			if err != nil || len(keys) != 1 {
				return "", errors.Join(err, errors.New("want one key"))
			}
			return keys[0].CredentialID + " " + keys[0].Description + " " + keys[0].CreatedAt.Format(time.RFC3339) + " " + keys[0].LastUsedAt.Format(time.RFC3339), nil
		}, pinnedID + " d 2026-11-22T07:45:00Z 2026-11-23T07:45:00Z"},
		{"list client IDs", rawReply{status: 200, body: `{"client_ids":[]}` + "\n"}, func(c *klarna.Client) (string, error) {
			ids, err := c.ListClientIDs(ctx, "")
			if err != nil {
				return "", err
			}
			return strconv.Itoa(len(ids)) + " client IDs", nil
		}, "0 client IDs"},
		{"list certificates", rawReply{status: 200, body: `{"client_certificates":[` + cert("API", "REVOKED") + `]}`}, func(c *klarna.Client) (string, error) {
			certs, err := c.ListClientCertificates(ctx, "")
			if err != nil || len(certs) != 1 {
				return "", errors.Join(err, errors.New("want one certificate"))
			}
			return certs[0].Status, nil
		}, apirules.CertificateRevoked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, c := startWireServer(t, tt.reply)
			got, err := tt.read(c)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("read %q from the server's bytes, want the client's %q", got, tt.want)
			}
		})
	}
}

func field[T any](v *T, err error, f func(*T) string) (string, error) {
	if err != nil {
		return "", err
	}
	return f(v), nil
}

func disabledReason(k *klarna.APIKey) string {
	if k.DisabledReason == nil {
		return "<nil>"
	}
	return string(*k.DisabledReason)
}

func certField(ctx context.Context, f func(*klarna.ClientCertificate) string) func(*klarna.Client) (string, error) {
	return func(c *klarna.Client) (string, error) {
		v, err := c.GetClientCertificate(ctx, "", pinnedID)
		return field(v, err, f)
	}
}

func mtlsStatus(ctx context.Context) func(*klarna.Client) (string, error) {
	return func(c *klarna.Client) (string, error) {
		v, err := c.GetMTLSEnforcement(ctx, "")
		if err != nil {
			return "", err
		}
		if v.EnforcedFrom == nil {
			return "enforced_from not read", nil
		}
		return v.Status, nil
	}
}

func whoAmIReply(verification string) rawReply {
	return rawReply{status: 200, header: [][2]string{{"Klarna-Mtls-Verification-Status", verification}},
		body: `{"account_id":"` + pinnedAccount + `","environment":"TEST","mtls_enabled":true}`}
}

func verification(ctx context.Context) func(*klarna.Client) (string, error) {
	return func(c *klarna.Client) (string, error) {
		who, err := c.WhoAmI(ctx)
		if err != nil {
			return "", err
		}
		return who.MTLSVerificationStatus, nil
	}
}

func grantStatus(ctx context.Context) func(*klarna.Client) (string, error) {
	return func(c *klarna.Client) (string, error) {
		g, err := c.GrantUserAccess(ctx, "h.p.s")
		if err != nil {
			return "", err
		}
		return g.Status, nil
	}
}

// The client ignores response fields it does not know and enum values it does not know.
func TestWireLiterals_unknownResponseFieldsIgnored(t *testing.T) {
	t.Parallel()
	_, c := startWireServer(t, rawReply{status: 200, body: `{"credential_id":"` + pinnedID + `","description":"d","environment":"TEST",` +
		`"status":"SUSPENDED","created_at":"2026-11-22T07:45:00Z","last_used_at":null,"disabled_reason":"AUDIT",` +
		`"rotation":{"due":"2027-01-01T00:00:00Z"},"tags":["a"]}`})
	k, err := c.GetAPIKey(t.Context(), "", pinnedID)
	if err != nil {
		t.Fatalf("a response with unknown fields and enum values: %v", err)
	}
	if k.Status != "SUSPENDED" || k.DisabledReason == nil || *k.DisabledReason != "AUDIT" || k.CredentialID != pinnedID {
		t.Errorf("read %+v", k)
	}
}

// The literals the client, the provider and the mock share through apirules and krn.
func TestWireLiterals_sharedConstants(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		got, want any
	}{
		{"usages", apirules.Usages, []string{"API", "JWT_SIGNING"}},
		{"roles", apirules.Roles, []string{"merchant:admin", "merchant:developer", "merchant:agent"}},
		{"enforce now", apirules.EnforceNow, "NOW"},
		{"KRN prefix", krn.Prefix, "krn:partner:global:account:"},
		{"KRN live", krn.EnvironmentLive, "live"},
		{"KRN test", krn.EnvironmentTest, "test"},
		{"KRN environments", krn.Environments, []string{"live", "test"}},
		{"live key prefix", apirules.APIKeyPrefix(krn.EnvironmentLive), "klarna_live_api_"},
		{"test key prefix", apirules.APIKeyPrefix(krn.EnvironmentTest), "klarna_test_api_"},
		{"webhook ports", apirules.WebhookPorts, []string{"443", "8443"}},
		{"payout schedules", klarna.PayoutSchedules, []string{"DAILY", "WEEKLY", "MONTHLY"}},
		{"live key", apirules.KeyEnvironment("klarna_live_api_abc"), "live"},
		{"test key", apirules.KeyEnvironment("klarna_test_api_abc"), "test"},
		{"client ID, not a key", apirules.KeyEnvironment("klarna_test_client_abc"), ""},
		{"client ID shape", apirules.ClientIDRegexp.MatchString("klarna_live_client_Y2lk"), true},
		{"API key is no client ID", apirules.ClientIDRegexp.MatchString("klarna_live_api_Y2lk"), false},
		{"secret shape", apirules.SecretShapeRegexp.FindAllString("a klarna_test_api_x1 and klarna_live_client_y2.", -1),
			[]string{"klarna_test_api_x1", "klarna_live_client_y2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if !reflect.DeepEqual(tt.got, tt.want) {
				t.Errorf("%v, want %v", tt.got, tt.want)
			}
		})
	}
}

// The route templates the client lists (for logs and for the contract test against the
// OpenAPI document), written out.
func TestWireLiterals_routeTemplates(t *testing.T) {
	t.Parallel()
	var want []string
	for _, p := range []string{"/v2/account", "/v2/accounts/{account_id}"} {
		for _, r := range []string{
			"POST /credentials/api-keys", "GET /credentials/api-keys", "GET /credentials/api-keys/{credential_id}",
			"PATCH /credentials/api-keys/{credential_id}", "DELETE /credentials/api-keys/{credential_id}",
			"POST /credentials/client-ids", "GET /credentials/client-ids", "GET /credentials/client-ids/{credential_id}",
			"PATCH /credentials/client-ids/{credential_id}", "DELETE /credentials/client-ids/{credential_id}",
			"POST /credentials/client-certificates", "GET /credentials/client-certificates",
			"GET /credentials/client-certificates/{certificate_id}", "DELETE /credentials/client-certificates/{certificate_id}",
			"GET /integration/mtls", "PUT /integration/mtls", "DELETE /integration/mtls",
			"POST /notification/webhooks", "GET /notification/webhooks", "GET /notification/webhooks/{webhook_id}",
			"PATCH /notification/webhooks/{webhook_id}", "DELETE /notification/webhooks/{webhook_id}",
			"POST /notification/signing-keys", "GET /notification/signing-keys",
			"GET /notification/signing-keys/{signing_key_id}", "DELETE /notification/signing-keys/{signing_key_id}",
			"GET /integration/inbound-restriction/ip", "PATCH /integration/inbound-restriction/ip",
		} {
			method, path, _ := strings.Cut(r, " ")
			want = append(want, method+" "+p+path)
		}
	}
	want = append(want, "GET /v2/account",
		"POST /v2/account/portal/user-access", "GET /v2/account/portal/user-access", "DELETE /v2/account/portal/user-access",
		"POST /v2/accounts/{account_id}/portal/deep-links")
	want = append(want, "POST /v2/distribution/onboard", "GET /v2/accounts/{account_id}", "PATCH /v2/accounts/{account_id}",
		"GET /v2/distribution/resolve/partner-account-id", "PATCH /v2/accounts/{account_id}/products/payment",
		"GET /v2/distribution/payment-profiles", "GET /v2/distribution/settlement-configuration")
	var got []string
	for _, r := range klarna.Routes() {
		got = append(got, r.Method+" "+r.Path)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("routes\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A 403 with no body is a DDoS block, never retried; a 403 with an error body is the account
// boundary.
func TestWireLiterals_forbiddenWithAndWithoutBody(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		reply rawReply
		ddos  bool
	}{
		{"no body", rawReply{status: 403}, true},
		{"only whitespace", rawReply{status: 403, body: " \n"}, true},
		{"error body", rawReply{status: 403, body: errorBody("ACCESS_ERROR", "FORBIDDEN")}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ws, c := startWireServer(t, tt.reply)
			_, err := c.ListAPIKeys(t.Context(), pinnedAccount)
			if got := len(ws.requests()); got != 1 {
				t.Errorf("%d requests sent; a 403 is never retried", got)
			}
			if isDDoSBlocked(err) != tt.ddos || klarna.IsForbidden(err) == tt.ddos {
				t.Errorf("isDDoSBlocked = %t, IsForbidden = %t; want DDoS block %t: %v",
					isDDoSBlocked(err), klarna.IsForbidden(err), tt.ddos, err)
			}
		})
	}
}

// Webhook, signing-key and IP allow-list responses as the server writes them.
func TestWireLiterals_webhookAndIPResponses(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	_, c := startWireServer(t, rawReply{status: 201, body: `{"signing_key_id":"` + pinnedID + `","created_at":"2026-11-22T07:45:00Z","secret":"c2VjcmV0"}`})
	k, err := c.CreateSigningKey(ctx, "")
	if err != nil || k.SigningKeyID != pinnedID || k.Secret != "c2VjcmV0" || k.CreatedAt.IsZero() {
		t.Errorf("signing key %+v, %v", k, err)
	}
	_, c = startWireServer(t, rawReply{status: 200, body: `{"webhooks":[{"webhook_id":"` + pinnedWebhook + `","url":"https://h.example:8443/x",` +
		`"event_types":["partner.account.*"],"event_version":"v1","signing_key_id":"` + pinnedID + `","status":"DISABLED","created_at":"2026-11-22T07:45:00Z"}]}`})
	ws, err := c.ListWebhooks(ctx, "")
	if err != nil || len(ws) != 1 {
		t.Fatalf("webhooks %+v, %v", ws, err)
	}
	if w := ws[0]; w.WebhookID != pinnedWebhook || w.URL != "https://h.example:8443/x" || !slices.Equal(w.EventTypes, []string{"partner.account.*"}) ||
		w.EventVersion != klarna.EventVersionV1 || w.SigningKeyID != pinnedID || w.Status != klarna.WebhookDisabled {
		t.Errorf("webhook %+v", w)
	}
	_, c = startWireServer(t, rawReply{status: 200, header: [][2]string{{"Klarna-Ip-Validation-Status", "DENIED"}},
		body: `{"enforcement_mode":"ENFORCED","cidr_blocks":["10.0.0.0/8"],"effective_at":"2026-11-22T07:50:00Z"}`})
	ip, err := c.GetIPRestriction(ctx, "")
	if err != nil || ip.EnforcementMode != apirules.IPModeEnforced || !slices.Equal(ip.CIDRBlocks, []string{"10.0.0.0/8"}) ||
		ip.EffectiveAt == nil || ip.IPValidationStatus != apirules.IPValidationDenied {
		t.Errorf("IP allow-list %+v, %v", ip, err)
	}
}

// A partner account as the API writes it: states, the payment product's statuses, store
// types and the error codes of onboarding and the payment product, typed out.
func TestWireLiterals_partnerAccounts(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	account := func(state, status string) string {
		return `{"partner_account_id":"` + pinnedAccount + `","partner_account_reference":"shop-1","partner_account_name":"Shop",` +
			`"partner_account_contact":{"email":"o@example.com"},"state":"` + state + `",` +
			`"partner_business_entities":[{"business_entity_reference":"be","legal_name":"Shop AB","country":"SE"}],` +
			`"products":[{"type":"PAYMENT","payment_profile_id":"pp-1","status":"` + status + `","payment_accounts":[]}],` +
			`"brands":[{"brand_reference":"b","name":"Shop"}],` +
			`"stores":[{"store_reference":"w","type":"WEBSITE","name":"Web","url":"https://shop.example.com"},` +
			`{"store_reference":"a","type":"MOBILE_APP","name":"App","url":null},{"store_reference":"p","type":"PHYSICAL_STORE","name":"P","url":null}],` +
			`"created_at":"2026-11-22T07:45:00Z"}`
	}
	tests := []struct {
		state, status string
		wantState     string
		wantStatus    string
	}{
		{"PARTIALLY_OPERATIONAL", "ENABLED", klarna.AccountStatePartiallyOperational, klarna.PaymentProductEnabled},
		{"OPERATIONAL", "DISABLED", klarna.AccountStateOperational, klarna.PaymentProductDisabled},
		{"DISABLED", "TERMINATED", klarna.AccountStateDisabled, klarna.PaymentProductTerminated},
	}
	for _, tt := range tests {
		t.Run(tt.state+" "+tt.status, func(t *testing.T) {
			t.Parallel()
			_, c := startWireServer(t, rawReply{status: 200, body: account(tt.state, tt.status)})
			a, err := c.GetPartnerAccount(ctx, pinnedAccount)
			if err != nil {
				t.Fatal(err)
			}
			p := a.PaymentProduct()
			if a.State != tt.wantState || p == nil || p.Status != tt.wantStatus || p.Type != klarna.ProductTypePayment {
				t.Fatalf("read state %q, product %+v", a.State, p)
			}
			types := []string{}
			for _, s := range a.Stores {
				types = append(types, s.Type)
			}
			if !slices.Equal(types, []string{klarna.StoreTypeWebsite, klarna.StoreTypeMobileApp, klarna.StoreTypePhysicalStore}) ||
				!slices.Equal(klarna.StoreTypes, []string{"WEBSITE", "PHYSICAL_STORE", "MOBILE_APP"}) {
				t.Errorf("store types %v, StoreTypes %v", types, klarna.StoreTypes)
			}
			if a.Stores[0].URL == nil || *a.Stores[0].URL != "https://shop.example.com" || a.Stores[1].URL != nil {
				t.Errorf("store URLs %+v", a.Stores)
			}
			if a.Reference != "shop-1" || a.Contact.Email != "o@example.com" || a.Entities[0].Country != "SE" || a.Brands[0].Name != "Shop" {
				t.Errorf("read %+v", a)
			}
		})
	}
	for _, code := range []struct{ got, want string }{
		{klarna.CodePartnerAccountReferenceInUse, "PARTNER_ACCOUNT_REFERENCE_IN_USE"},
		{klarna.CodePaymentProductTerminated, "PAYMENT_PRODUCT_TERMINATED"},
	} {
		_, c := startWireServer(t, rawReply{status: 409, body: errorBody("RESOURCE_ERROR", code.want)})
		_, err := c.Onboard(ctx, klarna.OnboardRequest{})
		var apiErr *klarna.APIError
		if !errors.As(err, &apiErr) || apiErr.ErrorCode != code.got {
			t.Errorf("a 409 %s read as %v, want the code %s", code.want, err, code.got)
		}
	}
}
