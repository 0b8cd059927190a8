package mockapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
)

const (
	pathSigningKeys = "/v2/account/notification/signing-keys"
	pathWebhooks    = "/v2/account/notification/webhooks"
	pathIP          = "/v2/account/integration/inbound-restriction/ip"
)

type signingKeyJSON struct {
	SigningKeyID string `json:"signing_key_id"`
	Secret       string `json:"secret"`
}

type webhookJSON struct {
	WebhookID    string   `json:"webhook_id"`
	URL          string   `json:"url"`
	EventTypes   []string `json:"event_types"`
	SigningKeyID string   `json:"signing_key_id"`
	Status       string   `json:"status"`
}

func (m *mock) createSigningKey(t *testing.T, prefix string) signingKeyJSON {
	t.Helper()
	r := m.post(t, m.b.APIKey, prefix+"/notification/signing-keys", nil)
	r.wantStatus(t, http.StatusCreated)
	var k signingKeyJSON
	r.decode(t, &k)
	return k
}

func (m *mock) createWebhook(t *testing.T, prefix, url, keyID string, eventTypes ...string) webhookJSON {
	t.Helper()
	r := m.post(t, m.b.APIKey, prefix+"/notification/webhooks", map[string]any{
		"url": url, "event_types": eventTypes, "signing_key_id": keyID,
	})
	r.wantStatus(t, http.StatusCreated)
	var w webhookJSON
	r.decode(t, &w)
	return w
}

func (m *mock) emit(t *testing.T, accountID, eventType string) mockapi.EmittedEvent {
	t.Helper()
	r := m.control(t, http.MethodPost, "/_mock/events", map[string]any{"account_id": accountID, "event_type": eventType})
	r.wantStatus(t, http.StatusOK)
	var out mockapi.EmittedEvent
	r.decode(t, &out)
	return out
}

func TestSigningKeys_secretOnceLimitAndInUse(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	k := m.createSigningKey(t, "/v2/account")
	if len(k.Secret) != 43 {
		t.Fatalf("secret %q, want 43 characters", k.Secret)
	}
	list := m.get(t, m.b.APIKey, pathSigningKeys)
	list.wantStatus(t, http.StatusOK)
	if strings.Contains(string(list.body), k.Secret) || strings.Contains(string(list.body), `"secret"`) {
		t.Fatalf("the list shows a secret: %s", list.body)
	}
	got := m.get(t, m.b.APIKey, pathSigningKeys+"/"+k.SigningKeyID)
	got.wantStatus(t, http.StatusOK)
	if strings.Contains(string(got.body), k.Secret) {
		t.Fatalf("a read shows the secret: %s", got.body)
	}
	for range apirules.MaxSigningKeys - 1 {
		m.createSigningKey(t, "/v2/account")
	}
	m.post(t, m.b.APIKey, pathSigningKeys, nil).wantError(t, http.StatusConflict, "RESOURCE_ERROR", "SIGNING_KEY_LIMIT_REACHED")

	w := m.createWebhook(t, "/v2/account", "https://127.0.0.1:8443/hooks", k.SigningKeyID, "partner.account.*")
	m.del(t, m.b.APIKey, pathSigningKeys+"/"+k.SigningKeyID).wantError(t, http.StatusConflict, "RESOURCE_ERROR", "SIGNING_KEY_IN_USE")
	m.del(t, m.b.APIKey, pathWebhooks+"/"+w.WebhookID).wantStatus(t, http.StatusNoContent)
	m.del(t, m.b.APIKey, pathSigningKeys+"/"+k.SigningKeyID).wantStatus(t, http.StatusNoContent)
	m.get(t, m.b.APIKey, pathSigningKeys+"/"+k.SigningKeyID).wantNotFound(t)
}

