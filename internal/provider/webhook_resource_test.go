package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
)

const (
	webhookAddr    = "klarna_webhook.test"
	signingKeyAddr = "klarna_webhook_signing_key.test"
)

var webhookIDPattern = regexp.MustCompile(`^krn:partner:global:notification:webhook:[0-9a-f-]{36}$`)

// newWebhookAccEnv is an acceptance test's world with a webhook receiver on its own
// 127.0.0.N:8443 whose test CA the mock trusts.
func newWebhookAccEnv(t *testing.T) (*accEnv, *mocktest.Receiver) {
	t.Helper()
	recv := mocktest.StartReceiver(t, nil)
	m := mocktest.Start(t, mockapi.Options{WebhookCA: recv.CAPEM, WebhookRetryDelay: 20 * time.Millisecond})
	return &accEnv{t: t, mock: m, boot: m.Bootstrap(), client: mocktest.Client(t, m)}, recv
}

func webhookConfig(url, rotation, eventTypes string, enabled bool) string {
	return fmt.Sprintf(`
resource "klarna_webhook_signing_key" "test" {
  keepers = {
    rotation = %q
  }
  lifecycle {
    create_before_destroy = true
  }
}

resource "klarna_webhook" "test" {
  url            = %q
  event_types    = %s
  signing_key_id = klarna_webhook_signing_key.test.id
  enabled        = %t
}
`, rotation, url, eventTypes, enabled)
}

// emitAndReceive emits one event of the provider's own account and waits for the receiver
// to accept its delivery; it returns that delivery.
func (e *accEnv) emitAndReceive(recv *mocktest.Receiver, eventType string) mocktest.Received {
	e.t.Helper()
	before := len(recv.Received())
	ev, err := e.mock.EmitEvent(mockapi.Event{AccountID: e.boot.AccountID, EventType: eventType})
	if err != nil {
		e.t.Fatalf("emitting %s: %v", eventType, err)
	}
	if len(ev.Webhooks) == 0 {
		e.t.Fatalf("event %s matched no webhook", eventType)
	}
	got := recv.WaitFor(e.t, 10*time.Second, "the delivery of "+eventType, func(r []mocktest.Received) bool {
		return len(r) > before && r[len(r)-1].Status < 300
	})
	return got[len(got)-1]
}

