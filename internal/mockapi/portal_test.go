package mockapi_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/partnerops/terraform-provider-klarna/internal/jwt"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

const pathUserAccess = "/v2/account/portal/user-access"

// grant posts a user-access JWT and returns the answer.
func (m *mock) grant(t *testing.T, c jwt.Claims, signer issued) resp {
	t.Helper()
	return m.post(t, m.b.APIKey, pathUserAccess, map[string]string{"jwt": sign(t, c, signer)})
}

// listAccess lists the grants matching the query.
func (m *mock) listAccess(t *testing.T, query url.Values) []klarna.UserAccess {
	t.Helper()
	path := pathUserAccess
	if len(query) > 0 {
		path += "?" + query.Encode()
	}
	r := m.get(t, m.b.APIKey, path)
	r.wantStatus(t, http.StatusOK)
	var out klarna.UserAccessList
	r.decode(t, &out)
	if out.UserAccess == nil {
		t.Fatalf("user_access is not a list: %s", r.body)
	}
	return out.UserAccess
}

func (m *mock) emails(t *testing.T) []mockapi.Email {
	t.Helper()
	r := m.control(t, http.MethodGet, "/_mock/emails", nil)
	r.wantStatus(t, http.StatusOK)
	var out struct {
		Emails []mockapi.Email `json:"emails"`
	}
	r.decode(t, &out)
	return out.Emails
}

func keysOf(list []klarna.UserAccess) []string {
	var out []string
	for _, g := range list {
		out = append(out, g.Principal+" "+g.AccountID+" "+g.OnBehalfOf)
	}
	sort.Strings(out)
	return out
}

