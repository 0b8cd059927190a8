package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

var _ function.Function = (*certificateX5CFunction)(nil)

func newCertificateX5CFunction() function.Function { return &certificateX5CFunction{} }

type certificateX5CFunction struct{}

func (f *certificateX5CFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "certificate_x5c"
}

func (f *certificateX5CFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "A certificate as a JWT x5c header value.",
		MarkdownDescription: "Returns the base64 DER of a PEM certificate, without the BEGIN/END lines and newlines: the value of a " +
			"JWT's `x5c` header for portal deep links and user access signed outside Terraform.",
		Parameters: []function.Parameter{
			function.StringParameter{Name: "certificate_pem", MarkdownDescription: "A PEM certificate (the first CERTIFICATE block is used)."},
		},
		Return: function.StringReturn{},
	}
}

func (f *certificateX5CFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var certPEM string
	resp.Error = function.ConcatFuncErrors(req.Arguments.Get(ctx, &certPEM))
	if resp.Error != nil {
		return
	}
	cert, err := pki.ParseCertificatePEM([]byte(certPEM))
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, err.Error())
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Result.Set(ctx, pki.X5C(cert)))
}
