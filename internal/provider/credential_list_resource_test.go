package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

// queryVersions are the CLIs that run terraform query.
var queryVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// mustCreateKey makes an API key through the API, as a person in the portal would.
func (e *accEnv) mustCreateKey(accountID, description string) string {
	e.t.Helper()
	k, err := e.client.CreateAPIKey(e.t.Context(), accountID, klarna.CreateAPIKeyRequest{Description: description})
	if err != nil {
		e.t.Fatal(err)
	}
	return k.CredentialID
}

// queryStep is a query of the given list blocks; the provider is configured by the
// configuration of the step before.
func queryStep(lists string, checks ...querycheck.QueryResultCheck) resource.TestStep {
	return resource.TestStep{Query: true, Config: lists, QueryResultChecks: checks}
}

// credentialIdentity is the identity check of a listed credential.
func credentialIdentityOf(accountID, id string) map[string]knownvalue.Check {
	return map[string]knownvalue.Check{"account_id": knownvalue.StringExact(accountID), "id": knownvalue.StringExact(id)}
}

func TestAccAPIKeyListResource_findsHandMadeKeysAcrossAccounts(t *testing.T) {
	e := newAccEnv(t)
	first, second := e.partner(0), e.partner(1)
	backend := e.mustCreateKey(first, "checkout backend")
	batch := e.mustCreateKey(first, "nightly batch")
	storefront := e.mustCreateKey(second, "storefront")
	ops := e.mustCreateKey("", "own ops")
	e.mustCreateKey(e.partner(2), "not searched")
	if err := e.mock.DisableCredential(batch, apirules.DisabledInactivity); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryVersions,
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: e.config(`data "klarna_account" "own" {}`)},
			queryStep(fmt.Sprintf(`
list "klarna_api_key" "first" {
  provider         = klarna
  include_resource = true
  config {
    account_id = %[1]q
  }
}
list "klarna_api_key" "second" {
  provider = klarna
  config {
    account_id = %[2]q
  }
}
list "klarna_api_key" "own" {
  provider = klarna
  config {
    description_regex = "^own "
  }
}
list "klarna_api_key" "first_disabled" {
  provider = klarna
  config {
    account_id = %[1]q
    status     = "DISABLED"
  }
}
list "klarna_api_key" "first_checkout" {
  provider = klarna
  config {
    account_id        = %[1]q
    description_regex = "^checkout"
  }
}
`, first, second),
				querycheck.ExpectLength("klarna_api_key.first", 2),
				querycheck.ExpectIdentity("klarna_api_key.first", credentialIdentityOf(first, backend)),
				querycheck.ExpectIdentity("klarna_api_key.first", credentialIdentityOf(first, batch)),
				querycheck.ExpectResourceDisplayName("klarna_api_key.first",
					queryfilter.ByResourceIdentity(credentialIdentityOf(first, backend)), knownvalue.StringExact("checkout backend ("+backend+")")),
				querycheck.ExpectResourceKnownValues("klarna_api_key.first", queryfilter.ByResourceIdentity(credentialIdentityOf(first, batch)),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(batch)},
						{Path: tfjsonpath.New("account_id"), KnownValue: knownvalue.StringExact(first)},
						{Path: tfjsonpath.New("description"), KnownValue: knownvalue.StringExact("nightly batch")},
						{Path: tfjsonpath.New("enabled"), KnownValue: knownvalue.Bool(false)},
						{Path: tfjsonpath.New("disabled_reason"), KnownValue: knownvalue.StringExact(apirules.DisabledInactivity)},
						{Path: tfjsonpath.New("api_key"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("keepers"), KnownValue: knownvalue.Null()},
					}),
				querycheck.ExpectLength("klarna_api_key.second", 1),
				querycheck.ExpectIdentity("klarna_api_key.second", credentialIdentityOf(second, storefront)),
				querycheck.ExpectLength("klarna_api_key.own", 1),
				querycheck.ExpectIdentity("klarna_api_key.own", credentialIdentityOf(e.boot.AccountID, ops)),
				querycheck.ExpectLength("klarna_api_key.first_disabled", 1),
				querycheck.ExpectIdentity("klarna_api_key.first_disabled", credentialIdentityOf(first, batch)),
				querycheck.ExpectLength("klarna_api_key.first_checkout", 1),
				querycheck.ExpectIdentity("klarna_api_key.first_checkout", credentialIdentityOf(first, backend)),
			),
		},
	})
}

