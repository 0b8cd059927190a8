package klarna

import (
	"context"
	"errors"
	"net/url"
	"time"
)

// In every method, accountID "" means the caller's own account (/v2/account/...); any other
// value is a partner account KRN (/v2/accounts/{account_id}/...).

// AccountInfo is who-am-I with the mTLS verification status of its own response.
type AccountInfo struct {
	Account
	// MTLSVerificationStatus is the response's Klarna-Mtls-Verification-Status, "" when the
	// account has no mTLS yet and the header is absent.
	MTLSVerificationStatus string
}

// WhoAmI returns the authenticating account.
func (c *Client) WhoAmI(ctx context.Context) (*AccountInfo, error) {
	var out AccountInfo
	m, err := c.do(ctx, call{route: routeWhoAmI, out: &out.Account})
	if err != nil {
		return nil, err
	}
	out.MTLSVerificationStatus = m.mtlsStatus
	return &out, nil
}

// CreateAPIKey creates an API key; the result holds its secret, shown this once only.
func (c *Client) CreateAPIKey(ctx context.Context, accountID string, req CreateAPIKeyRequest) (*CreatedAPIKey, error) {
	var out CreatedAPIKey
	_, err := c.do(ctx, call{route: routeCreateAPIKey, account: accountID, body: req, out: &out})
	return result(&out, err)
}

// ListAPIKeys lists an account's API keys (no secrets).
func (c *Client) ListAPIKeys(ctx context.Context, accountID string) ([]APIKey, error) {
	var out APIKeyList
	_, err := c.do(ctx, call{route: routeListAPIKeys, account: accountID, out: &out})
	return out.APIKeys, err
}

// GetAPIKey reads one API key.
func (c *Client) GetAPIKey(ctx context.Context, accountID, credentialID string) (*APIKey, error) {
	var out APIKey
	_, err := c.do(ctx, call{route: routeGetAPIKey, account: accountID, id: credentialID, out: &out})
	return result(&out, err)
}

// UpdateAPIKey changes an API key's description or status.
func (c *Client) UpdateAPIKey(ctx context.Context, accountID, credentialID string, req UpdateAPIKeyRequest) (*APIKey, error) {
	var out APIKey
	_, err := c.do(ctx, call{route: routeUpdateAPIKey, account: accountID, id: credentialID, body: req, out: &out})
	return result(&out, err)
}

// DeleteAPIKey deletes an API key; it stops working at once.
func (c *Client) DeleteAPIKey(ctx context.Context, accountID, credentialID string) error {
	_, err := c.do(ctx, call{route: routeDeleteAPIKey, account: accountID, id: credentialID})
	return err
}

// CreateClientID creates a client ID.
func (c *Client) CreateClientID(ctx context.Context, accountID string, req CreateClientIDRequest) (*ClientID, error) {
	var out ClientID
	_, err := c.do(ctx, call{route: routeCreateClientID, account: accountID, body: req, out: &out})
	return result(&out, err)
}

// ListClientIDs lists an account's client IDs.
func (c *Client) ListClientIDs(ctx context.Context, accountID string) ([]ClientID, error) {
	var out ClientIDList
	_, err := c.do(ctx, call{route: routeListClientIDs, account: accountID, out: &out})
	return out.ClientIDs, err
}

// GetClientID reads one client ID.
func (c *Client) GetClientID(ctx context.Context, accountID, credentialID string) (*ClientID, error) {
	var out ClientID
	_, err := c.do(ctx, call{route: routeGetClientID, account: accountID, id: credentialID, out: &out})
	return result(&out, err)
}

// UpdateClientID changes a client ID's description, origins or status.
func (c *Client) UpdateClientID(ctx context.Context, accountID, credentialID string, req UpdateClientIDRequest) (*ClientID, error) {
	var out ClientID
	_, err := c.do(ctx, call{route: routeUpdateClientID, account: accountID, id: credentialID, body: req, out: &out})
	return result(&out, err)
}

// DeleteClientID deletes a client ID.
func (c *Client) DeleteClientID(ctx context.Context, accountID, credentialID string) error {
	_, err := c.do(ctx, call{route: routeDeleteClientID, account: accountID, id: credentialID})
	return err
}

