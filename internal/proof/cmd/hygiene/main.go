// Command hygiene proves that no secret reaches a log or a state file where it does not
// belong. It applies, plans and destroys a scenario that uses every resource, data source
// and ephemeral resource of the provider, against an in-process mock API on loopback, with
// TF_LOG=TRACE written to a file; then it scans the log for every secret the run created or
// used (API keys, the provider's own key, private keys, JWTs, deep-link URLs), and the state
// files for private keys and ephemeral values. It prints the counts and exits 1 unless all
// are zero.
package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
	"github.com/partnerops/terraform-provider-klarna/internal/proof/harness"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
	err := run(ctx)
	cancel()
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "hygiene:", err)
		os.Exit(1)
	}
}

// ephemeralEmail marks the JWTs and deep links the ephemeral resource made: none of them may
// reach a state file.
const ephemeralEmail = "ephemeral@example.com"

func run(ctx context.Context) error {
	work, err := os.MkdirTemp("", "klarna-hygiene")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work) //nolint:errcheck // a temporary directory: a leftover costs disk, not a figure

	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		cli = "terraform"
	}
	if cli, err = harness.FindTerraform(cli); err != nil {
		return err
	}
	root, err := harness.ModuleRoot()
	if err != nil {
		return err
	}
	bin := filepath.Join(work, "bin")
	if err := harness.BuildProvider(ctx, root, filepath.Join(bin, "terraform-provider-klarna"), "hygiene"); err != nil {
		return fmt.Errorf("building the provider: %w", err)
	}

	srv, err := mockapi.New(mockapi.Options{})
	if err != nil {
		return err
	}
	mock, err := srv.Listen("127.0.0.1:0")
	if err != nil {
		return err
	}
	defer mock.Close() //nolint:errcheck // shutting down a loopback server
	boot := mock.Bootstrap()
	if err := harness.CheckLoopback(boot.BaseURL); err != nil {
		return err
	}

	w := &world{ctx: ctx, work: work, boot: boot, mock: mock}
	if err := w.prepare(); err != nil {
		return err
	}
	cfg := filepath.Join(work, "terraform.rc")
	if err := harness.WriteCLIConfig(cfg, map[string]string{"partnerops/klarna": bin}); err != nil {
		return err
	}
	dir := filepath.Join(work, "config")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(w.scenario()), 0o600); err != nil {
		return err
	}
	logFile := filepath.Join(work, "trace.log")
	env := append(harness.TerraformEnv(cfg), "TF_LOG=TRACE", "TF_LOG_PATH="+logFile,
		"KLARNA_API_KEY="+boot.APIKey, "KLARNA_BASE_URL="+boot.BaseURL,
		"KLARNA_CA_CERTIFICATE_FILE="+w.file("ca.pem"),
		"KLARNA_SIGNING_CERTIFICATE_FILE="+w.file("signing.pem"), "KLARNA_SIGNING_PRIVATE_KEY_FILE="+w.file("signing.key"),
		"TF_VAR_api_key_pem="+w.keys["api"], "TF_VAR_ephemeral_key_pem="+w.keys["signing"],
	)
	var states []string
	for _, args := range [][]string{
		{"apply", "-auto-approve", "-no-color"},
		{"plan", "-no-color"},
		{"apply", "-auto-approve", "-no-color", "-refresh-only"},
		{"destroy", "-auto-approve", "-no-color"},
	} {
		var out bytes.Buffer
		res, err := harness.RunTerraform(ctx, harness.Command{Bin: cli, Dir: dir, Env: env, Args: args, Stdout: &out, Stderr: &out})
		if err != nil {
			return err
		}
		if res.ExitCode != 0 {
			return fmt.Errorf("terraform %s: exit status %d\n%s", args[0], res.ExitCode, out.Bytes())
		}
		fmt.Printf("terraform %s: ok\n", strings.Join(args, " "))
		if args[0] == "apply" {
			state := filepath.Join(work, fmt.Sprintf("state-after-%s-%d.json", args[0], len(states)))
			b, err := os.ReadFile(filepath.Join(dir, "terraform.tfstate")) //nolint:gosec // the run's own state file
			if err != nil {
				return err
			}
			if err := os.WriteFile(state, b, 0o600); err != nil { //nolint:gosec // a file of the program's own temporary directory
				return err
			}
			states = append(states, state)
		}
	}
	for _, name := range []string{"terraform.tfstate", "terraform.tfstate.backup"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			states = append(states, filepath.Join(dir, name))
		}
	}
	return w.report(logFile, states)
}

// world is the scenario's accounts, keys and files.
type world struct {
	ctx     context.Context
	work    string
	boot    mockapi.Bootstrap
	mock    *mockapi.Running
	partner string
	keys    map[string]string // PEM private keys the run used, by name
	csrs    map[string]string
}

func (w *world) file(name string) string { return filepath.Join(w.work, name) }

