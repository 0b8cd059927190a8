package mockapi

import "time"

// The mock's own reading of the wire: every type and literal below is written from the
// OpenAPI document (openapi/openapi.yaml), not shared with the client, so that a typo on
// either side is caught by the other. wire_test.go checks each struct's JSON fields
// against the document's schema of the same name, and each literal against the document.

// Environments (schema Environment).
const (
	environmentLive = "LIVE"
	environmentTest = "TEST"
)

// Error types (schema Error, error_type).
const (
	errorTypeAccess    = "ACCESS_ERROR"
	errorTypeTechnical = "TECHNICAL_ERROR"
	errorTypeResource  = "RESOURCE_ERROR"
	errorTypeInput     = "INPUT_ERROR"
)

// Error codes the contract names.
const (
	codeValidation                 = "VALIDATION_ERROR"
	codeNotFound                   = "NOT_FOUND"
	codeUnauthorized               = "UNAUTHORIZED"
	codeForbidden                  = "FORBIDDEN"
	codeMTLSRequired               = "MTLS_REQUIRED"
	codeRateLimited                = "RATE_LIMITED"
	codeTimeout                    = "TIMEOUT"
	codeServiceUnavailable         = "SERVICE_UNAVAILABLE"
	codeInternal                   = "INTERNAL_ERROR"
	codePayloadTooLarge            = "PAYLOAD_TOO_LARGE"
	codeIdempotencyKeyReused       = "IDEMPOTENCY_KEY_REUSED"
	codeCredentialDisabledByKlarna = "CREDENTIAL_DISABLED_BY_KLARNA"
	codeCertificateLimitReached    = "CERTIFICATE_LIMIT_REACHED"
	codeMTLSNotEnabled             = "MTLS_NOT_ENABLED"
	codeWebhookAlreadyExists       = "WEBHOOK_ALREADY_EXISTS"
	codeSigningKeyLimitReached     = "SIGNING_KEY_LIMIT_REACHED"
	codeSigningKeyInUse            = "SIGNING_KEY_IN_USE"
	codeIPNotAllowed               = "IP_NOT_ALLOWED"
)

// Headers of the contract.
const (
	headerAuthorization          = "Authorization"
	headerIdempotencyKey         = "Klarna-Idempotency-Key"
	headerPartnerCorrelationID   = "Partner-Correlation-Id"
	headerKlarnaCorrelationID    = "Klarna-Correlation-Id"
	headerMTLSVerificationStatus = "Klarna-Mtls-Verification-Status"
	headerRetryAfter             = "Retry-After"
	headerIPValidationStatus     = "Klarna-Ip-Validation-Status"
)

// User-access statuses (schema UserAccess, status).
const (
	userAccessInvited = "INVITED"
	userAccessActive  = "ACTIVE"
)

// errorBody is schema Error (and ValidationError, with errors).
type errorBody struct {
	ErrorID      string        `json:"error_id"`
	ErrorType    string        `json:"error_type"`
	ErrorCode    string        `json:"error_code"`
	ErrorMessage string        `json:"error_message"`
	DocURL       string        `json:"doc_url,omitempty"`
	Errors       []errorDetail `json:"errors,omitempty"`
}

// errorDetail is schema ErrorDetail.
type errorDetail struct {
	Parameter    string `json:"parameter"`
	ErrorMessage string `json:"error_message"`
}

// accountView is schema Account.
type accountView struct {
	AccountID   string `json:"account_id"`
	Environment string `json:"environment"`
	MTLSEnabled bool   `json:"mtls_enabled"`
}

// APIKey is schema ApiKey.
type APIKey struct {
	CredentialID   string     `json:"credential_id"`
	Description    string     `json:"description"`
	Environment    string     `json:"environment"`
	Status         string     `json:"status"`
	CreatedAt      time.Time  `json:"created_at"`
	LastUsedAt     *time.Time `json:"last_used_at"`
	DisabledReason *string    `json:"disabled_reason"`
}

// createdAPIKey is schema CreatedApiKey.
type createdAPIKey struct {
	APIKey
	Secret string `json:"api_key"`
}

// apiKeyList is schema ApiKeyList.
type apiKeyList struct {
	APIKeys []APIKey `json:"api_keys"`
}

// createAPIKeyRequest is schema CreateApiKeyRequest.
type createAPIKeyRequest struct {
	Description string `json:"description"`
}

// updateAPIKeyRequest is schema UpdateApiKeyRequest.
type updateAPIKeyRequest struct {
	Description *string `json:"description"`
	Status      *string `json:"status"`
}

// ClientID is schema ClientId.
type ClientID struct {
	CredentialID   string     `json:"credential_id"`
	ClientID       string     `json:"client_id"`
	Description    string     `json:"description"`
	AllowedOrigins []string   `json:"allowed_origins"`
	Environment    string     `json:"environment"`
	Status         string     `json:"status"`
	CreatedAt      time.Time  `json:"created_at"`
	LastUsedAt     *time.Time `json:"last_used_at"`
	DisabledReason *string    `json:"disabled_reason"`
}

