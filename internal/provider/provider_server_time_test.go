package provider

import (
	"context"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

// skews are provider clocks two hours behind and two hours ahead of the mock's.
var skews = []time.Duration{-2 * time.Hour, 2 * time.Hour}

// TestAccPortalUser_providerClockTwoHoursOff: a provider whose own clock is two hours off
// the API's signs its JWTs on the API's time, so the grant and the deep link are accepted
// and the deep link's JWT expires a lifetime after the API's now.
func TestAccPortalUser_providerClockTwoHoursOff(t *testing.T) {
	for _, skew := range skews {
		t.Run(skew.String(), func(t *testing.T) {
			e := newAccEnv(t)
			signing := e.issueOwn("JWT_SIGNING")
			p0 := e.partner(0)
			var signedAt time.Time
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factoriesWithClock(fixedOffset{e.mock.Clock(), skew}),
				Steps: []resource.TestStep{{
					PreConfig: func() { signedAt = e.mock.Clock().Now() },
					Config: e.providerBlock(signing.signingBlock()) + portalUserConfig(p0, "merchant:developer") +
						deepLinkConfig(p0, "exchange = true\n  lifetime_seconds = 600"),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(portalUserAddr, tfjsonpath.New("status"), knownvalue.StringExact("INVITED")),
						statecheck.ExpectKnownValue("data.klarna_portal_deep_link.test", tfjsonpath.New("url"), knownvalue.NotNull()),
						check(func(_ context.Context, req statecheck.CheckStateRequest) error {
							grants, err := e.client.ListUserAccess(t.Context(), klarna.UserAccessFilter{AccountID: p0, Principal: "dev.ops@example.com"})
							if err != nil || len(grants) != 1 {
								return fmt.Errorf("grants %+v (%w); want the one Terraform made", grants, err)
							}
							raw, err := attrOf(req, "data.klarna_portal_deep_link.test", "expires_at")
							if err != nil {
								return err
							}
							expires, err := time.Parse(time.RFC3339, raw)
							if err != nil {
								return err
							}
							// Signed on the mock's time, between the step's start and now.
							earliest, latest := signedAt.Add(600*time.Second-2*time.Second), e.mock.Clock().Now().Add(600*time.Second)
							if expires.Before(earliest) || expires.After(latest) {
								return fmt.Errorf("the JWT expires at %s, want 600 s after the mock's time: between %s and %s",
									raw, earliest.Format(time.RFC3339), latest.Format(time.RFC3339))
							}
							return nil
						}),
					},
				}},
			})
		})
	}
}

// TestAccClientCertificate_renewalWindowOnServerTime: whether a certificate is ready for
// renewal is judged on the API's time. An hour before the window opens on the mock's clock
// nothing is planned, whichever way the provider's own clock is off; an hour after, the
// certificate is replaced.
func TestAccClientCertificate_renewalWindowOnServerTime(t *testing.T) {
	const days = 1090 // the window opens about a week after issue
	for _, skew := range skews {
		t.Run(skew.String(), func(t *testing.T) {
			e := newAccEnv(t)
			config := e.config(fmt.Sprintf(`
resource "klarna_client_certificate" "test" {
  usage              = "JWT_SIGNING"
  csr_pem            = %s
  early_renewal_days = %d
}
`, heredoc(csrPEM(t, newTestKey(t), pkix.Name{CommonName: cnOf(t, e.boot.AccountID)})), days))
			const addr = "klarna_client_certificate.test"
			var id string
			// moveToWindow moves the mock's clock to by from the moment the window opens.
			moveToWindow := func(by time.Duration) func() {
				return func() {
					cert, err := e.client.GetClientCertificate(t.Context(), "", id)
					if err != nil {
						t.Fatal(err)
					}
					if _, err := e.mock.SetClock(cert.NotAfter.Add(-days*24*time.Hour + by)); err != nil {
						t.Fatal(err)
					}
				}
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factoriesWithClock(fixedOffset{e.mock.Clock(), skew}),
				CheckDestroy:             certificateDestroyed(e),
				Steps: []resource.TestStep{
					{
						Config: config,
						ConfigStateChecks: []statecheck.StateCheck{
							rememberID(addr, &id),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("ready_for_renewal"), knownvalue.Bool(false)),
						},
					},
					{
						PreConfig: moveToWindow(-time.Hour),
						Config:    config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectEmptyPlan(),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("ready_for_renewal"), knownvalue.Bool(false)),
						},
					},
					{
						PreConfig: moveToWindow(time.Hour),
						Config:    config,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectResourceAction(addr, plancheck.ResourceActionDestroyBeforeCreate),
							expectBefore{addr, "ready_for_renewal", true},
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							check(func(_ context.Context, req statecheck.CheckStateRequest) error {
								got, err := attrOf(req, addr, "id")
								if err != nil || got == id {
									return fmt.Errorf("the certificate %s was not renewed (now %s, %w)", id, got, err)
								}
								return nil
							}),
							statecheck.ExpectKnownValue(addr, tfjsonpath.New("ready_for_renewal"), knownvalue.Bool(false)),
						},
					},
				},
			})
		})
	}
}

