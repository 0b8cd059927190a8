package mockapi

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// The contract's rules that hold between fields, or between a response and its request,
// which the OpenAPI document cannot state: an ENABLED credential has no disabled_reason, a
// certificate's fields describe its PEM, a filtered list holds only what the filter selects.
// The mock checks every response it is about to send against them, right after the
// document's schema; a response that breaks one is the mock's own fault and becomes a 500
// that fails the test that caused it.
//
// Rules that compare with the clock only ever say "not after now": the clock never moves
// back, so reading it after the response was made cannot turn a true rule false.

// checkResponse checks a response about to be sent for r against the OpenAPI document and
// then against the contract's rules.
func (s *Server) checkResponse(r *http.Request, status int, header http.Header, body []byte) error {
	if err := s.validator.ValidateResponse(r, status, header, body); err != nil {
		return err
	}
	in := responseOf(r, status, header, body, s.env, s.clock.Now())
	if err := in.check(); err != nil {
		return fmt.Errorf("the %d response to %s %s breaks the contract: %w", status, r.Method, r.URL.Path, err)
	}
	return nil
}

// response is what the rules look at: the request's route and the response.
type response struct {
	method  string
	route   string // the path after the account prefix, with {id}: "/credentials/api-keys/{id}"; "" for who-am-I
	account string // the path's account ID; "" on /v2/account/... paths
	id      string // the path's {id}
	query   url.Values
	status  int
	header  http.Header
	body    []byte
	env     string // the mock's environment, LIVE or TEST
	now     time.Time

	partnerCorrelationID []string // the request's Partner-Correlation-Id values
}

func responseOf(r *http.Request, status int, header http.Header, body []byte, env string, now time.Time) response {
	_, pattern, _ := strings.Cut(r.Pattern, " ")
	route := strings.TrimPrefix(pattern, "/v2/accounts/{account_id}")
	switch route {
	case "":
		// A partner account itself, not who-am-I.
		route = pattern
	case pattern:
		route = strings.TrimPrefix(pattern, "/v2/account")
	}
	return response{
		method: r.Method, route: route, account: r.PathValue("account_id"), id: r.PathValue("id"),
		query: r.URL.Query(), status: status, header: header, body: body, env: env, now: now,
		partnerCorrelationID: r.Header.Values(headerPartnerCorrelationID),
	}
}

