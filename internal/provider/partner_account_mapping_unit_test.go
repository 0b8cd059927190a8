package provider

import (
	"reflect"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

const (
	mappedPartnerID      = "krn:partner:global:account:test:AB12CD34"
	mappedPaymentProfile = "7f3c9b1e-2a4d-4e8f-9c6b-5d1a0e3f7b29"
)

func entitySetOf(t *testing.T, es ...businessEntityModel) types.Set {
	t.Helper()
	s, diags := types.SetValueFrom(t.Context(), businessEntityType, append([]businessEntityModel{}, es...))
	if diags.HasError() {
		t.Fatal(diags)
	}
	return s
}

func brandSetOf(t *testing.T, bs ...brandModel) types.Set {
	t.Helper()
	s, diags := types.SetValueFrom(t.Context(), brandType, append([]brandModel{}, bs...))
	if diags.HasError() {
		t.Fatal(diags)
	}
	return s
}

func storeSetOf(t *testing.T, ss ...storeModel) types.Set {
	t.Helper()
	s, diags := types.SetValueFrom(t.Context(), storeType, append([]storeModel{}, ss...))
	if diags.HasError() {
		t.Fatal(diags)
	}
	return s
}

func mappedEntity(ref, legalName, country string) businessEntityModel {
	return businessEntityModel{Reference: types.StringValue(ref), LegalName: types.StringValue(legalName), Country: types.StringValue(country)}
}

func mappedBrand(ref, name string) brandModel {
	return brandModel{Reference: types.StringValue(ref), Name: types.StringValue(name)}
}

func mappedStore(ref, typ, name string, url types.String) storeModel {
	return storeModel{Reference: types.StringValue(ref), Type: types.StringValue(typ), Name: types.StringValue(name), URL: url}
}

// partnerAccountFixture is a partner account as the API reports it, with every field set.
func partnerAccountFixture() klarna.PartnerAccount {
	return klarna.PartnerAccount{
		AccountID: mappedPartnerID, Reference: "shop-42", Name: "Shop 42", Contact: klarna.PartnerAccountContact{Email: "ops@shop42.example"},
		State: klarna.AccountStateOperational,
		Entities: []klarna.PartnerBusinessEntity{
			{BusinessEntityReference: "se-ab", LegalName: "Shop 42 AB", Country: "SE"},
			{BusinessEntityReference: "de-gmbh", LegalName: "Shop 42 GmbH", Country: "DE"},
		},
		Products: []klarna.PaymentProduct{{Type: klarna.ProductTypePayment, PaymentProfileID: mappedPaymentProfile, Status: klarna.PaymentProductEnabled,
			PaymentAccounts: []klarna.PaymentAccount{{PaymentAccountReference: "pa-1", MerchantCategoryCode: "5732"}}}},
		Brands: []klarna.Brand{{BrandReference: "b-1", Name: "Shop 42"}},
		Stores: []klarna.Store{
			{StoreReference: "web", Type: klarna.StoreTypeWebsite, Name: "Web shop", URL: new("https://shop42.example")},
			{StoreReference: "hq", Type: klarna.StoreTypePhysicalStore, Name: "Flagship"},
		},
		CreatedAt: time.Date(2026, 11, 22, 8, 45, 0, 0, time.FixedZone("CET", 3600)),
	}
}

func TestPartnerAccountResourceModel_setFromAPI(t *testing.T) {
	t.Parallel()
	// The input the API never returns, which setFromAPI must leave as it is.
	configured := timeouts.Value{Object: types.ObjectValueMust(
		map[string]attr.Type{"create": types.StringType}, map[string]attr.Value{"create": types.StringValue("10m")})}
	mapped := func(t *testing.T) partnerAccountResourceModel {
		return partnerAccountResourceModel{
			ID: types.StringValue(mappedPartnerID), Reference: types.StringValue("shop-42"), Name: types.StringValue("Shop 42"),
			ContactEmail: types.StringValue("ops@shop42.example"), PaymentProfileID: types.StringValue(mappedPaymentProfile),
			PaymentEnabled:   types.BoolValue(true),
			BusinessEntities: entitySetOf(t, mappedEntity("se-ab", "Shop 42 AB", "SE"), mappedEntity("de-gmbh", "Shop 42 GmbH", "DE")),
			Brands:           brandSetOf(t, mappedBrand("b-1", "Shop 42")),
			Stores: storeSetOf(t, mappedStore("web", "WEBSITE", "Web shop", types.StringValue("https://shop42.example")),
				mappedStore("hq", "PHYSICAL_STORE", "Flagship", types.StringNull())),
			State:    types.StringValue("OPERATIONAL"),
			Timeouts: configured,
		}
	}
	for _, tc := range []struct {
		name string
		api  func(a *klarna.PartnerAccount)
		want func(t *testing.T, m *partnerAccountResourceModel)
	}{
		{name: "every attribute; a store without a URL has a null url"},
		{
			name: "a disabled payment product keeps its profile",
			api:  func(a *klarna.PartnerAccount) { a.Products[0].Status = klarna.PaymentProductDisabled },
			want: func(_ *testing.T, m *partnerAccountResourceModel) { m.PaymentEnabled = types.BoolValue(false) },
		},
		{
			name: "a payment product in a status the provider does not know is not enabled",
			api:  func(a *klarna.PartnerAccount) { a.Products[0].Status = "SUSPENDED" },
			want: func(_ *testing.T, m *partnerAccountResourceModel) { m.PaymentEnabled = types.BoolValue(false) },
		},
		{
			name: "no payment product: a null profile and payment disabled",
			api:  func(a *klarna.PartnerAccount) { a.Products = nil },
			want: func(_ *testing.T, m *partnerAccountResourceModel) {
				m.PaymentProfileID, m.PaymentEnabled = types.StringNull(), types.BoolValue(false)
			},
		},
		{
			name: "only a product of another type counts as none",
			api: func(a *klarna.PartnerAccount) {
				a.Products = []klarna.PaymentProduct{{Type: "CHECKOUT", PaymentProfileID: "other", Status: klarna.PaymentProductEnabled}}
			},
			want: func(_ *testing.T, m *partnerAccountResourceModel) {
				m.PaymentProfileID, m.PaymentEnabled = types.StringNull(), types.BoolValue(false)
			},
		},
		{
			name: "the payment product found among others",
			api: func(a *klarna.PartnerAccount) {
				a.Products = append([]klarna.PaymentProduct{{Type: "CHECKOUT", PaymentProfileID: "other", Status: klarna.PaymentProductDisabled}}, a.Products...)
			},
			want: func(*testing.T, *partnerAccountResourceModel) {},
		},
		{
			name: "lists the API omits are empty sets, not null",
			api:  func(a *klarna.PartnerAccount) { a.Entities, a.Brands, a.Stores = nil, nil, nil },
			want: func(t *testing.T, m *partnerAccountResourceModel) {
				m.BusinessEntities, m.Brands, m.Stores = entitySetOf(t), brandSetOf(t), storeSetOf(t)
			},
		},
		{
			name: "empty lists are empty sets",
			api: func(a *klarna.PartnerAccount) {
				a.Entities, a.Brands, a.Stores = []klarna.PartnerBusinessEntity{}, []klarna.Brand{}, []klarna.Store{}
			},
			want: func(t *testing.T, m *partnerAccountResourceModel) {
				m.BusinessEntities, m.Brands, m.Stores = entitySetOf(t), brandSetOf(t), storeSetOf(t)
			},
		},
		{
			name: "a state right after onboarding",
			api:  func(a *klarna.PartnerAccount) { a.State = klarna.AccountStatePartiallyOperational },
			want: func(_ *testing.T, m *partnerAccountResourceModel) {
				m.State = types.StringValue("PARTIALLY_OPERATIONAL")
			},
		},
		{
			name: "a state the provider does not know is kept as the API says it",
			api:  func(a *klarna.PartnerAccount) { a.State = "ARCHIVED" },
			want: func(_ *testing.T, m *partnerAccountResourceModel) { m.State = types.StringValue("ARCHIVED") },
		},
		{
			name: "an empty name and contact stay empty strings",
			api:  func(a *klarna.PartnerAccount) { a.Name, a.Contact.Email = "", "" },
			want: func(_ *testing.T, m *partnerAccountResourceModel) {
				m.Name, m.ContactEmail = types.StringValue(""), types.StringValue("")
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := partnerAccountFixture()
			if tc.api != nil {
				tc.api(&a)
			}
			want := mapped(t)
			if tc.want != nil {
				tc.want(t, &want)
			}
			got := partnerAccountResourceModel{Timeouts: configured}
			if diags := got.setFromAPI(t.Context(), &a); diags.HasError() {
				t.Fatalf("setFromAPI: %v", diags)
			}
			checkFields(t, got, want)
		})
	}
}

// partnerAccountPlan is a configuration of every attribute, as the plan holds it.
func partnerAccountPlan(t *testing.T) partnerAccountResourceModel {
	t.Helper()
	return partnerAccountResourceModel{
		ID: types.StringUnknown(), Reference: types.StringValue("shop-42"), Name: types.StringValue("Shop 42"),
		ContactEmail: types.StringValue("ops@shop42.example"), PaymentProfileID: types.StringValue(mappedPaymentProfile),
		PaymentEnabled:   types.BoolValue(true),
		BusinessEntities: entitySetOf(t, mappedEntity("se-ab", "Shop 42 AB", "SE"), mappedEntity("de-gmbh", "Shop 42 GmbH", "DE")),
		Brands:           brandSetOf(t, mappedBrand("b-2", "Shop 42 Outlet"), mappedBrand("b-1", "Shop 42")),
		Stores: storeSetOf(t, mappedStore("web", "WEBSITE", "Web shop", types.StringValue("https://shop42.example")),
			mappedStore("hq", "PHYSICAL_STORE", "Flagship", types.StringNull())),
		State: types.StringUnknown(),
	}
}

func TestPartnerAccountResourceModel_toOnboardRequest(t *testing.T) {
	t.Parallel()
	every := klarna.OnboardRequest{
		Reference: "shop-42", Name: "Shop 42", Contact: klarna.PartnerAccountContact{Email: "ops@shop42.example"},
		Products: []klarna.OnboardProduct{{Type: "PAYMENT", PaymentProfileID: mappedPaymentProfile}},
		// Sorted by reference, whatever the order of the sets.
		Entities: []klarna.PartnerBusinessEntity{
			{BusinessEntityReference: "de-gmbh", LegalName: "Shop 42 GmbH", Country: "DE"},
			{BusinessEntityReference: "se-ab", LegalName: "Shop 42 AB", Country: "SE"},
		},
		Brands: []klarna.Brand{{BrandReference: "b-1", Name: "Shop 42"}, {BrandReference: "b-2", Name: "Shop 42 Outlet"}},
		Stores: []klarna.Store{
			{StoreReference: "hq", Type: "PHYSICAL_STORE", Name: "Flagship"},
			{StoreReference: "web", Type: "WEBSITE", Name: "Web shop", URL: new("https://shop42.example")},
		},
	}
	for _, tc := range []struct {
		name string
		plan func(t *testing.T, m *partnerAccountResourceModel)
		want func(r *klarna.OnboardRequest)
	}{
		{name: "every attribute; a null url is sent as none"},
		{
			name: "empty sets send no entities, brands or stores",
			plan: func(t *testing.T, m *partnerAccountResourceModel) {
				m.BusinessEntities, m.Brands, m.Stores = entitySetOf(t), brandSetOf(t), storeSetOf(t)
			},
			want: func(r *klarna.OnboardRequest) { r.Entities, r.Brands, r.Stores = nil, nil, nil },
		},
		{
			name: "payment_enabled does not go into the onboarding",
			plan: func(_ *testing.T, m *partnerAccountResourceModel) { m.PaymentEnabled = types.BoolValue(false) },
		},
		{
			name: "an empty url is sent as an empty url",
			plan: func(t *testing.T, m *partnerAccountResourceModel) {
				m.Stores = storeSetOf(t, mappedStore("web", "WEBSITE", "Web shop", types.StringValue("")))
			},
			want: func(r *klarna.OnboardRequest) {
				r.Stores = []klarna.Store{{StoreReference: "web", Type: "WEBSITE", Name: "Web shop", URL: new("")}}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := partnerAccountPlan(t)
			if tc.plan != nil {
				tc.plan(t, &m)
			}
			want := every
			if tc.want != nil {
				tc.want(&want)
			}
			got, diags := m.toOnboardRequest(t.Context())
			if diags.HasError() {
				t.Fatalf("toOnboardRequest: %v", diags)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("toOnboardRequest =\n%s\nwant\n%s", asJSON(got), asJSON(want))
			}
		})
	}
}

func TestPartnerAccountResourceModel_toUpdateRequest(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		plan func(t *testing.T, m *partnerAccountResourceModel)
		want klarna.UpdateAccountRequest
	}{
		{name: "no change sends nothing"},
		{
			name: "payment_enabled and the payment profile are not account fields",
			plan: func(_ *testing.T, m *partnerAccountResourceModel) {
				m.PaymentEnabled, m.PaymentProfileID = types.BoolValue(false), types.StringValue("other")
			},
		},
		{
			name: "a new name",
			plan: func(_ *testing.T, m *partnerAccountResourceModel) { m.Name = types.StringValue("Shop 42 Ltd") },
			want: klarna.UpdateAccountRequest{Name: new("Shop 42 Ltd")},
		},
		{
			name: "a new contact",
			plan: func(_ *testing.T, m *partnerAccountResourceModel) {
				m.ContactEmail = types.StringValue("finance@shop42.example")
			},
			want: klarna.UpdateAccountRequest{Contact: &klarna.PartnerAccountContact{Email: "finance@shop42.example"}},
		},
		{
			name: "a new entity and a changed one are sent, the others not",
			plan: func(t *testing.T, m *partnerAccountResourceModel) {
				m.BusinessEntities = entitySetOf(t, mappedEntity("se-ab", "Shop 42 Sverige AB", "SE"), mappedEntity("de-gmbh", "Shop 42 GmbH", "DE"),
					mappedEntity("no-as", "Shop 42 AS", "NO"))
			},
			want: klarna.UpdateAccountRequest{Entities: []klarna.PartnerBusinessEntity{
				{BusinessEntityReference: "no-as", LegalName: "Shop 42 AS", Country: "NO"},
				{BusinessEntityReference: "se-ab", LegalName: "Shop 42 Sverige AB", Country: "SE"},
			}},
		},
		{
			name: "an entity's country alone",
			plan: func(t *testing.T, m *partnerAccountResourceModel) {
				m.BusinessEntities = entitySetOf(t, mappedEntity("se-ab", "Shop 42 AB", "FI"), mappedEntity("de-gmbh", "Shop 42 GmbH", "DE"))
			},
			want: klarna.UpdateAccountRequest{Entities: []klarna.PartnerBusinessEntity{{BusinessEntityReference: "se-ab", LegalName: "Shop 42 AB", Country: "FI"}}},
		},
		{
			name: "a removed entity is not sent: the API never deletes one",
			plan: func(t *testing.T, m *partnerAccountResourceModel) {
				m.BusinessEntities = entitySetOf(t, mappedEntity("de-gmbh", "Shop 42 GmbH", "DE"))
			},
		},
		{
			name: "a renamed brand",
			plan: func(t *testing.T, m *partnerAccountResourceModel) {
				m.Brands = brandSetOf(t, mappedBrand("b-2", "Shop 42 Outlet"), mappedBrand("b-1", "Shop Forty-Two"))
			},
			want: klarna.UpdateAccountRequest{Brands: []klarna.Brand{{BrandReference: "b-1", Name: "Shop Forty-Two"}}},
		},
		{
			name: "a store's new url",
			plan: func(t *testing.T, m *partnerAccountResourceModel) {
				m.Stores = storeSetOf(t, mappedStore("web", "WEBSITE", "Web shop", types.StringValue("https://www.shop42.example")),
					mappedStore("hq", "PHYSICAL_STORE", "Flagship", types.StringNull()))
			},
			want: klarna.UpdateAccountRequest{Stores: []klarna.Store{
				{StoreReference: "web", Type: "WEBSITE", Name: "Web shop", URL: new("https://www.shop42.example")},
			}},
		},
		{
			name: "a store that gains a url",
			plan: func(t *testing.T, m *partnerAccountResourceModel) {
				m.Stores = storeSetOf(t, mappedStore("web", "WEBSITE", "Web shop", types.StringValue("https://shop42.example")),
					mappedStore("hq", "WEBSITE", "Flagship", types.StringValue("https://hq.shop42.example")))
			},
			want: klarna.UpdateAccountRequest{Stores: []klarna.Store{
				{StoreReference: "hq", Type: "WEBSITE", Name: "Flagship", URL: new("https://hq.shop42.example")},
			}},
		},
		{
			name: "a website that becomes an app loses its url",
			plan: func(t *testing.T, m *partnerAccountResourceModel) {
				m.Stores = storeSetOf(t, mappedStore("web", "MOBILE_APP", "Web shop", types.StringNull()),
					mappedStore("hq", "PHYSICAL_STORE", "Flagship", types.StringNull()))
			},
			want: klarna.UpdateAccountRequest{Stores: []klarna.Store{{StoreReference: "web", Type: "MOBILE_APP", Name: "Web shop"}}},
		},
		{
			name: "a store's new name",
			plan: func(t *testing.T, m *partnerAccountResourceModel) {
				m.Stores = storeSetOf(t, mappedStore("web", "WEBSITE", "Web shop", types.StringValue("https://shop42.example")),
					mappedStore("hq", "PHYSICAL_STORE", "Flagship Store", types.StringNull()))
			},
			want: klarna.UpdateAccountRequest{Stores: []klarna.Store{{StoreReference: "hq", Type: "PHYSICAL_STORE", Name: "Flagship Store"}}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			state := partnerAccountPlan(t)
			state.ID, state.State = types.StringValue(mappedPartnerID), types.StringValue("OPERATIONAL")
			plan := state
			if tc.plan != nil {
				tc.plan(t, &plan)
			}
			got, diags := plan.toUpdateRequest(t.Context(), state)
			if diags.HasError() {
				t.Fatalf("toUpdateRequest: %v", diags)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("toUpdateRequest =\n%s\nwant\n%s", asJSON(got), asJSON(tc.want))
			}
			if empty := tc.want.Name == nil && tc.want.Contact == nil && tc.want.Entities == nil && tc.want.Brands == nil &&
				tc.want.Stores == nil; updateIsEmpty(got) != empty {
				t.Errorf("updateIsEmpty(%s) = %t, want %t", asJSON(got), updateIsEmpty(got), empty)
			}
		})
	}
}

