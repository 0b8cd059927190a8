package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

var _ datasource.DataSourceWithConfigure = (*clientCertificatesDataSource)(nil)

func newClientCertificatesDataSource() datasource.DataSource {
	return &clientCertificatesDataSource{}
}

type clientCertificatesDataSource struct {
	data *providerData
}

type clientCertificatesDataSourceModel struct {
	AccountID          types.String            `tfsdk:"account_id"`
	Usage              types.String            `tfsdk:"usage"`
	Status             types.String            `tfsdk:"status"`
	ClientCertificates []clientCertificateItem `tfsdk:"client_certificates"`
}

type clientCertificateItem struct {
	ID                types.String `tfsdk:"id"`
	Usage             types.String `tfsdk:"usage"`
	Description       types.String `tfsdk:"description"`
	Status            types.String `tfsdk:"status"`
	CertificatePEM    types.String `tfsdk:"certificate_pem"`
	FingerprintSHA256 types.String `tfsdk:"fingerprint_sha256"`
	SerialNumber      types.String `tfsdk:"serial_number"`
	SubjectCommonName types.String `tfsdk:"subject_common_name"`
	NotBefore         types.String `tfsdk:"not_before"`
	NotAfter          types.String `tfsdk:"not_after"`
	CreatedAt         types.String `tfsdk:"created_at"`
}

func (d *clientCertificatesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_client_certificates"
}

func (d *clientCertificatesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists an account's client certificates, whatever their status: for expiry monitoring (`not_after`), " +
			"for finding a slot when the account holds the most " + apirules.CertificateActive + " certificates Klarna allows (" + strconv.Itoa(apirules.MaxActiveCertificates) + "), and for adopting " +
			"certificates issued outside Terraform.",
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "The partner account (KRN) to list; omit it for the provider's own account.",
				Optional:            true,
				Validators:          []validator.String{accountIDValidator()},
			},
			"usage": schema.StringAttribute{
				MarkdownDescription: "Only list certificates of this usage: " + enumList(apirules.Usages) + ".",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(apirules.Usages...)},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Only list certificates with this status: " + enumList(apirules.CertificateStatuses) + ".",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(apirules.CertificateStatuses...)},
			},
			"client_certificates": schema.ListNestedAttribute{
				MarkdownDescription: "The matching certificates, oldest first.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":                  computed("The certificate ID; the import ID of `klarna_client_certificate` for the provider's own account."),
					"usage":               computed(enumOrList(apirules.Usages) + "."),
					"description":         computed("The description."),
					"status":              computed(enumOrList(apirules.CertificateStatuses) + "."),
					"certificate_pem":     computed("The certificate (PEM)."),
					"fingerprint_sha256":  computed("SHA-256 fingerprint of the DER (hex)."),
					"serial_number":       computed("Serial number (hex)."),
					"subject_common_name": computed("The common name."),
					"not_before":          computed("Start of validity (RFC 3339)."),
					"not_after":           computed("End of validity (RFC 3339)."),
					"created_at":          computed("When it was issued (RFC 3339)."),
				}},
			},
		},
	}
}

func (d *clientCertificatesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *clientCertificatesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, reportWaits := d.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state clientCertificatesDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	certs, err := d.data.client.ListClientCertificates(ctx, state.AccountID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", "client certificates", state.AccountID.ValueString(), err)
		return
	}
	state.ClientCertificates = []clientCertificateItem{}
	for _, c := range certs {
		if (state.Usage.IsNull() || c.Usage == state.Usage.ValueString()) && (state.Status.IsNull() || c.Status == state.Status.ValueString()) {
			state.ClientCertificates = append(state.ClientCertificates, clientCertificateItemFromAPI(c))
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func clientCertificateItemFromAPI(c klarna.ClientCertificate) clientCertificateItem {
	return clientCertificateItem{
		ID:                types.StringValue(c.CertificateID),
		Usage:             types.StringValue(c.Usage),
		Description:       types.StringValue(c.Description),
		Status:            types.StringValue(c.Status),
		CertificatePEM:    types.StringValue(c.Certificate),
		FingerprintSHA256: types.StringValue(c.FingerprintSHA256),
		SerialNumber:      types.StringValue(c.SerialNumber),
		SubjectCommonName: types.StringValue(c.SubjectCommonName),
		NotBefore:         types.StringValue(formatTime(c.NotBefore)),
		NotAfter:          types.StringValue(formatTime(c.NotAfter)),
		CreatedAt:         types.StringValue(formatTime(c.CreatedAt)),
	}
}
