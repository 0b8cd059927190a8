package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/krn"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
	"github.com/partnerops/terraform-provider-klarna/internal/proof/harness"
)

// The scale section: many resources spread over many partner accounts, against a mock that
// allows scaleRate requests per second per account and answers every API route
// scaleLatency late, as the acquiring partner's world looks to the provider.
const (
	scaleRate    = 20.0
	scaleLatency = 100 * time.Millisecond

	goalScalePlanRatio = 0.3  // plan time / (N / rate)
	goalScaleCalls     = 0.15 // API calls per refreshed resource in a plan
	goalScale429Per100 = 5.0  // 429 answers per 100 requests, in every phase
)

// scaleOptions are the flags of the scale section.
type scaleOptions struct {
	size     int    // resources of each spread configuration
	accounts int    // accounts they are spread over: the own one and accounts-1 partners
	hold     int    // objects of the account the small workspace reads 10 of
	kinds    string // comma-separated scaleKinds names, or "all"
	baseline bool   // also measure the provider as it was: a GET per resource, no pacing
	only     bool   // run the scale section alone
	skip     bool
}

// scaleKind is a resource the scale section spreads over the accounts.
type scaleKind struct {
	name     string // as -scale-kinds names it
	resource string
	plural   string
	// perAccount bounds the resources of one account (0 for none): the API keeps at most
	// 10 ACTIVE certificates per account.
	perAccount int
	// partnersOnly: the own account cannot be granted portal access through the API.
	partnersOnly bool
	// driftAdd, driftChange and driftDestroy are what the plan after the out-of-band
	// changes must show: one action for each object changed (a replacement is one add and
	// one destroy).
	driftAdd, driftChange, driftDestroy int
}

var scaleKinds = []scaleKind{
	// A key disabled by hand is replaced: enabling it again would revive a credential
	// someone turned off.
	{name: "keys", resource: "klarna_api_key", plural: "API keys", driftAdd: 2, driftChange: 1, driftDestroy: 1},
	{name: "client-ids", resource: "klarna_client_id", plural: "client IDs", driftAdd: 1, driftChange: 2},
	{name: "certificates", resource: "klarna_client_certificate", plural: "client certificates", perAccount: 10, driftAdd: 1},
	{name: "grants", resource: "klarna_portal_user", plural: "portal grants", partnersOnly: true, driftAdd: 1},
}

func addScaleFlags(fs *flag.FlagSet, o *scaleOptions) {
	fs.IntVar(&o.size, "scale-size", 200, "scale section: resources of each kind, spread over -scale-accounts accounts "+
		"(the issue's world: -scale-size 1000 -scale-accounts 100 -scale-hold 1000)")
	fs.IntVar(&o.accounts, "scale-accounts", 20, "scale section: accounts (the own one and partners) the resources are spread over")
	fs.IntVar(&o.hold, "scale-hold", 200, "scale section: API keys in the account of which a workspace manages 10")
	fs.StringVar(&o.kinds, "scale-kinds", "all", "scale section: the kinds to measure, comma-separated: keys, client-ids, "+
		"certificates, grants, hold (10 keys in a large account), or all")
	fs.BoolVar(&o.baseline, "scale-baseline", false, "scale section: also measure each kind with the provider built to refresh "+
		"with a GET per resource and not pace itself, as it did before refresh by account and learned pacing")
	fs.BoolVar(&o.only, "scale-only", false, "run the scale section alone")
	fs.BoolVar(&o.skip, "skip-scale", false, "leave the scale section out")
}

// selected says whether -scale-kinds names kind.
func (o scaleOptions) selected(kind string) bool {
	if o.kinds == "all" {
		return true
	}
	for _, k := range strings.Split(o.kinds, ",") {
		if strings.TrimSpace(k) == kind {
			return true
		}
	}
	return false
}

