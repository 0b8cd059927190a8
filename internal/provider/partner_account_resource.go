package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
)

var (
	_ resource.ResourceWithConfigure      = (*partnerAccountResource)(nil)
	_ resource.ResourceWithImportState    = (*partnerAccountResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*partnerAccountResource)(nil)
	_ resource.ResourceWithValidateConfig = (*partnerAccountResource)(nil)
	_ resource.ResourceWithIdentity       = (*partnerAccountResource)(nil)
)

// Waiting for an onboarded account to become OPERATIONAL.
const (
	defaultOnboardTimeout = 5 * time.Minute
	operationalPollEvery  = time.Second
)

// importByReferencePrefix marks an import ID that is the account's reference.
const importByReferencePrefix = "ref:"

// referencePattern is the contract's rule for every *_reference.
var referencePattern = regexp.MustCompile(fmt.Sprintf(`^[A-Za-z0-9._:-]{1,%d}$`, apirules.MaxTextLength))

var referenceAllowed = fmt.Sprintf("1 to %d characters from `A-Z a-z 0-9 - _ . :`", apirules.MaxTextLength)

func newPartnerAccountResource() resource.Resource {
	return &partnerAccountResource{}
}

type partnerAccountResource struct {
	data *providerData
}

type partnerAccountResourceModel struct {
	ID               types.String   `tfsdk:"id"`
	Reference        types.String   `tfsdk:"reference"`
	Name             types.String   `tfsdk:"name"`
	ContactEmail     types.String   `tfsdk:"contact_email"`
	PaymentProfileID types.String   `tfsdk:"payment_profile_id"`
	PaymentEnabled   types.Bool     `tfsdk:"payment_enabled"`
	BusinessEntities types.Set      `tfsdk:"business_entities"`
	Brands           types.Set      `tfsdk:"brands"`
	Stores           types.Set      `tfsdk:"stores"`
	State            types.String   `tfsdk:"state"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
}

type businessEntityModel struct {
	Reference types.String `tfsdk:"reference"`
	LegalName types.String `tfsdk:"legal_name"`
	Country   types.String `tfsdk:"country"`
}

type brandModel struct {
	Reference types.String `tfsdk:"reference"`
	Name      types.String `tfsdk:"name"`
}

type storeModel struct {
	Reference types.String `tfsdk:"reference"`
	Type      types.String `tfsdk:"type"`
	Name      types.String `tfsdk:"name"`
	URL       types.String `tfsdk:"url"`
}

// partnerAccountIdentity identifies a partner account by its KRN.
type partnerAccountIdentity struct {
	ID types.String `tfsdk:"id"`
}

var (
	businessEntityType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"reference": types.StringType, "legal_name": types.StringType, "country": types.StringType,
	}}
	brandType = types.ObjectType{AttrTypes: map[string]attr.Type{"reference": types.StringType, "name": types.StringType}}
	storeType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"reference": types.StringType, "type": types.StringType, "name": types.StringType, "url": types.StringType,
	}}
)

// Descriptions shared by the resource and the klarna_partner_account data source.
var partnerAccountDescriptions = map[string]string{
	"id":                 "The partner account's ID, a KRN such as `krn:partner:global:account:test:AB12CD34`. Other resources take it as `account_id`, in the same apply.",
	"reference":          "The acquiring partner's own unique reference of the partner (`partner_account_reference`), " + referenceAllowed + ".",
	"name":               "The partner's name, for Klarna and the acquiring partner; never shown to shoppers.",
	"contact_email":      "The email address of the partner's main contact for Klarna.",
	"payment_profile_id": "The payment profile (pricing plan and payment program) the partner is onboarded with; `data.klarna_payment_profiles` lists them.",
	"payment_enabled":    "Whether the partner's payment product is enabled.",
	"state":              "The account's state: " + codeSpan(klarna.AccountStatePartiallyOperational) + " right after onboarding, " + codeSpan(klarna.AccountStateOperational) + " within seconds, " + codeSpan(klarna.AccountStateDisabled) + " only by Klarna Support.",
	"business_entities":  "The partner's legal entities, each named by its `reference`.",
	"brands":             "The partner's brands, each named by its `reference`.",
	"stores":             "The partner's stores: websites (" + codeSpan(klarna.StoreTypeWebsite) + ", with a `url`), physical stores (" + codeSpan(klarna.StoreTypePhysicalStore) + ") and mobile apps (" + codeSpan(klarna.StoreTypeMobileApp) + "), each named by its `reference`.",
	"entity_reference":   "The acquiring partner's unique reference of the entity, " + referenceAllowed + ".",
	"entity_legal_name":  "The registered legal name.",
	"entity_country":     "The country of registration, an ISO 3166-1 alpha-2 code such as `SE`.",
	"brand_reference":    "The acquiring partner's unique reference of the brand, " + referenceAllowed + ".",
	"brand_name":         "The brand's name as shoppers see it.",
	"store_reference":    "The acquiring partner's unique reference of the store, " + referenceAllowed + ".",
	"store_type":         "The store's type: " + enumList(klarna.StoreTypes) + ".",
	"store_name":         "The store's name.",
	"store_url":          "The website's `https://` address: required for a " + codeSpan(klarna.StoreTypeWebsite) + " store, null for the others. Its origin is what a `klarna_client_id`'s `allowed_origins` lists.",
}