func TestAccClientIDListResource_findsHandMadeClientIDs(t *testing.T) {
	e := newAccEnv(t)
	partner := e.partner(0)
	made, err := e.client.CreateClientID(t.Context(), partner, klarna.CreateClientIDRequest{
		Description: "storefront", AllowedOrigins: []string{"https://shop.example.com"},
	})
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryVersions,
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: e.config(`data "klarna_account" "own" {}`)},
			queryStep(fmt.Sprintf(`
list "klarna_client_id" "partner" {
  provider         = klarna
  include_resource = true
  config {
    account_id = %q
    status     = "ENABLED"
  }
}
`, partner),
				querycheck.ExpectLength("klarna_client_id.partner", 1),
				querycheck.ExpectResourceDisplayName("klarna_client_id.partner",
					queryfilter.ByResourceIdentity(credentialIdentityOf(partner, made.CredentialID)),
					knownvalue.StringExact("storefront ("+made.CredentialID+")")),
				querycheck.ExpectResourceKnownValues("klarna_client_id.partner",
					queryfilter.ByResourceIdentity(credentialIdentityOf(partner, made.CredentialID)),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("client_id"), KnownValue: knownvalue.StringExact(made.ClientID)},
						{Path: tfjsonpath.New("allowed_origins"), KnownValue: knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("https://shop.example.com")})},
						{Path: tfjsonpath.New("enabled"), KnownValue: knownvalue.Bool(true)},
					}),
			),
		},
	})
}

func TestAccClientCertificateListResource_findsActiveCertificatesByUsage(t *testing.T) {
	e := newAccEnv(t)
	signing := e.issueOwn(apirules.UsageJWTSigning)
	api := e.issueOwn(apirules.UsageAPI)
	revoked := e.issueOwn(apirules.UsageAPI)
	if err := e.client.RevokeClientCertificate(t.Context(), "", revoked.id); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryVersions,
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: e.config(`data "klarna_account" "own" {}`)},
			queryStep(`
list "klarna_client_certificate" "active" {
  provider         = klarna
  include_resource = true
}
list "klarna_client_certificate" "api" {
  provider = klarna
  config {
    usage = "API"
  }
}
list "klarna_client_certificate" "revoked" {
  provider = klarna
  config {
    status = "REVOKED"
  }
}
`,
				querycheck.ExpectLength("klarna_client_certificate.active", 2),
				querycheck.ExpectIdentity("klarna_client_certificate.active", credentialIdentityOf(e.boot.AccountID, signing.id)),
				querycheck.ExpectIdentity("klarna_client_certificate.active", credentialIdentityOf(e.boot.AccountID, api.id)),
				querycheck.ExpectResourceKnownValues("klarna_client_certificate.active",
					queryfilter.ByResourceIdentity(credentialIdentityOf(e.boot.AccountID, signing.id)),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("usage"), KnownValue: knownvalue.StringExact(apirules.UsageJWTSigning)},
						{Path: tfjsonpath.New("certificate_pem"), KnownValue: knownvalue.StringExact(signing.certPEM)},
						{Path: tfjsonpath.New("csr_pem"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("early_renewal_days"), KnownValue: knownvalue.Int64Exact(defaultEarlyRenewalDays)},
						{Path: tfjsonpath.New("allow_lockout"), KnownValue: knownvalue.Bool(false)},
						{Path: tfjsonpath.New("ready_for_renewal"), KnownValue: knownvalue.Bool(false)},
					}),
				querycheck.ExpectLength("klarna_client_certificate.api", 1),
				querycheck.ExpectIdentity("klarna_client_certificate.api", credentialIdentityOf(e.boot.AccountID, api.id)),
				querycheck.ExpectLength("klarna_client_certificate.revoked", 1),
				querycheck.ExpectIdentity("klarna_client_certificate.revoked", credentialIdentityOf(e.boot.AccountID, revoked.id)),
			),
		},
	})
}

