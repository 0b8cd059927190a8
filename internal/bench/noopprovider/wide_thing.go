package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.Resource = (*wideThingResource)(nil)

func newWideThingResource() resource.Resource { return &wideThingResource{} }

// wideThingResource has klarna_api_key's schema: the same attribute names and types, the
// same Optional, Computed and Sensitive flags, defaults and plan modifiers. It has no API,
// no validators and no ModifyPlan, so what it costs beyond noop_thing is what Terraform
// and the framework pay for that schema and the state it makes.
type wideThingResource struct{}

type wideThingModel struct {
	ID             types.String `tfsdk:"id"`
	AccountID      types.String `tfsdk:"account_id"`
	Description    types.String `tfsdk:"description"`
	Enabled        types.Bool   `tfsdk:"enabled"`
	Keepers        types.Map    `tfsdk:"keepers"`
	Environment    types.String `tfsdk:"environment"`
	Status         types.String `tfsdk:"status"`
	DisabledReason types.String `tfsdk:"disabled_reason"`
	CreatedAt      types.String `tfsdk:"created_at"`
	LastUsedAt     types.String `tfsdk:"last_used_at"`
	APIKey         types.String `tfsdk:"api_key"`
}

func (r *wideThingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_wide_thing"
}

func (r *wideThingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A thing with klarna_api_key's attributes that exists only in Terraform's state.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "A random UUID, fixed at create.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"account_id": schema.StringAttribute{
				MarkdownDescription: "Any text; a fixed account ID when omitted.",
				Optional:            true,
				Computed:            true,
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "Any text. Default `\"\"`. Updated in place.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(""),
			},
			"enabled": schema.BoolAttribute{
				MarkdownDescription: "Sets `status`. Default `true`. Updated in place.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
			},
			"keepers": schema.MapAttribute{
				MarkdownDescription: "Arbitrary values that, when a known value changes, replace the thing.",
				ElementType:         types.StringType,
				Optional:            true,
				PlanModifiers:       []planmodifier.Map{requiresReplaceIfPriorKnown()},
			},
			"environment": schema.StringAttribute{
				MarkdownDescription: "Always `TEST`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "`ENABLED` or `DISABLED`, after `enabled`.",
				Computed:            true,
			},
			"disabled_reason": schema.StringAttribute{
				MarkdownDescription: "`MANUAL` while disabled; null while enabled.",
				Computed:            true,
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "When the thing was created (RFC 3339).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"last_used_at": schema.StringAttribute{
				MarkdownDescription: "Always null.",
				Computed:            true,
			},
			"api_key": schema.StringAttribute{
				MarkdownDescription: "A random string shaped like a Klarna test API key, fixed at create. Sensitive.",
				Computed:            true,
				Sensitive:           true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

// requiresReplaceIfPriorKnown replaces the thing when a value that was known in state
// changes; setting a value where state has none is an in-place update.
func requiresReplaceIfPriorKnown() planmodifier.Map {
	return mapplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.MapRequest, resp *mapplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !req.StateValue.IsNull()
		},
		"Changing a known value replaces the thing; setting one where the state has none does not.",
		"Changing a known value replaces the thing; setting one where the state has none does not.",
	)
}

func (r *wideThingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan wideThingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	key, err := randomAPIKey()
	if err != nil {
		resp.Diagnostics.AddError("Unable to create wide thing", err.Error())
		return
	}
	plan.ID = types.StringValue(uuid.NewString())
	plan.APIKey = types.StringValue(key)
	if plan.AccountID.IsUnknown() {
		plan.AccountID = types.StringValue("krn:partner:global:account:test:NOOP0000")
	}
	plan.Environment = types.StringValue("TEST")
	plan.CreatedAt = types.StringValue(time.Now().UTC().Format(time.RFC3339))
	plan.LastUsedAt = types.StringNull()
	plan.setStatus()
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *wideThingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state wideThingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *wideThingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state wideThingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.AccountID.IsUnknown() {
		plan.AccountID = state.AccountID
	}
	plan.LastUsedAt = state.LastUsedAt
	plan.setStatus()
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *wideThingResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// setStatus sets status and disabled_reason after enabled.
func (m *wideThingModel) setStatus() {
	if m.Enabled.ValueBool() {
		m.Status, m.DisabledReason = types.StringValue("ENABLED"), types.StringNull()
		return
	}
	m.Status, m.DisabledReason = types.StringValue("DISABLED"), types.StringValue("MANUAL")
}

// apiKeyAlphabet is the alphabet of the random part of an API key.
const apiKeyAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// randomAPIKey is "klarna_test_api_" and 40 random letters and digits: the shape and length
// of the keys the mock API hands out.
func randomAPIKey() (string, error) {
	var b [40]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("reading random bytes: %w", err)
	}
	for i, c := range b {
		b[i] = apiKeyAlphabet[int(c)%len(apiKeyAlphabet)]
	}
	return "klarna_test_api_" + string(b[:]), nil
}
