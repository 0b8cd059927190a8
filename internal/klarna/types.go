package klarna

import (
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

// Wire types of the partner management API, as the client sends and reads them. Field
// names follow the contract. The mock API declares its own types from the OpenAPI
// document and never imports these, so that it cannot agree with the client by sharing
// a mistake.

// Environment is the environment of an account or a credential, as the API writes it.
type Environment string

// Environments.
const (
	EnvironmentLive Environment = "LIVE"
	EnvironmentTest Environment = "TEST"
)

// Environments lists every environment, for descriptions.
var Environments = []Environment{EnvironmentLive, EnvironmentTest}

// CredentialStatus says whether an API key or a client ID works.
type CredentialStatus string

// Credential statuses.
const (
	CredentialEnabled  CredentialStatus = apirules.StatusEnabled
	CredentialDisabled CredentialStatus = apirules.StatusDisabled
)

// DisabledReason says why a credential is disabled.
type DisabledReason string

// Reasons for a disabled credential.
const (
	DisabledManual     DisabledReason = apirules.DisabledManual
	DisabledInactivity DisabledReason = apirules.DisabledInactivity
	DisabledSecurity   DisabledReason = apirules.DisabledSecurity
)

// Error types of the error body.
const (
	ErrorTypeAccess    = "ACCESS_ERROR"
	ErrorTypeTechnical = "TECHNICAL_ERROR"
	ErrorTypeResource  = "RESOURCE_ERROR"
	ErrorTypeInput     = "INPUT_ERROR"
)

// Error codes the provider programs against.
const (
	CodeValidation                 = "VALIDATION_ERROR"
	CodeNotFound                   = "NOT_FOUND"
	CodeUnauthorized               = "UNAUTHORIZED"
	CodeForbidden                  = "FORBIDDEN"
	CodeMTLSRequired               = "MTLS_REQUIRED"
	CodeRateLimited                = "RATE_LIMITED"
	CodeTimeout                    = "TIMEOUT"
	CodeServiceUnavailable         = "SERVICE_UNAVAILABLE"
	CodeInternal                   = "INTERNAL_ERROR"
	CodePayloadTooLarge            = "PAYLOAD_TOO_LARGE"
	CodeIdempotencyKeyReused       = "IDEMPOTENCY_KEY_REUSED"
	CodeCredentialDisabledByKlarna = "CREDENTIAL_DISABLED_BY_KLARNA"
	CodeCertificateLimitReached    = "CERTIFICATE_LIMIT_REACHED"
	CodeMTLSNotEnabled             = "MTLS_NOT_ENABLED"
	CodeWebhookAlreadyExists       = "WEBHOOK_ALREADY_EXISTS"
	CodeSigningKeyLimitReached     = "SIGNING_KEY_LIMIT_REACHED"
	CodeSigningKeyInUse            = "SIGNING_KEY_IN_USE"
	CodeIPNotAllowed               = "IP_NOT_ALLOWED"
)

// HTTP headers of the contract.
const (
	HeaderAuthorization          = "Authorization"
	HeaderIdempotencyKey         = "Klarna-Idempotency-Key"
	HeaderPartnerCorrelationID   = "Partner-Correlation-Id"
	HeaderKlarnaCorrelationID    = "Klarna-Correlation-Id"
	HeaderMTLSVerificationStatus = "Klarna-Mtls-Verification-Status"
	HeaderRetryAfter             = "Retry-After"
	HeaderIPValidationStatus     = "Klarna-Ip-Validation-Status"
	// HeaderSigningKeyID and HeaderSignature come on webhook deliveries, not on responses.
	HeaderSigningKeyID = "Klarna-Signing-Key-Id"
	HeaderSignature    = "Klarna-Signature"
)

// ErrorBody is the body of every error response.
type ErrorBody struct {
	ErrorID      string            `json:"error_id"`
	ErrorType    string            `json:"error_type"`
	ErrorCode    string            `json:"error_code"`
	ErrorMessage string            `json:"error_message"`
	DocURL       string            `json:"doc_url,omitempty"`
	Errors       []ValidationError `json:"errors,omitempty"`
}

// ValidationError names one invalid parameter of a 400 VALIDATION_ERROR.
type ValidationError struct {
	Parameter    string `json:"parameter"`
	ErrorMessage string `json:"error_message"`
}

// Account is the answer of who-am-I (GET /v2/account).
type Account struct {
	AccountID   string      `json:"account_id"`
	Environment Environment `json:"environment"`
	MTLSEnabled bool        `json:"mtls_enabled"`
}

// Credential is what API keys and client IDs share.
type Credential struct {
	CredentialID   string           `json:"credential_id"`
	Description    string           `json:"description"`
	Environment    Environment      `json:"environment"`
	Status         CredentialStatus `json:"status"`
	CreatedAt      time.Time        `json:"created_at"`
	LastUsedAt     *time.Time       `json:"last_used_at"`
	DisabledReason *DisabledReason  `json:"disabled_reason"`
}

// APIKey is a server-side credential. Its secret is only in CreatedAPIKey.
type APIKey struct {
	Credential
}

// CreatedAPIKey is the create response: the key with its secret, shown this once only.
type CreatedAPIKey struct {
	APIKey
	Secret string `json:"api_key"`
}

// APIKeyList is the list response for API keys.
type APIKeyList struct {
	APIKeys []APIKey `json:"api_keys"`
}

// CreateAPIKeyRequest creates an API key.
type CreateAPIKeyRequest struct {
	Description string `json:"description,omitempty"`
}

// UpdateAPIKeyRequest changes an API key; nil fields are left as they are.
type UpdateAPIKeyRequest struct {
	Description *string           `json:"description,omitempty"`
	Status      *CredentialStatus `json:"status,omitempty"`
}

// ClientID is a client-side credential with the web origins allowed to use it.
type ClientID struct {
	Credential
	ClientID       string   `json:"client_id"`
	AllowedOrigins []string `json:"allowed_origins"`
}

// ClientIDList is the list response for client IDs.
type ClientIDList struct {
	ClientIDs []ClientID `json:"client_ids"`
}

// CreateClientIDRequest creates a client ID.
type CreateClientIDRequest struct {
	Description    string   `json:"description,omitempty"`
	AllowedOrigins []string `json:"allowed_origins"`
}

// UpdateClientIDRequest changes a client ID; nil fields are left as they are.
type UpdateClientIDRequest struct {
	Description    *string           `json:"description,omitempty"`
	AllowedOrigins []string          `json:"allowed_origins,omitempty"`
	Status         *CredentialStatus `json:"status,omitempty"`
}

// ClientCertificate is a certificate issued from a CSR.
type ClientCertificate struct {
	CertificateID     string    `json:"certificate_id"`
	Usage             string    `json:"usage"`
	Description       string    `json:"description"`
	Status            string    `json:"status"`
	Certificate       string    `json:"certificate"`
	SerialNumber      string    `json:"serial_number"`
	FingerprintSHA256 string    `json:"fingerprint_sha256"`
	SubjectCommonName string    `json:"subject_common_name"`
	NotBefore         time.Time `json:"not_before"`
	NotAfter          time.Time `json:"not_after"`
	CreatedAt         time.Time `json:"created_at"`
}

// ClientCertificateList is the list response for client certificates.
type ClientCertificateList struct {
	ClientCertificates []ClientCertificate `json:"client_certificates"`
}

// CreateClientCertificateRequest asks for a certificate for a CSR.
type CreateClientCertificateRequest struct {
	CSR         string `json:"csr"`
	Usage       string `json:"usage"`
	Description string `json:"description,omitempty"`
}

// MTLSEnforcement is an account's mTLS enforcement.
type MTLSEnforcement struct {
	Status       string     `json:"status"`
	EnforcedFrom *time.Time `json:"enforced_from"`
}

// EnforceMTLSRequest sets the enforcement: "NOW" or an RFC 3339 time.
type EnforceMTLSRequest struct {
	EnforcedFrom string `json:"enforced_from"`
}

// JWTRequest carries a signed JWT (user access and deep links).
type JWTRequest struct {
	JWT string `json:"jwt"`
}

// UserAccess is a portal user's access to an account.
type UserAccess struct {
	Principal  string    `json:"principal"`
	AccountID  string    `json:"account_id"`
	OnBehalfOf string    `json:"on_behalf_of"`
	Roles      []string  `json:"roles"`
	Status     string    `json:"status"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// User-access statuses.
const (
	UserAccessInvited = "INVITED"
	UserAccessActive  = "ACTIVE"
)

// UserAccessList is the list response for user access.
type UserAccessList struct {
	UserAccess []UserAccess `json:"user_access"`
}

// UserAccessFilter selects grants; empty fields do not filter.
type UserAccessFilter struct {
	AccountID  string
	OnBehalfOf string
	Principal  string
}

// DeepLink is a single-use portal URL.
type DeepLink struct {
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Webhook statuses and the event version.
const (
	WebhookEnabled  = "ENABLED"
	WebhookDisabled = "DISABLED"
	EventVersionV1  = apirules.EventVersionV1
)

// Webhook is a registered webhook.
type Webhook struct {
	WebhookID    string    `json:"webhook_id"`
	URL          string    `json:"url"`
	EventTypes   []string  `json:"event_types"`
	EventVersion string    `json:"event_version"`
	SigningKeyID string    `json:"signing_key_id"`
	Status       string    `json:"status"`
	CreatedAt    time.Time `json:"created_at"`
}

// WebhookList is the answer of the webhook list.
type WebhookList struct {
	Webhooks []Webhook `json:"webhooks"`
}

// CreateWebhookRequest registers a webhook.
type CreateWebhookRequest struct {
	URL          string   `json:"url"`
	EventTypes   []string `json:"event_types"`
	EventVersion string   `json:"event_version,omitempty"`
	SigningKeyID string   `json:"signing_key_id"`
	Status       string   `json:"status,omitempty"`
}

// UpdateWebhookRequest changes a webhook in place; nil fields are left as they are.
type UpdateWebhookRequest struct {
	EventTypes   []string `json:"event_types,omitempty"`
	SigningKeyID *string  `json:"signing_key_id,omitempty"`
	Status       *string  `json:"status,omitempty"`
}

// SigningKey is a webhook signing key. Its secret is only in CreatedSigningKey.
type SigningKey struct {
	SigningKeyID string    `json:"signing_key_id"`
	CreatedAt    time.Time `json:"created_at"`
}

// CreatedSigningKey is a new signing key with its secret, shown this once only.
type CreatedSigningKey struct {
	SigningKey
	Secret string `json:"secret"`
}

// SigningKeyList is the answer of the signing key list.
type SigningKeyList struct {
	SigningKeys []SigningKey `json:"signing_keys"`
}

// IP allow-list enforcement modes a caller starts from (apirules holds them all, with the
// validation statuses).
const (
	IPModeNotEnabled = apirules.IPModeNotEnabled
	IPModeReporting  = apirules.IPModeReporting
)

// IPRestriction is an account's IP allow-list.
type IPRestriction struct {
	EnforcementMode string     `json:"enforcement_mode"`
	CIDRBlocks      []string   `json:"cidr_blocks"`
	EffectiveAt     *time.Time `json:"effective_at"`
}

// UpdateIPRestrictionRequest changes an IP allow-list; nil fields are left as they are.
type UpdateIPRestrictionRequest struct {
	EnforcementMode *string  `json:"enforcement_mode,omitempty"`
	CIDRBlocks      []string `json:"cidr_blocks,omitempty"`
}

// Partner-account states.
const (
	AccountStatePartiallyOperational = "PARTIALLY_OPERATIONAL"
	AccountStateOperational          = "OPERATIONAL"
	AccountStateDisabled             = "DISABLED"
)

// Payment product statuses and the one product type.
const (
	PaymentProductEnabled    = "ENABLED"
	PaymentProductDisabled   = "DISABLED"
	PaymentProductTerminated = "TERMINATED"
	ProductTypePayment       = "PAYMENT"
)

// Store types.
const (
	StoreTypeWebsite       = "WEBSITE"
	StoreTypePhysicalStore = "PHYSICAL_STORE"
	StoreTypeMobileApp     = "MOBILE_APP"
)

// StoreTypes lists every store type, for validators and descriptions.
var StoreTypes = []string{StoreTypeWebsite, StoreTypePhysicalStore, StoreTypeMobileApp}

// Error codes of partner accounts.
const (
	CodePartnerAccountReferenceInUse = "PARTNER_ACCOUNT_REFERENCE_IN_USE"
	CodePaymentProductTerminated     = "PAYMENT_PRODUCT_TERMINATED"
)

// PartnerAccountContact is a partner account's main contact.
type PartnerAccountContact struct {
	Email string `json:"email"`
}

// PartnerBusinessEntity is a legal entity of a partner.
type PartnerBusinessEntity struct {
	BusinessEntityReference string `json:"business_entity_reference"`
	LegalName               string `json:"legal_name"`
	Country                 string `json:"country"`
}

// Brand is a brand of a partner.
type Brand struct {
	BrandReference string `json:"brand_reference"`
	Name           string `json:"name"`
}

// Store is a website, physical store or mobile app of a partner; only a website has a URL.
type Store struct {
	StoreReference string  `json:"store_reference"`
	Type           string  `json:"type"`
	Name           string  `json:"name"`
	URL            *string `json:"url,omitempty"`
}

// PaymentAccount is a payment account of a payment product.
type PaymentAccount struct {
	PaymentAccountReference string `json:"payment_account_reference"`
	MerchantCategoryCode    string `json:"merchant_category_code"`
}

// OnboardProduct is a product to onboard a partner with.
type OnboardProduct struct {
	Type             string           `json:"type"`
	PaymentProfileID string           `json:"payment_profile_id"`
	PaymentAccounts  []PaymentAccount `json:"payment_accounts,omitempty"`
}

// PaymentProduct is a partner account's payment product.
type PaymentProduct struct {
	Type             string           `json:"type"`
	PaymentProfileID string           `json:"payment_profile_id"`
	Status           string           `json:"status"`
	PaymentAccounts  []PaymentAccount `json:"payment_accounts"`
}

// OnboardRequest is the body of POST /v2/distribution/onboard.
type OnboardRequest struct {
	Reference string                  `json:"partner_account_reference"`
	Name      string                  `json:"partner_account_name"`
	Contact   PartnerAccountContact   `json:"partner_account_contact"`
	Entities  []PartnerBusinessEntity `json:"partner_business_entities,omitempty"`
	Products  []OnboardProduct        `json:"products"`
	Brands    []Brand                 `json:"brands,omitempty"`
	Stores    []Store                 `json:"stores,omitempty"`
}

// UpdateAccountRequest is the body of updateAccount: nil and empty fields are left as they
// are; entities, brands and stores are created or updated by reference, never deleted.
type UpdateAccountRequest struct {
	Name     *string                 `json:"partner_account_name,omitempty"`
	Contact  *PartnerAccountContact  `json:"partner_account_contact,omitempty"`
	Entities []PartnerBusinessEntity `json:"partner_business_entities,omitempty"`
	Brands   []Brand                 `json:"brands,omitempty"`
	Stores   []Store                 `json:"stores,omitempty"`
}

// UpdatePaymentProductRequest switches a payment product on or off.
type UpdatePaymentProductRequest struct {
	Status string `json:"status"`
}

// PartnerAccount is a partner account onboarded through the caller.
type PartnerAccount struct {
	AccountID string                  `json:"partner_account_id"`
	Reference string                  `json:"partner_account_reference"`
	Name      string                  `json:"partner_account_name"`
	Contact   PartnerAccountContact   `json:"partner_account_contact"`
	State     string                  `json:"state"`
	Entities  []PartnerBusinessEntity `json:"partner_business_entities"`
	Products  []PaymentProduct        `json:"products"`
	Brands    []Brand                 `json:"brands"`
	Stores    []Store                 `json:"stores"`
	CreatedAt time.Time               `json:"created_at"`
}

// PaymentProduct returns the account's PAYMENT product, nil when it has none.
func (a *PartnerAccount) PaymentProduct() *PaymentProduct {
	for i := range a.Products {
		if a.Products[i].Type == ProductTypePayment {
			return &a.Products[i]
		}
	}
	return nil
}

// ResolvedPartnerAccountID is the answer of resolvePartnerAccountId.
type ResolvedPartnerAccountID struct {
	AccountID string `json:"partner_account_id"`
}

// PaymentProfile is a payment profile partners may be onboarded with.
type PaymentProfile struct {
	PaymentProfileID string `json:"payment_profile_id"`
	Name             string `json:"name"`
	Currency         string `json:"currency"`
}

// PaymentProfileList is the answer of listPaymentProfiles.
type PaymentProfileList struct {
	PaymentProfiles []PaymentProfile `json:"payment_profiles"`
}

// SettlementConfiguration is how Klarna pays out the acquiring partner.
type SettlementConfiguration struct {
	SettlementConfigurationID string `json:"settlement_configuration_id"`
	Currency                  string `json:"currency"`
	PayoutSchedule            string `json:"payout_schedule"`
	PayoutDelayDays           int    `json:"payout_delay_days"`
}

// Payout schedules of a settlement configuration.
const (
	PayoutDaily   = "DAILY"
	PayoutWeekly  = "WEEKLY"
	PayoutMonthly = "MONTHLY"
)

// PayoutSchedules lists every payout schedule, for descriptions.
var PayoutSchedules = []string{PayoutDaily, PayoutWeekly, PayoutMonthly}