// clientIDList is schema ClientIdList.
type clientIDList struct {
	ClientIDs []ClientID `json:"client_ids"`
}

// createClientIDRequest is schema CreateClientIdRequest.
type createClientIDRequest struct {
	Description    string   `json:"description"`
	AllowedOrigins []string `json:"allowed_origins"`
}

// updateClientIDRequest is schema UpdateClientIdRequest.
type updateClientIDRequest struct {
	Description    *string  `json:"description"`
	AllowedOrigins []string `json:"allowed_origins"`
	Status         *string  `json:"status"`
}

// ClientCertificate is schema ClientCertificate.
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

// clientCertificateList is schema ClientCertificateList.
type clientCertificateList struct {
	ClientCertificates []ClientCertificate `json:"client_certificates"`
}

// createClientCertificateRequest is schema CreateClientCertificateRequest.
type createClientCertificateRequest struct {
	CSR         string `json:"csr"`
	Usage       string `json:"usage"`
	Description string `json:"description"`
}

// MTLSEnforcement is schema MtlsEnforcement.
type MTLSEnforcement struct {
	Status       string     `json:"status"`
	EnforcedFrom *time.Time `json:"enforced_from"`
}

// enforceMTLSRequest is schema EnforceMtlsRequest.
type enforceMTLSRequest struct {
	EnforcedFrom string `json:"enforced_from"`
}

// jwtRequest is schema JwtRequest.
type jwtRequest struct {
	JWT string `json:"jwt"`
}

// UserAccess is schema UserAccess.
type UserAccess struct {
	Principal  string    `json:"principal"`
	AccountID  string    `json:"account_id"`
	OnBehalfOf string    `json:"on_behalf_of"`
	Roles      []string  `json:"roles"`
	Status     string    `json:"status"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// userAccessList is schema UserAccessList.
type userAccessList struct {
	UserAccess []UserAccess `json:"user_access"`
}

// deepLink is schema DeepLink.
type deepLink struct {
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expires_at"`
}

// Webhook statuses (schema WebhookStatus).
const (
	webhookEnabled  = "ENABLED"
	webhookDisabled = "DISABLED"
)

// Headers of a webhook delivery (tag Webhooks).
const (
	headerSigningKeyID = "Klarna-Signing-Key-Id"
	headerSignature    = "Klarna-Signature"
)

// Webhook is schema Webhook.
type Webhook struct {
	WebhookID    string    `json:"webhook_id"`
	URL          string    `json:"url"`
	EventTypes   []string  `json:"event_types"`
	EventVersion string    `json:"event_version"`
	SigningKeyID string    `json:"signing_key_id"`
	Status       string    `json:"status"`
	CreatedAt    time.Time `json:"created_at"`
}

// webhookList is schema WebhookList.
type webhookList struct {
	Webhooks []Webhook `json:"webhooks"`
}

// createWebhookRequest is schema CreateWebhookRequest.
type createWebhookRequest struct {
	URL          string   `json:"url"`
	EventTypes   []string `json:"event_types"`
	EventVersion string   `json:"event_version"`
	SigningKeyID string   `json:"signing_key_id"`
	Status       string   `json:"status"`
}

// updateWebhookRequest is schema UpdateWebhookRequest.
type updateWebhookRequest struct {
	EventTypes   []string `json:"event_types"`
	SigningKeyID *string  `json:"signing_key_id"`
	Status       *string  `json:"status"`
}

// SigningKey is schema SigningKey.
type SigningKey struct {
	SigningKeyID string    `json:"signing_key_id"`
	CreatedAt    time.Time `json:"created_at"`
}

// createdSigningKey is schema CreatedSigningKey.
type createdSigningKey struct {
	SigningKey
	Secret string `json:"secret"`
}

// signingKeyList is schema SigningKeyList.
type signingKeyList struct {
	SigningKeys []SigningKey `json:"signing_keys"`
}

// IPRestriction is schema IpRestriction.
type IPRestriction struct {
	EnforcementMode string     `json:"enforcement_mode"`
	CIDRBlocks      []string   `json:"cidr_blocks"`
	EffectiveAt     *time.Time `json:"effective_at"`
}

// updateIPRestrictionRequest is schema UpdateIpRestrictionRequest.
type updateIPRestrictionRequest struct {
	EnforcementMode *string  `json:"enforcement_mode"`
	CIDRBlocks      []string `json:"cidr_blocks"`
}

// Partner-account states (schema PartnerAccountState).
const (
	accountPartiallyOperational = "PARTIALLY_OPERATIONAL"
	accountOperational          = "OPERATIONAL"
	accountDisabled             = "DISABLED"
)

