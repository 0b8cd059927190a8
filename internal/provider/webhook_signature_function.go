package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

var _ function.Function = (*webhookSignatureFunction)(nil)

func newWebhookSignatureFunction() function.Function { return &webhookSignatureFunction{} }

type webhookSignatureFunction struct{}

func (f *webhookSignatureFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "webhook_signature"
}

func (f *webhookSignatureFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The Klarna-Signature of a webhook delivery.",
		MarkdownDescription: "Returns the signature of a webhook delivery exactly as the `Klarna-Signature` header carries it: the " +
			"lower-case hexadecimal HMAC-SHA256 of the raw body bytes, keyed with the signing key's secret as UTF-8 bytes, " +
			"with no prefix and no timestamp. Compare it with the header (in constant time, in a receiver) to check that a " +
			"delivery comes from Klarna and was not changed. Use it in tests and checks of your own receivers.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "secret", MarkdownDescription: "The `secret` of a `klarna_webhook_signing_key`, as returned."},
			function.StringParameter{Name: "body", MarkdownDescription: "The delivery's raw body, byte for byte as received."},
		},
		Return: function.StringReturn{},
	}
}

func (f *webhookSignatureFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var secret, body string
	resp.Error = function.ConcatFuncErrors(req.Arguments.Get(ctx, &secret, &body))
	if resp.Error != nil {
		return
	}
	if secret == "" {
		resp.Error = function.NewArgumentFuncError(0, "secret is empty: give the secret of a klarna_webhook_signing_key "+
			"(an imported key has none)")
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Result.Set(ctx, apirules.WebhookSignature(secret, []byte(body))))
}