func TestPortal_grantAndList(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	own, p1, p2 := m.b.AccountID, m.b.PartnerAccountIDs[0], m.b.PartnerAccountIDs[1]
	signer := m.issue(t, m.b.APIKey, "/v2/account", own, "JWT_SIGNING")
	if got := m.emails(t); len(got) != 0 {
		t.Fatalf("emails before any grant: %+v", got)
	}

	r := m.grant(t, m.claims("Alice@Example.COM", p1, "merchant:developer"), signer)
	r.wantStatus(t, http.StatusCreated)
	var first klarna.UserAccess
	r.decode(t, &first)
	if first.Principal != "alice@example.com" || first.AccountID != p1 || first.OnBehalfOf != p1 ||
		strings.Join(first.Roles, ",") != "merchant:developer" || first.Status != "INVITED" {
		t.Fatalf("grant %+v", first)
	}
	nearMock(t, m, "created_at", first.CreatedAt)

	acting := m.claims("alice@example.com", p1, "merchant:agent")
	acting.OnBehalfOf = own
	m.grant(t, acting, signer).wantStatus(t, http.StatusCreated)
	explicit := m.claims("bob@example.com", p2, "merchant:admin")
	explicit.OnBehalfOf = p2
	m.grant(t, explicit, signer).wantStatus(t, http.StatusCreated)
	m.grant(t, m.claims("ALICE@example.com", p2), signer).wantStatus(t, http.StatusCreated)

	// Granting the same (principal, account, on_behalf_of) again replaces the roles.
	m.advance(t, time.Hour)
	r = m.grant(t, m.claims("alice@EXAMPLE.com", p1, "merchant:admin", "merchant:agent"), signer)
	r.wantStatus(t, http.StatusCreated)
	var regrant klarna.UserAccess
	r.decode(t, &regrant)
	if strings.Join(regrant.Roles, ",") != "merchant:admin,merchant:agent" || !regrant.CreatedAt.Equal(first.CreatedAt) ||
		regrant.UpdatedAt.Sub(first.UpdatedAt) < time.Hour {
		t.Fatalf("regrant %+v after %+v", regrant, first)
	}

	tests := []struct {
		name  string
		query url.Values
		want  []string
	}{
		{"no filter", nil, []string{
			"alice@example.com " + p1 + " " + own, "alice@example.com " + p1 + " " + p1,
			"alice@example.com " + p2 + " " + p2, "bob@example.com " + p2 + " " + p2,
		}},
		{"principal, any case", url.Values{"principal": {"ALICE@example.com"}}, []string{
			"alice@example.com " + p1 + " " + own, "alice@example.com " + p1 + " " + p1, "alice@example.com " + p2 + " " + p2,
		}},
		{"account", url.Values{"account_id": {p2}}, []string{"alice@example.com " + p2 + " " + p2, "bob@example.com " + p2 + " " + p2}},
		{"on behalf of the acquirer", url.Values{"on_behalf_of": {own}}, []string{"alice@example.com " + p1 + " " + own}},
		{"all three", url.Values{"principal": {"alice@example.com"}, "account_id": {p1}, "on_behalf_of": {p1}}, []string{"alice@example.com " + p1 + " " + p1}},
		{"no match", url.Values{"principal": {"carol@example.com"}}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := keysOf(m.listAccess(t, tc.query))
			sort.Strings(tc.want)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("filters are checked", func(t *testing.T) {
		t.Parallel()
		m.get(t, m.b.APIKey, pathUserAccess+"?principal=not-an-email").wantValidation(t, "principal")
		m.get(t, m.b.APIKey, pathUserAccess+"?account_id=not-a-krn").wantValidation(t, "account_id")
	})
	t.Run("one invitation email per address", func(t *testing.T) {
		t.Parallel()
		emails := m.emails(t)
		var to []string
		for _, e := range emails {
			to = append(to, e.To+" "+e.AccountID)
		}
		sort.Strings(to)
		if want := []string{"alice@example.com " + p1, "bob@example.com " + p2}; strings.Join(to, "|") != strings.Join(want, "|") {
			t.Fatalf("emails %q, want %q", to, want)
		}
	})
}

// tamper replaces the payload of a signed token, keeping its header and signature.
func tamper(t *testing.T, token string, c jwt.Claims) string {
	t.Helper()
	parts := strings.Split(token, ".")
	payload, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	parts[1] = base64.RawURLEncoding.EncodeToString(payload)
	return strings.Join(parts, ".")
}

func TestPortal_jwtRefusals(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot, own, p1, p2 := m.b.APIKey, m.b.AccountID, m.b.PartnerAccountIDs[0], m.b.PartnerAccountIDs[1]
	signer := m.issue(t, boot, "/v2/account", own, "JWT_SIGNING")
	apiCert := m.issue(t, boot, "/v2/account", own, "API")
	revoked := m.issue(t, boot, "/v2/account", own, "JWT_SIGNING")
	m.del(t, boot, "/v2/account/credentials/client-certificates/"+revoked.CertificateID).wantStatus(t, http.StatusNoContent)
	partnerSigner := m.issue(t, boot, acct(p1), p1, "JWT_SIGNING")
	stranger := strangerCert(t, cn(t, own))
	usedJTI := m.claims("used@example.com", p1)
	usedJTI.AMR = []string{"pwd"}
	m.post(t, boot, acct(p1)+"/portal/deep-links", map[string]string{"jwt": sign(t, usedJTI, signer)}).wantStatus(t, http.StatusOK)

	// base is valid for both routes: a deep link into p1 that also carries amr.
	base := func() jwt.Claims {
		c := m.claims("user@example.com", p1, "merchant:developer")
		c.AMR = []string{"pwd"}
		return c
	}
	with := func(f func(*jwt.Claims)) jwt.Claims {
		c := base()
		f(&c)
		return c
	}
	now := m.Clock().Now()
	const (
		unauthorized = "401"
		invalid      = "400 jwt"
		forbidden    = "403"
	)
	tests := []struct {
		name     string
		token    func(t *testing.T) string
		grant    string // the refusal of POST user-access; "" where the case is about deep links only
		deepLink string // the refusal of POST deep-links into p1; "" where it is about grants only
	}{
		{"bad signature", func(t *testing.T) string {
			return tamper(t, sign(t, base(), signer), with(func(c *jwt.Claims) { c.Roles = []string{"merchant:admin"} }))
		}, unauthorized, unauthorized},
		{"x5c is an API certificate", func(t *testing.T) string { return sign(t, base(), apiCert) }, unauthorized, unauthorized},
		{"x5c is a revoked signing certificate", func(t *testing.T) string { return sign(t, base(), revoked) }, unauthorized, unauthorized},
		{"x5c is a partner's signing certificate", func(t *testing.T) string { return sign(t, base(), partnerSigner) }, unauthorized, unauthorized},
		{"x5c is a certificate the mock never issued", func(t *testing.T) string { return sign(t, base(), stranger) }, unauthorized, unauthorized},
		{"iss is a partner", func(t *testing.T) string {
			return sign(t, with(func(c *jwt.Claims) { c.Issuer = p1 }), signer)
		}, unauthorized, unauthorized},
		{"iss is missing", func(t *testing.T) string {
			return sign(t, with(func(c *jwt.Claims) { c.Issuer = "" }), signer)
		}, unauthorized, unauthorized},
		{"expired", func(t *testing.T) string {
			return sign(t, with(func(c *jwt.Claims) {
				c.IssuedAt, c.Expiry = now.Add(-10*time.Minute).Unix(), now.Add(-time.Minute).Unix()
			}), signer)
		}, invalid, invalid},
		{"lifetime over an hour", func(t *testing.T) string {
			return sign(t, with(func(c *jwt.Claims) { c.Expiry = c.IssuedAt + 3601 }), signer)
		}, invalid, invalid},
		{"issued in the future", func(t *testing.T) string {
			return sign(t, with(func(c *jwt.Claims) {
				c.IssuedAt, c.Expiry = now.Add(10*time.Minute).Unix(), now.Add(20*time.Minute).Unix()
			}), signer)
		}, invalid, invalid},
		{"exp before iat", func(t *testing.T) string {
			return sign(t, with(func(c *jwt.Claims) { c.Expiry = c.IssuedAt - 1 }), signer)
		}, invalid, invalid},
		{"used jti", func(t *testing.T) string {
			return sign(t, with(func(c *jwt.Claims) { c.ID = usedJTI.ID }), signer)
		}, invalid, invalid},
		{"no jti", func(t *testing.T) string { return sign(t, with(func(c *jwt.Claims) { c.ID = "" }), signer) }, invalid, invalid},
		{"unknown role", func(t *testing.T) string {
			return sign(t, with(func(c *jwt.Claims) { c.Roles = []string{"merchant:admin", "merchant:owner"} }), signer)
		}, invalid, invalid},
		{"no roles", func(t *testing.T) string { return sign(t, with(func(c *jwt.Claims) { c.Roles = nil }), signer) }, invalid, invalid},
		{"sub is not an email", func(t *testing.T) string {
			return sign(t, with(func(c *jwt.Claims) { c.Subject = "alice" }), signer)
		}, invalid, invalid},
		{"on_behalf_of a sibling", func(t *testing.T) string {
			return sign(t, with(func(c *jwt.Claims) { c.OnBehalfOf = p2 }), signer)
		}, invalid, invalid},
		{"on_behalf_of the foreign account", func(t *testing.T) string {
			return sign(t, with(func(c *jwt.Claims) { c.OnBehalfOf = m.b.ForeignAccountIDs[0] }), signer)
		}, invalid, invalid},
		{"account_id not onboarded", func(t *testing.T) string {
			return sign(t, with(func(c *jwt.Claims) { c.AccountID = m.b.ForeignAccountIDs[0] }), signer)
		}, forbidden, invalid},
		{"account_id is the caller's own", func(t *testing.T) string {
			return sign(t, with(func(c *jwt.Claims) { c.AccountID = own }), signer)
		}, forbidden, invalid},
		{"account_id is another partner than the path's", func(t *testing.T) string {
			return sign(t, with(func(c *jwt.Claims) { c.AccountID = p2 }), signer)
		}, "", invalid},
		{"deep link without amr", func(t *testing.T) string {
			return sign(t, with(func(c *jwt.Claims) { c.AMR = nil }), signer)
		}, "", invalid},
		{"not a JWT", func(*testing.T) string { return "a.b.c" }, invalid, invalid},
		{"not three parts", func(*testing.T) string { return "abc" }, invalid, invalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tok := tc.token(t)
			for _, route := range []struct{ want, path string }{{tc.grant, pathUserAccess}, {tc.deepLink, acct(p1) + "/portal/deep-links"}} {
				if route.want == "" {
					continue
				}
				r := m.post(t, boot, route.path, map[string]string{"jwt": tok})
				switch route.want {
				case unauthorized:
					r.wantUnauthorized(t)
				case forbidden:
					r.wantForbidden(t)
				default:
					r.wantValidation(t, "jwt")
				}
			}
		})
	}
	t.Run("deep link on a path the caller may not use", func(t *testing.T) {
		t.Parallel()
		foreign := m.b.ForeignAccountIDs[0]
		c := with(func(c *jwt.Claims) { c.AccountID = foreign })
		m.post(t, boot, acct(foreign)+"/portal/deep-links", map[string]string{"jwt": sign(t, c, signer)}).wantForbidden(t)
		c = with(func(c *jwt.Claims) { c.AccountID = own })
		m.post(t, boot, acct(own)+"/portal/deep-links", map[string]string{"jwt": sign(t, c, signer)}).wantForbidden(t)
	})
	t.Cleanup(func() {
		st := m.state(t)[own]
		if len(st.UserAccess) != 0 {
			t.Errorf("refused grants were stored: %+v", st.UserAccess)
		}
		if e := m.emails(t); len(e) != 0 {
			t.Errorf("refused grants sent emails: %+v", e)
		}
	})
}

func TestPortal_deepLinkURL(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	own, p1, p2 := m.b.AccountID, m.b.PartnerAccountIDs[0], m.b.PartnerAccountIDs[1]
	signer := m.issue(t, m.b.APIKey, "/v2/account", own, "JWT_SIGNING")
	link := func(t *testing.T, sub, account, obo string) klarna.DeepLink {
		t.Helper()
		c := m.claims(sub, account, "merchant:admin", "merchant:developer")
		c.AMR = []string{"mfa"}
		c.OnBehalfOf = obo
		r := m.post(t, m.b.APIKey, acct(account)+"/portal/deep-links", map[string]string{"jwt": sign(t, c, signer)})
		r.wantStatus(t, http.StatusOK)
		var out klarna.DeepLink
		r.decode(t, &out)
		if !strings.HasPrefix(out.URL, m.URL+"/_mock/portal/login?token=") {
			t.Fatalf("deep link URL %q", out.URL)
		}
		if want := m.Clock().Now().Add(60 * time.Second); out.ExpiresAt.After(want) || want.Sub(out.ExpiresAt) > 5*time.Second {
			t.Fatalf("expires_at %s, want 60 s after now (%s)", out.ExpiresAt, want)
		}
		return out
	}
	open := func(t *testing.T, l klarna.DeepLink) resp {
		t.Helper()
		return m.control(t, http.MethodGet, strings.TrimPrefix(l.URL, m.URL), nil)
	}

	// Grants first: the deep link's sign-in activates the user's grants into that account.
	alice := m.claims("Alice@example.com", p1)
	m.grant(t, alice, signer).wantStatus(t, http.StatusCreated)
	m.grant(t, m.claims("alice@example.com", p2), signer).wantStatus(t, http.StatusCreated)

	l := link(t, "alice@example.com", p1, own)
	r := open(t, l)
	r.wantStatus(t, http.StatusOK)
	var login mockapi.PortalLogin
	r.decode(t, &login)
	if login.Principal != "alice@example.com" || login.AccountID != p1 || login.OnBehalfOf != own ||
		strings.Join(login.Roles, ",") != "merchant:admin,merchant:developer" {
		t.Fatalf("login %+v", login)
	}
	open(t, l).wantStatus(t, http.StatusGone)
	for _, g := range m.listAccess(t, nil) {
		want := "INVITED"
		if g.AccountID == p1 {
			want = "ACTIVE"
		}
		if g.Status != want {
			t.Fatalf("after signing into %s: grant %+v, want %s", p1, g, want)
		}
	}
	// A grant made after the user signed in starts ACTIVE.
	later := m.claims("alice@example.com", p1, "merchant:agent")
	later.OnBehalfOf = own
	r = m.grant(t, later, signer)
	var g klarna.UserAccess
	r.decode(t, &g)
	if g.Status != "ACTIVE" {
		t.Fatalf("grant after sign-in %+v", g)
	}

	// The link is good up to 60 s on the mock clock, not after.
	early, late, veryLate := link(t, "bob@example.com", p2, ""), link(t, "bob@example.com", p2, ""), link(t, "bob@example.com", p2, "")
	m.setClock(t, early.ExpiresAt.Add(-time.Second))
	open(t, early).wantStatus(t, http.StatusOK)
	m.setClock(t, late.ExpiresAt)
	open(t, late).wantStatus(t, http.StatusGone)
	m.advance(t, 3*24*time.Hour)
	open(t, veryLate).wantStatus(t, http.StatusGone)
	for _, g := range m.listAccess(t, url.Values{"principal": {"bob@example.com"}}) {
		t.Fatalf("a deep link created a grant: %+v", g)
	}
	m.control(t, http.MethodGet, "/_mock/portal/login?token="+uuid.NewString(), nil).wantStatus(t, http.StatusNotFound)
	m.control(t, http.MethodGet, "/_mock/portal/login", nil).wantStatus(t, http.StatusNotFound)
}

func TestPortal_revoke(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		query func(b mockapi.Bootstrap) url.Values
		left  int // grants left of the four
	}{
		{"all three filters", func(b mockapi.Bootstrap) url.Values {
			p1 := b.PartnerAccountIDs[0]
			return url.Values{"principal": {"ALICE@example.com"}, "account_id": {p1}, "on_behalf_of": {p1}}
		}, 3},
		{"principal only", func(mockapi.Bootstrap) url.Values { return url.Values{"principal": {"bob@example.com"}} }, 3},
		{"account only", func(b mockapi.Bootstrap) url.Values { return url.Values{"account_id": {b.PartnerAccountIDs[1]}} }, 3},
		{"on behalf of the acquirer", func(b mockapi.Bootstrap) url.Values { return url.Values{"on_behalf_of": {b.AccountID}} }, 3},
		{"principal and account", func(b mockapi.Bootstrap) url.Values {
			return url.Values{"principal": {"alice@example.com"}, "account_id": {b.PartnerAccountIDs[0]}}
		}, 2},
		{"no match", func(mockapi.Bootstrap) url.Values { return url.Values{"principal": {"carol@example.com"}} }, 4},
		{"no filter at all", func(mockapi.Bootstrap) url.Values { return nil }, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := start(t, mockapi.Options{})
			own, p1, p2 := m.b.AccountID, m.b.PartnerAccountIDs[0], m.b.PartnerAccountIDs[1]
			signer := m.issue(t, m.b.APIKey, "/v2/account", own, "JWT_SIGNING")
			for _, g := range []struct{ sub, account, obo string }{
				{"alice@example.com", p1, p1}, {"alice@example.com", p1, own}, {"alice@example.com", p2, p2}, {"bob@example.com", p1, p1},
			} {
				c := m.claims(g.sub, g.account)
				c.OnBehalfOf = g.obo
				m.grant(t, c, signer).wantStatus(t, http.StatusCreated)
			}
			q := tc.query(m.b)
			selected := map[string]bool{}
			for _, k := range keysOf(m.listAccess(t, q)) {
				selected[k] = true
			}
			var kept []string
			for _, k := range keysOf(m.listAccess(t, nil)) {
				if !selected[k] {
					kept = append(kept, k)
				}
			}
			path := pathUserAccess
			if len(q) > 0 {
				path += "?" + q.Encode()
			}
			m.del(t, m.b.APIKey, path).wantStatus(t, http.StatusNoContent)
			after := keysOf(m.listAccess(t, nil))
			if len(after) != tc.left || strings.Join(after, "|") != strings.Join(kept, "|") {
				t.Fatalf("after DELETE %s: %q, want the %d grants %q", path, after, tc.left, kept)
			}
		})
	}
}

