package mockapi

import (
	"crypto/rand"
	"sort"
	"strings"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

// account is one Klarna account of the mock's world.
type account struct {
	id       string // KRN
	parent   string // the account it was onboarded through; "" for none
	apiKeys  map[string]*credential
	clients  map[string]*credential
	certs    map[string]*certificate
	enforced *time.Time // enforced_from; nil when no enforcement is set
	// mtlsEnabled is set by the first API certificate and stays: from then on every
	// response to this account's keys carries the verification header.
	mtlsEnabled bool
	grants      map[grantKey]*grant // access this account granted, as the caller
	idempotency map[string]*idemRecord
	signingKeys map[string]*signingKey
	webhooks    map[string]*webhook
	ip          ipRestriction
	// partner is what onboarding recorded; nil for an account that is no partner account.
	partner *partnerAccount
	// references maps the partner_account_reference of each account onboarded through this
	// one to its KRN.
	references map[string]string
}

// credential is an API key or a client ID.
type credential struct {
	id             string
	secret         string // API keys only
	clientID       string // client IDs only
	description    string
	origins        []string
	status         string
	disabledReason string
	disabledAt     time.Time
	createdAt      time.Time
	lastUsedAt     *time.Time
	activityAt     time.Time // creation, last use or last re-enable: inactivity counts from here
}

type certificate struct {
	id          string
	usage       string
	description string
	status      string
	cert        []byte // DER
	pem         string
	serial      string
	fingerprint string
	cn          string
	notBefore   time.Time
	notAfter    time.Time
	createdAt   time.Time
}

type grantKey struct {
	principal, accountID, onBehalfOf string
}

type grant struct {
	key       grantKey
	roles     []string
	status    string
	createdAt time.Time
	updatedAt time.Time
}

type idemRecord struct {
	fingerprint string
	status      int
	body        []byte
	at          time.Time
}

type deepLinkToken struct {
	principal, accountID, onBehalfOf string
	roles                            []string
	expires                          time.Time
	used                             bool
}

// Email is an invitation the mock "sent".
type Email struct {
	To        string    `json:"to"`
	AccountID string    `json:"account_id"`
	SentAt    time.Time `json:"sent_at"`
}

func newAccount(id, parent string) *account {
	return &account{
		id:          id,
		parent:      parent,
		apiKeys:     map[string]*credential{},
		clients:     map[string]*credential{},
		certs:       map[string]*certificate{},
		grants:      map[grantKey]*grant{},
		idempotency: map[string]*idemRecord{},
		signingKeys: map[string]*signingKey{},
		webhooks:    map[string]*webhook{},
		ip:          ipRestriction{mode: apirules.IPModeNotEnabled},
		references:  map[string]string{},
	}
}

// sweep applies every time-based rule up to now, as if the time had passed with no requests:
// inactivity disables, long disablement deletes, certificates expire, records age out.
//
// It walks the whole state only when a rule can be due: it remembers the earliest moment
// any rule fires next. A change made later can only start a rule that fires at least the
// shortest rule's duration (the 24-hour idempotency window) after that change, so that is
// the latest the next walk may wait.
func (s *Server) sweep(now time.Time) {
	if now.Before(s.nextSweep) {
		return
	}
	next := now.Add(apirules.IdempotencyWindow)
	due := func(t time.Time) {
		if t.Before(next) {
			next = t
		}
	}
	for _, a := range s.accounts {
		for _, set := range []map[string]*credential{a.apiKeys, a.clients} {
			for id, c := range set {
				if c.status == apirules.StatusEnabled {
					if disableAt := c.activityAt.Add(apirules.InactivityBeforeDisable); !now.Before(disableAt) {
						c.status = apirules.StatusDisabled
						c.disabledReason = apirules.DisabledInactivity
						c.disabledAt = disableAt
					} else {
						due(disableAt)
					}
				}
				if c.status == apirules.StatusDisabled {
					if deleteAt := c.disabledAt.Add(apirules.DisabledBeforeDelete); !now.Before(deleteAt) {
						delete(set, id)
						s.forgetSecret(c.secret)
					} else {
						due(deleteAt)
					}
				}
			}
		}
		for _, c := range a.certs {
			if c.status == apirules.CertificateActive {
				if !now.Before(c.notAfter) {
					c.status = apirules.CertificateExpired
				} else {
					due(c.notAfter)
				}
			}
		}
		for k, r := range a.idempotency {
			if expireAt := r.at.Add(apirules.IdempotencyWindow); !now.Before(expireAt) {
				delete(a.idempotency, k)
			} else {
				due(expireAt)
			}
		}
	}
	s.nextSweep = next
	// Used jtis and deep links are kept: a jti is never accepted twice, and a deep link
	// fetched however late answers 410, never 404.
}

// forgetSecret stops an API key's secret from authenticating; it is kept for secret scans.
func (s *Server) forgetSecret(secret string) {
	if secret == "" {
		return
	}
	delete(s.keysBySecret, secret)
	s.deletedSecrets = append(s.deletedSecrets, secret)
}

// canAct reports whether caller may name target in a path: its own account or one
// onboarded through it.
func canAct(caller, target *account) bool {
	return caller == target || target.parent == caller.id
}

// activeAPICertificate reports whether the account holds an ACTIVE API certificate.
func (a *account) activeAPICertificate() bool {
	for _, c := range a.certs {
		if c.usage == apirules.UsageAPI && c.status == apirules.CertificateActive {
			return true
		}
	}
	return false
}

func (a *account) activeCertificates() int {
	n := 0
	for _, c := range a.certs {
		if c.status == apirules.CertificateActive {
			n++
		}
	}
	return n
}

// enforcementInEffect reports whether mTLS is enforced at now, after the propagation delay.
func (s *Server) enforcementInEffect(a *account, now time.Time) bool {
	return a.enforced != nil && !now.Before(a.enforced.Add(s.opts.MTLSDelay))
}

func (s *Server) mtlsStatus(a *account, now time.Time) MTLSEnforcement {
	out := MTLSEnforcement{Status: apirules.MTLSNotEnabled}
	if a.enforced != nil {
		t := *a.enforced
		out.EnforcedFrom = &t
	}
	switch {
	case s.enforcementInEffect(a, now):
		out.Status = apirules.MTLSEnforced
	case a.enforced != nil || a.activeAPICertificate():
		out.Status = apirules.MTLSReporting
	}
	return out
}

func (c *credential) apiKey(env string) APIKey {
	return APIKey{
		CredentialID:   c.id,
		Description:    c.description,
		Environment:    env,
		Status:         c.status,
		CreatedAt:      c.createdAt,
		LastUsedAt:     c.lastUsedAt,
		DisabledReason: c.reason(),
	}
}

func (c *credential) clientIDView(env string) ClientID {
	return ClientID{
		CredentialID:   c.id,
		ClientID:       c.clientID,
		Description:    c.description,
		AllowedOrigins: append([]string(nil), c.origins...),
		Environment:    env,
		Status:         c.status,
		CreatedAt:      c.createdAt,
		LastUsedAt:     c.lastUsedAt,
		DisabledReason: c.reason(),
	}
}

func (c *credential) reason() *string {
	if c.status != apirules.StatusDisabled {
		return nil
	}
	r := c.disabledReason
	return &r
}

func (c *certificate) view() ClientCertificate {
	return ClientCertificate{
		CertificateID:     c.id,
		Usage:             c.usage,
		Description:       c.description,
		Status:            c.status,
		Certificate:       c.pem,
		SerialNumber:      c.serial,
		FingerprintSHA256: c.fingerprint,
		SubjectCommonName: c.cn,
		NotBefore:         c.notBefore,
		NotAfter:          c.notAfter,
		CreatedAt:         c.createdAt,
	}
}

func (g *grant) view() UserAccess {
	return UserAccess{
		Principal:  g.key.principal,
		AccountID:  g.key.accountID,
		OnBehalfOf: g.key.onBehalfOf,
		Roles:      append([]string(nil), g.roles...),
		Status:     g.status,
		CreatedAt:  g.createdAt,
		UpdatedAt:  g.updatedAt,
	}
}

// dated is a record of the mock's state that knows when it was created.
type dated interface {
	created() time.Time
}

func (c *credential) created() time.Time  { return c.createdAt }
func (c *certificate) created() time.Time { return c.createdAt }
func (k *signingKey) created() time.Time  { return k.createdAt }
func (w *webhook) created() time.Time     { return w.createdAt }

// viewsOf returns the wire views of a set's records, oldest first; never nil, so that an
// empty list is encoded as [].
func viewsOf[T dated, V any](set map[string]T, view func(T) V) []V {
	out := []V{}
	for _, r := range oldestFirst(set) {
		out = append(out, view(r))
	}
	return out
}

// oldestFirst returns the records of a set keyed by ID oldest first, by ID within one instant.
func oldestFirst[T dated](set map[string]T) []T {
	ids := make([]string, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		x, y := set[ids[i]].created(), set[ids[j]].created()
		if !x.Equal(y) {
			return x.Before(y)
		}
		return ids[i] < ids[j]
	})
	out := make([]T, 0, len(ids))
	for _, id := range ids {
		out = append(out, set[id])
	}
	return out
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// randomString returns n characters drawn from alphabet with crypto/rand.
func randomString(n int, alphabet string) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	var sb strings.Builder
	for _, x := range b {
		sb.WriteByte(alphabet[int(x)%len(alphabet)])
	}
	return sb.String()
}