// TestAccMTLSEnforcement_windowOnServerTime: the plan-time checks of enforced_from (not in
// the past, at most 3 months ahead) use the API's time, not the provider's own clock.
func TestAccMTLSEnforcement_windowOnServerTime(t *testing.T) {
	for _, tc := range []struct {
		name    string
		skew    time.Duration
		from    func(now time.Time) time.Time // enforced_from from the mock's now
		wantErr string
	}{
		// The provider's clock says the future, the API's the past: refused at plan.
		{"provider behind, past by the API", -2 * time.Hour, func(now time.Time) time.Time { return now.Add(-30 * time.Minute) }, "is in the past"},
		// The provider's clock says the past, the API's the future: accepted.
		{"provider ahead, future by the API", 2 * time.Hour, func(now time.Time) time.Time { return now.Add(time.Hour) }, ""},
		// An hour inside the 3-month limit by the API, an hour beyond it by the provider's clock.
		{"provider behind, inside 3 months by the API", -2 * time.Hour, func(now time.Time) time.Time { return now.AddDate(0, 3, 0).Add(-time.Hour) }, ""},
		// An hour beyond the limit by the API, inside it by the provider's clock: refused at plan.
		{"provider ahead, beyond 3 months by the API", 2 * time.Hour, func(now time.Time) time.Time { return now.AddDate(0, 3, 0).Add(time.Hour) }, "more than 3 months ahead"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newAccEnv(t)
			partner := e.partner(0)
			if _, err := e.client.CreateClientCertificate(t.Context(), partner, klarna.CreateClientCertificateRequest{
				CSR: csrPEM(t, newTestKey(t), pkix.Name{CommonName: cnOf(t, partner)}), Usage: "API",
			}); err != nil {
				t.Fatal(err)
			}
			from := tc.from(e.mock.Clock().Now()).UTC().Truncate(time.Second).Format(time.RFC3339)
			step := resource.TestStep{Config: e.config(fmt.Sprintf(`
resource "klarna_mtls_enforcement" "partner" {
  account_id    = %q
  enforced_from = %q
}
`, partner, from))}
			if tc.wantErr != "" {
				step.ExpectError = errorRegexp("Invalid enforced_from", tc.wantErr)
			} else {
				step.ConfigStateChecks = []statecheck.StateCheck{
					statecheck.ExpectKnownValue(enforcementAddr, tfjsonpath.New("status"), knownvalue.StringExact("REPORTING")),
					statecheck.ExpectKnownValue(enforcementAddr, tfjsonpath.New("enforced_at"), knownvalue.StringExact(from)),
				}
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factoriesWithClock(fixedOffset{e.mock.Clock(), tc.skew}),
				Steps:                    []resource.TestStep{step},
			})
		})
	}
}

// expectBefore is a plan check on a resource's value before the change: its refreshed state.
type expectBefore struct {
	address, attribute string
	want               any
}

func (c expectBefore) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address != c.address || rc.Change == nil {
			continue
		}
		before, ok := rc.Change.Before.(map[string]any)
		if !ok {
			resp.Error = fmt.Errorf("%s has no value before the change", c.address)
			return
		}
		got, ok := before[c.attribute]
		if !ok {
			resp.Error = fmt.Errorf("%s has no attribute %s before the change", c.address, c.attribute)
			return
		}
		if got != c.want {
			resp.Error = fmt.Errorf("%s.%s before the change is %v, want %v", c.address, c.attribute, got, c.want)
		}
		return
	}
	resp.Error = fmt.Errorf("the plan has no change for %s", c.address)
}

// countingTransport answers GET /v2/account with a Date header skew away from own, or
// fails, and counts the requests.
type countingTransport struct {
	mu       sync.Mutex
	requests int
	own      time.Time
	skew     time.Duration
	fail     bool
}

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.requests++
	if c.fail {
		return nil, errors.New("connection refused")
	}
	body := `{"account_id":"krn:partner:global:account:test:LYABCDEI","environment":"TEST","mtls_enabled":false}`
	return &http.Response{
		StatusCode: http.StatusOK, Request: req, ContentLength: int64(len(body)), Body: io.NopCloser(strings.NewReader(body)),
		Header: http.Header{"Content-Type": {"application/json"}, "Date": {c.own.Add(c.skew).Format(http.TimeFormat)}},
	}, nil
}

func TestProviderDataNow_asksTheAPIOnce(t *testing.T) {
	t.Parallel()
	own := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		skew    time.Duration
		fail    bool
		want    time.Time
		account string // the own account afterwards
	}{
		{"API 2 hours ahead", 2 * time.Hour, false, own.Add(2 * time.Hour), "krn:partner:global:account:test:LYABCDEI"},
		{"API 2 hours behind", -2 * time.Hour, false, own.Add(-2 * time.Hour), "krn:partner:global:account:test:LYABCDEI"},
		{"API unreachable: the own clock", 0, true, own, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rt := &countingTransport{own: own, skew: tc.skew, fail: tc.fail}
			client, err := klarna.New(klarna.Config{BaseURL: "https://api.example.test", APIKey: "klarna_test_api_x", Transport: rt, Clock: fixedClock(own)})
			if err != nil {
				t.Fatal(err)
			}
			d := &providerData{client: client, clock: client}
			for range 3 {
				if got := d.now(t.Context()); !got.Equal(tc.want) {
					t.Fatalf("now %s, want %s", got, tc.want)
				}
			}
			if rt.requests != 1 {
				t.Fatalf("%d requests for the time, want 1", rt.requests)
			}
			if d.accountID != tc.account {
				t.Fatalf("own account %q, want %q", d.accountID, tc.account)
			}
		})
	}
}
