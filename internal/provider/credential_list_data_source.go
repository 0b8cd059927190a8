package provider

import (
	"context"
	"fmt"
	"maps"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

var _ datasource.DataSourceWithConfigure = (*credentialsDataSource[klarna.APIKey, credentialItem])(nil)

// credentialsDataSource lists an account's credentials of one kind (API keys or client IDs):
// T is the API's type of the credential, I the type of one listed item.
type credentialsDataSource[T, I any] struct {
	data *providerData
	kind credentialsKind[T, I]
}

// credentialsKind is what differs between the credential kinds a data source lists.
type credentialsKind[T, I any] struct {
	listAttr     string // the list attribute and, after klarna_, the data source's type name
	noun         string // how descriptions and messages name one credential
	resourceType string // the resource that adopts one
	extra        map[string]schema.Attribute
	list         func(c *klarna.Client, ctx context.Context, account string) ([]T, error)
	credential   func(T) klarna.Credential
	item         func(context.Context, T) (I, diag.Diagnostics)
}

// credentialListFilter is the input of the credential list data sources.
type credentialListFilter struct {
	AccountID        types.String `tfsdk:"account_id"`
	Status           types.String `tfsdk:"status"`
	DescriptionRegex types.String `tfsdk:"description_regex"`
}

// credentialItem is one listed credential; never a secret.
type credentialItem struct {
	ID             types.String `tfsdk:"id"`
	Description    types.String `tfsdk:"description"`
	Environment    types.String `tfsdk:"environment"`
	Status         types.String `tfsdk:"status"`
	DisabledReason types.String `tfsdk:"disabled_reason"`
	CreatedAt      types.String `tfsdk:"created_at"`
	LastUsedAt     types.String `tfsdk:"last_used_at"`
}

func (d *credentialsDataSource[T, I]) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + d.kind.listAttr
}

func (d *credentialsDataSource[T, I]) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = credentialListSchema(d.kind.noun, d.kind.listAttr, d.kind.resourceType, d.kind.extra)
}

func (d *credentialsDataSource[T, I]) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data = configureData(req.ProviderData, &resp.Diagnostics)
}

func (d *credentialsDataSource[T, I]) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx, reportWaits := d.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var filter credentialListFilter
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("account_id"), &filter.AccountID)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("status"), &filter.Status)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("description_regex"), &filter.DescriptionRegex)...)
	if resp.Diagnostics.HasError() {
		return
	}
	match, err := filter.matcher()
	if err != nil {
		resp.Diagnostics.AddError("Invalid filter", err.Error())
		return
	}
	listed, err := d.kind.list(d.data.client, ctx, filter.AccountID.ValueString())
	if err != nil {
		addAPIError(&resp.Diagnostics, "list", d.kind.noun+"s", filter.AccountID.ValueString(), err)
		return
	}
	items := []I{}
	for _, v := range listed {
		if !match(d.kind.credential(v)) {
			continue
		}
		item, diags := d.kind.item(ctx, v)
		resp.Diagnostics.Append(diags...)
		items = append(items, item)
	}
	// The state starts as the config: the filters stay as given, and only the list is set.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(d.kind.listAttr), items)...)
}

// credentialItemFromAPI is a listed API key or client ID, without what only one kind has.
func credentialItemFromAPI(c klarna.Credential) credentialItem {
	return credentialItem{
		ID:             types.StringValue(c.CredentialID),
		Description:    types.StringValue(c.Description),
		Environment:    types.StringValue(string(c.Environment)),
		Status:         types.StringValue(string(c.Status)),
		DisabledReason: enumPointerValue(c.DisabledReason),
		CreatedAt:      types.StringValue(formatTime(c.CreatedAt)),
		LastUsedAt:     timePointerValue(c.LastUsedAt),
	}
}

// matcher returns the filter as a function; the regex was validated at plan time.
func (f credentialListFilter) matcher() (func(klarna.Credential) bool, error) {
	var re *regexp.Regexp
	if !f.DescriptionRegex.IsNull() {
		var err error
		if re, err = regexp.Compile(f.DescriptionRegex.ValueString()); err != nil {
			return nil, fmt.Errorf("description_regex: %w", err)
		}
	}
	status := klarna.CredentialStatus(f.Status.ValueString())
	return func(c klarna.Credential) bool {
		return (status == "" || c.Status == status) && (re == nil || re.MatchString(c.Description))
	}, nil
}

// credentialListSchema builds a list data source's schema: the filters and a list attribute
// whose items hold the shared credential fields plus extra.
func credentialListSchema(noun, listAttr, resourceType string, extra map[string]schema.Attribute) schema.Schema {
	item := map[string]schema.Attribute{
		"id":              schema.StringAttribute{Computed: true, MarkdownDescription: "The credential ID (a UUID); the import ID of `" + resourceType + "` for the provider's own account."},
		"description":     schema.StringAttribute{Computed: true, MarkdownDescription: "The description."},
		"environment":     schema.StringAttribute{Computed: true, MarkdownDescription: enumOrList(klarna.Environments) + "."},
		"status":          schema.StringAttribute{Computed: true, MarkdownDescription: enumOrList(apirules.CredentialStatuses) + "."},
		"disabled_reason": schema.StringAttribute{Computed: true, MarkdownDescription: enumOrList(apirules.DisabledReasons) + "; null while enabled."},
		"created_at":      schema.StringAttribute{Computed: true, MarkdownDescription: "When it was created (RFC 3339)."},
		"last_used_at":    schema.StringAttribute{Computed: true, MarkdownDescription: "When it was last used (RFC 3339); null if never."},
	}
	maps.Copy(item, extra)
	return schema.Schema{
		MarkdownDescription: fmt.Sprintf("Lists the %ss of an account, for audits and for adopting %ss made outside Terraform "+
			"(with `import` blocks into `%s`). Never includes a secret. With Terraform 1.14 or later, the `%s` list resource "+
			"finds them for `terraform query`, which also writes the configuration that adopts them.", noun, noun, resourceType, resourceType),
		Attributes: map[string]schema.Attribute{
			"account_id": schema.StringAttribute{
				MarkdownDescription: "The partner account (KRN) to list; omit it for the provider's own account.",
				Optional:            true,
				Validators:          []validator.String{accountIDValidator()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Only list " + noun + "s with this status: " + enumOrList(apirules.CredentialStatuses) + ".",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(apirules.CredentialStatuses...)},
			},
			"description_regex": schema.StringAttribute{
				MarkdownDescription: "Only list " + noun + "s whose description matches this RE2 regular expression.",
				Optional:            true,
				Validators:          []validator.String{regexValidator()},
			},
			listAttr: schema.ListNestedAttribute{
				MarkdownDescription: "The matching " + noun + "s, oldest first.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: item},
			},
		},
	}
}