func (o scaleOptions) check() error {
	switch {
	case o.size < 1 || o.size > 10000:
		return fmt.Errorf("-scale-size must be between 1 and 10000, got %d", o.size)
	case o.accounts < 1 || o.accounts > 1000:
		return fmt.Errorf("-scale-accounts must be between 1 and 1000, got %d", o.accounts)
	case o.hold < 10 || o.hold > 10000:
		return fmt.Errorf("-scale-hold must be between 10 and 10000, got %d", o.hold)
	case o.only && o.skip:
		return fmt.Errorf("-scale-only and -skip-scale contradict each other")
	}
	known := map[string]bool{"hold": true}
	for _, k := range scaleKinds {
		known[k.name] = true
		if !o.selected(k.name) {
			continue
		}
		if k.perAccount > 0 && o.size > k.perAccount*o.accounts {
			return fmt.Errorf("-scale-size %d over %d accounts puts more than %d %s in one account, the API's most; "+
				"give more -scale-accounts or leave them out of -scale-kinds", o.size, o.accounts, k.perAccount, k.plural)
		}
		if k.partnersOnly && o.accounts < 2 {
			return fmt.Errorf("%s need a partner account: -scale-accounts must be 2 or more", k.plural)
		}
	}
	if o.kinds != "all" {
		for _, k := range strings.Split(o.kinds, ",") {
			if !known[strings.TrimSpace(k)] {
				return fmt.Errorf("-scale-kinds: unknown kind %q; known are keys, client-ids, certificates, grants, hold and all", k)
			}
		}
	}
	return nil
}

// scaleSpec is one world of the scale section.
type scaleSpec struct {
	label    string
	kind     scaleKind
	resource string
	n        int
	accounts int
	prefill  int  // API keys made in the own account before Terraform runs
	baseline bool // run with the provider built as it was before refresh by account
}

// baselineLabel marks a world measured with the baseline build.
const baselineLabel = " (before)"

func scaleSpecs(o scaleOptions) []scaleSpec {
	var specs []scaleSpec
	for _, k := range scaleKinds {
		if !o.selected(k.name) {
			continue
		}
		s := scaleSpec{label: fmt.Sprintf("%d %s over %d accounts", o.size, k.plural, o.accounts), kind: k, resource: k.resource,
			n: o.size, accounts: o.accounts}
		specs = append(specs, s)
		if o.baseline {
			s.label += baselineLabel
			s.baseline = true
			specs = append(specs, s)
		}
	}
	if o.selected("hold") {
		specs = append(specs, scaleSpec{label: fmt.Sprintf("10 API keys in an account holding %d", o.hold), kind: scaleKinds[0],
			resource: "klarna_api_key", n: 10, accounts: 1, prefill: o.hold - 10})
	}
	return specs
}

// scalePhase is one Terraform command of a scale world.
type scalePhase struct {
	wall           time.Duration
	requests       int // API requests the mock answered
	limited        int // of which 429
	changes        int // planned changes (drift plan)
	plannedAdd     int
	plannedChange  int
	plannedDestroy int
	// failed is the first line of the error of a baseline run that failed (the provider as
	// it was gives up under a rate limit when its retries meet 429 after 429); "" when the
	// run succeeded. A failure of the provider as it is stops the benchmark instead.
	failed string
}

type scaleResult struct {
	spec                      scaleSpec
	apply, plan, drift, destr []scalePhase
}

// scaleMock is a standalone mock started for the scale section, with its partner accounts.
type scaleMock struct {
	*harness.Mock
	accounts []string // "" for the own account, then partner KRNs
	logFrom  int64
}

func (w *workspace) startScaleMock(ctx context.Context, accounts int) (*scaleMock, error) {
	extra := []string{"-quiet=false"}
	if accounts > 1 {
		extra = append(extra, "-partner-accounts", strconv.Itoa(accounts-1))
	}
	m, err := w.startMock(ctx, mockOptions{rateLimit: scaleRate, extra: extra})
	if err != nil {
		return nil, err
	}
	boot := m.Bootstrap
	if len(boot.PartnerAccountIDs) < accounts-1 {
		m.Stop()
		return nil, fmt.Errorf("the mock onboarded %d partner accounts, not %d", len(boot.PartnerAccountIDs), accounts-1)
	}
	sm := &scaleMock{Mock: m, accounts: append([]string{""}, boot.PartnerAccountIDs[:accounts-1]...)}
	return sm, nil
}

