package klarna

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// Paths of the own account and of a partner account. Every route of the API is in the
// table below, once; callers choose the account with an argument, never by building paths.
const (
	ownPrefix     = "/v2/account"
	partnerPrefix = "/v2/accounts/{account_id}"
)

// scope says which account forms a route has.
type scope int

const (
	scopeBoth        scope = iota // /v2/account/... and /v2/accounts/{account_id}/...
	scopeOwnOnly                  // /v2/account/... only
	scopePartnerOnly              // /v2/accounts/{account_id}/... only
	scopeNoAccount                // an absolute path that names no account (/v2/distribution/...)
)

type route struct {
	method string
	path   string // after the account prefix; may hold one item placeholder such as {credential_id}
	scope  scope
}

var (
	routeWhoAmI = route{http.MethodGet, "", scopeOwnOnly}

	routeCreateAPIKey = route{http.MethodPost, "/credentials/api-keys", scopeBoth}
	routeListAPIKeys  = route{http.MethodGet, "/credentials/api-keys", scopeBoth}
	routeGetAPIKey    = route{http.MethodGet, "/credentials/api-keys/{credential_id}", scopeBoth}
	routeUpdateAPIKey = route{http.MethodPatch, "/credentials/api-keys/{credential_id}", scopeBoth}
	routeDeleteAPIKey = route{http.MethodDelete, "/credentials/api-keys/{credential_id}", scopeBoth}

	routeCreateClientID = route{http.MethodPost, "/credentials/client-ids", scopeBoth}
	routeListClientIDs  = route{http.MethodGet, "/credentials/client-ids", scopeBoth}
	routeGetClientID    = route{http.MethodGet, "/credentials/client-ids/{credential_id}", scopeBoth}
	routeUpdateClientID = route{http.MethodPatch, "/credentials/client-ids/{credential_id}", scopeBoth}
	routeDeleteClientID = route{http.MethodDelete, "/credentials/client-ids/{credential_id}", scopeBoth}

	routeCreateCertificate = route{http.MethodPost, "/credentials/client-certificates", scopeBoth}
	routeListCertificates  = route{http.MethodGet, "/credentials/client-certificates", scopeBoth}
	routeGetCertificate    = route{http.MethodGet, "/credentials/client-certificates/{certificate_id}", scopeBoth}
	routeRevokeCertificate = route{http.MethodDelete, "/credentials/client-certificates/{certificate_id}", scopeBoth}

	routeGetMTLS     = route{http.MethodGet, "/integration/mtls", scopeBoth}
	routeEnforceMTLS = route{http.MethodPut, "/integration/mtls", scopeBoth}
	routeRemoveMTLS  = route{http.MethodDelete, "/integration/mtls", scopeBoth}

	routeGrantUserAccess  = route{http.MethodPost, "/portal/user-access", scopeOwnOnly}
	routeListUserAccess   = route{http.MethodGet, "/portal/user-access", scopeOwnOnly}
	routeRevokeUserAccess = route{http.MethodDelete, "/portal/user-access", scopeOwnOnly}

	routeCreateDeepLink = route{http.MethodPost, "/portal/deep-links", scopePartnerOnly}

	routeCreateWebhook = route{http.MethodPost, "/notification/webhooks", scopeBoth}
	routeListWebhooks  = route{http.MethodGet, "/notification/webhooks", scopeBoth}
	routeGetWebhook    = route{http.MethodGet, "/notification/webhooks/{webhook_id}", scopeBoth}
	routeUpdateWebhook = route{http.MethodPatch, "/notification/webhooks/{webhook_id}", scopeBoth}
	routeDeleteWebhook = route{http.MethodDelete, "/notification/webhooks/{webhook_id}", scopeBoth}

	routeCreateSigningKey = route{http.MethodPost, "/notification/signing-keys", scopeBoth}
	routeListSigningKeys  = route{http.MethodGet, "/notification/signing-keys", scopeBoth}
	routeGetSigningKey    = route{http.MethodGet, "/notification/signing-keys/{signing_key_id}", scopeBoth}
	routeDeleteSigningKey = route{http.MethodDelete, "/notification/signing-keys/{signing_key_id}", scopeBoth}

	routeGetIPRestriction           = route{http.MethodGet, "/integration/inbound-restriction/ip", scopeBoth}
	routeUpdateIPRestriction        = route{http.MethodPatch, "/integration/inbound-restriction/ip", scopeBoth}
	routeOnboard                    = route{http.MethodPost, "/v2/distribution/onboard", scopeNoAccount}
	routeGetPartnerAccount          = route{http.MethodGet, "", scopePartnerOnly}
	routeUpdateAccount              = route{http.MethodPatch, "", scopePartnerOnly}
	routeResolvePartnerAccountID    = route{http.MethodGet, "/v2/distribution/resolve/partner-account-id", scopeNoAccount}
	routeUpdatePaymentProduct       = route{http.MethodPatch, "/products/payment", scopePartnerOnly}
	routeListPaymentProfiles        = route{http.MethodGet, "/v2/distribution/payment-profiles", scopeNoAccount}
	routeGetSettlementConfiguration = route{http.MethodGet, "/v2/distribution/settlement-configuration", scopeNoAccount}
)

