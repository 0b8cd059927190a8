package mockapi_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
)

const pathOnboard = "/v2/distribution/onboard"

func onboardBody(m *mock, reference string) map[string]any {
	return map[string]any{
		"partner_account_reference": reference,
		"partner_account_name":      "Shop " + reference,
		"partner_account_contact":   map[string]string{"email": "owner@example.com"},
		"partner_business_entities": []map[string]string{{"business_entity_reference": "be-1", "legal_name": "Shop AB", "country": "SE"}},
		"products":                  []map[string]any{{"type": "PAYMENT", "payment_profile_id": m.b.PaymentProfileIDs[0]}},
		"brands":                    []map[string]string{{"brand_reference": "brand-1", "name": "Shop"}},
		"stores": []map[string]any{
			{"store_reference": "web-1", "type": "WEBSITE", "name": "Web shop", "url": "https://shop.example.com"},
			{"store_reference": "app-1", "type": "MOBILE_APP", "name": "App"},
		},
	}
}

func (m *mock) onboard(t *testing.T, key, reference string) mockapi.PartnerAccount {
	t.Helper()
	r := m.post(t, key, pathOnboard, onboardBody(m, reference))
	r.wantStatus(t, http.StatusCreated)
	var out mockapi.PartnerAccount
	r.decode(t, &out)
	return out
}

func (m *mock) partnerAccount(t *testing.T, id string) mockapi.PartnerAccount {
	t.Helper()
	r := m.get(t, m.b.APIKey, acct(id))
	r.wantStatus(t, http.StatusOK)
	var out mockapi.PartnerAccount
	r.decode(t, &out)
	return out
}

func TestOnboarding_operationalAfterTheDelayOnTheMockClock(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{OnboardingDelay: time.Hour})
	a := m.onboard(t, m.b.APIKey, "shop-1")
	if a.State != "PARTIALLY_OPERATIONAL" || a.Reference != "shop-1" || len(a.Stores) != 2 || a.Products[0].Status != "ENABLED" {
		t.Fatalf("onboarded %+v, want PARTIALLY_OPERATIONAL with its stores and an ENABLED payment product", a)
	}
	if a.Stores[1].URL != nil {
		t.Errorf("a MOBILE_APP store reads with url %q, want null", *a.Stores[1].URL)
	}
	m.advance(t, time.Hour-2*time.Second)
	if got := m.partnerAccount(t, a.AccountID).State; got != "PARTIALLY_OPERATIONAL" {
		t.Errorf("state before the delay %s, want PARTIALLY_OPERATIONAL", got)
	}
	m.advance(t, 2*time.Second)
	if got := m.partnerAccount(t, a.AccountID).State; got != "OPERATIONAL" {
		t.Errorf("state after the delay %s, want OPERATIONAL", got)
	}
}

// An account onboarded a moment ago is a partner account of its acquirer on every route:
// credentials, certificates, enforcement and portal access.
func TestOnboarding_newAccountAcceptedLikeBootstrapPartners(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot := m.b.APIKey
	a := m.onboard(t, boot, "shop-2")
	prefix := acct(a.AccountID)
	m.createKey(t, boot, prefix, "new partner")
	m.post(t, boot, prefix+"/credentials/client-ids", map[string]any{"allowed_origins": []string{"https://shop.example.com"}}).wantStatus(t, http.StatusCreated)
	m.issue(t, boot, prefix, a.AccountID, "API")
	m.put(t, boot, prefix+"/integration/mtls", map[string]string{"enforced_from": "NOW"}).wantStatus(t, http.StatusOK)
	signer := m.issue(t, boot, "/v2/account", m.b.AccountID, "JWT_SIGNING")
	m.post(t, boot, "/v2/account/portal/user-access", map[string]string{"jwt": sign(t, m.claims("jane@example.com", a.AccountID), signer)}).
		wantStatus(t, http.StatusCreated)
	// Another acquirer cannot reach it.
	m.get(t, m.ForeignAPIKey(), prefix).wantForbidden(t)
	m.get(t, m.ForeignAPIKey(), prefix+"/credentials/api-keys").wantForbidden(t)
}

func TestOnboarding_referenceUniquePerAcquirer(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	first := m.onboard(t, m.b.APIKey, "shop-3")
	for _, ref := range []string{"shop-3", "bootstrap-partner-1"} {
		r := m.post(t, m.b.APIKey, pathOnboard, onboardBody(m, ref))
		r.wantError(t, http.StatusConflict, klarna.ErrorTypeResource, "PARTNER_ACCOUNT_REFERENCE_IN_USE")
	}
	// Another acquirer's references are its own.
	m.onboard(t, m.ForeignAPIKey(), "shop-3")

	resolve := func(key, ref string) resp {
		return m.get(t, key, "/v2/distribution/resolve/partner-account-id?"+url.Values{"partner_account_reference": {ref}}.Encode())
	}
	r := resolve(m.b.APIKey, "shop-3")
	r.wantStatus(t, http.StatusOK)
	var got struct {
		ID string `json:"partner_account_id"`
	}
	r.decode(t, &got)
	if got.ID != first.AccountID {
		t.Errorf("resolved %s, want %s", got.ID, first.AccountID)
	}
	resolve(m.b.APIKey, "SHOP-3").wantNotFound(t)
	r = resolve(m.b.APIKey, "bootstrap-partner-2")
	r.decode(t, &got)
	if got.ID != m.b.PartnerAccountIDs[1] {
		t.Errorf("bootstrap-partner-2 resolved to %s, want %s", got.ID, m.b.PartnerAccountIDs[1])
	}
	m.get(t, m.b.APIKey, "/v2/distribution/resolve/partner-account-id").wantValidation(t, "partner_account_reference")
}

