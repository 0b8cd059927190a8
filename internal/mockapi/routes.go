package mockapi

import "net/http"

// routes registers every API route. Patterns use the {account_id} and {id} placeholders,
// which are also the names the request counts of /_mock/requests use.
func (s *Server) routes() {
	s.mux = http.NewServeMux()
	both := func(method, path string, fn handlerFunc) {
		s.handle(method+" /v2/account"+path, fn)
		s.handle(method+" /v2/accounts/{account_id}"+path, fn)
	}
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { s.serveRoute(w, r, nil) })
	s.handle("GET /v2/account", (*Server).whoAmI)

	both("POST", "/credentials/api-keys", (*Server).createAPIKey)
	both("GET", "/credentials/api-keys", apiKeys.list)
	both("GET", "/credentials/api-keys/{id}", apiKeys.get)
	both("PATCH", "/credentials/api-keys/{id}", apiKeys.update)
	both("DELETE", "/credentials/api-keys/{id}", apiKeys.remove)

	both("POST", "/credentials/client-ids", (*Server).createClientID)
	both("GET", "/credentials/client-ids", clientIDs.list)
	both("GET", "/credentials/client-ids/{id}", clientIDs.get)
	both("PATCH", "/credentials/client-ids/{id}", clientIDs.update)
	both("DELETE", "/credentials/client-ids/{id}", clientIDs.remove)

	both("POST", "/credentials/client-certificates", (*Server).createCertificate)
	both("GET", "/credentials/client-certificates", (*Server).listCertificates)
	both("GET", "/credentials/client-certificates/{id}", (*Server).getCertificate)
	both("DELETE", "/credentials/client-certificates/{id}", (*Server).revokeCertificate)

	both("GET", "/integration/mtls", (*Server).getMTLS)
	both("PUT", "/integration/mtls", (*Server).enforceMTLS)
	both("DELETE", "/integration/mtls", (*Server).removeMTLS)

	s.handle("POST /v2/account/portal/user-access", (*Server).grantUserAccess)
	s.handle("GET /v2/account/portal/user-access", (*Server).listUserAccess)
	s.handle("DELETE /v2/account/portal/user-access", (*Server).revokeUserAccess)
	s.handle("POST /v2/accounts/{account_id}/portal/deep-links", (*Server).createDeepLink)

	both("POST", "/notification/webhooks", (*Server).createWebhook)
	both("GET", "/notification/webhooks", (*Server).listWebhooks)
	both("GET", "/notification/webhooks/{id}", (*Server).getWebhook)
	both("PATCH", "/notification/webhooks/{id}", (*Server).updateWebhook)
	both("DELETE", "/notification/webhooks/{id}", (*Server).deleteWebhook)

	both("POST", "/notification/signing-keys", (*Server).createSigningKey)
	both("GET", "/notification/signing-keys", (*Server).listSigningKeys)
	both("GET", "/notification/signing-keys/{id}", (*Server).getSigningKey)
	both("DELETE", "/notification/signing-keys/{id}", (*Server).deleteSigningKey)

	both("GET", "/integration/inbound-restriction/ip", (*Server).getIPRestriction)
	both("PATCH", "/integration/inbound-restriction/ip", (*Server).updateIPRestriction)
	s.handle("POST /v2/distribution/onboard", (*Server).onboardPartnerAccount)
	s.handle("GET /v2/accounts/{account_id}", (*Server).getPartnerAccount)
	s.handle("PATCH /v2/accounts/{account_id}", (*Server).updateAccount)
	s.handle("GET /v2/distribution/resolve/partner-account-id", (*Server).resolvePartnerAccountID)
	s.handle("PATCH /v2/accounts/{account_id}/products/payment", (*Server).updatePaymentProduct)
	s.handle("GET /v2/distribution/payment-profiles", (*Server).listPaymentProfiles)
	s.handle("GET /v2/distribution/settlement-configuration", (*Server).getSettlementConfiguration)
}