func TestWebhooks_registrationRules(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	k := m.createSigningKey(t, "/v2/account")
	body := func(url string, types ...string) map[string]any {
		return map[string]any{"url": url, "event_types": types, "signing_key_id": k.SigningKeyID}
	}
	w := m.createWebhook(t, "/v2/account", "https://127.0.0.1:8443/hooks", k.SigningKeyID, "partner.account.*", "settlement.report.created")
	if !strings.HasPrefix(w.WebhookID, "krn:partner:global:notification:webhook:") || w.Status != "ENABLED" {
		t.Fatalf("webhook %+v", w)
	}
	// The same url and event types, in another order: a duplicate.
	m.post(t, m.b.APIKey, pathWebhooks, body("https://127.0.0.1:8443/hooks", "settlement.report.created", "partner.account.*")).
		wantError(t, http.StatusConflict, "RESOURCE_ERROR", "WEBHOOK_ALREADY_EXISTS")
	// Another event type set at the same url is not.
	m.post(t, m.b.APIKey, pathWebhooks, body("https://127.0.0.1:8443/hooks", "partner.account.*")).wantStatus(t, http.StatusCreated)

	for _, tt := range []struct {
		name, param string
		body        map[string]any
	}{
		{"not loopback", "url", body("https://hooks.example.com/", "a.b")},
		{"port 80", "url", body("https://127.0.0.1:80/", "a.b")},
		{"plain http", "url", body("http://127.0.0.1/", "a.b")},
		{"wildcard in the middle", "event_types[0]", body("https://127.0.0.1/", "a.*.b")},
		{"bare wildcard", "event_types[0]", body("https://127.0.0.1/", "*")},
		{"unknown signing key", "signing_key_id", map[string]any{"url": "https://127.0.0.1/", "event_types": []string{"a.b"}, "signing_key_id": "3f1c2a9e-7b4d-4c61-9a0e-5d2b8f6e1a47"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m.post(t, m.b.APIKey, pathWebhooks, tt.body).wantValidation(t, tt.param)
		})
	}

	// Update in place; a change that makes a duplicate is refused.
	r := m.patch(t, m.b.APIKey, pathWebhooks+"/"+w.WebhookID, map[string]any{"status": "DISABLED", "event_types": []string{"settlement.report.created"}})
	r.wantStatus(t, http.StatusOK)
	m.patch(t, m.b.APIKey, pathWebhooks+"/"+w.WebhookID, map[string]any{"event_types": []string{"partner.account.*"}}).
		wantError(t, http.StatusConflict, "RESOURCE_ERROR", "WEBHOOK_ALREADY_EXISTS")

	// Partner form: the partner's own webhooks; a foreign account is refused.
	p := acct(m.b.PartnerAccountIDs[0])
	pk := m.createSigningKey(t, p)
	m.createWebhook(t, p, "https://[::1]:8443/", pk.SigningKeyID, "partner.account.*")
	var list struct {
		Webhooks []webhookJSON `json:"webhooks"`
	}
	m.get(t, m.b.APIKey, p+"/notification/webhooks").decode(t, &list)
	if len(list.Webhooks) != 1 {
		t.Fatalf("partner webhooks %+v, want 1", list.Webhooks)
	}
	m.get(t, m.b.APIKey, acct(m.b.ForeignAccountIDs[0])+"/notification/webhooks").wantForbidden(t)
}