// check applies every rule that concerns the response; it returns them all joined.
func (in response) check() error {
	var errs []error
	if v := in.header.Get(headerRetryAfter); v != "" && in.status != http.StatusTooManyRequests {
		errs = append(errs, fmt.Errorf("a %d response carries %s; only a 429 does", in.status, headerRetryAfter))
	}
	// Partner-Correlation-Id is echoed back as sent, on every response.
	var want []string
	if len(in.partnerCorrelationID) > 0 && in.partnerCorrelationID[0] != "" {
		want = in.partnerCorrelationID[:1]
	}
	if got := in.header.Values(headerPartnerCorrelationID); !slices.Equal(got, want) {
		errs = append(errs, fmt.Errorf("%s %q is not the request's %q echoed back", headerPartnerCorrelationID, got, want))
	}
	if in.status < 200 || in.status > 299 || len(in.body) == 0 {
		return errors.Join(errs...)
	}
	create := in.method == http.MethodPost
	item := strings.HasSuffix(in.route, "/{id}")
	switch {
	case in.route == "":
		errs = append(errs, decodeThen(in.body, in.checkAccount)...)
	case strings.HasPrefix(in.route, "/credentials/api-keys"):
		switch {
		case create:
			errs = append(errs, decodeThen(in.body, in.checkCreatedAPIKey)...)
		case item:
			errs = append(errs, decodeThen(in.body, func(k APIKey) []error { return in.checkAPIKey("", k, true) })...)
		default:
			errs = append(errs, decodeThen(in.body, func(l apiKeyList) []error {
				return checkEach("api_keys", l.APIKeys, func(at string, k APIKey) []error { return in.checkAPIKey(at, k, false) })
			})...)
		}
	case strings.HasPrefix(in.route, "/credentials/client-ids"):
		switch {
		case create || item:
			errs = append(errs, decodeThen(in.body, func(c ClientID) []error { return in.checkClientID("", c, item, create) })...)
		default:
			errs = append(errs, decodeThen(in.body, func(l clientIDList) []error {
				return checkEach("client_ids", l.ClientIDs, func(at string, c ClientID) []error { return in.checkClientID(at, c, false, false) })
			})...)
		}
	case strings.HasPrefix(in.route, "/credentials/client-certificates"):
		switch {
		case create || item:
			errs = append(errs, decodeThen(in.body, func(c ClientCertificate) []error { return in.checkCertificate("", c, item, create) })...)
		default:
			errs = append(errs, decodeThen(in.body, func(l clientCertificateList) []error {
				return checkEach("client_certificates", l.ClientCertificates, func(at string, c ClientCertificate) []error {
					return in.checkCertificate(at, c, false, false)
				})
			})...)
		}
	case in.route == "/integration/mtls":
		errs = append(errs, decodeThen(in.body, in.checkMTLS)...)
	case in.route == "/portal/user-access":
		if create {
			errs = append(errs, decodeThen(in.body, func(g UserAccess) []error { return in.checkGrant("", g) })...)
			break
		}
		errs = append(errs, decodeThen(in.body, func(l userAccessList) []error {
			return checkEach("user_access", l.UserAccess, func(at string, g UserAccess) []error {
				return append(in.checkGrant(at, g), in.checkFilter(at, g)...)
			})
		})...)
	case in.route == "/portal/deep-links":
		errs = append(errs, decodeThen(in.body, in.checkDeepLink)...)
	case in.route == "/v2/accounts/{account_id}" || in.route == "/v2/distribution/onboard":
		errs = append(errs, decodeThen(in.body, in.checkPartnerAccount)...)
	}
	return errors.Join(errs...)
}

func decodeThen[T any](body []byte, rule func(T) []error) []error {
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		return []error{fmt.Errorf("the body does not decode: %w", err)}
	}
	return rule(v)
}

// checkEach applies check to every item of a list, each with its place ("list[i].") to
// prefix the fields it names.
func checkEach[T any](list string, items []T, check func(at string, item T) []error) []error {
	var out []error
	for i, item := range items {
		out = append(out, check(fmt.Sprintf("%s[%d].", list, i), item)...)
	}
	return out
}

// krnEnvironments maps a KRN's environment segment to the API's environment.
var krnEnvironments = map[string]string{krn.EnvironmentLive: environmentLive, krn.EnvironmentTest: environmentTest}

// checkEnvironment: every environment a response names is the mock's, and the one the path's
// account names.
func (in response) checkEnvironment(field, env string) []error {
	var errs []error
	if env != in.env {
		errs = append(errs, fmt.Errorf("%s is %s in a %s environment", field, env, in.env))
	}
	if in.account != "" {
		if a, err := krn.Parse(in.account); err == nil && krnEnvironments[a.Environment] != env {
			errs = append(errs, fmt.Errorf("%s is %s for account %s", field, env, in.account))
		}
	}
	return errs
}

func (in response) checkAccount(a accountView) []error {
	var errs []error
	if parsed, err := krn.Parse(a.AccountID); err != nil || krnEnvironments[parsed.Environment] != a.Environment {
		errs = append(errs, fmt.Errorf("environment %s does not match account_id %s", a.Environment, a.AccountID))
	}
	errs = append(errs, in.checkEnvironment("environment", a.Environment)...)
	// An mTLS-enabled account's responses carry the verification header, and only theirs.
	if has := in.header.Get(headerMTLSVerificationStatus) != ""; has != a.MTLSEnabled {
		errs = append(errs, fmt.Errorf("mtls_enabled is %t but the %s header is present: %t", a.MTLSEnabled, headerMTLSVerificationStatus, has))
	}
	return errs
}

