package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// Resource types of the campaign and how many of each every account gets.
const (
	typeAPIKey      = "klarna_api_key"
	typeClientID    = "klarna_client_id"
	typeCertificate = "klarna_client_certificate"
)

var campaignTypes = []struct {
	name       string
	perAccount int
}{
	{typeAPIKey, 12},
	{typeClientID, 10},
	// The mock allows 10 ACTIVE certificates per account; replacements destroy first, so
	// at most 4 are ACTIVE at once, leaving room for what phase two may orphan.
	{typeCertificate, 4},
}

// descriptionPrefix starts the description of everything the campaign makes:
// "chaos <kind> <account tag> <n>", where <kind> is the resource type without "klarna_".
const descriptionPrefix = "chaos"

// account is one of the two accounts the campaign works in.
type account struct {
	tag string // "own" or "partner": in resource names and descriptions
	id  string // KRN
	own bool   // the provider's own account: no account_id in the configuration
}

// spec is one resource of the configuration and the generations of its inputs; bumping a
// generation changes the input, which updates in place or replaces as the schema says.
type spec struct {
	typ     string
	acct    *account
	n       int
	present bool
	desc    int // descriptions update API keys and client IDs in place and replace certificates
	keepers int // keepers replace API keys and client IDs
	origins int // allowed origins update client IDs in place
	csrPEM  string
}

func (s *spec) name() string    { return fmt.Sprintf("%s_%d", s.acct.tag, s.n) }
func (s *spec) address() string { return s.typ + "." + s.name() }

func (s *spec) description() string {
	d := fmt.Sprintf("%s %s %s %d", descriptionPrefix, strings.TrimPrefix(s.typ, "klarna_"), s.acct.tag, s.n)
	if s.desc > 0 {
		d += fmt.Sprintf(" d%d", s.desc)
	}
	return d
}

// addressFromDescription maps a description the campaign wrote back to its resource
// address; ok is false for anything else.
func addressFromDescription(desc string) (string, bool) {
	f := strings.Fields(desc)
	if len(f) < 4 || f[0] != descriptionPrefix || (f[2] != "own" && f[2] != "partner") {
		return "", false
	}
	typ := "klarna_" + f[1]
	if typ != typeAPIKey && typ != typeClientID && typ != typeCertificate {
		return "", false
	}
	if n, err := strconv.Atoi(f[3]); err != nil || n < 0 {
		return "", false
	}
	return typ + "." + f[2] + "_" + f[3], true
}

func (s *spec) body() map[string]any {
	b := map[string]any{"description": s.description()}
	if !s.acct.own {
		b["account_id"] = s.acct.id
	}
	switch s.typ {
	case typeAPIKey:
		b["keepers"] = map[string]string{"rotation": strconv.Itoa(s.keepers)}
	case typeClientID:
		b["keepers"] = map[string]string{"rotation": strconv.Itoa(s.keepers)}
		b["allowed_origins"] = []string{
			fmt.Sprintf("https://%s-%d.example.com", s.acct.tag, s.n),
			fmt.Sprintf("https://g%d.%s-%d.example.com", s.origins, s.acct.tag, s.n),
		}
	case typeCertificate:
		b["csr_pem"] = s.csrPEM
		b["usage"] = apirules.UsageJWTSigning
		if s.n%2 == 0 {
			b["usage"] = apirules.UsageAPI // revoking it also reads the account's enforcement
		}
	}
	return b
}

// model is the configuration the campaign applies, changed step by step.
type model struct {
	accounts []*account
	specs    []*spec
}

func newModel(accounts []*account) (*model, error) {
	m := &model{accounts: accounts}
	for _, a := range accounts {
		for _, t := range campaignTypes {
			for n := range t.perAccount {
				if _, err := m.add(t.name, a, n); err != nil {
					return nil, err
				}
			}
		}
	}
	return m, nil
}

// add puts a present resource into the model; a certificate gets a CSR from a fresh key.
func (m *model) add(typ string, a *account, n int) (*spec, error) {
	s := &spec{typ: typ, acct: a, n: n, present: true}
	if typ == typeCertificate {
		id, err := krn.Parse(a.id)
		if err != nil {
			return nil, fmt.Errorf("account %s: %w", a.id, err)
		}
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, fmt.Errorf("generating a key: %w", err)
		}
		csr, err := pki.BuildCSR(key, id.CommonName())
		if err != nil {
			return nil, fmt.Errorf("building a CSR: %w", err)
		}
		s.csrPEM = string(csr)
	}
	m.specs = append(m.specs, s)
	return s, nil
}

// find returns the resource of that type, account and number, or nil.
func (m *model) find(typ string, a *account, n int) *spec {
	for _, s := range m.specs {
		if s.typ == typ && s.acct == a && s.n == n {
			return s
		}
	}
	return nil
}

func (m *model) each(fn func(s *spec)) {
	for _, s := range m.specs {
		fn(s)
	}
}

func (m *model) present() int {
	n := 0
	m.each(func(s *spec) {
		if s.present {
			n++
		}
	})
	return n
}

// configJSON renders the model as a Terraform JSON configuration.
func (m *model) configJSON() ([]byte, error) {
	resources := map[string]map[string]any{}
	m.each(func(s *spec) {
		if !s.present {
			return
		}
		if resources[s.typ] == nil {
			resources[s.typ] = map[string]any{}
		}
		resources[s.typ][s.name()] = s.body()
	})
	doc := map[string]any{
		"terraform": map[string]any{
			"required_providers": map[string]any{"klarna": map[string]string{"source": "partnerops/klarna"}},
		},
		"provider": map[string]any{"klarna": map[string]any{}},
	}
	if len(resources) > 0 {
		doc["resource"] = resources
	}
	return json.MarshalIndent(doc, "", "  ")
}

// A step changes the model before an apply; round varies which resources it touches.
type step struct {
	name   string
	change func(m *model, round int)
}

// phaseOneRound is one round of phase one: updates in place, replacements, destruction of
// a subset and its re-creation.
var phaseOneRound = []step{
	{"update descriptions and origins in place", func(m *model, _ int) {
		m.each(func(s *spec) {
			if s.typ != typeCertificate {
				s.desc++
			}
			if s.typ == typeClientID {
				s.origins++
			}
		})
	}},
	{"replace half: keepers, cert descriptions", func(m *model, round int) {
		m.each(func(s *spec) {
			if s.n%2 != round%2 {
				return
			}
			if s.typ == typeCertificate {
				s.desc++
			} else {
				s.keepers++
			}
		})
	}},
	{"destroy a subset by removing it", func(m *model, round int) {
		m.each(func(s *spec) {
			if s.typ == typeCertificate {
				s.present = s.n != round%4
			} else {
				s.present = s.n%3 != round%3
			}
		})
	}},
	{"recreate the subset", func(m *model, _ int) {
		m.each(func(s *spec) { s.present = true })
	}},
}