var allRoutes = []route{
	routeWhoAmI,
	routeCreateAPIKey, routeListAPIKeys, routeGetAPIKey, routeUpdateAPIKey, routeDeleteAPIKey,
	routeCreateClientID, routeListClientIDs, routeGetClientID, routeUpdateClientID, routeDeleteClientID,
	routeCreateCertificate, routeListCertificates, routeGetCertificate, routeRevokeCertificate,
	routeGetMTLS, routeEnforceMTLS, routeRemoveMTLS,
	routeGrantUserAccess, routeListUserAccess, routeRevokeUserAccess,
	routeCreateDeepLink,
	routeCreateWebhook, routeListWebhooks, routeGetWebhook, routeUpdateWebhook, routeDeleteWebhook,
	routeCreateSigningKey, routeListSigningKeys, routeGetSigningKey, routeDeleteSigningKey,
	routeGetIPRestriction, routeUpdateIPRestriction,
	routeOnboard, routeGetPartnerAccount, routeUpdateAccount, routeResolvePartnerAccountID,
	routeUpdatePaymentProduct, routeListPaymentProfiles, routeGetSettlementConfiguration,
}

// RouteTemplate is one method and path template of the API, e.g.
// POST /v2/accounts/{account_id}/credentials/api-keys.
type RouteTemplate struct {
	Method string
	Path   string
}

// Routes lists every route the client calls, in both account forms where the API has both.
func Routes() []RouteTemplate {
	var out []RouteTemplate
	for _, r := range allRoutes {
		if r.scope == scopeNoAccount {
			out = append(out, RouteTemplate{r.method, r.path})
			continue
		}
		if r.scope != scopePartnerOnly {
			out = append(out, RouteTemplate{r.method, ownPrefix + r.path})
		}
		if r.scope != scopeOwnOnly {
			out = append(out, RouteTemplate{r.method, partnerPrefix + r.path})
		}
	}
	return out
}

// expand returns the request path for the route: the caller's own account when accountID
// is empty, else the partner account it names. id fills the route's item placeholder.
func (r route) expand(accountID, id string) (string, error) {
	var prefix string
	switch {
	case r.scope == scopeNoAccount && accountID != "":
		return "", fmt.Errorf("%s %s names no account; no account ID may be given", r.method, r.path)
	case r.scope == scopeNoAccount:
		prefix = ""
	case accountID == "" && r.scope == scopePartnerOnly:
		return "", fmt.Errorf("%s %s needs a partner account ID", r.method, partnerPrefix+r.path)
	case accountID == "":
		prefix = ownPrefix
	case r.scope == scopeOwnOnly:
		return "", fmt.Errorf("%s %s acts on the caller's own account only; no account ID may be given", r.method, ownPrefix+r.path)
	default:
		prefix = "/v2/accounts/" + escapeSegment(accountID)
	}
	p := r.path
	if i := strings.IndexByte(p, '{'); i >= 0 {
		if id == "" {
			return "", fmt.Errorf("%s %s needs an ID", r.method, r.path)
		}
		j := strings.IndexByte(p, '}')
		p = p[:i] + escapeSegment(id) + p[j+1:]
	}
	return prefix + p, nil
}

// template is the route's path with placeholders, for logs.
func (r route) template(accountID string) string {
	if r.scope == scopeNoAccount {
		return r.path
	}
	if accountID == "" && r.scope != scopePartnerOnly {
		return ownPrefix + r.path
	}
	return partnerPrefix + r.path
}

// escapeSegment URL-escapes one path segment, colons included, so that a KRN travels as
// krn%3Apartner%3Aglobal%3A...
func escapeSegment(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), ":", "%3A")
}