// Payment product statuses (schema PaymentProductStatus) and its one product type.
const (
	paymentProductEnabled    = "ENABLED"
	paymentProductDisabled   = "DISABLED"
	paymentProductTerminated = "TERMINATED"
	productTypePayment       = "PAYMENT"
)

// Store types (schema StoreType).
const (
	storeWebsite       = "WEBSITE"
	storePhysicalStore = "PHYSICAL_STORE"
	storeMobileApp     = "MOBILE_APP"
)

// Error codes of partner accounts.
const (
	codePartnerAccountReferenceInUse = "PARTNER_ACCOUNT_REFERENCE_IN_USE"
	codePaymentProductTerminated     = "PAYMENT_PRODUCT_TERMINATED"
)

// partnerAccountContact is schema PartnerAccountContact.
type partnerAccountContact struct {
	Email string `json:"email"`
}

// PartnerBusinessEntity is schema PartnerBusinessEntity.
type PartnerBusinessEntity struct {
	BusinessEntityReference string `json:"business_entity_reference"`
	LegalName               string `json:"legal_name"`
	Country                 string `json:"country"`
}

// Brand is schema Brand.
type Brand struct {
	BrandReference string `json:"brand_reference"`
	Name           string `json:"name"`
}

// Store is schema Store.
type Store struct {
	StoreReference string  `json:"store_reference"`
	Type           string  `json:"type"`
	Name           string  `json:"name"`
	URL            *string `json:"url"`
}

// PaymentAccount is schema PaymentAccount.
type PaymentAccount struct {
	PaymentAccountReference string `json:"payment_account_reference"`
	MerchantCategoryCode    string `json:"merchant_category_code"`
}

// onboardProduct is schema OnboardProduct.
type onboardProduct struct {
	Type             string           `json:"type"`
	PaymentProfileID string           `json:"payment_profile_id"`
	PaymentAccounts  []PaymentAccount `json:"payment_accounts"`
}

// PaymentProduct is schema PaymentProduct.
type PaymentProduct struct {
	Type             string           `json:"type"`
	PaymentProfileID string           `json:"payment_profile_id"`
	Status           string           `json:"status"`
	PaymentAccounts  []PaymentAccount `json:"payment_accounts"`
}

// onboardRequest is schema OnboardPartnerAccountRequest.
type onboardRequest struct {
	Reference string                  `json:"partner_account_reference"`
	Name      string                  `json:"partner_account_name"`
	Contact   partnerAccountContact   `json:"partner_account_contact"`
	Entities  []PartnerBusinessEntity `json:"partner_business_entities"`
	Products  []onboardProduct        `json:"products"`
	Brands    []Brand                 `json:"brands"`
	Stores    []Store                 `json:"stores"`
}

// updateAccountRequest is schema UpdateAccountRequest.
type updateAccountRequest struct {
	Name     *string                 `json:"partner_account_name"`
	Contact  *partnerAccountContact  `json:"partner_account_contact"`
	Entities []PartnerBusinessEntity `json:"partner_business_entities"`
	Brands   []Brand                 `json:"brands"`
	Stores   []Store                 `json:"stores"`
}

// updatePaymentProductRequest is schema UpdatePaymentProductRequest.
type updatePaymentProductRequest struct {
	Status string `json:"status"`
}

// PartnerAccount is schema PartnerAccount.
type PartnerAccount struct {
	AccountID string                  `json:"partner_account_id"`
	Reference string                  `json:"partner_account_reference"`
	Name      string                  `json:"partner_account_name"`
	Contact   partnerAccountContact   `json:"partner_account_contact"`
	State     string                  `json:"state"`
	Entities  []PartnerBusinessEntity `json:"partner_business_entities"`
	Products  []PaymentProduct        `json:"products"`
	Brands    []Brand                 `json:"brands"`
	Stores    []Store                 `json:"stores"`
	CreatedAt time.Time               `json:"created_at"`
}

// resolvedPartnerAccountID is schema ResolvedPartnerAccountId.
type resolvedPartnerAccountID struct {
	AccountID string `json:"partner_account_id"`
}

// PaymentProfile is schema PaymentProfile.
type PaymentProfile struct {
	PaymentProfileID string `json:"payment_profile_id"`
	Name             string `json:"name"`
	Currency         string `json:"currency"`
}

// paymentProfileList is schema PaymentProfileList.
type paymentProfileList struct {
	PaymentProfiles []PaymentProfile `json:"payment_profiles"`
}

// SettlementConfiguration is schema SettlementConfiguration.
type SettlementConfiguration struct {
	SettlementConfigurationID string `json:"settlement_configuration_id"`
	Currency                  string `json:"currency"`
	PayoutSchedule            string `json:"payout_schedule"`
	PayoutDelayDays           int    `json:"payout_delay_days"`
}