// credentialFields are the fields API keys and client IDs share.
type credentialFields struct {
	id, env, status string
	createdAt       time.Time
	lastUsedAt      *time.Time
	disabledReason  *string
	fresh, item     bool
}

func (in response) checkCredential(prefix string, c credentialFields) []error {
	var errs []error
	switch {
	case c.status == apirules.StatusEnabled && c.disabledReason != nil:
		errs = append(errs, fmt.Errorf("%sstatus is ENABLED but disabled_reason is %s", prefix, *c.disabledReason))
	case c.status == apirules.StatusDisabled && c.disabledReason == nil:
		errs = append(errs, fmt.Errorf("%sstatus is DISABLED but disabled_reason is null", prefix))
	}
	if c.lastUsedAt != nil && c.lastUsedAt.Before(c.createdAt) {
		errs = append(errs, fmt.Errorf("%slast_used_at %s is before created_at %s", prefix, stamp(*c.lastUsedAt), stamp(c.createdAt)))
	}
	errs = append(errs, in.notAfterNow(prefix+"created_at", c.createdAt)...)
	if c.lastUsedAt != nil {
		errs = append(errs, in.notAfterNow(prefix+"last_used_at", *c.lastUsedAt)...)
	}
	errs = append(errs, in.checkEnvironment(prefix+"environment", c.env)...)
	if c.fresh && (c.status != apirules.StatusEnabled || c.lastUsedAt != nil) {
		errs = append(errs, fmt.Errorf("%sa new credential must be ENABLED and never used", prefix))
	}
	if c.item && c.id != in.id {
		errs = append(errs, fmt.Errorf("%scredential_id %s is not the path's %s", prefix, c.id, in.id))
	}
	return errs
}

func (in response) checkAPIKey(prefix string, k APIKey, item bool) []error {
	return in.checkCredential(prefix, credentialFields{
		id: k.CredentialID, env: k.Environment, status: k.Status, createdAt: k.CreatedAt,
		lastUsedAt: k.LastUsedAt, disabledReason: k.DisabledReason, item: item,
	})
}

// keyPrefixes are the environment segments of API keys and client IDs.
var keyPrefixes = map[string]string{environmentLive: "live", environmentTest: "test"}

func (in response) checkCreatedAPIKey(k createdAPIKey) []error {
	errs := in.checkCredential("", credentialFields{
		id: k.CredentialID, env: k.Environment, status: k.Status, createdAt: k.CreatedAt,
		lastUsedAt: k.LastUsedAt, disabledReason: k.DisabledReason, fresh: true,
	})
	if want := "klarna_" + keyPrefixes[k.Environment] + "_api_"; !strings.HasPrefix(k.Secret, want) {
		errs = append(errs, fmt.Errorf("api_key does not start with %s, as a %s key must", want, k.Environment))
	}
	return errs
}

func (in response) checkClientID(prefix string, c ClientID, item, fresh bool) []error {
	errs := in.checkCredential(prefix, credentialFields{
		id: c.CredentialID, env: c.Environment, status: c.Status, createdAt: c.CreatedAt,
		lastUsedAt: c.LastUsedAt, disabledReason: c.DisabledReason, item: item, fresh: fresh,
	})
	if want := "klarna_" + keyPrefixes[c.Environment] + "_client_"; !strings.HasPrefix(c.ClientID, want) {
		errs = append(errs, fmt.Errorf("%sclient_id %s does not start with %s, as a %s client ID must", prefix, c.ClientID, want, c.Environment))
	}
	return errs
}

// jwtSigningCN is the form of an account ID's last segment, the CN of a JWT_SIGNING certificate.
var jwtSigningCN = regexp.MustCompile(`^[A-Z0-9]{1,64}$`)