// A retried onboarding with the same idempotency key and body gets the first answer and
// onboards no second account.
func TestOnboarding_idempotencyKeyOnboardsOnce(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	key := uuid.NewString()
	var ids []string
	for range 2 {
		r := m.do(t, req{method: http.MethodPost, path: pathOnboard, key: m.b.APIKey, body: onboardBody(m, "shop-4"),
			header: map[string]string{"Klarna-Idempotency-Key": key}})
		r.wantStatus(t, http.StatusCreated)
		var a mockapi.PartnerAccount
		r.decode(t, &a)
		ids = append(ids, a.AccountID)
	}
	if ids[0] != ids[1] {
		t.Errorf("two onboardings with one key made %v", ids)
	}
	before := len(m.state(t))
	m.post(t, m.b.APIKey, pathOnboard, onboardBody(m, "shop-4")).wantStatus(t, http.StatusConflict)
	if after := len(m.state(t)); after != before {
		t.Errorf("a refused onboarding changed the number of accounts from %d to %d", before, after)
	}
}

func TestOnboarding_refusesWhatTheAPIRefuses(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	tests := []struct {
		name      string
		change    func(b map[string]any)
		parameter string
	}{
		{"website without url", func(b map[string]any) {
			b["stores"] = []map[string]any{{"store_reference": "w", "type": "WEBSITE", "name": "W"}}
		}, "stores[0].url"},
		{"physical store with url", func(b map[string]any) {
			b["stores"] = []map[string]any{{"store_reference": "p", "type": "PHYSICAL_STORE", "name": "P", "url": "https://a.example"}}
		}, "stores[0].url"},
		{"store reference twice", func(b map[string]any) {
			b["stores"] = []map[string]any{{"store_reference": "p", "type": "PHYSICAL_STORE", "name": "P"}, {"store_reference": "p", "type": "MOBILE_APP", "name": "A"}}
		}, "stores[1]"},
		{"unknown payment profile", func(b map[string]any) {
			b["products"] = []map[string]any{{"type": "PAYMENT", "payment_profile_id": "nope"}}
		}, "products[0].payment_profile_id"},
		{"no contact", func(b map[string]any) { delete(b, "partner_account_contact") }, "partner_account_contact"},
		{"unknown store type", func(b map[string]any) {
			b["stores"] = []map[string]any{{"store_reference": "k", "type": "KIOSK", "name": "K"}}
		}, "stores[0].type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := onboardBody(m, "bad-"+uuid.NewString()[:8])
			tt.change(b)
			m.post(t, m.b.APIKey, pathOnboard, b).wantValidation(t, tt.parameter)
		})
	}
}

func TestUpdateAccount_createsAndUpdatesByReferenceNeverDeletes(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	a := m.onboard(t, m.b.APIKey, "shop-5")
	r := m.patch(t, m.b.APIKey, acct(a.AccountID), map[string]any{
		"partner_account_name": "Renamed",
		"stores": []map[string]any{
			{"store_reference": "web-1", "type": "WEBSITE", "name": "Web shop", "url": "https://new.example.com"},
			{"store_reference": "shop-1", "type": "PHYSICAL_STORE", "name": "High street"},
		},
	})
	r.wantStatus(t, http.StatusOK)
	got := m.partnerAccount(t, a.AccountID)
	var refs []string
	for _, s := range got.Stores {
		refs = append(refs, s.StoreReference)
	}
	if got.Name != "Renamed" || !slices.Equal(refs, []string{"web-1", "app-1", "shop-1"}) || *got.Stores[0].URL != "https://new.example.com" {
		t.Errorf("after the update %+v", got)
	}
	if got.Contact.Email != "owner@example.com" || len(got.Brands) != 1 {
		t.Errorf("fields the update left out changed: %+v", got)
	}
	m.patch(t, m.b.APIKey, acct(a.AccountID), map[string]any{
		"stores": []map[string]any{{"store_reference": "app-1", "type": "PHYSICAL_STORE", "name": "App"}},
	}).wantValidation(t, "stores[0].type")
	m.patch(t, m.b.APIKey, acct(a.AccountID), map[string]any{"partner_account_reference": "other"}).
		wantValidation(t, "partner_account_reference")
	// The caller's own account is no partner account.
	m.get(t, m.b.APIKey, acct(m.b.AccountID)).wantNotFound(t)
}