func (r *partnerAccountResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_partner_account"
}

func (r *partnerAccountResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	d := partnerAccountDescriptions
	text := []validator.String{plainTextValidator(), stringvalidator.LengthAtLeast(1)}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A partner account onboarded through the provider's account (Klarna's distribution onboarding). " +
			"Create onboards the partner and waits for the account to become " + codeSpan(klarna.AccountStateOperational) + fmt.Sprintf(" (up to `timeouts.create`, %g minutes ", defaultOnboardTimeout.Minutes()) +
			"by default, with progress in the logs); when the wait runs out the account is kept, " + codeSpan(klarna.AccountStatePartiallyOperational) + ", with a " +
			"warning, and the next refresh reads its state: an onboarded account is never tainted, as replacing it would onboard " +
			"the same reference again.\n\n" +
			"No attribute forces replacement. Changes `updateAccount` cannot make are refused at plan with what to do instead: " +
			"`reference` and `payment_profile_id` are fixed, and business entities, brands and stores can be added and changed " +
			"but not removed (the API has no delete for them), nor can a store change its `type`.\n\n" +
			"**Destroy does not delete the account**: Klarna has no such operation. Destroy disables the account's payment product " +
			"and removes the account from the state; the account, its stores, credentials and portal users stay as Klarna keeps " +
			"them (the plan warns). Import it again with `ref:<reference>` to manage it again; onboarding the same reference again " +
			"is refused by Klarna.\n\n" +
			"Stores and brands are nested attributes rather than resources of their own: they cannot be deleted, so a separate " +
			"resource could never be destroyed, and a module reads the stores' URLs straight from the account " +
			"(`[for s in klarna_partner_account.this.stores : s.url if s.type == \"" + klarna.StoreTypeWebsite + "\"]`).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: d["id"],
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"reference": schema.StringAttribute{
				MarkdownDescription: d["reference"] + " Unique among the partners of the provider's account; it cannot change.",
				Required:            true,
				Validators:          []validator.String{referenceValidator()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: d["name"] + " Updated in place.",
				Required:            true,
				Validators:          text,
			},
			"contact_email": schema.StringAttribute{
				MarkdownDescription: d["contact_email"] + " Updated in place.",
				Required:            true,
				Validators:          []validator.String{emailValidator()},
			},
			"payment_profile_id": schema.StringAttribute{
				MarkdownDescription: d["payment_profile_id"] + " It cannot change once the partner is onboarded.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthBetween(1, apirules.MaxTextLength)},
			},
			"payment_enabled": schema.BoolAttribute{
				MarkdownDescription: d["payment_enabled"] + " Defaults to `true`. Switching it disables or re-enables the payment " +
					"product in place; Klarna takes up to 10 minutes to apply a change everywhere and one change per account per " +
					"second (the provider waits as the API asks). A product Klarna terminated cannot be switched.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"business_entities": schema.SetNestedAttribute{
				Validators:          []validator.Set{setvalidator.SizeAtMost(maxAccountParts)},
				MarkdownDescription: d["business_entities"] + fmt.Sprintf(" At most %d. Added and changed in place; none can be removed. Defaults to none.", maxAccountParts),
				Optional:            true,
				Computed:            true,
				Default:             setdefault.StaticValue(types.SetValueMust(businessEntityType, nil)),
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"reference":  schema.StringAttribute{MarkdownDescription: d["entity_reference"], Required: true, Validators: []validator.String{referenceValidator()}},
					"legal_name": schema.StringAttribute{MarkdownDescription: d["entity_legal_name"], Required: true, Validators: text},
					"country": schema.StringAttribute{MarkdownDescription: d["entity_country"], Required: true,
						Validators: []validator.String{stringvalidator.RegexMatches(regexp.MustCompile(`^[A-Z]{2}$`), "must be an ISO 3166-1 alpha-2 code, two upper-case letters")}},
				}},
			},
			"brands": schema.SetNestedAttribute{
				Validators:          []validator.Set{setvalidator.SizeAtMost(maxAccountParts)},
				MarkdownDescription: d["brands"] + fmt.Sprintf(" At most %d. Added and changed in place; none can be removed. Defaults to none.", maxAccountParts),
				Optional:            true,
				Computed:            true,
				Default:             setdefault.StaticValue(types.SetValueMust(brandType, nil)),
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"reference": schema.StringAttribute{MarkdownDescription: d["brand_reference"], Required: true, Validators: []validator.String{referenceValidator()}},
					"name":      schema.StringAttribute{MarkdownDescription: d["brand_name"], Required: true, Validators: text},
				}},
			},
			"stores": schema.SetNestedAttribute{
				Validators:          []validator.Set{setvalidator.SizeAtMost(maxAccountParts)},
				MarkdownDescription: d["stores"] + fmt.Sprintf(" At most %d. Added and changed in place; none can be removed and none can change its `type`. Defaults to none.", maxAccountParts),
				Optional:            true,
				Computed:            true,
				Default:             setdefault.StaticValue(types.SetValueMust(storeType, nil)),
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"reference": schema.StringAttribute{MarkdownDescription: d["store_reference"], Required: true, Validators: []validator.String{referenceValidator()}},
					"type": schema.StringAttribute{MarkdownDescription: d["store_type"], Required: true,
						Validators: []validator.String{stringvalidator.OneOf(klarna.StoreTypes...)}},
					"name": schema.StringAttribute{MarkdownDescription: d["store_name"], Required: true, Validators: text},
					"url": schema.StringAttribute{MarkdownDescription: d["store_url"], Optional: true,
						Validators: []validator.String{storeURLValidator(), stringvalidator.LengthAtMost(apirules.MaxTextLength)}},
				}},
			},
			"state": schema.StringAttribute{
				MarkdownDescription: d["state"] + " No update changes it: the plan of an update shows it as it is, unknown only " +
					"while the account is still " + codeSpan(klarna.AccountStatePartiallyOperational) + " (it may become " + codeSpan(klarna.AccountStateOperational) + " during the apply).",
				Computed: true,
			},
		},
		Blocks: map[string]schema.Block{
			"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, CreateDescription: "How long create waits for the " +
				"onboarded account to become " + codeSpan(klarna.AccountStateOperational) + fmt.Sprintf(", a duration such as `\"10m\"`; %g minutes by default. When it runs out, ", defaultOnboardTimeout.Minutes()) +
				"the account is kept with a warning, never tainted."}),
		},
	}
}