// api sends one request to the mock's API with its bootstrap key, retrying 429s after
// their Retry-After.
func (m *scaleMock) api(ctx context.Context, method, path string, body any, out any) error {
	var raw []byte
	if body != nil {
		var err error
		if raw, err = json.Marshal(body); err != nil {
			return err
		}
	}
	for {
		req, err := http.NewRequestWithContext(ctx, method, m.Bootstrap.BaseURL+path, bytes.NewReader(raw)) //nolint:gosec // a loopback address checkLoopback accepted
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Basic "+m.Bootstrap.APIKey)
		req.Header.Set("Content-Type", "application/json")
		resp, err := m.HTTPClient().Do(req) //nolint:gosec // a loopback address checkLoopback accepted
		if err != nil {
			return fmt.Errorf("%s %s: %w", method, path, err)
		}
		var buf bytes.Buffer
		_, readErr := buf.ReadFrom(resp.Body)
		_ = resp.Body.Close() // read above; closing a read body tells nothing
		if readErr != nil {
			return fmt.Errorf("%s %s: reading the answer: %w", method, path, readErr)
		}
		if resp.StatusCode == http.StatusTooManyRequests {
			after, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(max(after, 1)) * time.Second):
			}
			continue
		}
		if resp.StatusCode/100 != 2 {
			return fmt.Errorf("%s %s: status %d: %s", method, path, resp.StatusCode, strings.TrimSpace(buf.String()))
		}
		if out != nil {
			return json.Unmarshal(buf.Bytes(), out)
		}
		return nil
	}
}

func (m *scaleMock) setLatency(ctx context.Context, d time.Duration) error {
	return m.Control(ctx, http.MethodPost, "/_mock/latency", map[string]any{"path": "/v2/*", "ms": d.Milliseconds()}, nil)
}

func collection(resource, account string) string {
	prefix := "/v2/account"
	if account != "" {
		prefix = "/v2/accounts/" + strings.ReplaceAll(url.PathEscape(account), ":", "%3A")
	}
	switch resource {
	case "klarna_client_id":
		return prefix + "/credentials/client-ids"
	case "klarna_client_certificate":
		return prefix + "/credentials/client-certificates"
	}
	return prefix + "/credentials/api-keys"
}

// mockLine is one request line of the mock's log: "METHOD PATH STATUS DURATION".
var mockLine = regexp.MustCompile(` (GET|POST|PATCH|PUT|DELETE) /v2/\S* (\d{3}) `)

// countSince counts the API requests and 429 answers the mock logged since the last call.
func (m *scaleMock) countSince() (requests, limited int, err error) {
	f, err := os.Open(m.LogFile) //nolint:gosec // the log of a mock this program started, in its own temporary directory
	if err != nil {
		return 0, 0, err
	}
	defer func() { _ = f.Close() }() // opened for reading: closing tells nothing
	if _, err := f.Seek(m.logFrom, 0); err != nil {
		return 0, 0, err
	}
	r := bufio.NewReader(f)
	for {
		line, err := r.ReadString('\n')
		if !strings.HasSuffix(line, "\n") {
			break // a line still being written is counted next time
		}
		m.logFrom += int64(len(line))
		if mm := mockLine.FindStringSubmatch(line); mm != nil {
			requests++
			if mm[2] == "429" {
				limited++
			}
		}
		if err != nil {
			break
		}
	}
	return requests, limited, nil
}

