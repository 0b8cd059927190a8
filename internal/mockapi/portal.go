package mockapi

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/jwt"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// jwtSkew is how far in the future an iat may be.
const jwtSkew = 60 * time.Second

// verifyPortalJWT applies every rule of a user-access or deep-link JWT except the account
// checks that depend on the route. It does not consume the jti.
func (s *Server) verifyPortalJWT(c *reqCtx, token string, deepLink bool) (*jwt.Claims, reply, bool) {
	unauthorized := func(msg string) (*jwt.Claims, reply, bool) {
		return nil, apiError(http.StatusUnauthorized, errorTypeAccess, codeUnauthorized, msg), false
	}
	invalid := func(format string, args ...any) (*jwt.Claims, reply, bool) {
		return nil, validationError("jwt", fmt.Sprintf(format, args...)), false
	}
	if token == "" {
		return invalid("a signed JWT is required")
	}
	s.seenJWTs = append(s.seenJWTs, token)
	parsed, err := jwt.Verify(token)
	if err != nil {
		var ve *jwt.VerifyError
		if errors.As(err, &ve) && ve.Kind == jwt.KindMalformed {
			return invalid("the JWT is malformed: %s", ve.Reason)
		}
		if errors.As(err, &ve) && ve.Kind == jwt.KindType {
			return invalid("%s", ve.Reason)
		}
		return unauthorized("the JWT signature does not verify: " + err.Error())
	}
	claims := parsed.Claims
	if claims.Issuer != c.caller.id {
		return unauthorized(fmt.Sprintf("the JWT's iss %q is not the calling account %s", claims.Issuer, c.caller.id))
	}
	fp := pki.FingerprintSHA256(parsed.Certificate)
	signer := false
	for _, cert := range c.caller.certs {
		if cert.fingerprint == fp && cert.usage == apirules.UsageJWTSigning && cert.status == apirules.CertificateActive {
			signer = true
			break
		}
	}
	if !signer {
		return unauthorized(fmt.Sprintf("the JWT's x5c certificate (SHA-256 %s) is not an ACTIVE JWT_SIGNING certificate of %s", fp, c.caller.id))
	}
	if err := jwt.CheckTimes(claims, c.now, apirules.MaxJWTLifetime, jwtSkew); err != nil {
		return invalid("%s", err.Error())
	}
	if claims.ID == "" {
		return invalid("the jti claim is required")
	}
	if err := apirules.CheckJTI(claims.ID); err != nil {
		return invalid("%s", err.Error())
	}
	if s.usedJTIs[usedJTIKey(claims.ID)] {
		return invalid("the jti %q was used before; every JWT needs a fresh one", claims.ID)
	}
	if err := apirules.CheckEmail(claims.Subject); err != nil {
		return invalid("the sub claim is not a valid email address: %s", err.Error())
	}
	if len(claims.Roles) == 0 {
		return invalid("the roles claim needs at least one of %s", strings.Join(apirules.Roles, ", "))
	}
	for _, r := range claims.Roles {
		if !apirules.KnownRole(r) {
			return invalid("role %q is not one of %s", r, strings.Join(apirules.Roles, ", "))
		}
	}
	if claims.AccountID == "" {
		return invalid("the account_id claim is required")
	}
	if deepLink && len(claims.AMR) == 0 {
		return invalid("the amr claim is required for deep links (how the user was authenticated, e.g. [\"mfa\"])")
	}
	for _, v := range claims.AMR {
		if !apirules.KnownAMR(v) {
			return invalid("amr value %q is not an RFC 8176 authentication method reference; expected one of %s", v, strings.Join(apirules.AMRValues, ", "))
		}
	}
	return &claims, reply{}, true
}

// usedJTIKey is how a jti is remembered: a UUID is the same whatever the case of its digits.
func usedJTIKey(jti string) string { return strings.ToLower(jti) }

// checkGrantAccounts applies the account rules: account_id onboarded through the caller,
// on_behalf_of either that account or the caller's.
func (s *Server) checkGrantAccounts(c *reqCtx, claims *jwt.Claims) (string, reply, bool) {
	target := s.accounts[claims.AccountID]
	if target == nil || target.parent != c.caller.id {
		return "", apiError(http.StatusForbidden, errorTypeAccess, codeForbidden,
			fmt.Sprintf("account %s is not onboarded through %s", claims.AccountID, c.caller.id)), false
	}
	obo := claims.OnBehalfOf
	if obo == "" {
		obo = claims.AccountID
	}
	if obo != claims.AccountID && obo != c.caller.id {
		return "", validationError("jwt", fmt.Sprintf("on_behalf_of %q must be the account_id %s or the acquiring partner's account %s", obo, claims.AccountID, c.caller.id)), false
	}
	return obo, reply{}, true
}

// acceptPortalJWT reads the body's JWT and applies every rule of its route: the token's own,
// for a deep link that it names the path's account, then the account rules. It consumes the
// accepted token's jti and returns its claims and the on_behalf_of account.
func (s *Server) acceptPortalJWT(c *reqCtx, deepLink bool) (*jwt.Claims, string, reply, bool) {
	var req jwtRequest
	if rep, ok := decodeStrict(c.body, &req); !ok {
		return nil, "", rep, false
	}
	claims, rep, ok := s.verifyPortalJWT(c, req.JWT, deepLink)
	if !ok {
		return nil, "", rep, false
	}
	if deepLink && claims.AccountID != c.target.id {
		return nil, "", validationError("jwt", fmt.Sprintf("the account_id claim %s does not match the path's account %s", claims.AccountID, c.target.id)), false
	}
	obo, rep, ok := s.checkGrantAccounts(c, claims)
	if !ok {
		return nil, "", rep, false
	}
	s.usedJTIs[usedJTIKey(claims.ID)] = true
	return claims, obo, reply{}, true
}

