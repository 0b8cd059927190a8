package examplestest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// What tests/apply.tftest.hcl of the module applies.
var (
	appliedOrigins = []string{"https://partner.example.com", "http://localhost:8080"}
	appliedUsers   = map[string][]string{
		"owner@partner.example": {"merchant:admin"},
		"dev@partner.example":   {"merchant:developer"},
	}
)

// appliedDescription is the module's default description of the key and the client ID.
const appliedDescription = "partner onboarding"

// TestAccPartnerOnboardingModule runs the partner-onboarding module's `terraform test`
// suite against a mock API of its own, then checks the mock's state: between the apply and
// the destroy, the partner account held exactly one API key and one client ID with the
// origins, and the grants existed; the acquiring partner's own account and every other
// account got no credential at any time; and after the suite, nothing it made remains.
func TestAccPartnerOnboardingModule(t *testing.T) {
	skipUnlessAcc(t)
	t.Parallel()
	tc := setup(t)

	rec := &stateRecorder{t: t}
	// Registered before the mock's own cleanup, so it runs after the mock has stopped.
	t.Cleanup(rec.end)
	mock := mocktest.Start(t, mockapi.Options{Logf: rec.logf})
	rec.watch(mock.Server)
	boot := mock.Bootstrap()
	partner := boot.PartnerAccountIDs[0]
	before := mock.State()

	files := t.TempDir()
	signing := issueSigningCertificate(t, mock, boot.AccountID)
	caFile := writeFile(t, files, "ca.pem", mock.CACertificatePEM())
	certFile := writeFile(t, files, "signing-certificate.pem", []byte(signing.certPEM))
	keyFile := writeFile(t, files, "signing-key.pem", []byte(signing.keyPEM))

	c := newCLI(t, tc,
		"KLARNA_API_KEY="+boot.APIKey,
		"KLARNA_BASE_URL="+mock.URL,
		"KLARNA_CA_CERTIFICATE_FILE="+caFile,
		"KLARNA_SIGNING_CERTIFICATE_FILE="+certFile,
		"KLARNA_SIGNING_PRIVATE_KEY_FILE="+keyFile,
		"TF_VAR_partner_account_id="+tc.testVariable(partner),
	)
	dir := filepath.Join(t.TempDir(), "partner-onboarding")
	copyTree(t, filepath.Join(tc.root, "examples", "modules", "partner-onboarding"), dir)
	c.mustRun(t, dir, "get")
	out := c.mustRun(t, dir, "test")
	t.Logf("%s test:\n%s", filepath.Base(tc.cliPath), out)
	for _, run := range []string{
		"onboards_the_partner", "plans_the_partners_credentials_and_users", "refuses_the_providers_own_account", "rejects_an_account_id_that_is_not_a_krn",
		"rejects_a_null_origin", "rejects_a_null_user", "rejects_a_user_without_email", "rejects_a_user_with_null_roles", "rejects_a_null_role",
		"rejects_a_webhook_without_url", "rejects_a_webhook_with_null_event_types", "rejects_a_null_event_type",
		"rejects_a_webhook_url_of_more_than_2048_characters", "accepts_a_webhook_url_of_2048_characters",
	} {
		if !regexp.MustCompile(`run "` + run + `"\.\.\. pass`).MatchString(out) {
			t.Errorf("the run %q did not pass", run)
		}
	}

	snapshots := rec.snapshots()
	if len(snapshots) == 0 {
		t.Fatal("the mock saw no request")
	}
	checkEveryState(t, before, snapshots, boot, partner)
	applied := peak(t, snapshots, boot.AccountID, partner)
	checkApplied(t, applied, boot.AccountID, partner)
	checkInvited(t, mock.Emails(), partner)
	checkNothingRemains(t, before, mock.State(), signing.id)
}

// stateRecorder keeps a copy of the mock's state after every API request the mock served:
// the mock logs a request once it has answered it, outside its lock.
type stateRecorder struct {
	t *testing.T

	mu     sync.Mutex
	ended  bool
	server *mockapi.Server
	states [][]mockapi.AccountState
}

// requestLine is the mock's log line for one API request: method, path, status, duration.
var requestLine = regexp.MustCompile(`^[A-Z]+ /v2/\S* \d{3} `)

func (r *stateRecorder) watch(s *mockapi.Server) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.server = s
}

func (r *stateRecorder) logf(format string, args ...any) {
	line := fmt.Sprintf(format, args...)
	r.mu.Lock()
	server, ended := r.server, r.ended
	if !ended {
		r.t.Log("mockapi: " + line)
	}
	r.mu.Unlock()
	if ended || server == nil || !requestLine.MatchString(line) {
		return
	}
	// State takes the mock's lock, so it is called without holding r.mu.
	st := server.State()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.states = append(r.states, st)
}

