package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

func TestAccWebhookSignatureFunction_knownNullUnknown(t *testing.T) {
	e := newAccEnv(t)
	want := knownvalue.StringExact(apirules.WebhookSignature("s3cret", []byte(`{"a":1}`)))
	e.testFunction(t,
		e.functionStep(`webhook_signature("s3cret", "{\"a\":1}")`, want),
		e.functionErrorStep(`webhook_signature(null, "{}")`, "Invalid function argument", "secret", "must not be null"),
		e.functionErrorStep(`webhook_signature("", "{}")`, "secret is empty"),
		e.functionUnknownStep(`webhook_signature(%s, "{\"a\":1}")`, "s3cret", want),
	)
}