// prepare issues the signing certificate the provider's portal_signing uses and writes the
// files the provider reads.
func (w *world) prepare() error {
	w.partner = w.boot.PartnerAccountIDs[0]
	w.keys, w.csrs = map[string]string{}, map[string]string{}
	for _, name := range []string{"signing", "api", "csr", "partner"} {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return err
		}
		b, err := pki.EncodePrivateKeyPEM(key)
		if err != nil {
			return err
		}
		w.keys[name] = string(b)
		account := w.boot.AccountID
		if name == "partner" {
			account = w.partner
		}
		a, err := krn.Parse(account)
		if err != nil {
			return fmt.Errorf("the %s account's ID: %w", name, err)
		}
		csr, err := pki.BuildCSR(key, a.CommonName())
		if err != nil {
			return err
		}
		w.csrs[name] = string(csr)
	}
	client, err := klarna.New(klarna.Config{BaseURL: w.boot.BaseURL, APIKey: w.boot.APIKey, CACertificatesPEM: w.mock.CACertificatePEM()})
	if err != nil {
		return err
	}
	signing, err := client.CreateClientCertificate(w.ctx, "", klarna.CreateClientCertificateRequest{CSR: w.csrs["signing"], Usage: "JWT_SIGNING"})
	if err != nil {
		return err
	}
	for name, b := range map[string]string{"ca.pem": string(w.mock.CACertificatePEM()), "signing.pem": signing.Certificate, "signing.key": w.keys["signing"]} {
		if err := os.WriteFile(w.file(name), []byte(b), 0o600); err != nil {
			return err
		}
	}
	return os.WriteFile(w.file("signing-cert-for-hcl.pem"), []byte(signing.Certificate), 0o600)
}

// scenario uses every resource, data source and ephemeral resource of the provider.
func (w *world) scenario() string {
	from := w.mock.Clock().Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)
	return fmt.Sprintf(`
terraform {
  required_providers {
    klarna = { source = "partnerops/klarna" }
  }
}

provider "klarna" {}

variable "api_key_pem" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "ephemeral_key_pem" {
  type      = string
  sensitive = true
  ephemeral = true
}

locals {
  partner = %[1]q
}

resource "klarna_api_key" "own" {
  description = "hygiene own"
}

resource "klarna_api_key" "partner" {
  account_id  = local.partner
  description = "hygiene partner"
}

resource "klarna_client_id" "web" {
  account_id      = local.partner
  allowed_origins = ["https://shop.example.com"]
}

resource "klarna_client_certificate" "api" {
  usage              = "API"
  private_key_pem_wo = var.api_key_pem
}

resource "klarna_client_certificate" "csr" {
  usage   = "JWT_SIGNING"
  csr_pem = <<-EOT
%[2]s
  EOT
}

resource "klarna_client_certificate" "partner_api" {
  account_id = local.partner
  usage      = "API"
  csr_pem    = <<-EOT
%[3]s
  EOT
}

resource "klarna_mtls_enforcement" "partner" {
  account_id    = local.partner
  enforced_from = %[4]q
  depends_on    = [klarna_client_certificate.partner_api]
}

resource "klarna_portal_user" "dev" {
  email      = "dev@example.com"
  account_id = local.partner
  roles      = ["merchant:developer"]
}

data "klarna_account" "me" {}
data "klarna_api_keys" "own" {}
data "klarna_client_ids" "partner" {
  account_id = local.partner
}
data "klarna_client_certificates" "own" {}

data "klarna_portal_deep_link" "jwt" {
  email      = "dev@example.com"
  account_id = local.partner
  roles      = ["merchant:developer"]
  amr        = ["mfa"]
}

data "klarna_portal_deep_link" "url" {
  email      = "dev@example.com"
  account_id = local.partner
  roles      = ["merchant:developer"]
  amr        = ["mfa"]
  exchange   = true
}

ephemeral "klarna_portal_deep_link" "login" {
  email                   = %[5]q
  account_id              = local.partner
  roles                   = ["merchant:admin"]
  amr                     = ["mfa"]
  signing_certificate_pem = file(%[6]q)
  signing_private_key_pem = var.ephemeral_key_pem
}

output "cn" {
  value = provider::klarna::account_common_name(data.klarna_account.me.account_id)
}

output "x5c" {
  value = provider::klarna::certificate_x5c(klarna_client_certificate.csr.certificate_pem)
}

output "parts" {
  value = provider::klarna::parse_account_id(local.partner)
}
`, w.partner, indent(w.csrs["csr"]), indent(w.csrs["partner"]), from, ephemeralEmail, w.file("signing-cert-for-hcl.pem"))
}

func indent(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i := range lines {
		lines[i] = "    " + lines[i]
	}
	return strings.Join(lines, "\n")
}

// finding is one kind of secret and where it turned up.
type finding struct {
	kind     string
	secrets  int
	inLog    int
	inState  int
	stateOK  bool // the kind may be in state (sensitive), by design
	examples []string
}

