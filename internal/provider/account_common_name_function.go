package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
)

var _ function.Function = (*accountCommonNameFunction)(nil)

func newAccountCommonNameFunction() function.Function { return &accountCommonNameFunction{} }

type accountCommonNameFunction struct{}

func (f *accountCommonNameFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "account_common_name"
}

func (f *accountCommonNameFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The common name a " + apirules.UsageJWTSigning + " CSR for an account must carry.",
		MarkdownDescription: "Returns the last segment of an account ID, which Klarna requires as the only subject attribute " +
			"(`CN`) of a " + codeSpan(apirules.UsageJWTSigning) + " certificate's CSR, and which is a good prefix for an " + codeSpan(apirules.UsageAPI) + " certificate's CN: " +
			"`krn:partner:global:account:live:LYABCDEI` gives `LYABCDEI`. For `openssl req -subj \"/CN=...\"`.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "account_id", MarkdownDescription: "An account ID (KRN)."},
		},
		Return: function.StringReturn{},
	}
}

func (f *accountCommonNameFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var accountID string
	resp.Error = function.ConcatFuncErrors(req.Arguments.Get(ctx, &accountID))
	if resp.Error != nil {
		return
	}
	a, err := krn.Parse(accountID)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Result.Set(ctx, a.CommonName()))
}