// CreateClientCertificate asks for a certificate for a CSR.
func (c *Client) CreateClientCertificate(ctx context.Context, accountID string, req CreateClientCertificateRequest) (*ClientCertificate, error) {
	var out ClientCertificate
	_, err := c.do(ctx, call{route: routeCreateCertificate, account: accountID, body: req, out: &out})
	return result(&out, err)
}

// ListClientCertificates lists an account's certificates, whatever their status.
func (c *Client) ListClientCertificates(ctx context.Context, accountID string) ([]ClientCertificate, error) {
	var out ClientCertificateList
	_, err := c.do(ctx, call{route: routeListCertificates, account: accountID, out: &out})
	return out.ClientCertificates, err
}

// GetClientCertificate reads one certificate.
func (c *Client) GetClientCertificate(ctx context.Context, accountID, certificateID string) (*ClientCertificate, error) {
	var out ClientCertificate
	_, err := c.do(ctx, call{route: routeGetCertificate, account: accountID, id: certificateID, out: &out})
	return result(&out, err)
}

// RevokeClientCertificate revokes a certificate. Revoking one already revoked or expired
// succeeds and changes nothing.
func (c *Client) RevokeClientCertificate(ctx context.Context, accountID, certificateID string) error {
	_, err := c.do(ctx, call{route: routeRevokeCertificate, account: accountID, id: certificateID})
	return err
}

// GetMTLSEnforcement reads an account's mTLS enforcement.
func (c *Client) GetMTLSEnforcement(ctx context.Context, accountID string) (*MTLSEnforcement, error) {
	var out MTLSEnforcement
	_, err := c.do(ctx, call{route: routeGetMTLS, account: accountID, out: &out})
	return result(&out, err)
}

// EnforceMTLS enforces mTLS from enforcedFrom: "NOW" or an RFC 3339 time.
func (c *Client) EnforceMTLS(ctx context.Context, accountID, enforcedFrom string) (*MTLSEnforcement, error) {
	var out MTLSEnforcement
	_, err := c.do(ctx, call{route: routeEnforceMTLS, account: accountID, body: EnforceMTLSRequest{EnforcedFrom: enforcedFrom}, out: &out})
	return result(&out, err)
}

// RemoveMTLSEnforcement removes an account's mTLS enforcement.
func (c *Client) RemoveMTLSEnforcement(ctx context.Context, accountID string) error {
	_, err := c.do(ctx, call{route: routeRemoveMTLS, account: accountID})
	return err
}

// GrantUserAccess creates or replaces the portal access a signed user-access JWT describes.
func (c *Client) GrantUserAccess(ctx context.Context, jwt string) (*UserAccess, error) {
	var out UserAccess
	_, err := c.do(ctx, call{route: routeGrantUserAccess, body: JWTRequest{JWT: jwt}, out: &out})
	return result(&out, err)
}

// ListUserAccess lists the access the caller granted, filtered.
func (c *Client) ListUserAccess(ctx context.Context, f UserAccessFilter) ([]UserAccess, error) {
	var out UserAccessList
	_, err := c.do(ctx, call{route: routeListUserAccess, query: f.query(), out: &out})
	return out.UserAccess, err
}

// ErrUnfilteredRevoke refuses a user-access revocation without every filter: the API would
// remove all access the caller ever granted.
var ErrUnfilteredRevoke = errors.New("revoking user access needs account_id, on_behalf_of and principal: " +
	"without filters the API removes every grant the caller ever made")

// RevokeUserAccess revokes one grant, named by all three filters.
func (c *Client) RevokeUserAccess(ctx context.Context, f UserAccessFilter) error {
	if f.AccountID == "" || f.OnBehalfOf == "" || f.Principal == "" {
		return ErrUnfilteredRevoke
	}
	_, err := c.do(ctx, call{route: routeRevokeUserAccess, query: f.query()})
	return err
}

// CreateDeepLink exchanges a signed deep-link JWT for a single-use portal URL.
func (c *Client) CreateDeepLink(ctx context.Context, partnerAccountID, jwt string) (*DeepLink, error) {
	if partnerAccountID == "" {
		return nil, errors.New("a deep link needs the partner account ID")
	}
	var out DeepLink
	_, err := c.do(ctx, call{route: routeCreateDeepLink, account: partnerAccountID, body: JWTRequest{JWT: jwt}, out: &out})
	return result(&out, err)
}

