package mockapi

import (
	"fmt"
	"math"
	"net/http"
	"time"
)

// DefaultOnboardingDelay is how long an onboarded account stays PARTIALLY_OPERATIONAL
// before it becomes OPERATIONAL, on the mock clock; Klarna says "within seconds".
const DefaultOnboardingDelay = 3 * time.Second

// paymentProductUpdateInterval is the API's limit of one payment product update per
// account per second.
const paymentProductUpdateInterval = time.Second

// partnerAccount is what onboarding records about an account, besides its credentials.
type partnerAccount struct {
	reference   string
	name        string
	email       string
	onboardedAt time.Time
	entities    []PartnerBusinessEntity
	brands      []Brand
	stores      []Store
	product     PaymentProduct
	// productUpdatedAt is the mock clock's exact time of the last payment product update.
	productUpdatedAt time.Time
	// disabledByKlarna is Klarna Support's manual transition to DISABLED.
	disabledByKlarna bool
}

// state is the account's state at now: OPERATIONAL once the onboarding delay has passed.
func (s *Server) accountState(p *partnerAccount, now time.Time) string {
	switch {
	case p.disabledByKlarna:
		return accountDisabled
	case now.Before(p.onboardedAt.Add(s.opts.OnboardingDelay)):
		return accountPartiallyOperational
	default:
		return accountOperational
	}
}

func (s *Server) partnerAccountView(a *account, now time.Time) PartnerAccount {
	p := a.partner
	product := p.product
	product.PaymentAccounts = append([]PaymentAccount{}, product.PaymentAccounts...)
	return PartnerAccount{
		AccountID: a.id,
		Reference: p.reference,
		Name:      p.name,
		Contact:   partnerAccountContact{Email: p.email},
		State:     s.accountState(p, now),
		Entities:  append([]PartnerBusinessEntity{}, p.entities...),
		Products:  []PaymentProduct{product},
		Brands:    append([]Brand{}, p.brands...),
		Stores:    cloneStores(p.stores),
		CreatedAt: p.onboardedAt,
	}
}

func cloneStores(in []Store) []Store {
	out := make([]Store, 0, len(in))
	for _, st := range in {
		if st.URL != nil {
			u := *st.URL
			st.URL = &u
		}
		out = append(out, st)
	}
	return out
}

// seedPartner gives a partner account made at start the data onboarding would have given it.
func (s *Server) seedPartner(a *account, acquirer *account, n int, now time.Time) {
	p := &partnerAccount{
		reference:   fmt.Sprintf("bootstrap-partner-%d", n),
		name:        fmt.Sprintf("Bootstrap partner %d", n),
		email:       fmt.Sprintf("partner-%d@example.com", n),
		onboardedAt: now.Add(-s.opts.OnboardingDelay),
		product: PaymentProduct{Type: productTypePayment, PaymentProfileID: s.paymentProfiles[0].PaymentProfileID,
			Status: paymentProductEnabled, PaymentAccounts: []PaymentAccount{}},
	}
	a.partner = p
	acquirer.references[p.reference] = a.id
}

func (s *Server) paymentProfile(id string) bool {
	for _, p := range s.paymentProfiles {
		if p.PaymentProfileID == id {
			return true
		}
	}
	return false
}

// checkStores applies the rule the document cannot state: a WEBSITE store has a url, the
// others have none.
func checkStores(stores []Store) (reply, bool) {
	for i, st := range stores {
		hasURL := st.URL != nil && *st.URL != ""
		switch {
		case st.Type == storeWebsite && !hasURL:
			return validationError(fmt.Sprintf("stores[%d].url", i), "a WEBSITE store needs its url"), false
		case st.Type != storeWebsite && hasURL:
			return validationError(fmt.Sprintf("stores[%d].url", i), "only a WEBSITE store has a url"), false
		}
	}
	return reply{}, true
}

// checkUniqueReferences refuses a list naming one reference twice.
func checkUniqueReferences[T any](field string, items []T, ref func(T) string) (reply, bool) {
	seen := map[string]bool{}
	for i, it := range items {
		r := ref(it)
		if seen[r] {
			return validationError(fmt.Sprintf("%s[%d]", field, i), "the reference is given twice"), false
		}
		seen[r] = true
	}
	return reply{}, true
}

func checkAccountLists(entities []PartnerBusinessEntity, brands []Brand, stores []Store) (reply, bool) {
	if rep, ok := checkUniqueReferences("partner_business_entities", entities, func(e PartnerBusinessEntity) string { return e.BusinessEntityReference }); !ok {
		return rep, false
	}
	if rep, ok := checkUniqueReferences("brands", brands, func(b Brand) string { return b.BrandReference }); !ok {
		return rep, false
	}
	if rep, ok := checkUniqueReferences("stores", stores, func(s Store) string { return s.StoreReference }); !ok {
		return rep, false
	}
	return checkStores(stores)
}