func (r *partnerAccountResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{RequiredForImport: true,
				Description: "The partner account's ID, its KRN (" + krn.Format + "). To import by the account's reference, use the import ID ref:<reference>."},
		},
	}
}

func (r *partnerAccountResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = configureData(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig applies the store rule the schema cannot state, and refuses a reference
// given twice in one list.
func (r *partnerAccountResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg partnerAccountResourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var entities []businessEntityModel
	var brands []brandModel
	var stores []storeModel
	if !cfg.BusinessEntities.IsUnknown() && !cfg.BusinessEntities.IsNull() {
		resp.Diagnostics.Append(cfg.BusinessEntities.ElementsAs(ctx, &entities, false)...)
	}
	if !cfg.Brands.IsUnknown() && !cfg.Brands.IsNull() {
		resp.Diagnostics.Append(cfg.Brands.ElementsAs(ctx, &brands, false)...)
	}
	if !cfg.Stores.IsUnknown() && !cfg.Stores.IsNull() {
		resp.Diagnostics.Append(cfg.Stores.ElementsAs(ctx, &stores, false)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	var createTimeout types.String
	if diags := req.Config.GetAttribute(ctx, path.Root("timeouts").AtName("create"), &createTimeout); !diags.HasError() &&
		!createTimeout.IsNull() && !createTimeout.IsUnknown() {
		if d, err := time.ParseDuration(createTimeout.ValueString()); err == nil && d <= 0 {
			resp.Diagnostics.AddAttributeError(path.Root("timeouts").AtName("create"), "Invalid create timeout", fmt.Sprintf(
				"timeouts.create %q must be a positive duration, such as \"10m\": it is how long create waits for the account "+
					"to become OPERATIONAL.", createTimeout.ValueString()))
		}
	}
	refuseDuplicateReferences(path.Root("business_entities"), "business entity", entities, func(e businessEntityModel) types.String { return e.Reference }, &resp.Diagnostics)
	refuseDuplicateReferences(path.Root("brands"), "brand", brands, func(b brandModel) types.String { return b.Reference }, &resp.Diagnostics)
	refuseDuplicateReferences(path.Root("stores"), "store", stores, func(s storeModel) types.String { return s.Reference }, &resp.Diagnostics)
	for _, s := range stores {
		if s.Type.IsUnknown() || s.URL.IsUnknown() || !slices.Contains(klarna.StoreTypes, s.Type.ValueString()) {
			continue // an unknown type is the type's own validator's to report
		}
		website := s.Type.ValueString() == klarna.StoreTypeWebsite
		switch {
		case website && s.URL.IsNull():
			resp.Diagnostics.AddAttributeError(path.Root("stores"), "Missing store url",
				fmt.Sprintf("Store %q is a "+klarna.StoreTypeWebsite+" store: give its https:// address in url.", s.Reference.ValueString()))
		case !website && !s.URL.IsNull():
			resp.Diagnostics.AddAttributeError(path.Root("stores"), "Unexpected store url",
				fmt.Sprintf("Store %q is a %s store: only a "+klarna.StoreTypeWebsite+" store has a url; remove it.", s.Reference.ValueString(), s.Type.ValueString()))
		}
	}
}

// ModifyPlan refuses every change updateAccount cannot make, saying what to do instead,
// warns that destroy only disables the payment product, and plans the state an update leaves.
func (r *partnerAccountResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.State.Raw.IsNull() {
		r.refuseReferenceInUse(ctx, req, resp)
		r.refuseUnknownProfile(ctx, req, resp)
		return
	}
	var state partnerAccountResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.Plan.Raw.IsNull() {
		resp.Diagnostics.AddWarning("Destroying a partner account does not delete it",
			fmt.Sprintf("Klarna has no operation that deletes partner account %s (reference %q). Destroy disables its payment "+
				"product and removes it from the Terraform state; the account, its business entities, brands, stores, credentials "+
				"and portal users stay as Klarna keeps them. To manage it again, import it with the ID \"%s%s\"; onboarding the same "+
				"reference again is refused.", state.ID.ValueString(), state.Reference.ValueString(), importByReferencePrefix, state.Reference.ValueString()))
		return
	}
	var plan partnerAccountResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(refuseImpossibleChanges(ctx, state, plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if plan.State.IsUnknown() {
		plan.State = plannedAccountState(state.State)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
	}
}

func (r *partnerAccountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var plan partnerAccountResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultOnboardTimeout)
	resp.Diagnostics.Append(diags...)
	onboard, diags := plan.toOnboardRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	reference := plan.Reference.ValueString()
	created, err := r.data.client.Onboard(ctx, onboard)
	if err != nil {
		addMaskedError(&resp.Diagnostics, "Unable to onboard partner account", onboardHint(reference, err)+apiErrorDetail("partner account", "", err))
		return
	}
	tflog.Info(ctx, "Onboarded partner account; waiting for it to become OPERATIONAL",
		map[string]any{"account_id": created.AccountID, "reference": reference, "state": created.State, "timeout": timeout.String()})
	wantEnabled := plan.PaymentEnabled.ValueBool()
	resp.Diagnostics.Append(plan.setFromAPI(ctx, created)...)
	// Save the account before anything else can fail, so it is never orphaned. From here
	// on every failure is a warning: an error would taint the account, and replacing it
	// would onboard the same reference again.
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, partnerAccountIdentity{ID: plan.ID})...)
	if resp.Diagnostics.HasError() {
		return
	}
	waitCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	start := time.Now()
	got, err := r.data.client.WaitOperational(waitCtx, created.AccountID, operationalPollEvery, func(state string) {
		tflog.Info(ctx, "Waiting for the partner account to become OPERATIONAL",
			map[string]any{"account_id": created.AccountID, "state": state, "waited": time.Since(start).Round(time.Second).String()})
	})
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		resp.Diagnostics.AddWarning("Partner account not yet OPERATIONAL",
			fmt.Sprintf("Partner account %s (reference %q) was onboarded but is still %s after %s. Terraform keeps it as created "+
				"(it is not tainted); Klarna normally finishes within seconds, and the next plan or refresh reads its state. To "+
				"wait longer on create, raise timeouts.create.", created.AccountID, reference, plan.State.ValueString(), timeout))
	case err != nil:
		resp.Diagnostics.AddWarning("Unable to read the onboarded partner account", fmt.Sprintf("Partner account %s (reference %q) "+
			"was onboarded; Terraform keeps it as created (not tainted) and reads it again at the next plan or refresh.\n\n%s",
			created.AccountID, reference, apiErrorDetail("partner account", created.AccountID, err)))
	}
	if got != nil {
		resp.Diagnostics.Append(plan.setFromAPI(ctx, got)...)
	}
	if !wantEnabled {
		product, err := r.data.client.UpdatePaymentProduct(ctx, created.AccountID, klarna.PaymentProductDisabled)
		if err != nil {
			resp.Diagnostics.AddWarning("Unable to disable the payment product", fmt.Sprintf("Partner account %s was onboarded with "+
				"its payment product enabled; disabling it failed, so the state says payment_enabled = true and the next apply "+
				"tries again.\n\n%s", created.AccountID, apiErrorDetail("partner account", created.AccountID, err)))
		} else {
			plan.PaymentEnabled = types.BoolValue(product.Status == klarna.PaymentProductEnabled)
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, partnerAccountIdentity{ID: plan.ID})...)
}

func (r *partnerAccountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state partnerAccountResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	got, err := r.data.client.GetPartnerAccount(ctx, state.ID.ValueString())
	if klarna.IsNotFound(err) {
		tflog.Warn(ctx, "Partner account not found; removing it from state", map[string]any{"id": state.ID.ValueString()})
		removeGone(ctx, resp, partnerAccountIdentity{ID: state.ID})
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "partner account", state.ID.ValueString(), err)
		return
	}
	resp.Diagnostics.Append(state.setFromAPI(ctx, got)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, partnerAccountIdentity{ID: state.ID})...)
}