// config is the world's configuration; keyPEM is the private key certificates are issued for.
func (s scaleSpec) config(accounts []string, keyPEM string) string {
	var quoted []string
	for _, a := range accounts[:s.accounts] {
		switch {
		case a == "" && s.kind.partnersOnly:
		case a == "":
			quoted = append(quoted, "null")
		default:
			quoted = append(quoted, strconv.Quote(a))
		}
	}
	extra := ""
	body := `  description = "scale key ${count.index}"`
	switch s.resource {
	case "klarna_client_id":
		body = `  description     = "scale storefront ${count.index}"
  allowed_origins = ["https://shop.example.com"]`
	case "klarna_client_certificate":
		body = `  usage                  = "API"
  description            = "scale certificate ${count.index}"
  private_key_pem_wo     = local.key
  private_key_wo_version = 1`
		extra = fmt.Sprintf("\n  key = <<-EOT\n%sEOT", indent(keyPEM, "    "))
	case "klarna_portal_user":
		body = `  email      = "scale-${count.index}@example.com"
  roles      = ["merchant:developer"]`
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

provider "klarna" {}

locals {
  accounts = [%s]%s
}

resource %q "scale" {
  count      = %d
  account_id = local.accounts[count.index %% length(local.accounts)]
%s
}
`, strings.Join(quoted, ", "), extra, s.resource, s.n, body)
}

func indent(text, prefix string) string {
	var b strings.Builder
	for line := range strings.Lines(text) {
		b.WriteString(prefix + line)
	}
	return b.String()
}

var planLine = regexp.MustCompile(`Plan: (\d+) to add, (\d+) to change, (\d+) to destroy`)

// runScale measures one world once: apply, plan, a plan after out-of-band changes, destroy.
func (w *workspace) runScale(ctx context.Context, s scaleSpec, run int) (map[string]scalePhase, error) {
	dir, err := w.workDir("scale")
	if err != nil {
		return nil, err
	}
	// What is left is removed with the benchmark's temporary directory, whose removal is checked.
	defer func() { _ = os.RemoveAll(dir) }() //nolint:gosec // a directory under the benchmark's own temporary directory
	m, err := w.startScaleMock(ctx, s.accounts)
	if err != nil {
		return nil, err
	}
	defer m.Stop()
	for i := range s.prefill {
		if err := m.api(ctx, http.MethodPost, collection("klarna_api_key", ""), map[string]string{"description": fmt.Sprintf("held %d", i)}, nil); err != nil {
			return nil, fmt.Errorf("filling the account: %w", err)
		}
	}
	key, keyPEM, err := newECKey()
	if err != nil {
		return nil, err
	}
	env := append(w.terraformEnv(), m.Env()...)
	if s.baseline {
		env = append(harness.TerraformEnv(w.baselineConfig), m.Env()...)
	}
	if s.kind.partnersOnly {
		// Grants are signed with the provider's JWT_SIGNING identity.
		signing, err := m.signingIdentity(ctx, dir, key, keyPEM)
		if err != nil {
			return nil, err
		}
		env = append(env, signing...)
	}
	if err := m.setLatency(ctx, scaleLatency); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(s.config(m.accounts, keyPEM)), 0o600); err != nil { //nolint:gosec // the run's own working directory
		return nil, fmt.Errorf("writing the configuration: %w", err)
	}
	if _, _, err := m.countSince(); err != nil {
		return nil, err
	}
	out := map[string]scalePhase{}
	measure := func(name string, p phase) error {
		r, err := w.terraformRun(ctx, dir, env, "", p.args()...)
		if err != nil {
			return err
		}
		sp := scalePhase{wall: r.wall}
		if r.exitCode != 0 && (p != phasePlan || r.exitCode != 2) {
			if !s.baseline {
				return r.failure(fmt.Sprintf("terraform %s of %s (run %d)", p, s.label, run))
			}
			if sp.failed = firstError(r.log); sp.failed == "" {
				sp.failed = fmt.Sprintf("exit status %d", r.exitCode)
			}
			w.logf("%-45s run %d %-8s FAILED after %.2f s: %s", s.label, run, name, r.wall.Seconds(), sp.failed)
		}
		time.Sleep(200 * time.Millisecond) // the mock's last log lines
		if sp.requests, sp.limited, err = m.countSince(); err != nil {
			return err
		}
		if b, err := os.ReadFile(r.log); err == nil { //nolint:gosec // a file in the benchmark's own temporary directory
			if mm := planLine.FindSubmatch(b); mm != nil {
				a, _ := strconv.Atoi(string(mm[1]))
				c, _ := strconv.Atoi(string(mm[2]))
				d, _ := strconv.Atoi(string(mm[3]))
				sp.plannedAdd, sp.plannedChange, sp.plannedDestroy, sp.changes = a, c, d, a+c+d
			}
		}
		out[name] = sp
		w.logf("%-45s run %d %-8s %7.2f s, %d requests, %d answered 429, planned %d to add, %d to change, %d to destroy",
			s.label, run, name, r.wall.Seconds(), sp.requests, sp.limited, sp.plannedAdd, sp.plannedChange, sp.plannedDestroy)
		return nil
	}
	if err := measure("apply", phaseApply); err != nil {
		return nil, err
	}
	if err := measure("plan", phasePlan); err != nil {
		return nil, err
	}
	if err := w.drift(ctx, m, s, dir); err != nil {
		return nil, err
	}
	if _, _, err := m.countSince(); err != nil {
		return nil, err
	}
	if err := measure("drift", phasePlan); err != nil {
		return nil, err
	}
	if err := measure("destroy", phaseDestroy); err != nil {
		return nil, err
	}
	return out, nil
}

// drift changes the world's objects out of band. API keys: the second is disabled, the
// third deleted and the fourth's description edited; client IDs: the second's description
// edited, the third deleted, the fourth's origins changed; certificates and grants: the
// third revoked.
func (w *workspace) drift(ctx context.Context, m *scaleMock, s scaleSpec, dir string) error {
	b, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate")) //nolint:gosec // a file in the benchmark's own temporary directory
	if err != nil {
		return err
	}
	var st struct {
		Resources []struct {
			Instances []struct {
				IndexKey   int `json:"index_key"`
				Attributes struct {
					ID         string `json:"id"`
					AccountID  string `json:"account_id"`
					Email      string `json:"email"`
					OnBehalfOf string `json:"on_behalf_of"`
				} `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return fmt.Errorf("reading the state for the drift: %w", err)
	}
	if len(st.Resources) == 0 {
		return errors.New("reading the state for the drift: it holds no resource")
	}
	own, err := m.ownAccount(ctx)
	if err != nil {
		return err
	}
	item := map[int]string{}
	for _, in := range st.Resources[0].Instances {
		a := in.Attributes
		if s.resource == "klarna_portal_user" {
			item[in.IndexKey] = "/v2/account/portal/user-access?" + url.Values{
				"account_id": {a.AccountID}, "on_behalf_of": {a.OnBehalfOf}, "principal": {a.Email},
			}.Encode()
			continue
		}
		acct := a.AccountID
		if acct == own {
			acct = ""
		}
		item[in.IndexKey] = collection(s.resource, acct) + "/" + a.ID
	}
	if len(item) < 4 {
		return nil
	}
	if s.kind.driftChange == 0 {
		return m.api(ctx, http.MethodDelete, item[2], nil, nil)
	}
	edit := map[string]string{"description": "edited by hand"}
	first := map[string]string{"status": "DISABLED"}
	last := any(edit)
	if s.resource == "klarna_client_id" {
		first = edit
		last = map[string]any{"allowed_origins": []string{"https://elsewhere.example.com"}}
	}
	if err := m.api(ctx, http.MethodPatch, item[1], first, nil); err != nil {
		return err
	}
	if err := m.api(ctx, http.MethodDelete, item[2], nil, nil); err != nil {
		return err
	}
	return m.api(ctx, http.MethodPatch, item[3], last, nil)
}