func (w *world) report(logFile string, states []string) error {
	logText, err := os.ReadFile(logFile) //nolint:gosec // the run's own log
	if err != nil {
		return err
	}
	var stateText strings.Builder
	for _, s := range states {
		b, err := os.ReadFile(s) //nolint:gosec // the run's own state files
		if err != nil {
			return err
		}
		stateText.Write(b)
	}
	secrets := w.mock.Secrets()
	// JWTs the mock received, and the data source's, which never reached the mock but is in state.
	var ephemeralJWTs, otherJWTs []string
	for _, j := range append(secrets.JWTs, jwtPattern.FindAllString(stateText.String(), -1)...) {
		if jwtSubject(j) == ephemeralEmail {
			ephemeralJWTs = append(ephemeralJWTs, j)
		} else if !contains(otherJWTs, j) {
			otherJWTs = append(otherJWTs, j)
		}
	}
	var ephemeralLinks, otherLinks []string
	for _, l := range secrets.DeepLinks {
		if l.Principal == ephemeralEmail {
			ephemeralLinks = append(ephemeralLinks, l.Token)
		} else {
			otherLinks = append(otherLinks, l.Token)
		}
	}
	var keyBodies []string
	names := make([]string, 0, len(w.keys))
	for name := range w.keys {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		keyBodies = append(keyBodies, pemBodyLines(w.keys[name])...)
	}
	kinds := []struct {
		kind    string
		values  []string
		stateOK bool
	}{
		{"the provider's own API key", []string{w.boot.APIKey}, false},
		{"API keys created (secrets)", without(secrets.APIKeys, w.boot.APIKey), true},
		{"private keys (PEM body lines)", keyBodies, false},
		{"JWTs of data sources and grants", otherJWTs, true},
		{"JWTs of the ephemeral resource", ephemeralJWTs, false},
		{"deep-link URLs of the data source", otherLinks, true},
		{"deep-link URLs of the ephemeral resource", ephemeralLinks, false},
	}
	var findings []finding
	failed := false
	for _, k := range kinds {
		f := finding{kind: k.kind, secrets: len(k.values), stateOK: k.stateOK}
		for _, v := range k.values {
			if v == "" {
				continue
			}
			if n := strings.Count(string(logText), v); n > 0 {
				f.inLog += n
				f.examples = append(f.examples, v[:min(12, len(v))]+"…")
			}
			f.inState += strings.Count(stateText.String(), v)
		}
		if f.inLog > 0 || (!f.stateOK && f.inState > 0) {
			failed = true
		}
		findings = append(findings, f)
	}
	fmt.Printf("\nSecret hygiene (%s, %d cores)\n", time.Now().UTC().Format(time.RFC3339), runtime.NumCPU())
	fmt.Printf("TRACE log: %d bytes; state files scanned: %d\n", len(logText), len(states))
	// A control: a value that is not secret must be found, or the scan reads nothing.
	control := strings.Count(string(logText), w.partner)
	fmt.Printf("control: the partner account ID appears %d times in the log\n\n", control)
	if control == 0 {
		return errors.New("the control value is not in the TRACE log: the scan would prove nothing")
	}
	tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
	if _, err := fmt.Fprintln(tw, "secret\tcount\tin TRACE log\tin state files\tstate allowed"); err != nil {
		return err
	}
	for _, f := range findings {
		allowed := "no"
		if f.stateOK {
			allowed = "yes (sensitive)"
		}
		if _, err := fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%s\n", f.kind, f.secrets, f.inLog, f.inState, allowed); err != nil {
			return err
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, f := range findings {
		if len(f.examples) > 0 {
			fmt.Printf("leaked %s: %s\n", f.kind, strings.Join(f.examples, ", "))
		}
	}
	for _, f := range findings {
		if f.secrets == 0 {
			return fmt.Errorf("the scenario made no %s: the scan would prove nothing", f.kind)
		}
	}
	if failed {
		return errors.New("secrets reached places they must not")
	}
	fmt.Println("\n0 secrets in the TRACE log; no private key or ephemeral value in any state file.")
	return nil
}

var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`)

func contains(values []string, v string) bool {
	for _, x := range values {
		if x == v {
			return true
		}
	}
	return false
}

func without(values []string, drop string) []string {
	var out []string
	for _, v := range values {
		if v != drop {
			out = append(out, v)
		}
	}
	return out
}

// pemBodyLines are the base64 lines of a PEM block: a leak of any of them is a leak.
func pemBodyLines(p string) []string {
	var out []string
	for _, l := range strings.Split(p, "\n") {
		if l = strings.TrimSpace(l); len(l) >= 16 && !strings.HasPrefix(l, "-----") {
			out = append(out, l)
		}
	}
	return out
}

func jwtSubject(token string) string {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return ""
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return ""
	}
	var claims struct {
		Sub string `json:"sub"`
	}
	if err := json.Unmarshal(b, &claims); err != nil {
		return ""
	}
	return claims.Sub
}