func (s *Server) onboardPartnerAccount(c *reqCtx) reply {
	var req onboardRequest
	if rep, ok := decodeStrict(c.body, &req); !ok {
		return rep
	}
	if rep, ok := checkAccountLists(req.Entities, req.Brands, req.Stores); !ok {
		return rep
	}
	product := req.Products[0]
	if !s.paymentProfile(product.PaymentProfileID) {
		return validationError("products[0].payment_profile_id", "no such payment profile; listPaymentProfiles lists them")
	}
	if _, taken := c.caller.references[req.Reference]; taken {
		return conflict(codePartnerAccountReferenceInUse,
			fmt.Sprintf("a partner account was already onboarded under partner_account_reference %q", req.Reference))
	}
	a := s.addAccount(c.caller.id)
	a.partner = &partnerAccount{
		reference:   req.Reference,
		name:        req.Name,
		email:       req.Contact.Email,
		onboardedAt: c.now,
		entities:    append([]PartnerBusinessEntity{}, req.Entities...),
		brands:      append([]Brand{}, req.Brands...),
		stores:      cloneStores(req.Stores),
		product: PaymentProduct{Type: productTypePayment, PaymentProfileID: product.PaymentProfileID,
			Status: paymentProductEnabled, PaymentAccounts: append([]PaymentAccount{}, product.PaymentAccounts...)},
	}
	c.caller.references[req.Reference] = a.id
	return reply{status: http.StatusCreated, body: s.partnerAccountView(a, c.now)}
}

// partnerOf is the path's account as a partner account, or 404 for the caller's own.
func partnerOf(c *reqCtx) (*partnerAccount, reply, bool) {
	if c.target.partner == nil {
		return nil, notFound("partner account", c.target.id), false
	}
	return c.target.partner, reply{}, true
}

func (s *Server) getPartnerAccount(c *reqCtx) reply {
	if _, rep, ok := partnerOf(c); !ok {
		return rep
	}
	return reply{status: http.StatusOK, body: s.partnerAccountView(c.target, c.now)}
}

func (s *Server) updateAccount(c *reqCtx) reply {
	p, rep, ok := partnerOf(c)
	if !ok {
		return rep
	}
	var req updateAccountRequest
	if rep, ok := decodeStrict(c.body, &req); !ok {
		return rep
	}
	if rep, ok := checkAccountLists(req.Entities, req.Brands, req.Stores); !ok {
		return rep
	}
	for i, st := range req.Stores {
		for _, old := range p.stores {
			if old.StoreReference == st.StoreReference && old.Type != st.Type {
				return validationError(fmt.Sprintf("stores[%d].type", i), "a store's type cannot change")
			}
		}
	}
	if req.Name != nil {
		p.name = *req.Name
	}
	if req.Contact != nil {
		p.email = req.Contact.Email
	}
	p.entities = upsert(p.entities, req.Entities, func(e PartnerBusinessEntity) string { return e.BusinessEntityReference })
	p.brands = upsert(p.brands, req.Brands, func(b Brand) string { return b.BrandReference })
	p.stores = upsert(p.stores, cloneStores(req.Stores), func(s Store) string { return s.StoreReference })
	return reply{status: http.StatusOK, body: s.partnerAccountView(c.target, c.now)}
}

// upsert updates the items of have that changes names by reference and appends the others.
func upsert[T any](have, changes []T, ref func(T) string) []T {
	for _, ch := range changes {
		found := false
		for i := range have {
			if ref(have[i]) == ref(ch) {
				have[i], found = ch, true
				break
			}
		}
		if !found {
			have = append(have, ch)
		}
	}
	return have
}

func (s *Server) updatePaymentProduct(c *reqCtx) reply {
	p, rep, ok := partnerOf(c)
	if !ok {
		return rep
	}
	var req updatePaymentProductRequest
	if rep, ok := decodeStrict(c.body, &req); !ok {
		return rep
	}
	if p.product.Status == paymentProductTerminated {
		return conflict(codePaymentProductTerminated, "Klarna terminated this payment product; it cannot be changed through the API")
	}
	exact := s.clock.Now()
	if wait := p.productUpdatedAt.Add(paymentProductUpdateInterval).Sub(exact); !p.productUpdatedAt.IsZero() && wait > 0 {
		rep := apiError(http.StatusTooManyRequests, errorTypeTechnical, codeRateLimited,
			"at most one payment product update per account per second")
		rep.retryAfter = max(1, int(math.Ceil(wait.Seconds())))
		return rep
	}
	p.product.Status = req.Status
	p.productUpdatedAt = exact
	product := p.product
	product.PaymentAccounts = append([]PaymentAccount{}, product.PaymentAccounts...)
	return reply{status: http.StatusOK, body: product}
}

func (s *Server) resolvePartnerAccountID(c *reqCtx) reply {
	ref := c.r.URL.Query().Get("partner_account_reference")
	id, ok := c.caller.references[ref]
	if !ok {
		return notFound("partner account with reference", ref)
	}
	return reply{status: http.StatusOK, body: resolvedPartnerAccountID{AccountID: id}}
}

func (s *Server) listPaymentProfiles(_ *reqCtx) reply {
	return reply{status: http.StatusOK, body: paymentProfileList{PaymentProfiles: append([]PaymentProfile{}, s.paymentProfiles...)}}
}

func (s *Server) getSettlementConfiguration(_ *reqCtx) reply {
	return reply{status: http.StatusOK, body: s.settlement}
}
