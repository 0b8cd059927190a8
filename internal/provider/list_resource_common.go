package provider

// What every list resource shares: its account_id and status filters, checking its config
// once the query knows it, and streaming what it found.

import (
	"context"
	"fmt"
	"iter"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// listedObject is one object a list resource found: its display name, its identity as
// name/value pairs, and the resource model written when Terraform asks for the resource.
type listedObject struct {
	displayName string
	identity    [][2]string
	resource    any
}

// listAccountIDAttribute is the account_id of every list resource of an account's objects.
func listAccountIDAttribute(noun string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "The account (KRN) whose " + noun + "s to list: a partner account onboarded through the provider's " +
			"account, or the provider's own. Omit it for the provider's own account. To search several accounts, write one " +
			"`list` block per account (or use `for_each`).",
		Optional:   true,
		Validators: []validator.String{accountIDValidator()},
	}
}

// listStatusAttribute filters listed objects by their status.
func listStatusAttribute(noun string, statuses []string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Only list " + noun + "s with this status: " + enumList(statuses) + ".",
		Optional:            true,
		Validators:          []validator.String{stringvalidator.OneOf(statuses...)},
	}
}

// knownListConfig refuses a list config in which a string attribute is unknown (a filter must
// be known for the list to say what it found) or breaks its schema's validators: Terraform
// validates the config before the query knows its variables, so a value from a variable
// reaches the list unjudged.
func knownListConfig(ctx context.Context, config tfsdk.Config) diag.Diagnostics {
	return checkKnownStrings(ctx, config, func(name string) (string, string) {
		return "Unknown list filter", unknownListFilterDetail(name)
	})
}

// unknownListFilterDetail says why the list filter name must be known.
func unknownListFilterDetail(name string) string {
	return fmt.Sprintf("%s is unknown when the query runs. A list filter must be a value known before the query: a literal, "+
		"a variable or a local value, not the result of another list.", name)
}

// listAccount resolves a list's account_id: the account's KRN (the provider's own when
// omitted) and the client's account argument.
func (d *providerData) listAccount(ctx context.Context, accountID types.String, diags *diag.Diagnostics) (resolved, call string, ok bool) {
	checkAccountEnvironment(accountID, d, diags)
	if diags.HasError() {
		return "", "", false
	}
	resolved, call, err := d.accounts(ctx, accountID)
	if err != nil {
		diags.AddAttributeError(path.Root("account_id"), "Unable to resolve the account",
			"Omitting account_id means the provider's own account, whose ID could not be looked up.\n\n"+apiErrorDetail("account", "", err))
		return "", "", false
	}
	return resolved, call, true
}

// listedResults streams what a list found, at most req.Limit objects, each with its identity
// and, when Terraform asks for it, its resource. Warnings gathered while listing (long waits)
// go first, on a result of their own.
func listedResults(ctx context.Context, req list.ListRequest, warnings diag.Diagnostics, found []listedObject) iter.Seq[list.ListResult] {
	return func(push func(list.ListResult) bool) {
		if len(warnings) > 0 && !push(list.ListResult{Diagnostics: warnings}) {
			return
		}
		for i, o := range found {
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = o.displayName
			for _, kv := range o.identity {
				result.Diagnostics.Append(result.Identity.SetAttribute(ctx, path.Root(kv[0]), kv[1])...)
			}
			if req.IncludeResource {
				result.Diagnostics.Append(result.Resource.Set(ctx, o.resource)...)
			}
			if !push(result) {
				return
			}
		}
	}
}

// listFailed streams the diagnostics of a list that found nothing to show, warnings included.
func listFailed(diags, warnings diag.Diagnostics) iter.Seq[list.ListResult] {
	all := append(diag.Diagnostics{}, warnings...)
	all.Append(diags...)
	return list.ListResultsStreamDiagnostics(all)
}

// unconfiguredList is the error of a list whose provider was not configured.
func unconfiguredList() diag.Diagnostics {
	var diags diag.Diagnostics
	diags.AddError("Unable to list", "The klarna provider is not configured, so nothing can be listed. This is a bug in the "+
		"provider or in the CLI that runs the query: a list resource is configured with the provider before it lists.")
	return diags
}

// credentialDisplayName is how a listed credential reads in the query's output: its
// description and its ID.
func credentialDisplayName(description, id string) string {
	if description == "" {
		return id
	}
	return description + " (" + id + ")"
}

// runList answers a list request with what find returns: find's errors, or its objects with
// its warnings and those of waits on the API.
func runList(ctx context.Context, data *providerData, req list.ListRequest, stream *list.ListResultsStream,
	find func(context.Context, list.ListRequest, *diag.Diagnostics) []listedObject) {
	if data == nil {
		stream.Results = listFailed(unconfiguredList(), nil)
		return
	}
	ctx, reportWaits := data.trackWaits(ctx)
	var diags, warnings diag.Diagnostics
	found := find(ctx, req, &diags)
	reportWaits(&warnings)
	if diags.HasError() {
		stream.Results = listFailed(diags, warnings)
		return
	}
	stream.Results = listedResults(ctx, req, append(warnings, diags...), found)
}