func TestWebhooks_signedDeliveryRetriedUntilAccepted(t *testing.T) {
	t.Parallel()
	failures := 2
	recv := mocktest.StartReceiver(t, nil)
	recv.SetAnswer(func(mocktest.Received) int {
		if failures > 0 {
			failures--
			return http.StatusServiceUnavailable
		}
		return http.StatusOK
	})
	m := start(t, mockapi.Options{WebhookCA: recv.CAPEM, WebhookRetryDelay: 10 * time.Millisecond})
	k := m.createSigningKey(t, "/v2/account")
	w := m.createWebhook(t, "/v2/account", recv.URL, k.SigningKeyID, "partner.account.*")
	other := m.createWebhook(t, "/v2/account", recv.URL, k.SigningKeyID, "settlement.report.created")
	_ = other

	ev := m.emit(t, m.b.AccountID, "partner.account.state-change.operational")
	if len(ev.Webhooks) != 1 || ev.Webhooks[0] != w.WebhookID {
		t.Fatalf("event went to %v, want only %s", ev.Webhooks, w.WebhookID)
	}
	got := recv.WaitFor(t, 5*time.Second, "an accepted delivery", func(r []mocktest.Received) bool {
		return len(r) > 0 && r[len(r)-1].Status == http.StatusOK
	})
	if len(got) != 3 {
		t.Fatalf("%d attempts, want 3 (two refused, one accepted)", len(got))
	}
	for _, d := range got {
		if d.SigningKeyID != k.SigningKeyID {
			t.Errorf("Klarna-Signing-Key-Id %q, want %q", d.SigningKeyID, k.SigningKeyID)
		}
		if want := apirules.WebhookSignature(k.Secret, d.Body); d.Signature != want {
			t.Errorf("Klarna-Signature %q, want %q", d.Signature, want)
		}
		var body map[string]any
		if err := json.Unmarshal(d.Body, &body); err != nil {
			t.Fatalf("body %s: %v", d.Body, err)
		}
		if body["event_type"] != "partner.account.state-change.operational" || body["account_id"] != m.b.AccountID || body["event_id"] != ev.EventID {
			t.Errorf("body %s", d.Body)
		}
	}
	var list struct {
		Deliveries []mockapi.Delivery `json:"deliveries"`
	}
	m.control(t, http.MethodGet, "/_mock/deliveries", nil).decode(t, &list)
	var codes []int
	for _, d := range list.Deliveries {
		codes = append(codes, d.StatusCode)
	}
	if len(codes) != 3 || codes[0] != 503 || codes[2] != 200 {
		t.Errorf("deliveries have status codes %v, want [503 503 200]", codes)
	}

	// A disabled webhook gets nothing.
	m.patch(t, m.b.APIKey, pathWebhooks+"/"+w.WebhookID, map[string]any{"status": "DISABLED"}).wantStatus(t, http.StatusOK)
	if ev := m.emit(t, m.b.AccountID, "partner.account.x"); len(ev.Webhooks) != 0 {
		t.Errorf("a disabled webhook was chosen: %v", ev.Webhooks)
	}
}

func TestWebhooks_untrustedReceiverAttemptsStop(t *testing.T) {
	t.Parallel()
	recv := mocktest.StartReceiver(t, nil)
	// No WebhookCA: the receiver's certificate chains to nothing the mock trusts.
	m := start(t, mockapi.Options{WebhookRetryDelay: time.Millisecond})
	k := m.createSigningKey(t, "/v2/account")
	m.createWebhook(t, "/v2/account", recv.URL, k.SigningKeyID, "a.b")
	m.emit(t, m.b.AccountID, "a.b")
	deadline := time.Now().Add(10 * time.Second)
	for len(m.Deliveries()) < mockapi.WebhookMaxAttempts && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	ds := m.Deliveries()
	if len(ds) != mockapi.WebhookMaxAttempts {
		t.Fatalf("%d attempts, want %d and then none", len(ds), mockapi.WebhookMaxAttempts)
	}
	for _, d := range ds {
		if d.StatusCode != 0 || !strings.Contains(d.Error, "certificate") {
			t.Errorf("attempt %+v, want a certificate error", d)
		}
	}
	if n := len(recv.Received()); n != 0 {
		t.Errorf("the receiver got %d requests through an untrusted handshake", n)
	}
}

