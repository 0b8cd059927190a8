package provider

import (
	"fmt"
	"maps"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

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
		"environment":     schema.StringAttribute{Computed: true, MarkdownDescription: "`LIVE` or `TEST`."},
		"status":          schema.StringAttribute{Computed: true, MarkdownDescription: "`ENABLED` or `DISABLED`."},
		"disabled_reason": schema.StringAttribute{Computed: true, MarkdownDescription: "`MANUAL`, `INACTIVITY` or `SECURITY`; null while enabled."},
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
				MarkdownDescription: "Only list " + noun + "s with this status: `ENABLED` or `DISABLED`.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(apirules.StatusEnabled, apirules.StatusDisabled)},
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