func (m *scaleMock) ownAccount(ctx context.Context) (string, error) {
	var who struct {
		AccountID string `json:"account_id"`
	}
	if err := m.api(ctx, http.MethodGet, "/v2/account", nil, &who); err != nil {
		return "", err
	}
	return who.AccountID, nil
}

// signingIdentity issues a JWT_SIGNING certificate of the own account for key and writes it
// and the key into dir; it returns the provider's environment that names them.
func (m *scaleMock) signingIdentity(ctx context.Context, dir string, key *ecdsa.PrivateKey, keyPEM string) ([]string, error) {
	own, err := m.ownAccount(ctx)
	if err != nil {
		return nil, err
	}
	a, err := krn.Parse(own)
	if err != nil {
		return nil, fmt.Errorf("the mock's own account: %w", err)
	}
	csr, err := pki.BuildCSR(key, a.CommonName())
	if err != nil {
		return nil, err
	}
	var cert struct {
		Certificate string `json:"certificate"`
	}
	if err := m.api(ctx, http.MethodPost, "/v2/account/credentials/client-certificates",
		map[string]string{"csr": string(csr), "usage": "JWT_SIGNING"}, &cert); err != nil {
		return nil, fmt.Errorf("issuing the signing certificate: %w", err)
	}
	certFile, keyFile := filepath.Join(dir, "signing.pem"), filepath.Join(dir, "signing-key.pem")
	if err := os.WriteFile(certFile, []byte(cert.Certificate), 0o600); err != nil { //nolint:gosec // a file in the run's own working directory
		return nil, err
	}
	if err := os.WriteFile(keyFile, []byte(keyPEM), 0o600); err != nil { //nolint:gosec // a file in the run's own working directory
		return nil, err
	}
	return []string{"KLARNA_SIGNING_CERTIFICATE_FILE=" + certFile, "KLARNA_SIGNING_PRIVATE_KEY_FILE=" + keyFile}, nil
}

// newECKey is an ECDSA P-256 key and its PEM, for certificates and the signing identity.
func newECKey() (*ecdsa.PrivateKey, string, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, "", err
	}
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, "", err
	}
	return key, string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der})), nil
}

func (w *workspace) measureScale(ctx context.Context, o options) ([]scaleResult, error) {
	specs := scaleSpecs(o.scale)
	results := make([]scaleResult, len(specs))
	for run := 1; run <= o.runs; run++ {
		for i, s := range specs {
			results[i].spec = s
			r, err := w.runScale(ctx, s, run)
			if err != nil {
				return nil, err
			}
			results[i].apply = append(results[i].apply, r["apply"])
			results[i].plan = append(results[i].plan, r["plan"])
			results[i].drift = append(results[i].drift, r["drift"])
			results[i].destr = append(results[i].destr, r["destroy"])
		}
	}
	return results, nil
}