func TestAccWebhook_signedDeliveryVerifiedWithFunction(t *testing.T) {
	e, recv := newWebhookAccEnv(t)
	bodyFile := filepath.Join(t.TempDir(), "body.json")
	var received mocktest.Received
	var keyID, webhookID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: e.checkDestroyed("klarna_webhook", func(account, id string) error {
			_, err := e.client.GetWebhook(t.Context(), account, id)
			return err
		}),
		Steps: []resource.TestStep{
			{
				Config: e.config(webhookConfig(recv.URL, "1", `["partner.account.*"]`, true)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(signingKeyAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectSensitiveValue(signingKeyAddr, tfjsonpath.New("secret")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("id"), knownvalue.StringRegexp(webhookIDPattern)),
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("event_version"), knownvalue.StringExact("v1")),
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("account_id"), knownvalue.StringExact(e.boot.AccountID)),
					statecheck.ExpectKnownValue(signingKeyAddr, tfjsonpath.New("secret"), knownvalue.StringRegexp(regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`))),
					statecheck.ExpectSensitiveValue(signingKeyAddr, tfjsonpath.New("secret")),
					rememberID(signingKeyAddr, &keyID),
					rememberID(webhookAddr, &webhookID),
					check(func(ctx context.Context, _ statecheck.CheckStateRequest) error {
						w, err := e.client.GetWebhook(ctx, "", webhookID)
						if err != nil {
							return err
						}
						if w.SigningKeyID != keyID || w.URL != recv.URL || w.Status != "ENABLED" {
							return fmt.Errorf("the API holds %+v", w)
						}
						return nil
					}),
				},
			},
			{
				ResourceName:      webhookAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:            signingKeyAddr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"secret", "keepers"},
			},
			{
				// An import block for the webhook with the same configuration plans nothing.
				ResourceName:    webhookAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionNoop),
				}},
			},
			{
				// A delivery arrives; Terraform computes its signature with the function from the
				// key's secret and the raw body, and it equals the Klarna-Signature header.
				PreConfig: func() {
					received = e.emitAndReceive(recv, "partner.account.state-change.operational")
					if err := os.WriteFile(bodyFile, received.Body, 0o600); err != nil {
						t.Fatal(err)
					}
				},
				Config: e.config(webhookConfig(recv.URL, "1", `["partner.account.*"]`, true) + fmt.Sprintf(`
output "signature" {
  value     = provider::klarna::webhook_signature(klarna_webhook_signing_key.test.secret, file(%q))
  sensitive = true
}
`, bodyFile)),
				ConfigStateChecks: []statecheck.StateCheck{
					check(func(_ context.Context, req statecheck.CheckStateRequest) error {
						out, ok := req.State.Values.Outputs["signature"]
						if !ok {
							return fmt.Errorf("no output signature")
						}
						if out.Value != received.Signature || received.SigningKeyID != keyID {
							return fmt.Errorf("webhook_signature gave %v; the delivery carried Klarna-Signature %q from key %q (want key %q)",
								out.Value, received.Signature, received.SigningKeyID, keyID)
						}
						return nil
					}),
				},
			},
			{
				// Event types and enabled change in place; a new url replaces the webhook.
				Config: e.config(webhookConfig(recv.URL, "1", `["partner.account.*", "settlement.report.created"]`, false)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("enabled"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("event_types"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact("partner.account.*"), knownvalue.StringExact("settlement.report.created"),
					})),
				},
			},
			{
				Config: e.config(webhookConfig(recv.URL+"/v2", "1", `["partner.account.*"]`, true)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
		},
	})
}

func TestAccWebhookSigningKey_rotationWithoutMissingDelivery(t *testing.T) {
	e, recv := newWebhookAccEnv(t)
	var oldKey, newKey, webhookID string
	sameWebhook := statecheck.CompareValue(compare.ValuesSame())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: e.checkDestroyed("klarna_webhook_signing_key", func(account, id string) error {
			_, err := e.client.GetSigningKey(t.Context(), account, id)
			return err
		}),
		Steps: []resource.TestStep{
			{
				Config: e.config(webhookConfig(recv.URL, "1", `["settlement.report.created"]`, true)),
				ConfigStateChecks: []statecheck.StateCheck{
					rememberID(signingKeyAddr, &oldKey),
					rememberID(webhookAddr, &webhookID),
					sameWebhook.AddStateValue(webhookAddr, tfjsonpath.New("id")),
				},
			},
			{
				// The rotation: the new key is created, the webhook names it in place, then the old
				// key goes. Deliveries before and after are signed with the key of their time.
				PreConfig: func() {
					d := e.emitAndReceive(recv, "settlement.report.created")
					if d.SigningKeyID != oldKey {
						t.Fatalf("delivery signed with %q, want the first key %q", d.SigningKeyID, oldKey)
					}
				},
				Config: e.config(webhookConfig(recv.URL, "2", `["settlement.report.created"]`, true)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(signingKeyAddr, plancheck.ResourceActionCreateBeforeDestroy),
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					sameWebhook.AddStateValue(webhookAddr, tfjsonpath.New("id")),
					rememberID(signingKeyAddr, &newKey),
					check(func(ctx context.Context, req statecheck.CheckStateRequest) error {
						if newKey == oldKey {
							return fmt.Errorf("the key was not rotated")
						}
						if _, err := e.client.GetSigningKey(ctx, "", oldKey); !klarna.IsNotFound(err) {
							return fmt.Errorf("the rotated-out key %s must be deleted, got %w", oldKey, err)
						}
						secret, err := attrOf(req, signingKeyAddr, "secret")
						if err != nil {
							return err
						}
						d := e.emitAndReceive(recv, "settlement.report.created")
						if d.SigningKeyID != newKey || d.Signature != apirules.WebhookSignature(secret, d.Body) {
							return fmt.Errorf("after the rotation a delivery came signed by %q with %q; want key %q and its signature", d.SigningKeyID, d.Signature, newKey)
						}
						return nil
					}),
				},
			},
		},
	})
	// Every delivery of the test was accepted at its first attempt: none was missed.
	for _, d := range e.mock.Deliveries() {
		if d.StatusCode < 200 || d.StatusCode > 299 || d.Attempt != 1 {
			t.Errorf("delivery %+v was not accepted at once", d)
		}
	}
}

func TestAccWebhook_duplicateRefused(t *testing.T) {
	e, recv := newWebhookAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: e.config(webhookConfig(recv.URL, "1", `["partner.account.*"]`, true) + fmt.Sprintf(`
resource "klarna_webhook" "again" {
  url            = %q
  event_types    = ["partner.account.*"]
  signing_key_id = klarna_webhook_signing_key.test.id
  depends_on     = [klarna_webhook.test]
}
`, recv.URL)),
				ExpectError: errorRegexp("Unable to create webhook", "already has a webhook delivering the same event_types",
					"terraform import klarna_webhook.<name> "+e.boot.AccountID+"/<webhook_id>", "WEBHOOK_ALREADY_EXISTS"),
			},
		},
	})
}

func TestAccWebhook_driftDeletedOrDisabled(t *testing.T) {
	e, recv := newWebhookAccEnv(t)
	config := e.config(webhookConfig(recv.URL, "1", `["partner.account.*"]`, true))
	var webhookID, keyID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					rememberID(webhookAddr, &webhookID),
					rememberID(signingKeyAddr, &keyID),
				},
			},
			{
				PreConfig: func() {
					disabled := klarna.WebhookDisabled
					if _, err := e.client.UpdateWebhook(t.Context(), "", webhookID, klarna.UpdateWebhookRequest{Status: &disabled}); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("enabled"), knownvalue.Bool(true)),
				},
			},
			{
				PreConfig: func() {
					if err := e.client.DeleteWebhook(t.Context(), "", webhookID); err != nil {
						t.Fatal(err)
					}
					if err := e.client.DeleteSigningKey(t.Context(), "", keyID); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(webhookAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(signingKeyAddr, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

func TestAccWebhook_partnerAccount(t *testing.T) {
	e, recv := newWebhookAccEnv(t)
	partner := e.partner(0)
	config := e.config(fmt.Sprintf(`
resource "klarna_webhook_signing_key" "test" {
  account_id = %[1]q
}

resource "klarna_webhook" "test" {
  account_id     = %[1]q
  url            = %[2]q
  event_types    = ["partner.account.product.payment.state-change.enabled"]
  signing_key_id = klarna_webhook_signing_key.test.id
}

data "klarna_webhooks" "partner" {
  account_id = %[1]q
  depends_on = [klarna_webhook.test]
}

data "klarna_webhook_signing_keys" "partner" {
  account_id = %[1]q
  depends_on = [klarna_webhook_signing_key.test]
}
`, partner, recv.URL))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		CheckDestroy: e.checkDestroyed("klarna_webhook", func(account, id string) error {
			_, err := e.client.GetWebhook(t.Context(), account, id)
			return err
		}),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(webhookAddr, tfjsonpath.New("account_id"), knownvalue.StringExact(partner)),
					statecheck.ExpectKnownValue("data.klarna_webhooks.partner", tfjsonpath.New("webhooks"), knownvalue.ListSizeExact(1)),
					statecheck.CompareValuePairs("data.klarna_webhooks.partner", tfjsonpath.New("webhooks").AtSliceIndex(0).AtMapKey("id"),
						webhookAddr, tfjsonpath.New("id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue("data.klarna_webhook_signing_keys.partner", tfjsonpath.New("signing_keys"), knownvalue.ListSizeExact(1)),
					statecheck.CompareValuePairs("data.klarna_webhook_signing_keys.partner", tfjsonpath.New("signing_keys").AtSliceIndex(0).AtMapKey("id"),
						signingKeyAddr, tfjsonpath.New("id"), compare.ValuesSame()),
					check(func(ctx context.Context, _ statecheck.CheckStateRequest) error {
						own, err := e.client.ListWebhooks(ctx, "")
						if err != nil || len(own) != 0 {
							return fmt.Errorf("the provider's own account has webhooks %+v (%w); want none", own, err)
						}
						return nil
					}),
				},
			},
			{
				ResourceName:      webhookAddr,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return partner + "/" + s.RootModule().Resources[webhookAddr].Primary.ID, nil
				},
			},
		},
	})
}

func TestAccWebhook_planTimeValidation(t *testing.T) {
	e, _ := newWebhookAccEnv(t)
	for _, tc := range []struct {
		name, url, types string
		want             []string
	}{
		{"plain http", "http://127.0.0.1/hooks", `["a.b"]`, []string{"Invalid webhook URL", "must start with https://"}},
		{"port 80", "https://127.0.0.1:80/hooks", `["a.b"]`, []string{"Invalid webhook URL", "only 443 (the default) and 8443"}},
		{"user information", "https://user:pw@127.0.0.1/hooks", `["a.b"]`, []string{"Invalid webhook URL", "user information"}},
		{"wildcard in the middle", "https://127.0.0.1/hooks", `["a.*.b"]`, []string{"Invalid event type", "event_types"}},
		{"no event type", "https://127.0.0.1/hooks", `[]`, []string{"event_types", "at least 1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: e.factories(),
				Steps: []resource.TestStep{{
					Config:      e.config(webhookConfig(tc.url, "1", tc.types, true)),
					PlanOnly:    true,
					ExpectError: errorRegexp(tc.want...),
				}},
			})
		})
	}
	if n := e.mock.Requests().Total; n != 0 {
		t.Errorf("plan-time validation sent %d requests to the API", n)
	}
}