func TestAccPortalUserListResource_findsGrantsTheProviderMade(t *testing.T) {
	e := newAccEnv(t)
	s := e.issueOwn(apirules.UsageJWTSigning)
	first, second := e.partner(0), e.partner(1)
	e.grantByHand(s, "Alice@Example.com", first, "merchant:admin")
	e.grantByHand(s, "bob@example.com", first, "merchant:agent")
	e.grantByHand(s, "alice@example.com", second, "merchant:developer")
	grant := func(accountID, email string) map[string]knownvalue.Check {
		return map[string]knownvalue.Check{
			"account_id": knownvalue.StringExact(accountID), "on_behalf_of": knownvalue.StringExact(accountID),
			"email": knownvalue.StringExact(email),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryVersions,
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{Config: e.config(`data "klarna_account" "own" {}`)},
			queryStep(fmt.Sprintf(`
list "klarna_portal_user" "all" {
  provider         = klarna
  include_resource = true
}
list "klarna_portal_user" "first" {
  provider = klarna
  config {
    account_id = %q
  }
}
list "klarna_portal_user" "alice" {
  provider = klarna
  config {
    email  = "ALICE@example.com"
    status = "INVITED"
  }
}
`, first),
				querycheck.ExpectLength("klarna_portal_user.all", 3),
				querycheck.ExpectResourceDisplayName("klarna_portal_user.all", queryfilter.ByResourceIdentity(grant(second, "alice@example.com")),
					knownvalue.StringExact("alice@example.com ("+second+"/"+second+"/alice@example.com)")),
				querycheck.ExpectResourceKnownValues("klarna_portal_user.all", queryfilter.ByResourceIdentity(grant(first, "bob@example.com")),
					[]querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("roles"), KnownValue: knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("merchant:agent")})},
						{Path: tfjsonpath.New("signing_certificate_pem"), KnownValue: knownvalue.Null()},
						{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact(klarna.UserAccessInvited)},
					}),
				querycheck.ExpectLength("klarna_portal_user.first", 2),
				querycheck.ExpectIdentity("klarna_portal_user.first", grant(first, "alice@example.com")),
				querycheck.ExpectIdentity("klarna_portal_user.first", grant(first, "bob@example.com")),
				querycheck.ExpectLength("klarna_portal_user.alice", 2),
				querycheck.ExpectIdentity("klarna_portal_user.alice", grant(second, "alice@example.com")),
			),
		},
	})
}

// Bad list filters fail the query with an error that names the attribute, before any list
// request reaches the API.
func TestAccAPIKeyListResource_refusesBadFilters(t *testing.T) {
	e := newAccEnv(t)
	steps := []resource.TestStep{{Config: e.config(`data "klarna_account" "own" {}`)}}
	for _, tc := range []struct {
		config string
		want   []string
	}{
		{`account_id = "LYABCDEI"`, []string{"Invalid account ID", "account_id"}},
		{`account_id = ""`, []string{"Invalid account ID", "account_id"}},
		{`account_id = "krn:partner:global:account:live:LYABCDEI"`, []string{"Account ID of the wrong environment", "account_id", "live"}},
		{`status = "ACTIVE"`, []string{"Invalid Attribute Value Match", "status", `["ENABLED" "DISABLED"]`}},
		{`status = ""`, []string{"Invalid Attribute Value Match", "status"}},
		{`description_regex = ""`, []string{"description_regex", "at least 1"}},
		{`description_regex = "("`, []string{"Invalid regular expression", "description_regex"}},
		{`colour = "red"`, []string{"Unsupported argument", "colour"}},
	} {
		steps = append(steps, resource.TestStep{
			Query:       true,
			Config:      "list \"klarna_api_key\" \"bad\" {\n  provider = klarna\n  config {\n    " + tc.config + "\n  }\n}\n",
			ExpectError: errorRegexp(tc.want...),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryVersions,
		ProtoV6ProviderFactories: e.factories(),
		Steps:                    steps,
	})
	if n := e.mock.Requests().ByRoute["GET /v2/accounts/{account_id}/credentials/api-keys"] +
		e.mock.Requests().ByRoute["GET /v2/account/credentials/api-keys"]; n != 0 {
		t.Fatalf("a refused filter reached the API: %d list requests", n)
	}
}

// listRefusal is a list block's config that the query must refuse with the diagnostics in want.
type listRefusal struct {
	config string
	want   []string
}

// testListRefusals queries the list with each config, against e's mock, and expects its error.
func testListRefusals(t *testing.T, e *accEnv, list string, cases []listRefusal) {
	t.Helper()
	steps := []resource.TestStep{{Config: e.config(`data "klarna_account" "own" {}`)}}
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{
			Query:       true,
			Config:      fmt.Sprintf("list %q \"bad\" {\n  provider = klarna\n  config {\n    %s\n  }\n}\n", list, tc.config),
			ExpectError: errorRegexp(tc.want...),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryVersions,
		ProtoV6ProviderFactories: e.factories(),
		Steps:                    steps,
	})
}

// A list of an account not onboarded through the provider's account fails with the API's
// refusal, and bad filters are refused before any API call.
func TestAccAPIKeyListResource_refusesForeignAccounts(t *testing.T) {
	e := newAccEnv(t)
	foreign := e.boot.ForeignAccountIDs[0]
	testListRefusals(t, e, "klarna_api_key", []listRefusal{
		{fmt.Sprintf("account_id = %q", foreign), []string{"Unable to list API keys", foreign, "FORBIDDEN"}},
	})
}