func TestPaymentProduct_oneUpdatePerAccountPerSecond(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	a := m.onboard(t, m.b.APIKey, "shop-6")
	path := acct(a.AccountID) + "/products/payment"
	m.patch(t, m.b.APIKey, path, map[string]string{"status": "DISABLED"}).wantStatus(t, http.StatusOK)
	r := m.patch(t, m.b.APIKey, path, map[string]string{"status": "ENABLED"})
	r.wantError(t, http.StatusTooManyRequests, klarna.ErrorTypeTechnical, klarna.CodeRateLimited)
	if got := r.header.Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After %q, want 1", got)
	}
	// Another account is not held back.
	m.patch(t, m.b.APIKey, acct(m.b.PartnerAccountIDs[0])+"/products/payment", map[string]string{"status": "DISABLED"}).wantStatus(t, http.StatusOK)
	if got := m.partnerAccount(t, a.AccountID).Products[0].Status; got != "DISABLED" {
		t.Errorf("status %s after the refused update, want DISABLED", got)
	}
	m.advance(t, time.Second)
	m.patch(t, m.b.APIKey, path, map[string]string{"status": "ENABLED"}).wantStatus(t, http.StatusOK)
	m.patch(t, m.b.APIKey, acct(m.b.AccountID)+"/products/payment", map[string]string{"status": "ENABLED"}).wantNotFound(t)
	m.patch(t, m.b.APIKey, path, map[string]string{"status": "TERMINATED"}).wantValidation(t, "status")
}

func TestDistribution_paymentProfilesAndSettlementConfiguration(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	r := m.get(t, m.b.APIKey, "/v2/distribution/payment-profiles")
	r.wantStatus(t, http.StatusOK)
	var list struct {
		Profiles []mockapi.PaymentProfile `json:"payment_profiles"`
	}
	r.decode(t, &list)
	var ids []string
	for _, p := range list.Profiles {
		ids = append(ids, p.PaymentProfileID)
	}
	if len(ids) == 0 || !slices.Equal(ids, m.b.PaymentProfileIDs) {
		t.Errorf("payment profiles %v, bootstrap lists %v", ids, m.b.PaymentProfileIDs)
	}
	r = m.get(t, m.b.APIKey, "/v2/distribution/settlement-configuration")
	r.wantStatus(t, http.StatusOK)
	var sc mockapi.SettlementConfiguration
	r.decode(t, &sc)
	if sc.Currency == "" || sc.PayoutSchedule == "" {
		t.Errorf("settlement configuration %+v", sc)
	}
}

func TestOptions_refuseANegativeOnboardingDelay(t *testing.T) {
	t.Parallel()
	if _, err := mockapi.New(mockapi.Options{OnboardingDelay: -time.Second}); err == nil {
		t.Fatal("New accepted a negative onboarding delay")
	}
}

// The client honours the mock's answer to a second payment product update within a second:
// it waits as Retry-After says and the update goes through.
func TestPaymentProduct_clientWaitsOutTheLimit(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	c := mocktest.Client(t, m.Running)
	ctx := t.Context()
	id := m.b.PartnerAccountIDs[0]
	if _, err := c.UpdatePaymentProduct(ctx, id, klarna.PaymentProductDisabled); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	p, err := c.UpdatePaymentProduct(ctx, id, klarna.PaymentProductEnabled)
	if err != nil {
		t.Fatalf("the second update within a second: %v", err)
	}
	if p.Status != klarna.PaymentProductEnabled {
		t.Errorf("status %s, want ENABLED", p.Status)
	}
	if waited := time.Since(start); waited < 500*time.Millisecond {
		t.Errorf("the second update took %s; the client did not wait for the API's limit", waited)
	}
	if n := m.Requests().ByRoute["PATCH /v2/accounts/{account_id}/products/payment"]; n != 3 {
		t.Errorf("%d payment product requests, want 3 (one refused with 429, then retried)", n)
	}
}

// The control plane's state shows what onboarding recorded, with the account's state.
func TestOnboarding_shownInTheMockState(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{OnboardingDelay: time.Hour})
	a := m.onboard(t, m.b.APIKey, "shop-7")
	var found *mockapi.PartnerAccount
	for _, st := range m.state(t) {
		if st.AccountID == a.AccountID {
			found = st.PartnerAccount
		}
		if st.AccountID == m.b.AccountID && st.PartnerAccount != nil {
			t.Errorf("the acquiring partner's own account shows as a partner account: %+v", st.PartnerAccount)
		}
	}
	if found == nil || found.Reference != "shop-7" || found.State != "PARTIALLY_OPERATIONAL" || len(found.Stores) != 2 {
		t.Fatalf("the state shows the onboarded account as %+v", found)
	}
}