func (s *Server) grantUserAccess(c *reqCtx) reply {
	claims, obo, rep, ok := s.acceptPortalJWT(c, false)
	if !ok {
		return rep
	}
	principal := strings.ToLower(claims.Subject)
	key := grantKey{principal: principal, accountID: claims.AccountID, onBehalfOf: obo}
	g := c.caller.grants[key]
	if g == nil {
		g = &grant{key: key, status: userAccessInvited, createdAt: c.now}
		if s.signedIn[[2]string{principal, claims.AccountID}] {
			g.status = userAccessActive
		}
		c.caller.grants[key] = g
	}
	g.roles = dedupe(claims.Roles)
	g.updatedAt = c.now
	if !s.registered[principal] {
		s.registered[principal] = true
		s.emails = append(s.emails, Email{To: principal, AccountID: claims.AccountID, SentAt: c.now})
	}
	return reply{status: http.StatusCreated, body: g.view()}
}

func (s *Server) listUserAccess(c *reqCtx) reply {
	if rep, ok := checkPrincipalFilter(c); !ok {
		return rep
	}
	out := userAccessList{UserAccess: []UserAccess{}}
	for _, g := range s.matchingGrants(c) {
		out.UserAccess = append(out.UserAccess, g.view())
	}
	return reply{status: http.StatusOK, body: out}
}

// revokeUserAccess removes the grants the filters select; with no filter at all, every
// grant the caller ever made, as the API does.
func (s *Server) revokeUserAccess(c *reqCtx) reply {
	if rep, ok := checkPrincipalFilter(c); !ok {
		return rep
	}
	for _, g := range s.matchingGrants(c) {
		delete(c.caller.grants, g.key)
	}
	return reply{status: http.StatusNoContent}
}

// checkPrincipalFilter applies the email rule to a principal filter that is given, even
// empty: a filter that cannot match must never widen a list or a revocation.
func checkPrincipalFilter(c *reqCtx) (reply, bool) {
	q := c.r.URL.Query()
	if !q.Has("principal") {
		return reply{}, true
	}
	if err := apirules.CheckEmail(q.Get("principal")); err != nil {
		return validationError("principal", err.Error()), false
	}
	return reply{}, true
}

func (s *Server) matchingGrants(c *reqCtx) []*grant {
	q := c.r.URL.Query()
	principal := strings.ToLower(q.Get("principal"))
	accountID, obo := q.Get("account_id"), q.Get("on_behalf_of")
	var out []*grant
	for _, g := range c.caller.grants {
		if (principal == "" || g.key.principal == principal) &&
			(accountID == "" || g.key.accountID == accountID) &&
			(obo == "" || g.key.onBehalfOf == obo) {
			out = append(out, g)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].key, out[j].key
		if a.accountID != b.accountID {
			return a.accountID < b.accountID
		}
		if a.onBehalfOf != b.onBehalfOf {
			return a.onBehalfOf < b.onBehalfOf
		}
		return a.principal < b.principal
	})
	return out
}

func (s *Server) createDeepLink(c *reqCtx) reply {
	claims, obo, rep, ok := s.acceptPortalJWT(c, true)
	if !ok {
		return rep
	}
	token := randomString(48, alnum)
	link := &deepLinkToken{
		principal:  strings.ToLower(claims.Subject),
		accountID:  claims.AccountID,
		onBehalfOf: obo,
		roles:      dedupe(claims.Roles),
		expires:    c.now.Add(apirules.DeepLinkTTL),
	}
	s.deepLinks[token] = link
	return reply{status: http.StatusOK, body: deepLink{
		URL:       c.baseURL + "/_mock/portal/login?token=" + url.QueryEscape(token),
		ExpiresAt: link.expires,
	}}
}

// PortalLogin is what the mock portal answers to the first use of a deep link.
type PortalLogin struct {
	Principal  string   `json:"principal"`
	AccountID  string   `json:"account_id"`
	OnBehalfOf string   `json:"on_behalf_of"`
	Roles      []string `json:"roles"`
}

// portalLogin serves GET /_mock/portal/login?token=: 200 the first time within 60 s, 410 after.
// HEAD answers what GET would without signing in, so a link checker or a browser's
// prefetch does not use up the link.
func (s *Server) portalLogin(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	link := s.deepLinks[r.URL.Query().Get("token")]
	switch {
	case link == nil:
		writeControl(w, http.StatusNotFound, apiError(http.StatusNotFound, errorTypeResource, codeNotFound, "unknown deep link").body)
		return
	case link.used:
		writeControl(w, http.StatusGone, apiError(http.StatusGone, errorTypeResource, "LINK_USED", "this deep link was used already; deep links are single-use").body)
		return
	case !now.Before(link.expires):
		writeControl(w, http.StatusGone, apiError(http.StatusGone, errorTypeResource, "LINK_EXPIRED", "this deep link expired 60 seconds after it was created").body)
		return
	}
	if r.Method == http.MethodHead {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		return
	}
	link.used = true
	s.signedIn[[2]string{link.principal, link.accountID}] = true
	for _, a := range s.accounts {
		for k, g := range a.grants {
			if k.principal == link.principal && k.accountID == link.accountID {
				g.status = userAccessActive
			}
		}
	}
	writeControl(w, http.StatusOK, PortalLogin{
		Principal: link.principal, AccountID: link.accountID, OnBehalfOf: link.onBehalfOf, Roles: link.roles,
	})
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range in {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