func (f UserAccessFilter) query() url.Values {
	q := url.Values{}
	if f.AccountID != "" {
		q.Set("account_id", f.AccountID)
	}
	if f.OnBehalfOf != "" {
		q.Set("on_behalf_of", f.OnBehalfOf)
	}
	if f.Principal != "" {
		q.Set("principal", f.Principal)
	}
	return q
}

func result[T any](v *T, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}

// CreateSigningKey creates a webhook signing key; the result holds its secret, shown this
// once only.
func (c *Client) CreateSigningKey(ctx context.Context, accountID string) (*CreatedSigningKey, error) {
	var out CreatedSigningKey
	_, err := c.do(ctx, call{route: routeCreateSigningKey, account: accountID, out: &out})
	return result(&out, err)
}

// ListSigningKeys lists an account's webhook signing keys (no secrets).
func (c *Client) ListSigningKeys(ctx context.Context, accountID string) ([]SigningKey, error) {
	var out SigningKeyList
	_, err := c.do(ctx, call{route: routeListSigningKeys, account: accountID, out: &out})
	return out.SigningKeys, err
}

// GetSigningKey reads one webhook signing key (no secret).
func (c *Client) GetSigningKey(ctx context.Context, accountID, signingKeyID string) (*SigningKey, error) {
	var out SigningKey
	_, err := c.do(ctx, call{route: routeGetSigningKey, account: accountID, id: signingKeyID, out: &out})
	return result(&out, err)
}

// DeleteSigningKey deletes a webhook signing key that no webhook names.
func (c *Client) DeleteSigningKey(ctx context.Context, accountID, signingKeyID string) error {
	_, err := c.do(ctx, call{route: routeDeleteSigningKey, account: accountID, id: signingKeyID})
	return err
}

// CreateWebhook registers a webhook.
func (c *Client) CreateWebhook(ctx context.Context, accountID string, req CreateWebhookRequest) (*Webhook, error) {
	var out Webhook
	_, err := c.do(ctx, call{route: routeCreateWebhook, account: accountID, body: req, out: &out})
	return result(&out, err)
}

// ListWebhooks lists an account's webhooks.
func (c *Client) ListWebhooks(ctx context.Context, accountID string) ([]Webhook, error) {
	var out WebhookList
	_, err := c.do(ctx, call{route: routeListWebhooks, account: accountID, out: &out})
	return out.Webhooks, err
}

// GetWebhook reads one webhook.
func (c *Client) GetWebhook(ctx context.Context, accountID, webhookID string) (*Webhook, error) {
	var out Webhook
	_, err := c.do(ctx, call{route: routeGetWebhook, account: accountID, id: webhookID, out: &out})
	return result(&out, err)
}

// UpdateWebhook changes a webhook's event types, signing key or status.
func (c *Client) UpdateWebhook(ctx context.Context, accountID, webhookID string, req UpdateWebhookRequest) (*Webhook, error) {
	var out Webhook
	_, err := c.do(ctx, call{route: routeUpdateWebhook, account: accountID, id: webhookID, body: req, out: &out})
	return result(&out, err)
}

// DeleteWebhook deletes a webhook.
func (c *Client) DeleteWebhook(ctx context.Context, accountID, webhookID string) error {
	_, err := c.do(ctx, call{route: routeDeleteWebhook, account: accountID, id: webhookID})
	return err
}

// IPRestrictionInfo is an IP allow-list with the validation status of the response that
// carried it: what the API said of the provider's own request.
type IPRestrictionInfo struct {
	IPRestriction
	// IPValidationStatus is the response's Klarna-Ip-Validation-Status, "" when absent
	// (the authenticating account's allow-list is not in effect).
	IPValidationStatus string
}

// GetIPRestriction reads an account's IP allow-list.
func (c *Client) GetIPRestriction(ctx context.Context, accountID string) (*IPRestrictionInfo, error) {
	var out IPRestrictionInfo
	m, err := c.do(ctx, call{route: routeGetIPRestriction, account: accountID, out: &out.IPRestriction})
	if err != nil {
		return nil, err
	}
	out.IPValidationStatus = m.ipStatus
	return &out, nil
}