func TestPaymentStatus_enum(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		enabled bool
		want    string
	}{{true, "ENABLED"}, {false, "DISABLED"}} {
		if got := paymentStatus(tc.enabled); got != tc.want {
			t.Errorf("paymentStatus(%t) = %q, want %q", tc.enabled, got, tc.want)
		}
	}
}

func TestPartnerAccountDataSource_readMapsTheAccount(t *testing.T) {
	t.Parallel()
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	for _, tc := range []struct {
		name   string
		config map[string]tftypes.Value
		api    func(a *klarna.PartnerAccount)
		want   func(t *testing.T, m *partnerAccountDataSourceModel)
	}{
		{name: "by ID, every attribute", config: map[string]tftypes.Value{"id": str(mappedPartnerID)}},
		{name: "by reference", config: map[string]tftypes.Value{"reference": str("shop-42")}},
		{
			name:   "no payment product, no entities, brands or stores",
			config: map[string]tftypes.Value{"id": str(mappedPartnerID)},
			api:    func(a *klarna.PartnerAccount) { a.Products, a.Entities, a.Brands, a.Stores = nil, nil, nil, nil },
			want: func(t *testing.T, m *partnerAccountDataSourceModel) {
				m.PaymentProfileID, m.PaymentEnabled = types.StringNull(), types.BoolValue(false)
				m.BusinessEntities, m.Brands, m.Stores = entitySetOf(t), brandSetOf(t), storeSetOf(t)
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := partnerAccountFixture()
			if tc.api != nil {
				tc.api(&a)
			}
			ds := &partnerAccountDataSource{data: cannedData(t, cannedAPI{
				"/v2/accounts/" + mappedPartnerID:             a,
				"/v2/distribution/resolve/partner-account-id": klarna.ResolvedPartnerAccountID{AccountID: mappedPartnerID},
			})}
			var got partnerAccountDataSourceModel
			if diags := readDataSource(t, ds, tc.config).Get(t.Context(), &got); diags.HasError() {
				t.Fatal(diags)
			}
			want := partnerAccountDataSourceModel{
				ID: types.StringValue(mappedPartnerID), Reference: types.StringValue("shop-42"), Name: types.StringValue("Shop 42"),
				ContactEmail: types.StringValue("ops@shop42.example"), PaymentProfileID: types.StringValue(mappedPaymentProfile),
				PaymentEnabled:   types.BoolValue(true),
				BusinessEntities: entitySetOf(t, mappedEntity("se-ab", "Shop 42 AB", "SE"), mappedEntity("de-gmbh", "Shop 42 GmbH", "DE")),
				Brands:           brandSetOf(t, mappedBrand("b-1", "Shop 42")),
				Stores: storeSetOf(t, mappedStore("web", "WEBSITE", "Web shop", types.StringValue("https://shop42.example")),
					mappedStore("hq", "PHYSICAL_STORE", "Flagship", types.StringNull())),
				State: types.StringValue("OPERATIONAL"),
			}
			if tc.want != nil {
				tc.want(t, &want)
			}
			checkFields(t, got, want)
		})
	}
}