func (r *partnerAccountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var plan, state partnerAccountResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	update, diags := plan.toUpdateRequest(ctx, state)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	result := plan
	result.ID = state.ID
	if !updateIsEmpty(update) {
		got, err := r.data.client.UpdateAccount(ctx, id, update)
		if err != nil {
			addAPIError(&resp.Diagnostics, "update", "partner account", id, err)
			return
		}
		resp.Diagnostics.Append(result.setFromAPI(ctx, got)...)
	}
	if !plan.PaymentEnabled.Equal(state.PaymentEnabled) {
		if _, err := r.data.client.UpdatePaymentProduct(ctx, id, paymentStatus(plan.PaymentEnabled.ValueBool())); err != nil {
			addAPIError(&resp.Diagnostics, "update the payment product of", "partner account", id, err)
			return
		}
	}
	got, err := r.data.client.GetPartnerAccount(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "read", "partner account", id, err)
		return
	}
	resp.Diagnostics.Append(result.setFromAPI(ctx, got)...)
	if !plan.State.IsUnknown() {
		// The plan promised the state as it was (no update changes it); a change Klarna
		// Support made since then shows at the next refresh.
		result.State = plan.State
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &result)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, partnerAccountIdentity{ID: result.ID})...)
}

// Delete disables the payment product: Klarna cannot delete a partner account.
func (r *partnerAccountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	ctx, reportWaits := r.data.trackWaits(ctx)
	defer reportWaits(&resp.Diagnostics)
	var state partnerAccountResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	got, err := r.data.client.GetPartnerAccount(ctx, id)
	switch {
	case klarna.IsNotFound(err):
		return
	case err != nil:
		addAPIError(&resp.Diagnostics, "offboard", "partner account", id, err)
		return
	}
	if p := got.PaymentProduct(); p == nil || p.Status != klarna.PaymentProductEnabled {
		tflog.Info(ctx, "The partner account's payment product is not enabled; nothing to disable", map[string]any{"id": id})
		return
	}
	if _, err := r.data.client.UpdatePaymentProduct(ctx, id, klarna.PaymentProductDisabled); err != nil && !klarna.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "disable the payment product of", "partner account", id, err)
		return
	}
	tflog.Info(ctx, "Disabled the partner account's payment product; the account stays at Klarna", map[string]any{"id": id})
}