// end stops logging: a test may not log once it has ended.
func (r *stateRecorder) end() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ended = true
}

func (r *stateRecorder) snapshots() [][]mockapi.AccountState {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.states)
}

// signingIdentity is a JWT_SIGNING certificate of the mock's own account and its key.
type signingIdentity struct {
	id, certPEM, keyPEM string
}

// issueSigningCertificate issues a JWT_SIGNING certificate to the acquiring partner's
// account, as its administrator would before configuring portal_signing.
func issueSigningCertificate(t *testing.T, mock *mockapi.Running, accountID string) signingIdentity {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	keyPEM, err := pki.EncodePrivateKeyPEM(key)
	if err != nil {
		t.Fatal(err)
	}
	account, err := krn.Parse(accountID)
	if err != nil {
		t.Fatal(err)
	}
	csr, err := pki.BuildCSR(key, account.CommonName())
	if err != nil {
		t.Fatal(err)
	}
	cert, err := mocktest.Client(t, mock).CreateClientCertificate(t.Context(), "", klarna.CreateClientCertificateRequest{
		CSR: string(csr), Usage: apirules.UsageJWTSigning, Description: "portal signing",
	})
	if err != nil {
		t.Fatalf("issuing the signing certificate: %v", err)
	}
	return signingIdentity{id: cert.CertificateID, certPEM: cert.Certificate, keyPEM: string(keyPEM)}
}

