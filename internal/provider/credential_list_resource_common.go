package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

// descriptionRegexAttribute filters listed credentials by description.
func descriptionRegexAttribute(noun string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Only list " + noun + "s whose description matches this RE2 regular expression (unanchored: " +
			"`^` and `$` anchor it). Must not be empty; omit it to list every " + noun + ".",
		Optional:   true,
		Validators: []validator.String{stringvalidator.LengthAtLeast(1), regexValidator()},
	}
}

// credentialListResourceSchema is the config schema of the API key and client ID list resources.
func credentialListResourceSchema(noun, resourceType string) schema.Schema {
	return schema.Schema{
		MarkdownDescription: fmt.Sprintf("Finds the %ss of an account, for `terraform query` (Terraform 1.14 or later): made "+
			"by hand in the portal or by another tool, they are adopted with `terraform query -generate-config-out=FILE`, which "+
			"writes a `%s` resource and an `import` block for each; the imported %s then plans no change. Never includes a "+
			"secret: an adopted %s's secret stays wherever it was kept.", noun, resourceType, noun, noun),
		Attributes: map[string]schema.Attribute{
			"account_id":        listAccountIDAttribute(noun),
			"status":            listStatusAttribute(noun, apirules.CredentialStatuses),
			"description_regex": descriptionRegexAttribute(noun),
		},
	}
}

// credentialListConfig is the config of the API key and client ID list resources.
type credentialListConfig struct {
	AccountID        types.String `tfsdk:"account_id"`
	Status           types.String `tfsdk:"status"`
	DescriptionRegex types.String `tfsdk:"description_regex"`
}

func (c credentialListConfig) matcher() (func(klarna.Credential) bool, error) {
	return credentialListFilter(c).matcher()
}