func TestIPRestriction_reportingEnforcedAndDelay(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{IPDelay: time.Minute})
	if h := m.get(t, m.b.APIKey, "/v2/account").header.Get("Klarna-Ip-Validation-Status"); h != "" {
		t.Fatalf("header %q before any allow-list", h)
	}
	var ip struct {
		Mode        string     `json:"enforcement_mode"`
		CIDRs       []string   `json:"cidr_blocks"`
		EffectiveAt *time.Time `json:"effective_at"`
	}
	m.get(t, m.b.APIKey, pathIP).decode(t, &ip)
	if ip.Mode != "NOT_ENABLED" || len(ip.CIDRs) != 0 || ip.EffectiveAt != nil {
		t.Fatalf("initial allow-list %+v", ip)
	}
	m.patch(t, m.b.APIKey, pathIP, map[string]any{"enforcement_mode": "REPORTING", "cidr_blocks": []string{"10.0.0.0/8"}}).decode(t, &ip)
	if ip.Mode != "REPORTING" || ip.EffectiveAt == nil {
		t.Fatalf("after PATCH %+v", ip)
	}
	// Not in effect before the delay has passed.
	if h := m.get(t, m.b.APIKey, "/v2/account").header.Get("Klarna-Ip-Validation-Status"); h != "" {
		t.Fatalf("header %q before the change took effect", h)
	}
	m.advance(t, time.Minute)
	if h := m.get(t, m.b.APIKey, "/v2/account").header.Get("Klarna-Ip-Validation-Status"); h != "DENIED" {
		t.Fatalf("header %q, want DENIED for 127.0.0.1 outside 10.0.0.0/8", h)
	}
	// A partner's allow-list binds the partner's keys, not the acquirer's.
	p := acct(m.b.PartnerAccountIDs[0])
	m.patch(t, m.b.APIKey, p+"/integration/inbound-restriction/ip", map[string]any{"enforcement_mode": "ENFORCED", "cidr_blocks": []string{"10.0.0.0/8"}}).wantStatus(t, http.StatusOK)
	m.advance(t, time.Minute)
	m.get(t, m.b.APIKey, p+"/credentials/api-keys").wantStatus(t, http.StatusOK)

	m.patch(t, m.b.APIKey, pathIP, map[string]any{"cidr_blocks": []string{"127.0.0.1/32", "::1/128"}}).wantStatus(t, http.StatusOK)
	m.advance(t, time.Minute)
	if h := m.get(t, m.b.APIKey, "/v2/account").header.Get("Klarna-Ip-Validation-Status"); h != "ALLOWED" {
		t.Fatalf("header %q, want ALLOWED", h)
	}
	m.patch(t, m.b.APIKey, pathIP, map[string]any{"enforcement_mode": "ENFORCED", "cidr_blocks": []string{"10.0.0.0/8"}}).wantStatus(t, http.StatusOK)
	m.get(t, m.b.APIKey, "/v2/account").wantStatus(t, http.StatusOK)
	m.advance(t, time.Minute)
	r := m.get(t, m.b.APIKey, "/v2/account")
	r.wantError(t, http.StatusForbidden, "ACCESS_ERROR", "IP_NOT_ALLOWED")
	if h := r.header.Get("Klarna-Ip-Validation-Status"); h != "DENIED" {
		t.Errorf("refusal header %q, want DENIED", h)
	}

	for _, tt := range []struct {
		name, param string
		body        map[string]any
	}{
		{"host bits set", "cidr_blocks[0]", map[string]any{"cidr_blocks": []string{"10.0.0.1/8"}}},
		{"enforced with nothing", "cidr_blocks", map[string]any{"enforcement_mode": "ENFORCED", "cidr_blocks": []string{}}},
		{"101 blocks", "cidr_blocks", map[string]any{"cidr_blocks": func() []string {
			var out []string
			for i := range apirules.MaxCIDRBlocks + 1 {
				out = append(out, fmt.Sprintf("10.0.%d.%d/32", i/256, i%256))
			}
			return out
		}()}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			other := start(t, mockapi.Options{})
			other.patch(t, other.b.APIKey, pathIP, tt.body).wantValidation(t, tt.param)
		})
	}
}
