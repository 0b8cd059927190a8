package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
)

func TestMain(m *testing.M) {
	// Terraform warns when TF_CLI_CONFIG_FILE names a file that does not exist; the
	// acceptance tests need no CLI configuration, so they get an empty one.
	if f := os.Getenv("TF_CLI_CONFIG_FILE"); f == "" || !fileExists(f) {
		dir, err := os.MkdirTemp("", "klarna-tfcli")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		cfg := filepath.Join(dir, "terraform.rc")
		if err := os.WriteFile(cfg, nil, 0o600); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := os.Setenv("TF_CLI_CONFIG_FILE", cfg); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		code := m.Run()
		if err := os.RemoveAll(dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(code)
	}
	os.Exit(m.Run())
}

func fileExists(path string) bool {
	_, err := os.Stat(path) //nolint:gosec // the path of the test run's own CLI configuration
	return err == nil
}

// accEnv is one acceptance test's world: its own mock API, a provider that shares the
// mock's clock, and a client for out-of-band changes and destroy checks.
type accEnv struct {
	t      *testing.T
	mock   *mockapi.Running
	boot   mockapi.Bootstrap
	client *klarna.Client
}

func newAccEnv(t *testing.T) *accEnv {
	t.Helper()
	m := mocktest.Start(t, mockapi.Options{})
	return &accEnv{t: t, mock: m, boot: m.Bootstrap(), client: mocktest.Client(t, m)}
}

func (e *accEnv) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"klarna": providerserver.NewProtocol6WithError(New("test", withClock(e.mock.Clock()))()),
	}
}

// providerBlock configures the provider for the mock, with extra attributes appended.
func (e *accEnv) providerBlock(extra ...string) string {
	return fmt.Sprintf(`
provider "klarna" {
  api_key            = %q
  base_url           = %q
  ca_certificate_pem = <<-EOT
%s
  EOT
%s
}
`, e.boot.APIKey, e.mock.URL, indent(string(e.mock.CACertificatePEM()), "    "), strings.Join(extra, "\n"))
}

func (e *accEnv) config(body string) string {
	return e.providerBlock() + body
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n")
}

func (e *accEnv) partner(i int) string { return e.boot.PartnerAccountIDs[i] }

// check is a state check backed by a function, for assertions against the mock API.
type check func(ctx context.Context, req statecheck.CheckStateRequest) error

func (c check) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c(ctx, req)
}

// attrOf reads a string attribute of a resource from the state; an attribute that is
// missing, null or not a string is an error.
func attrOf(req statecheck.CheckStateRequest, address, attr string) (string, error) {
	if req.State == nil || req.State.Values == nil || req.State.Values.RootModule == nil {
		return "", fmt.Errorf("no state")
	}
	for _, r := range req.State.Values.RootModule.Resources {
		if r.Address != address {
			continue
		}
		raw, ok := r.AttributeValues[attr]
		if !ok {
			return "", fmt.Errorf("%s has no attribute %s in state", address, attr)
		}
		v, ok := raw.(string)
		if !ok {
			return "", fmt.Errorf("%s.%s is %v (%T), want a string", address, attr, raw, raw)
		}
		return v, nil
	}
	return "", fmt.Errorf("%s not in state", address)
}

// rememberID stores a resource's ID in *dst for later steps.
func rememberID(address string, dst *string) check {
	return func(_ context.Context, req statecheck.CheckStateRequest) error {
		v, err := attrOf(req, address, "id")
		*dst = v
		return err
	}
}

// checkDestroyed requires every resource of the type to be gone from the API: only
// not-found counts; any other error fails the test, and so does a state that held no
// resource of the type.
func (e *accEnv) checkDestroyed(resourceType string, get func(accountID, id string) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		seen := 0
		for _, rs := range s.RootModule().Resources {
			if rs.Type != resourceType {
				continue
			}
			seen++
			err := get(rs.Primary.Attributes["account_id"], rs.Primary.ID)
			switch {
			case err == nil:
				return fmt.Errorf("%s %s still exists after destroy", resourceType, rs.Primary.ID)
			case !klarna.IsNotFound(err):
				return fmt.Errorf("checking %s %s after destroy: %w", resourceType, rs.Primary.ID, err)
			}
		}
		if seen == 0 {
			return fmt.Errorf("the state before destroy holds no %s to check", resourceType)
		}
		return nil
	}
}

// errorRegexp matches an error that holds every part, in order; Terraform wraps long
// lines, so a space in a part matches any white space.
func errorRegexp(parts ...string) *regexp.Regexp {
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(regexp.QuoteMeta(p), " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, `.*`))
}

// expectNoReplace fails when the plan replaces the resource.
type expectNoReplace string

func (a expectNoReplace) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address == string(a) && rc.Change.Actions.Replace() {
			resp.Error = fmt.Errorf("%s is planned for replacement (%v)", a, rc.Change.Actions)
			return
		}
	}
}