// succeeded splits a phase's runs into those that succeeded and the errors of those that
// failed (only the baseline's runs can fail without stopping the benchmark).
func succeeded(ps []scalePhase) (ok []scalePhase, failed []string) {
	for _, p := range ps {
		if p.failed != "" {
			failed = append(failed, p.failed)
			continue
		}
		ok = append(ok, p)
	}
	return ok, failed
}

func medianOf(ps []scalePhase, f func(scalePhase) float64) float64 {
	vs := make([]float64, len(ps))
	for i, p := range ps {
		vs[i] = f(p)
	}
	for i := range vs {
		for j := i + 1; j < len(vs); j++ {
			if vs[j] < vs[i] {
				vs[i], vs[j] = vs[j], vs[i]
			}
		}
	}
	if len(vs) == 0 {
		return 0
	}
	return vs[len(vs)/2]
}

func printScale(out *output, o options, rs []scaleResult) {
	out.printf("\n8. Scale: resources over many accounts, mock at %g requests/s per account with %s on every API route (medians of %s)\n",
		scaleRate, scaleLatency, runsWord(o.runs))
	t := newTable(out, "Out-of-band drift: API keys: one disabled (replaced), one deleted, one's description edited; client IDs: "+
		"one's description edited, one deleted, one's origins changed; certificates and grants: one revoked")
	t.row("world", "phase", "time", "time / (N/rate)", "API calls / resource", "429 per 100 requests", "goal")
	for _, r := range rs {
		n := float64(r.spec.n)
		budget := n / scaleRate
		for _, ph := range []struct {
			name string
			ps   []scalePhase
		}{{"apply", r.apply}, {"plan", r.plan}, {"destroy", r.destr}} {
			ok, failed := succeeded(ph.ps)
			wall := medianOf(ok, func(p scalePhase) float64 { return p.wall.Seconds() })
			calls := medianOf(ok, func(p scalePhase) float64 { return float64(p.requests) / n })
			per100 := medianOf(ok, func(p scalePhase) float64 { return 100 * float64(p.limited) / max(1, float64(p.requests)) })
			goal := verdict(per100, goalScale429Per100) + " 429s"
			if ph.name == "plan" {
				goal = fmt.Sprintf("%s time, %s calls, %s", verdict(wall/budget, goalScalePlanRatio), verdict(calls, goalScaleCalls), goal)
			}
			if len(failed) > 0 {
				goal = fmt.Sprintf("%d of %d runs FAILED (medians of the others): %s", len(failed), len(ph.ps), failed[0])
			}
			t.row(r.spec.label, ph.name, fmt.Sprintf("%.2f s", wall), fmt.Sprintf("%.2f", wall/budget), fmt.Sprintf("%.3f", calls),
				fmt.Sprintf("%.1f", per100), goal)
		}
		exact := 0
		k := r.spec.kind
		for _, d := range r.drift {
			if d.plannedAdd == k.driftAdd && d.plannedChange == k.driftChange && d.plannedDestroy == k.driftDestroy {
				exact++
			}
		}
		t.row(r.spec.label, "drift plan", fmt.Sprintf("%.2f s", medianOf(r.drift, func(p scalePhase) float64 { return p.wall.Seconds() })), "",
			fmt.Sprintf("%.3f", medianOf(r.drift, func(p scalePhase) float64 { return float64(p.requests) / n })), "",
			fmt.Sprintf("%d of %d runs planned exactly %d to add, %d to change, %d to destroy", exact, len(r.drift),
				k.driftAdd, k.driftChange, k.driftDestroy))
	}
	t.flush()
}

// runScaleSection runs the scale section alone (-scale-only).
func runScaleSection(ctx context.Context, w *workspace, out *output, o options, started time.Time) error {
	sr, err := w.measureScale(ctx, o)
	if err != nil {
		return err
	}
	printScale(out, o, sr)
	out.printf("\nAt the end: %s\n", machineLoad(w.terraform))
	out.printf("Total time of the benchmark: %s\n", time.Since(started).Round(time.Second))
	if out.err != nil {
		return fmt.Errorf("writing the report: %w", out.err)
	}
	return nil
}
