package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/krn"
)

var _ function.Function = (*parseAccountIDFunction)(nil)

func newParseAccountIDFunction() function.Function { return &parseAccountIDFunction{} }

type parseAccountIDFunction struct{}

var accountIDParts = map[string]attr.Type{"environment": types.StringType, "id": types.StringType}

func (f *parseAccountIDFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "parse_account_id"
}

func (f *parseAccountIDFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary:             "The parts of an account ID.",
		MarkdownDescription: "Parses an account ID (" + codeSpan(krn.Shape) + ") into `{ environment, id }`.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "account_id", MarkdownDescription: "An account ID (KRN)."},
		},
		Return: function.ObjectReturn{AttributeTypes: accountIDParts},
	}
}

func (f *parseAccountIDFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
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
	result, diags := types.ObjectValue(accountIDParts, map[string]attr.Value{
		"environment": types.StringValue(a.Environment),
		"id":          types.StringValue(a.ID),
	})
	resp.Error = function.ConcatFuncErrors(function.FuncErrorFromDiags(ctx, diags), resp.Result.Set(ctx, result))
}