// ImportState takes the account's KRN or ref:<reference>, or an identity
// holding the KRN. Both forms are held to the same checks: a KRN, of the provider's
// environment, and not the provider's own account.
func (r *partnerAccountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, shown, summary := req.ID, fmt.Sprintf("Import ID %q", req.ID), "Invalid import ID"
	if byIdentity(req) {
		var in partnerAccountIdentity
		if resp.Diagnostics.Append(req.Identity.Get(ctx, &in)...); resp.Diagnostics.HasError() {
			return
		}
		id, shown, summary = in.ID.ValueString(), "Import identity "+showIdentity("id", in.ID), "Invalid import identity"
		if _, err := krn.Parse(id); err != nil {
			resp.Diagnostics.AddError(summary, fmt.Sprintf("%s: id must be a partner account ID (%s): %v", shown, krn.Format, err))
			return
		}
	} else if reference, ok := strings.CutPrefix(id, importByReferencePrefix); ok {
		if !referencePattern.MatchString(reference) {
			resp.Diagnostics.AddError(summary, fmt.Sprintf("%s: after %q comes the account's reference, %s.",
				shown, importByReferencePrefix, strings.ReplaceAll(referenceAllowed, "`", "")))
			return
		}
		resolved, err := r.data.client.ResolvePartnerAccountID(ctx, reference)
		if err != nil {
			addAPIError(&resp.Diagnostics, "import", "partner account", req.ID, err)
			return
		}
		id = resolved
	} else if _, err := krn.Parse(id); err != nil {
		resp.Diagnostics.AddError(summary, fmt.Sprintf("%s is neither a partner account ID (%s) nor %s<reference>: %s",
			shown, krn.Format, importByReferencePrefix, err))
		return
	}
	if r.data.checkImportEnvironment(id, shown, summary, &resp.Diagnostics); resp.Diagnostics.HasError() {
		return
	}
	if own, err := r.data.ownAccountID(ctx); err == nil && own == id {
		resp.Diagnostics.AddError(summary, fmt.Sprintf("%s names the provider's own account, which is no "+
			"partner account: klarna_partner_account manages the partners onboarded through it. The own account needs no resource; "+
			"the data source klarna_account reads it.", shown))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

func (m partnerAccountResourceModel) toOnboardRequest(ctx context.Context) (klarna.OnboardRequest, diag.Diagnostics) {
	out := klarna.OnboardRequest{
		Reference: m.Reference.ValueString(),
		Name:      m.Name.ValueString(),
		Contact:   klarna.PartnerAccountContact{Email: m.ContactEmail.ValueString()},
		Products:  []klarna.OnboardProduct{{Type: klarna.ProductTypePayment, PaymentProfileID: m.PaymentProfileID.ValueString()}},
	}
	var diags diag.Diagnostics
	out.Entities, out.Brands, out.Stores, diags = m.nestedToAPI(ctx)
	return out, diags
}

// toUpdateRequest holds what changed from state: the name and contact when they differ, and
// the business entities, brands and stores that are new or changed.
func (m partnerAccountResourceModel) toUpdateRequest(ctx context.Context, state partnerAccountResourceModel) (klarna.UpdateAccountRequest, diag.Diagnostics) {
	var out klarna.UpdateAccountRequest
	if !m.Name.Equal(state.Name) {
		name := m.Name.ValueString()
		out.Name = &name
	}
	if !m.ContactEmail.Equal(state.ContactEmail) {
		out.Contact = &klarna.PartnerAccountContact{Email: m.ContactEmail.ValueString()}
	}
	entities, brands, stores, diags := m.nestedToAPI(ctx)
	oldEntities, oldBrands, oldStores, more := state.nestedToAPI(ctx)
	diags.Append(more...)
	out.Entities = changedItems(entities, oldEntities)
	out.Brands = changedItems(brands, oldBrands)
	out.Stores = changedStores(stores, oldStores)
	return out, diags
}

func (m partnerAccountResourceModel) nestedToAPI(ctx context.Context) ([]klarna.PartnerBusinessEntity, []klarna.Brand, []klarna.Store, diag.Diagnostics) {
	var diags diag.Diagnostics
	var entities []businessEntityModel
	var brands []brandModel
	var stores []storeModel
	diags.Append(m.BusinessEntities.ElementsAs(ctx, &entities, false)...)
	diags.Append(m.Brands.ElementsAs(ctx, &brands, false)...)
	diags.Append(m.Stores.ElementsAs(ctx, &stores, false)...)
	var outE []klarna.PartnerBusinessEntity
	for _, e := range entities {
		outE = append(outE, klarna.PartnerBusinessEntity{BusinessEntityReference: e.Reference.ValueString(), LegalName: e.LegalName.ValueString(), Country: e.Country.ValueString()})
	}
	var outB []klarna.Brand
	for _, b := range brands {
		outB = append(outB, klarna.Brand{BrandReference: b.Reference.ValueString(), Name: b.Name.ValueString()})
	}
	var outS []klarna.Store
	for _, s := range stores {
		st := klarna.Store{StoreReference: s.Reference.ValueString(), Type: s.Type.ValueString(), Name: s.Name.ValueString()}
		if !s.URL.IsNull() {
			u := s.URL.ValueString()
			st.URL = &u
		}
		outS = append(outS, st)
	}
	sort.Slice(outE, func(i, j int) bool { return outE[i].BusinessEntityReference < outE[j].BusinessEntityReference })
	sort.Slice(outB, func(i, j int) bool { return outB[i].BrandReference < outB[j].BrandReference })
	sort.Slice(outS, func(i, j int) bool { return outS[i].StoreReference < outS[j].StoreReference })
	return outE, outB, outS, diags
}

// partnerAccountValues is the API's view of an account as the schema's values, shared
// with the data source.
type partnerAccountValues struct {
	id, reference, name, email, profileID, state types.String
	paymentEnabled                               types.Bool
	entities, brands, stores                     types.Set
}

func partnerAccountFromAPI(ctx context.Context, a *klarna.PartnerAccount) (partnerAccountValues, diag.Diagnostics) {
	var diags diag.Diagnostics
	v := partnerAccountValues{
		id: types.StringValue(a.AccountID), reference: types.StringValue(a.Reference), name: types.StringValue(a.Name),
		email: types.StringValue(a.Contact.Email), state: types.StringValue(a.State),
		profileID: types.StringNull(), paymentEnabled: types.BoolValue(false),
	}
	if p := a.PaymentProduct(); p != nil {
		v.profileID = types.StringValue(p.PaymentProfileID)
		v.paymentEnabled = types.BoolValue(p.Status == klarna.PaymentProductEnabled)
	}
	entities := make([]businessEntityModel, 0, len(a.Entities))
	for _, e := range a.Entities {
		entities = append(entities, businessEntityModel{Reference: types.StringValue(e.BusinessEntityReference),
			LegalName: types.StringValue(e.LegalName), Country: types.StringValue(e.Country)})
	}
	brands := make([]brandModel, 0, len(a.Brands))
	for _, b := range a.Brands {
		brands = append(brands, brandModel{Reference: types.StringValue(b.BrandReference), Name: types.StringValue(b.Name)})
	}
	stores := make([]storeModel, 0, len(a.Stores))
	for _, s := range a.Stores {
		stores = append(stores, storeModel{Reference: types.StringValue(s.StoreReference), Type: types.StringValue(s.Type),
			Name: types.StringValue(s.Name), URL: types.StringPointerValue(s.URL)})
	}
	var d diag.Diagnostics
	v.entities, d = types.SetValueFrom(ctx, businessEntityType, entities)
	diags.Append(d...)
	v.brands, d = types.SetValueFrom(ctx, brandType, brands)
	diags.Append(d...)
	v.stores, d = types.SetValueFrom(ctx, storeType, stores)
	diags.Append(d...)
	return v, diags
}

// setFromAPI writes the API's view of the account into the model.
func (m *partnerAccountResourceModel) setFromAPI(ctx context.Context, a *klarna.PartnerAccount) diag.Diagnostics {
	v, diags := partnerAccountFromAPI(ctx, a)
	m.ID, m.Reference, m.Name, m.ContactEmail, m.State = v.id, v.reference, v.name, v.email, v.state
	m.PaymentProfileID, m.PaymentEnabled = v.profileID, v.paymentEnabled
	m.BusinessEntities, m.Brands, m.Stores = v.entities, v.brands, v.stores
	return diags
}

// changedItems is the items of now that are not in was: new, or changed in any part.
func changedItems[T comparable](now, was []T) []T {
	var out []T
	for _, n := range now {
		if !slices.Contains(was, n) {
			out = append(out, n)
		}
	}
	return out
}

// changedStores is the stores of now that are not in was, compared by value (a store's
// URL is a pointer).
func changedStores(now, was []klarna.Store) []klarna.Store {
	var out []klarna.Store
	for _, n := range now {
		same := false
		for _, w := range was {
			if w.StoreReference == n.StoreReference && w.Type == n.Type && w.Name == n.Name && ptrEqual(w.URL, n.URL) {
				same = true
			}
		}
		if !same {
			out = append(out, n)
		}
	}
	return out
}

// ptrEqual says whether two optional strings are both absent or equal.
func ptrEqual(a, b *string) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

// updateIsEmpty says whether an update request changes nothing.
func updateIsEmpty(u klarna.UpdateAccountRequest) bool {
	return u.Name == nil && u.Contact == nil && len(u.Entities) == 0 && len(u.Brands) == 0 && len(u.Stores) == 0
}

// maxAccountParts is how many business entities, brands or stores an account may hold.
const maxAccountParts = 100

func refuseDuplicateReferences[T any](at path.Path, noun string, items []T, ref func(T) types.String, diags *diag.Diagnostics) {
	seen := map[string]bool{}
	for _, it := range items {
		r := ref(it)
		if r.IsUnknown() || r.IsNull() {
			continue
		}
		if seen[r.ValueString()] {
			diags.AddAttributeError(at, "Duplicate "+noun+" reference",
				fmt.Sprintf("Two entries of %s have the reference %q; each %s needs a reference of its own.", at, r.ValueString(), noun))
		}
		seen[r.ValueString()] = true
	}
}

// plannedAccountState is the account state an update leaves. No update changes it: an
// account becomes OPERATIONAL by itself once onboarding finishes, and DISABLED (or back) only
// by Klarna Support. So an OPERATIONAL or DISABLED account keeps its state, and only an
// account still PARTIALLY_OPERATIONAL (or in a state this provider does not know) may show
// another one when the update is done.
func plannedAccountState(prior types.String) types.String {
	if known(prior) && (prior.ValueString() == klarna.AccountStateOperational || prior.ValueString() == klarna.AccountStateDisabled) {
		return prior
	}
	return types.StringUnknown()
}

// refuseReferenceInUse refuses at plan an onboarding (a new account, or the second half of a
// replacement) whose reference the acquirer has onboarded already: the API would refuse it
// with 409 at apply, after a replacement had already disabled the account's payments.
func (r *partnerAccountResource) refuseReferenceInUse(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var reference types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("reference"), &reference)...)
	if resp.Diagnostics.HasError() || reference.IsNull() || reference.IsUnknown() {
		return
	}
	id, err := r.data.client.ResolvePartnerAccountID(ctx, reference.ValueString())
	switch {
	case klarna.IsNotFound(err):
		return
	case err != nil:
		resp.Diagnostics.AddWarning("Unable to check the partner account reference", fmt.Sprintf(
			"Looking up reference %q failed, so the plan cannot tell whether it is onboarded already; the apply will.\n\n%s",
			reference.ValueString(), apiErrorDetail("partner account", reference.ValueString(), err)))
		return
	}
	resp.Diagnostics.AddAttributeError(path.Root("reference"), "Partner account reference in use", fmt.Sprintf(
		"Reference %q is onboarded already, as partner account %s, and Klarna has no operation that deletes or re-onboards "+
			"an account: this plan would onboard it again (a new account, or a replacement after -replace or taint), which the "+
			"API refuses. To manage that account, import it: terraform import klarna_partner_account.<name> %s%s (or an import block with that ID), "+
			"and remove any -replace or taint. To onboard a new partner, give it a reference of its own.",
		reference.ValueString(), id, importByReferencePrefix, reference.ValueString()))
}