func writeFile(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// lookupAccount is the state of the account with that ID, and whether the mock holds it.
func lookupAccount(states []mockapi.AccountState, id string) (mockapi.AccountState, bool) {
	for _, a := range states {
		if a.AccountID == id {
			return a, true
		}
	}
	return mockapi.AccountState{}, false
}

// stateOf is the state of the account with that ID; it fails the test if the mock holds none.
func stateOf(t testing.TB, states []mockapi.AccountState, id string) mockapi.AccountState {
	t.Helper()
	a, ok := lookupAccount(states, id)
	if !ok {
		t.Fatalf("the mock holds no account %s", id)
	}
	return a
}

// grantsTo are the grants of the acquiring partner (who signs them) into one account.
func grantsTo(t testing.TB, states []mockapi.AccountState, acquirer, accountID string) []mockapi.UserAccess {
	t.Helper()
	var out []mockapi.UserAccess
	for _, g := range stateOf(t, states, acquirer).UserAccess {
		if g.AccountID == accountID {
			out = append(out, g)
		}
	}
	return out
}

// peak is the recorded state in which the partner account held the most of what the
// module makes: the state between the apply and the destroy. A snapshot without the partner
// account holds nothing of it.
func peak(t testing.TB, snapshots [][]mockapi.AccountState, acquirer, partner string) []mockapi.AccountState {
	t.Helper()
	best, most := snapshots[0], -1
	for _, st := range snapshots {
		p, _ := lookupAccount(st, partner)
		if n := len(p.APIKeys) + len(p.ClientIDs) + len(grantsTo(t, st, acquirer, partner)); n > most {
			best, most = st, n
		}
	}
	return best
}

// checkApplied checks the state after the apply against what the module says it makes.
func checkApplied(t *testing.T, st []mockapi.AccountState, acquirer, partner string) {
	t.Helper()
	p := stateOf(t, st, partner)
	if len(p.APIKeys) != 1 {
		t.Errorf("after the apply the partner account holds %d API keys, want exactly 1: %+v", len(p.APIKeys), p.APIKeys)
	} else if k := p.APIKeys[0]; k.Status != apirules.StatusEnabled || k.Description != appliedDescription {
		t.Errorf("the partner's API key is %s with description %q, want %s with %q", k.Status, k.Description, apirules.StatusEnabled, appliedDescription)
	}
	if len(p.ClientIDs) != 1 {
		t.Errorf("after the apply the partner account holds %d client IDs, want exactly 1: %+v", len(p.ClientIDs), p.ClientIDs)
	} else {
		got := slices.Sorted(slices.Values(p.ClientIDs[0].AllowedOrigins))
		want := slices.Sorted(slices.Values(appliedOrigins))
		if !slices.Equal(got, want) {
			t.Errorf("the partner's client ID allows %v, want %v", got, want)
		}
		if !apirules.ClientIDRegexp.MatchString(p.ClientIDs[0].ClientID) {
			t.Errorf("the partner's client ID %q is not a Klarna client ID", p.ClientIDs[0].ClientID)
		}
	}
	grants := grantsTo(t, st, acquirer, partner)
	if len(grants) != len(appliedUsers) {
		t.Errorf("after the apply the partner account has %d grants, want %d: %+v", len(grants), len(appliedUsers), grants)
	}
	for _, g := range grants {
		roles, ok := appliedUsers[g.Principal]
		switch {
		case !ok:
			t.Errorf("unexpected grant to %s", g.Principal)
		case g.OnBehalfOf != partner:
			t.Errorf("%s acts on behalf of %s, want the partner %s", g.Principal, g.OnBehalfOf, partner)
		case !slices.Equal(slices.Sorted(slices.Values(g.Roles)), roles):
			t.Errorf("%s has roles %v, want %v", g.Principal, g.Roles, roles)
		case g.Status != klarna.UserAccessInvited:
			t.Errorf("%s is %s, want %s", g.Principal, g.Status, klarna.UserAccessInvited)
		}
	}
}

// checkEveryState checks every recorded state: no account but the partner's
// ever got an API key or a client ID (in particular not the acquiring partner's own, whose
// key would act for every partner), no other account got a grant, and the partner never
// held more than one key or client ID at a time.
func checkEveryState(t *testing.T, before []mockapi.AccountState, snapshots [][]mockapi.AccountState, boot mockapi.Bootstrap, partner string) {
	t.Helper()
	name := func(id string) string {
		if id == boot.AccountID {
			return "the acquiring partner's own account " + id
		}
		return "account " + id
	}
	for i, st := range snapshots {
		for _, b := range before {
			a := stateOf(t, st, b.AccountID)
			if b.AccountID == partner {
				if len(a.APIKeys) > 1 || len(a.ClientIDs) > 1 {
					t.Fatalf("after API request %d: the partner account holds %d API keys and %d client IDs at once", i+1, len(a.APIKeys), len(a.ClientIDs))
				}
				continue
			}
			if got, want := keyIDs(a), keyIDs(b); !slices.Equal(got, want) {
				t.Fatalf("after API request %d: the API keys of %s changed from %v to %v", i+1, name(b.AccountID), want, got)
			}
			if got, want := clientIDs(a), clientIDs(b); !slices.Equal(got, want) {
				t.Fatalf("after API request %d: the client IDs of %s changed from %v to %v", i+1, name(b.AccountID), want, got)
			}
			for _, g := range a.UserAccess {
				if g.AccountID != partner {
					t.Fatalf("after API request %d: %s granted %s access to %s, not to the partner", i+1, name(b.AccountID), g.Principal, g.AccountID)
				}
			}
		}
	}
}

// checkInvited checks that every user was sent an invitation to the partner account.
func checkInvited(t *testing.T, emails []mockapi.Email, partner string) {
	t.Helper()
	for user := range appliedUsers {
		if !slices.ContainsFunc(emails, func(e mockapi.Email) bool { return strings.EqualFold(e.To, user) && e.AccountID == partner }) {
			t.Errorf("no invitation to %s for %s", user, partner)
		}
	}
}

// checkNothingRemains compares every account after the suite with before it: the same API
// keys, client IDs, grants and certificates, but for the signing certificate the test issued.
func checkNothingRemains(t *testing.T, before, after []mockapi.AccountState, signingCertificateID string) {
	t.Helper()
	for _, b := range before {
		a := stateOf(t, after, b.AccountID)
		if got, want := keyIDs(a), keyIDs(b); !slices.Equal(got, want) {
			t.Errorf("after the suite %s holds API keys %v, want %v", b.AccountID, got, want)
		}
		if got, want := clientIDs(a), clientIDs(b); !slices.Equal(got, want) {
			t.Errorf("after the suite %s holds client IDs %v, want %v", b.AccountID, got, want)
		}
		if len(a.UserAccess) != len(b.UserAccess) {
			t.Errorf("after the suite %s has granted %d accesses, want %d: %+v", b.AccountID, len(a.UserAccess), len(b.UserAccess), a.UserAccess)
		}
		var certs []string
		for _, c := range a.ClientCertificates {
			if c.CertificateID != signingCertificateID {
				certs = append(certs, c.CertificateID)
			}
		}
		if len(certs) != len(b.ClientCertificates) {
			t.Errorf("after the suite %s holds certificates %v, want %d", b.AccountID, certs, len(b.ClientCertificates))
		}
	}
}

func keyIDs(a mockapi.AccountState) []string {
	ids := make([]string, 0, len(a.APIKeys))
	for _, k := range a.APIKeys {
		ids = append(ids, k.CredentialID)
	}
	slices.Sort(ids)
	return ids
}

func clientIDs(a mockapi.AccountState) []string {
	ids := make([]string, 0, len(a.ClientIDs))
	for _, c := range a.ClientIDs {
		ids = append(ids, c.CredentialID)
	}
	slices.Sort(ids)
	return ids
}