func (in response) checkCertificate(prefix string, c ClientCertificate, item, fresh bool) []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(prefix+format, args...)) }
	if !c.NotAfter.After(c.NotBefore) {
		fail("not_after %s is not after not_before %s", stamp(c.NotAfter), stamp(c.NotBefore))
	}
	if c.CreatedAt.Before(c.NotBefore) || c.CreatedAt.After(c.NotAfter) {
		fail("created_at %s is outside the validity %s to %s", stamp(c.CreatedAt), stamp(c.NotBefore), stamp(c.NotAfter))
	}
	// Valid 3 years from issue.
	if want := c.CreatedAt.AddDate(3, 0, 0); !c.NotAfter.Truncate(time.Second).Equal(want.Truncate(time.Second)) {
		fail("not_after %s is not 3 years after created_at %s", stamp(c.NotAfter), stamp(c.CreatedAt))
	}
	errs = append(errs, in.notAfterNow(prefix+"created_at", c.CreatedAt)...)
	if c.Status == apirules.CertificateExpired && c.NotAfter.After(in.now) {
		fail("status is EXPIRED before not_after %s", stamp(c.NotAfter))
	}
	if fresh && c.Status != apirules.CertificateActive {
		fail("a new certificate is %s, not ACTIVE", c.Status)
	}
	if item && c.CertificateID != in.id {
		fail("certificate_id %s is not the path's %s", c.CertificateID, in.id)
	}
	if c.Usage == apirules.UsageJWTSigning {
		if !jwtSigningCN.MatchString(c.SubjectCommonName) {
			fail("a JWT_SIGNING certificate's CN %q is not an account ID's last segment", c.SubjectCommonName)
		} else if a, err := krn.Parse(in.account); in.account != "" && err == nil && a.ID != c.SubjectCommonName {
			fail("a JWT_SIGNING certificate's CN %q is not %s, the last segment of %s", c.SubjectCommonName, a.ID, in.account)
		}
	}
	// The fields describe the PEM certificate itself.
	var first pki.CertificateBlock
	for b := range pki.CertificateBlocks([]byte(c.Certificate)) {
		first = b
		break
	}
	if first.Block == nil || !first.IsCertificate() {
		fail("certificate is not a PEM CERTIFICATE")
		return errs
	}
	if first.Err != nil {
		fail("certificate does not parse: %v", first.Err)
		return errs
	}
	cert := first.Certificate
	sum := sha256.Sum256(cert.Raw)
	if !strings.EqualFold(c.FingerprintSHA256, hex.EncodeToString(sum[:])) {
		fail("fingerprint_sha256 is not the SHA-256 of the certificate")
	}
	if serial, ok := new(big.Int).SetString(c.SerialNumber, 16); !ok || serial.Cmp(cert.SerialNumber) != 0 {
		fail("serial_number %s is not the certificate's %x", c.SerialNumber, cert.SerialNumber)
	}
	if cert.Subject.CommonName != c.SubjectCommonName {
		fail("subject_common_name %q is not the certificate's CN %q", c.SubjectCommonName, cert.Subject.CommonName)
	}
	if !cert.NotBefore.Equal(c.NotBefore.Truncate(time.Second)) || !cert.NotAfter.Equal(c.NotAfter.Truncate(time.Second)) {
		fail("not_before and not_after (%s, %s) are not the certificate's (%s, %s)",
			stamp(c.NotBefore), stamp(c.NotAfter), stamp(cert.NotBefore), stamp(cert.NotAfter))
	}
	return errs
}

func (in response) checkMTLS(m MTLSEnforcement) []error {
	var errs []error
	switch m.Status {
	case apirules.MTLSEnforced:
		if m.EnforcedFrom == nil {
			errs = append(errs, errors.New("status is ENFORCED but enforced_from is null"))
		} else if m.EnforcedFrom.After(in.now) {
			errs = append(errs, fmt.Errorf("status is ENFORCED before enforced_from %s", stamp(*m.EnforcedFrom)))
		}
	case apirules.MTLSNotEnabled:
		if m.EnforcedFrom != nil {
			errs = append(errs, fmt.Errorf("status is NOT_ENABLED but enforced_from is %s", stamp(*m.EnforcedFrom)))
		}
	}
	if in.method == http.MethodPut && m.EnforcedFrom == nil {
		errs = append(errs, errors.New("an enforcement just set has no enforced_from"))
	}
	return errs
}