// shownProfiles is how many payment profile IDs an error about an unknown profile lists.
const shownProfiles = 5

// refuseUnknownProfile refuses at plan an onboarding with a payment profile the acquirer
// does not have, which the API would refuse at apply. Only an onboarding sends the profile
// (an update cannot change it; refuseImpossibleChanges refuses that). The profiles are
// listed once per operation, however many accounts the plan onboards.
func (r *partnerAccountResource) refuseUnknownProfile(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var profile types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("payment_profile_id"), &profile)...)
	if resp.Diagnostics.HasError() || !known(profile) {
		return
	}
	profiles, err := r.data.client.PaymentProfiles(ctx)
	if err != nil {
		resp.Diagnostics.AddWarning("Unable to check the payment profile", fmt.Sprintf(
			"Listing the payment profiles failed, so the plan cannot tell whether payment_profile_id %q exists; the apply will.\n\n%s",
			profile.ValueString(), apiErrorDetail("payment profiles", "", err)))
		return
	}
	ids := make([]string, 0, len(profiles))
	for _, p := range profiles {
		if p.PaymentProfileID == profile.ValueString() {
			return
		}
		ids = append(ids, p.PaymentProfileID)
	}
	resp.Diagnostics.AddAttributeError(path.Root("payment_profile_id"), "Unknown payment profile",
		fmt.Sprintf("payment_profile_id %q is not a payment profile of the provider's account, so Klarna would refuse to onboard "+
			"the partner with it. %s", profile.ValueString(), validProfiles(ids)))
}