// UpdateIPRestriction changes an account's IP allow-list.
func (c *Client) UpdateIPRestriction(ctx context.Context, accountID string, req UpdateIPRestrictionRequest) (*IPRestrictionInfo, error) {
	var out IPRestrictionInfo
	m, err := c.do(ctx, call{route: routeUpdateIPRestriction, account: accountID, body: req, out: &out.IPRestriction})
	if err != nil {
		return nil, err
	}
	out.IPValidationStatus = m.ipStatus
	return &out, nil
}

// Onboard onboards a partner through the caller. The account starts PARTIALLY_OPERATIONAL;
// WaitOperational waits for it to become OPERATIONAL.
func (c *Client) Onboard(ctx context.Context, req OnboardRequest) (*PartnerAccount, error) {
	var out PartnerAccount
	_, err := c.do(ctx, call{route: routeOnboard, body: req, out: &out})
	if err == nil && out.AccountID != "" {
		c.lookups.partners.set(out.AccountID, true)
	}
	return result(&out, err)
}

// GetPartnerAccount reads a partner account onboarded through the caller.
func (c *Client) GetPartnerAccount(ctx context.Context, accountID string) (*PartnerAccount, error) {
	if accountID == "" {
		return nil, errors.New("reading a partner account needs its account ID")
	}
	var out PartnerAccount
	_, err := c.do(ctx, call{route: routeGetPartnerAccount, account: accountID, out: &out})
	return result(&out, err)
}

// UpdateAccount changes a partner account (updateAccount).
func (c *Client) UpdateAccount(ctx context.Context, accountID string, req UpdateAccountRequest) (*PartnerAccount, error) {
	if accountID == "" {
		return nil, errors.New("updating a partner account needs its account ID")
	}
	var out PartnerAccount
	_, err := c.do(ctx, call{route: routeUpdateAccount, account: accountID, body: req, out: &out})
	return result(&out, err)
}

// ResolvePartnerAccountID returns the ID of the partner account onboarded through the caller
// under reference (exact match); a reference no account has is a not-found error.
func (c *Client) ResolvePartnerAccountID(ctx context.Context, reference string) (string, error) {
	var out ResolvedPartnerAccountID
	_, err := c.do(ctx, call{route: routeResolvePartnerAccountID, query: url.Values{"partner_account_reference": {reference}}, out: &out})
	return out.AccountID, err
}

// UpdatePaymentProduct enables or disables a partner account's payment product. The API
// takes one update per account per second and answers a second one with 429 and
// Retry-After, which the client honours.
func (c *Client) UpdatePaymentProduct(ctx context.Context, accountID, status string) (*PaymentProduct, error) {
	if accountID == "" {
		return nil, errors.New("updating a payment product needs the partner account ID")
	}
	var out PaymentProduct
	_, err := c.do(ctx, call{route: routeUpdatePaymentProduct, account: accountID, body: UpdatePaymentProductRequest{Status: status}, out: &out})
	return result(&out, err)
}

// ListPaymentProfiles lists the payment profiles the caller may onboard partners with.
func (c *Client) ListPaymentProfiles(ctx context.Context) ([]PaymentProfile, error) {
	var out PaymentProfileList
	_, err := c.do(ctx, call{route: routeListPaymentProfiles, out: &out})
	return out.PaymentProfiles, err
}

// GetSettlementConfiguration reads the caller's settlement configuration.
func (c *Client) GetSettlementConfiguration(ctx context.Context) (*SettlementConfiguration, error) {
	var out SettlementConfiguration
	_, err := c.do(ctx, call{route: routeGetSettlementConfiguration, out: &out})
	return result(&out, err)
}

// WaitOperational reads a partner account every interval until its state is no longer
// PARTIALLY_OPERATIONAL, and returns the last account read. When ctx ends first it returns
// that last account (nil if none was read) with ctx's error; any other error ends the wait
// at once. progress, when set, gets each state read.
func (c *Client) WaitOperational(ctx context.Context, accountID string, interval time.Duration, progress func(state string)) (*PartnerAccount, error) {
	var last *PartnerAccount
	for {
		a, err := c.GetPartnerAccount(ctx, accountID)
		switch {
		case err != nil && ctx.Err() != nil:
			return last, ctx.Err()
		case err != nil:
			return last, err
		}
		last = a
		if progress != nil {
			progress(a.State)
		}
		if a.State != AccountStatePartiallyOperational {
			return a, nil
		}
		t := time.NewTimer(interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return last, ctx.Err()
		case <-t.C:
		}
	}
}