func TestPortal_jtiIsNeverAcceptedTwice(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	p1 := m.b.PartnerAccountIDs[0]
	signer := m.issue(t, m.b.APIKey, "/v2/account", m.b.AccountID, "JWT_SIGNING")
	first := m.claims("reuse@example.com", p1)
	m.grant(t, first, signer).wantStatus(t, http.StatusCreated)
	for _, later := range []time.Duration{time.Minute, 2 * time.Hour, 3 * 24 * time.Hour} {
		m.advance(t, later)
		// A new token, within its own time window, that carries the used jti.
		again := m.claims("reuse@example.com", p1)
		again.ID = first.ID
		m.grant(t, again, signer).wantValidation(t, "jwt")
		again.AMR = []string{"pwd"}
		m.post(t, m.b.APIKey, acct(p1)+"/portal/deep-links", map[string]string{"jwt": sign(t, again, signer)}).wantValidation(t, "jwt")
	}
}

// emailOfLength is a valid address of exactly n characters.
func emailOfLength(n int) string {
	const domain = "@example.com"
	return strings.Repeat("a", n-len(domain)) + domain
}

// TestPortal_emailRule pins the email rule at its boundaries on every input that carries a
// principal: the sub of a user-access and of a deep-link JWT, and the principal filter of
// the list and of the revocation. A refused filter never widens a revocation.
func TestPortal_emailRule(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	boot, own, p1 := m.b.APIKey, m.b.AccountID, m.b.PartnerAccountIDs[0]
	signer := m.issue(t, boot, "/v2/account", own, "JWT_SIGNING")
	m.grant(t, m.claims("keep@example.com", p1), signer).wantStatus(t, http.StatusCreated)
	tests := []struct {
		name  string
		email string
		ok    bool
	}{
		{"255 characters", emailOfLength(255), true},
		{"256 characters", emailOfLength(256), false},
		{"a slash in the local part", "team/ops@example.com", true},
		{"internationalised", "josé@bücher.example", true},
		{"control character", "jane\x01@example.com", false},
		{"leading dot in the local part", ".jane@example.com", false},
		{"trailing dot in the local part", "jane.@example.com", false},
		{"leading dot in the domain", "jane@.example.com", false},
		{"trailing dot in the domain", "jane@example.com.", false},
		{"empty label", "jane@example..com", false},
		{"no domain", "jane@", false},
		{"empty", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			grant := m.grant(t, m.claims(tc.email, p1), signer)
			link := m.claims(tc.email, p1)
			link.AMR = []string{"mfa"}
			deepLink := m.post(t, boot, acct(p1)+"/portal/deep-links", map[string]string{"jwt": sign(t, link, signer)})
			filter := pathUserAccess + "?" + url.Values{"principal": {tc.email}, "account_id": {p1}, "on_behalf_of": {p1}}.Encode()
			list := m.get(t, boot, filter)
			revoke := m.del(t, boot, filter)
			if tc.ok {
				grant.wantStatus(t, http.StatusCreated)
				deepLink.wantStatus(t, http.StatusOK)
				list.wantStatus(t, http.StatusOK)
				revoke.wantStatus(t, http.StatusNoContent)
				return
			}
			grant.wantValidation(t, "jwt")
			deepLink.wantValidation(t, "jwt")
			list.wantValidation(t, "principal")
			revoke.wantValidation(t, "principal")
		})
	}
	t.Cleanup(func() {
		if got := keysOf(m.listAccess(t, url.Values{"principal": {"keep@example.com"}})); len(got) != 1 {
			t.Errorf("a refused revocation removed other grants: %q left", got)
		}
	})
}