// validProfiles says which payment profile IDs are allowed: a few of them, and where to find all.
func validProfiles(ids []string) string {
	if len(ids) == 0 {
		return "The provider's account has no payment profile at all: ask Klarna for one before onboarding partners."
	}
	sort.Strings(ids)
	shown := ids
	more := ""
	if len(ids) > shownProfiles {
		shown, more = ids[:shownProfiles], fmt.Sprintf(" and %d more", len(ids)-shownProfiles)
	}
	return fmt.Sprintf("Use one of %s%s; data.klarna_payment_profiles lists them all.", quoteAll(shown), more)
}

// refuseImpossibleChanges lists the changes from state to plan that updateAccount cannot make.
func refuseImpossibleChanges(ctx context.Context, state, plan partnerAccountResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if known(plan.Reference) && !plan.Reference.Equal(state.Reference) {
		diags.AddAttributeError(path.Root("reference"), "Partner account reference cannot change",
			fmt.Sprintf("Partner account %s was onboarded as %q, and Klarna cannot change a partner's reference. Set reference back "+
				"to %q. To onboard another partner, add another klarna_partner_account; to stop managing this one, remove it "+
				"from the state (`terraform state rm` or a `removed` block) instead of destroying it.",
				state.ID.ValueString(), state.Reference.ValueString(), state.Reference.ValueString()))
	}
	if known(plan.PaymentProfileID) && !plan.PaymentProfileID.Equal(state.PaymentProfileID) {
		diags.AddAttributeError(path.Root("payment_profile_id"), "Payment profile cannot change",
			fmt.Sprintf("Partner account %s was onboarded with payment profile %q, and the API cannot change it. Set "+
				"payment_profile_id back to %q; to move the partner to another profile, ask Klarna, then set the profile Klarna "+
				"shows.", state.ID.ValueString(), state.PaymentProfileID.ValueString(), state.PaymentProfileID.ValueString()))
	}
	if !plan.BusinessEntities.IsUnknown() {
		var was, now []businessEntityModel
		diags.Append(state.BusinessEntities.ElementsAs(ctx, &was, false)...)
		diags.Append(plan.BusinessEntities.ElementsAs(ctx, &now, false)...)
		refuseRemovals(path.Root("business_entities"), "business entity", was, now, func(e businessEntityModel) types.String { return e.Reference }, &diags)
	}
	if !plan.Brands.IsUnknown() {
		var was, now []brandModel
		diags.Append(state.Brands.ElementsAs(ctx, &was, false)...)
		diags.Append(plan.Brands.ElementsAs(ctx, &now, false)...)
		refuseRemovals(path.Root("brands"), "brand", was, now, func(b brandModel) types.String { return b.Reference }, &diags)
	}
	if !plan.Stores.IsUnknown() {
		var was, now []storeModel
		diags.Append(state.Stores.ElementsAs(ctx, &was, false)...)
		diags.Append(plan.Stores.ElementsAs(ctx, &now, false)...)
		refuseRemovals(path.Root("stores"), "store", was, now, func(s storeModel) types.String { return s.Reference }, &diags)
		for _, n := range now {
			for _, w := range was {
				if known(n.Reference) && n.Reference.Equal(w.Reference) && known(n.Type) && !n.Type.Equal(w.Type) {
					diags.AddAttributeError(path.Root("stores"), "Store type cannot change",
						fmt.Sprintf("Store %q is a %s store, and the API cannot change a store's type. Keep its type; for a %s, add a "+
							"store with a new reference (the old one stays, as the API cannot delete stores).",
							w.Reference.ValueString(), w.Type.ValueString(), n.Type.ValueString()))
				}
			}
		}
	}
	return diags
}