func TestAccClientIDListResource_refusesForeignAccountsAndBadFilters(t *testing.T) {
	e := newAccEnv(t)
	foreign := e.boot.ForeignAccountIDs[0]
	testListRefusals(t, e, "klarna_client_id", []listRefusal{
		{fmt.Sprintf("account_id = %q", foreign), []string{"Unable to list client IDs", foreign, "FORBIDDEN"}},
		{`account_id = "krn:partner:global:account:test:"`, []string{"Invalid account ID", "account_id"}},
	})
}

func TestAccClientCertificateListResource_refusesForeignAccountsAndBadFilters(t *testing.T) {
	e := newAccEnv(t)
	foreign := e.boot.ForeignAccountIDs[0]
	testListRefusals(t, e, "klarna_client_certificate", []listRefusal{
		{fmt.Sprintf("account_id = %q", foreign), []string{"Unable to list client certificates", foreign, "FORBIDDEN"}},
		{`usage = "TLS"`, []string{"Invalid Attribute Value Match", "usage", `["API" "JWT_SIGNING"]`}},
		{`status = "ENABLED"`, []string{"Invalid Attribute Value Match", "status", `["ACTIVE" "REVOKED" "EXPIRED"]`}},
	})
}

func TestAccPortalUserListResource_refusesBadFilters(t *testing.T) {
	testListRefusals(t, newAccEnv(t), "klarna_portal_user", []listRefusal{
		{`email = ""`, []string{"Invalid email address", "email"}},
		{`email = "jane"`, []string{"Invalid email address", "email"}},
		{`on_behalf_of = "nobody"`, []string{"Invalid account ID", "on_behalf_of"}},
		{`status = "ENABLED"`, []string{"Invalid Attribute Value Match", "status", `["INVITED" "ACTIVE"]`}},
	})
}

// listVariableRefusal is a filter of a list block, set from a variable, that the query must
// refuse with the diagnostics in want.
type listVariableRefusal struct {
	attr, value string
	want        []string
}

// testListRefusalsFromVariables queries the list with each filter set from a variable and
// expects its error: filters from variables are refused with the schema's rules and never
// reach the API, by Terraform's validation of the query once the variables are known, and by
// the list itself, which judges its config again before any API call.
func testListRefusalsFromVariables(t *testing.T, list string, cases []listVariableRefusal) {
	t.Helper()
	e := newAccEnv(t)
	steps := []resource.TestStep{{Config: e.config(`data "klarna_account" "own" {}`)}}
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{
			Query: true,
			Config: fmt.Sprintf("variable \"filter\" {\n  type = string\n}\n\nlist %q \"bad\" {\n  provider = klarna\n  config {\n    %s = var.filter\n  }\n}\n",
				list, tc.attr),
			ConfigVariables: config.Variables{"filter": config.StringVariable(tc.value)},
			ExpectError:     errorRegexp(tc.want...),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryVersions,
		ProtoV6ProviderFactories: e.factories(),
		Steps:                    steps,
	})
	for route, n := range e.mock.Requests().ByRoute {
		if strings.Contains(route, "credentials") || strings.Contains(route, "webhooks") || strings.Contains(route, "user-access") {
			if n != 0 {
				t.Errorf("a refused filter reached the API: %d requests to %s", n, route)
			}
		}
	}
}

func TestAccAPIKeyListResource_refusesBadFiltersFromVariables(t *testing.T) {
	testListRefusalsFromVariables(t, "klarna_api_key", []listVariableRefusal{
		{"account_id", "", []string{"Invalid account ID", "account_id", "empty"}},
		{"account_id", "krn:partner:global:account:live:LYABCDEI", []string{"wrong environment", "account_id", "live"}},
	})
}

func TestAccClientIDListResource_refusesBadFiltersFromVariables(t *testing.T) {
	testListRefusalsFromVariables(t, "klarna_client_id", []listVariableRefusal{
		{"status", "enabled", []string{"status", `["ENABLED" "DISABLED"]`}},
	})
}

func TestAccClientCertificateListResource_refusesBadFiltersFromVariables(t *testing.T) {
	testListRefusalsFromVariables(t, "klarna_client_certificate", []listVariableRefusal{
		{"usage", "TLS", []string{"usage", `["API" "JWT_SIGNING"]`}},
	})
}

func TestAccPortalUserListResource_refusesBadFiltersFromVariables(t *testing.T) {
	testListRefusalsFromVariables(t, "klarna_portal_user", []listVariableRefusal{
		{"email", "", []string{"Invalid email address", "email"}},
	})
}