func (in response) checkGrant(prefix string, g UserAccess) []error {
	var errs []error
	if g.UpdatedAt.Before(g.CreatedAt) {
		errs = append(errs, fmt.Errorf("%supdated_at %s is before created_at %s", prefix, stamp(g.UpdatedAt), stamp(g.CreatedAt)))
	}
	errs = append(errs, in.notAfterNow(prefix+"updated_at", g.UpdatedAt)...)
	account, err1 := krn.Parse(g.AccountID)
	onBehalfOf, err2 := krn.Parse(g.OnBehalfOf)
	if err1 == nil && err2 == nil && account.Environment != onBehalfOf.Environment {
		errs = append(errs, fmt.Errorf("%saccount_id %s and on_behalf_of %s are in different environments", prefix, g.AccountID, g.OnBehalfOf))
	}
	if err1 == nil {
		errs = append(errs, in.checkEnvironment(prefix+"account_id's environment", krnEnvironments[account.Environment])...)
	}
	return errs
}

// checkFilter: a listed grant matches every filter of the request.
func (in response) checkFilter(prefix string, g UserAccess) []error {
	var errs []error
	for _, f := range []struct{ name, got string }{
		{"account_id", g.AccountID}, {"on_behalf_of", g.OnBehalfOf}, {"principal", g.Principal},
	} {
		name, got := f.name, f.got
		want := in.query.Get(name)
		if want == "" {
			continue
		}
		if got != want && (name != "principal" || !strings.EqualFold(got, want)) {
			errs = append(errs, fmt.Errorf("%s%s is %s, outside the filter %s=%s", prefix, name, got, name, want))
		}
	}
	return errs
}

func (in response) checkDeepLink(l deepLink) []error {
	if latest := in.now.Add(apirules.DeepLinkTTL); l.ExpiresAt.After(latest) {
		return []error{fmt.Errorf("expires_at %s is more than %s ahead", stamp(l.ExpiresAt), apirules.DeepLinkTTL)}
	}
	return nil
}

// checkPartnerAccount: the path's account, one PAYMENT product, a url on WEBSITE stores
// only, unique references, and a new account that is not yet past onboarding's first state
// only when it was just onboarded.
func (in response) checkPartnerAccount(a PartnerAccount) []error {
	var errs []error
	if in.account != "" && a.AccountID != in.account {
		errs = append(errs, fmt.Errorf("partner_account_id %s is not the path's %s", a.AccountID, in.account))
	}
	if in.method == http.MethodPost && a.State == accountDisabled {
		errs = append(errs, errors.New("a new account cannot be DISABLED"))
	}
	if len(a.Products) != 1 || a.Products[0].Type != productTypePayment {
		errs = append(errs, fmt.Errorf("products holds %d products; a partner account has one, PAYMENT", len(a.Products)))
	}
	for i, s := range a.Stores {
		if (s.Type == storeWebsite) != (s.URL != nil) {
			errs = append(errs, fmt.Errorf("stores[%d] is a %s store with url %v; only WEBSITE stores have one, and they must", i, s.Type, s.URL != nil))
		}
	}
	seen := map[string]bool{}
	for i, s := range a.Stores {
		if seen[s.StoreReference] {
			errs = append(errs, fmt.Errorf("stores[%d].store_reference %q is not unique", i, s.StoreReference))
		}
		seen[s.StoreReference] = true
	}
	return append(errs, in.notAfterNow("created_at", a.CreatedAt)...)
}

func (in response) notAfterNow(field string, t time.Time) []error {
	if t.After(in.now) {
		return []error{fmt.Errorf("%s %s is after the server's time %s", field, stamp(t), stamp(in.now))}
	}
	return nil
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