func refuseRemovals[T any](at path.Path, noun string, was, now []T, ref func(T) types.String, diags *diag.Diagnostics) {
	kept := map[string]bool{}
	for _, n := range now {
		if !known(ref(n)) {
			// An unknown reference may be any of the old ones.
			return
		}
		kept[ref(n).ValueString()] = true
	}
	for _, w := range was {
		if r := ref(w).ValueString(); !kept[r] {
			diags.AddAttributeError(at, "A "+noun+" cannot be removed",
				fmt.Sprintf("The account at Klarna holds the %s %q, which the configuration does not list, so the plan would remove "+
					"it; Klarna's API cannot delete a %s: it would stay at Klarna while Terraform forgot it. Add its entry to %s, "+
					"whether it was in an earlier configuration, added outside Terraform, or in the account you imported (change "+
					"its other attributes if it is no longer used).", noun, r, noun, at))
		}
	}
}

// onboardHint says what to do when an onboarding fails in a way the provider knows.
func onboardHint(reference string, err error) string {
	if apiErr, ok := klarna.AsAPIError(err); ok && apiErr.ErrorCode == klarna.CodePartnerAccountReferenceInUse {
		return fmt.Sprintf("A partner account was already onboarded under reference %q. To manage it, import it "+
			"(`terraform import klarna_partner_account.<name> %s%s`, or an import block with that id) instead of onboarding it again.\n\n",
			reference, importByReferencePrefix, reference)
	}
	if klarna.IsOutcomeUnknown(err) {
		return fmt.Sprintf("The onboarding of reference %q may have been carried out. If a later apply says the reference is "+
			"taken, import the account with the ID %s%s.\n\n", reference, importByReferencePrefix, reference)
	}
	return ""
}

func paymentStatus(enabled bool) string {
	if enabled {
		return klarna.PaymentProductEnabled
	}
	return klarna.PaymentProductDisabled
}
