package provider

// Plan modifiers the provider's own schemas share.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
)

// requiresReplaceIfPriorKnown replaces the resource when a value that was known in state
// changes; setting a value where state has none (after an import) is an in-place update.
func requiresReplaceIfPriorKnown() planmodifier.Map {
	return mapplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !req.StateValue.IsNull()
		},
		"Changing a known value replaces the resource; setting one where the state has none does not.",
		"Changing a known value replaces the resource; setting one where the state has none does not.",
	)
}

// int64RequiresReplaceIfPriorKnown is requiresReplaceIfPriorKnown for numbers.
func int64RequiresReplaceIfPriorKnown() planmodifier.Int64 {
	return int64planmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.Int64Request, resp *int64planmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !req.StateValue.IsNull()
		},
		"Changing a known value replaces the resource; setting one where the state has none does not.",
		"Changing a known value replaces the resource; setting one where the state has none does not.",
	)
}
