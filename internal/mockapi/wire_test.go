package mockapi

import (
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/openapi"
)

// The mock's wire types are written by hand from the OpenAPI document; these tests hold
// them to it, so that neither a misspelt JSON field nor a misspelt literal can pass.

// schemaProperties lists the property names of a schema, following allOf.
func schemaProperties(s *openapi3.Schema) []string {
	var out []string
	for name := range s.Properties {
		out = append(out, name)
	}
	for _, part := range s.AllOf {
		out = append(out, schemaProperties(part.Value)...)
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// jsonFields lists the JSON names of a struct's fields, following embedded structs.
func jsonFields(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			out = append(out, jsonFields(f.Type)...)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

func TestWireTypes_matchTheDocument(t *testing.T) {
	t.Parallel()
	doc, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	for schema, value := range map[string]any{
		"Error":                          errorBody{},
		"ErrorDetail":                    errorDetail{},
		"Account":                        accountView{},
		"ApiKey":                         APIKey{},
		"CreatedApiKey":                  createdAPIKey{},
		"ApiKeyList":                     apiKeyList{},
		"CreateApiKeyRequest":            createAPIKeyRequest{},
		"UpdateApiKeyRequest":            updateAPIKeyRequest{},
		"ClientId":                       ClientID{},
		"ClientIdList":                   clientIDList{},
		"CreateClientIdRequest":          createClientIDRequest{},
		"UpdateClientIdRequest":          updateClientIDRequest{},
		"ClientCertificate":              ClientCertificate{},
		"ClientCertificateList":          clientCertificateList{},
		"CreateClientCertificateRequest": createClientCertificateRequest{},
		"MtlsEnforcement":                MTLSEnforcement{},
		"EnforceMtlsRequest":             enforceMTLSRequest{},
		"JwtRequest":                     jwtRequest{},
		"UserAccess":                     UserAccess{},
		"UserAccessList":                 userAccessList{},
		"DeepLink":                       deepLink{},
		"Webhook":                        Webhook{},
		"WebhookList":                    webhookList{},
		"CreateWebhookRequest":           createWebhookRequest{},
		"UpdateWebhookRequest":           updateWebhookRequest{},
		"SigningKey":                     SigningKey{},
		"CreatedSigningKey":              createdSigningKey{},
		"SigningKeyList":                 signingKeyList{},
		"IpRestriction":                  IPRestriction{},
		"UpdateIpRestrictionRequest":     updateIPRestrictionRequest{},
		"PartnerAccountContact":          partnerAccountContact{},
		"PartnerBusinessEntity":          PartnerBusinessEntity{},
		"Brand":                          Brand{},
		"Store":                          Store{},
		"PaymentAccount":                 PaymentAccount{},
		"OnboardProduct":                 onboardProduct{},
		"PaymentProduct":                 PaymentProduct{},
		"OnboardPartnerAccountRequest":   onboardRequest{},
		"UpdateAccountRequest":           updateAccountRequest{},
		"UpdatePaymentProductRequest":    updatePaymentProductRequest{},
		"PartnerAccount":                 PartnerAccount{},
		"ResolvedPartnerAccountId":       resolvedPartnerAccountID{},
		"PaymentProfile":                 PaymentProfile{},
		"PaymentProfileList":             paymentProfileList{},
		"SettlementConfiguration":        SettlementConfiguration{},
	} {
		ref, ok := doc.Components.Schemas[schema]
		if !ok {
			t.Errorf("the document has no schema %s", schema)
			continue
		}
		want := schemaProperties(ref.Value)
		got := jsonFields(reflect.TypeOf(value))
		if schema == "Error" {
			// errorBody also carries ValidationError's errors.
			want = append(want, schemaProperties(doc.Components.Schemas["ValidationError"].Value)...)
			sort.Strings(want)
			want = slices.Compact(want)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%T has JSON fields %v; schema %s has %v", value, got, schema, want)
		}
	}
}

func enumOf(t *testing.T, s *openapi3.Schema) []string {
	t.Helper()
	var out []string
	for _, v := range s.Enum {
		str, ok := v.(string)
		if !ok {
			t.Fatalf("enum value %v is not a string", v)
		}
		out = append(out, str)
	}
	return out
}

func TestWireLiterals_matchTheDocument(t *testing.T) {
	t.Parallel()
	doc, err := openapi.Load()
	if err != nil {
		t.Fatal(err)
	}
	schemas := doc.Components.Schemas
	for _, c := range []struct {
		name   string
		values []string
		enum   []string
	}{
		{"environments", []string{environmentLive, environmentTest}, enumOf(t, schemas["Environment"].Value)},
		{"error types", []string{errorTypeAccess, errorTypeTechnical, errorTypeResource, errorTypeInput},
			enumOf(t, schemas["Error"].Value.Properties["error_type"].Value)},
		{"user-access statuses", []string{userAccessInvited, userAccessActive},
			enumOf(t, schemas["UserAccess"].Value.Properties["status"].Value)},
		{"mTLS verification statuses", nil, enumOf(t, doc.Components.Headers["KlarnaMtlsVerificationStatus"].Value.Schema.Value)},
		{"webhook statuses", []string{webhookEnabled, webhookDisabled}, enumOf(t, schemas["WebhookStatus"].Value)},
		{"event versions", []string{apirules.EventVersionV1}, enumOf(t, schemas["EventVersion"].Value)},
		{"IP enforcement modes", []string{apirules.IPModeNotEnabled, apirules.IPModeReporting, apirules.IPModeEnforced},
			enumOf(t, schemas["EnforcementMode"].Value)},
		{"IP validation statuses", []string{apirules.IPValidationAllowed, apirules.IPValidationDenied, apirules.IPValidationInvalid},
			enumOf(t, doc.Components.Headers["KlarnaIpValidationStatus"].Value.Schema.Value)},
		{"partner account states", []string{accountPartiallyOperational, accountOperational, accountDisabled},
			enumOf(t, schemas["PartnerAccountState"].Value)},
		{"payment product statuses", []string{paymentProductEnabled, paymentProductDisabled, paymentProductTerminated},
			enumOf(t, schemas["PaymentProductStatus"].Value)},
		{"product types", []string{productTypePayment}, enumOf(t, schemas["PaymentProduct"].Value.Properties["type"].Value)},
		{"store types", []string{storeWebsite, storePhysicalStore, storeMobileApp}, enumOf(t, schemas["StoreType"].Value)},
	} {
		for _, v := range c.values {
			if !slices.Contains(c.enum, v) {
				t.Errorf("%s: %q is not in the document's enum %v", c.name, v, c.enum)
			}
		}
	}

	// Every header the mock reads or writes is a header the document names.
	documented := map[string]bool{}
	for _, p := range doc.Components.Parameters {
		if p.Value.In == openapi3.ParameterInHeader {
			documented[p.Value.Name] = true
		}
	}
	for _, r := range doc.Components.Responses {
		for name := range r.Value.Headers {
			documented[name] = true
		}
	}
	for _, h := range []string{headerIdempotencyKey, headerPartnerCorrelationID, headerKlarnaCorrelationID,
		headerMTLSVerificationStatus, headerRetryAfter, headerIPValidationStatus} {
		if !documented[h] {
			t.Errorf("header %q is not named by the document", h)
		}
	}
	if doc.Components.SecuritySchemes == nil {
		t.Fatal("the document declares no security scheme")
	}
	for name, s := range doc.Components.SecuritySchemes {
		if s.Value.In != "header" || s.Value.Name != headerAuthorization {
			t.Errorf("security scheme %s is the %s %q; the mock reads the header %q", name, s.Value.In, s.Value.Name, headerAuthorization)
		}
	}

	// Every error code the mock answers is in the error_code enum of some response of the
	// document, and every code an enum names is one the mock has.
	documentedCodes := responseErrorCodes(doc)
	if len(documentedCodes) == 0 {
		t.Fatal("no response of the document has an error_code enum")
	}
	mockCodes := []string{codeValidation, codeNotFound, codeUnauthorized, codeForbidden, codeMTLSRequired,
		codeRateLimited, codeTimeout, codeServiceUnavailable, codeInternal, codePayloadTooLarge,
		codeIdempotencyKeyReused, codeCredentialDisabledByKlarna, codeCertificateLimitReached, codeMTLSNotEnabled,
		codeWebhookAlreadyExists, codeSigningKeyLimitReached, codeSigningKeyInUse, codeIPNotAllowed,
		codePartnerAccountReferenceInUse, codePaymentProductTerminated}
	for _, code := range mockCodes {
		if !documentedCodes[code] {
			t.Errorf("error code %q is in no response's error_code enum", code)
		}
	}
	for code := range documentedCodes {
		if !slices.Contains(mockCodes, code) {
			t.Errorf("the document's error code %q is not a code of the mock", code)
		}
	}
}

// responseErrorCodes collects the error_code enums of every response of the document.
func responseErrorCodes(doc *openapi3.T) map[string]bool {
	codes := map[string]bool{}
	var walk func(s *openapi3.Schema)
	walk = func(s *openapi3.Schema) {
		if p := s.Properties["error_code"]; p != nil {
			for _, v := range p.Value.Enum {
				if str, ok := v.(string); ok {
					codes[str] = true
				}
			}
		}
		for _, part := range s.AllOf {
			walk(part.Value)
		}
	}
	for _, r := range doc.Components.Responses {
		for _, media := range r.Value.Content {
			walk(media.Schema.Value)
		}
	}
	return codes
}
