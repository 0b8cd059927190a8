package provider

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	epschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

// Deep-link JWT lifetimes.
const (
	defaultDeepLinkLifetime = 60
	maxDeepLinkLifetime     = int64(apirules.MaxJWTLifetime / time.Second)
)

// amrValues are the authentication method references of RFC 8176.
var amrValues = apirules.AMRValues

// deepLinkModel is what the data source and the ephemeral resource share.
type deepLinkModel struct {
	Email           types.String `tfsdk:"email"`
	AccountID       types.String `tfsdk:"account_id"`
	OnBehalfOf      types.String `tfsdk:"on_behalf_of"`
	Roles           types.Set    `tfsdk:"roles"`
	AMR             types.Set    `tfsdk:"amr"`
	LifetimeSeconds types.Int64  `tfsdk:"lifetime_seconds"`
	Exchange        types.Bool   `tfsdk:"exchange"`
	JWT             types.String `tfsdk:"jwt"`
	JTI             types.String `tfsdk:"jti"`
	ExpiresAt       types.String `tfsdk:"expires_at"`
	URL             types.String `tfsdk:"url"`
	URLExpiresAt    types.String `tfsdk:"url_expires_at"`
}

// attrKind is the type of a deep-link attribute. The zero value is no kind, so that an
// attribute without one is caught.
type attrKind int

const (
	kindString    attrKind = iota + 1 // types.String
	kindStringSet                     // a set of strings
	kindInt64                         // types.Int64
	kindBool                          // types.Bool
)

// deepLinkAttr describes one attribute once, for both schemas.
type deepLinkAttr struct {
	desc                                    string
	kind                                    attrKind
	required, optional, computed, sensitive bool
	strings                                 []validator.String
	sets                                    []validator.Set
	ints                                    []validator.Int64
}

// deepLinkAttributes are the attributes of both deep-link schemas; exchangeDefault says
// which default the exchange attribute documents.
func deepLinkAttributes(exchangeDefault bool) map[string]deepLinkAttr {
	return map[string]deepLinkAttr{
		"email": {desc: "The portal user's email address (the JWT's `sub`).", kind: kindString, required: true,
			strings: []validator.String{emailValidator()}},
		"account_id": {desc: "The partner account (KRN) the user gets into; it must be onboarded through the provider's account, " +
			"and cannot be the provider's own.", kind: kindString, required: true,
			strings: []validator.String{accountIDValidator()}},
		"on_behalf_of": {desc: "The account (KRN) the user acts as; defaults to `account_id`. " + onBehalfOfExplained, kind: kindString, optional: true,
			strings: []validator.String{accountIDValidator()}},
		"roles": {desc: "The user's roles in this session: one or more of " + enumList(apirules.Roles) + ".", kind: kindStringSet, required: true,
			sets: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.OneOf(apirules.Roles...))}},
		"amr": {desc: "How the acquiring partner authenticated the user, as RFC 8176 authentication method references: " + enumList(amrValues) +
			". Klarna expects multi-factor authentication on the acquiring partner's portal (`mfa`).", kind: kindStringSet, required: true,
			sets: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.OneOf(amrValues...))}},
		"lifetime_seconds": {desc: fmt.Sprintf("The JWT's lifetime in seconds, %d by default, at most %d.", defaultDeepLinkLifetime, maxDeepLinkLifetime),
			kind: kindInt64, optional: true, computed: true, ints: []validator.Int64{int64validator.Between(1, maxDeepLinkLifetime)}},
		"exchange": {desc: fmt.Sprintf("Exchange the JWT for a single-use portal URL with `createDeepLink` (default `%t`). Without it "+
			"only the signed JWT is returned, for a portal that calls Klarna itself.", exchangeDefault), kind: kindBool, optional: true, computed: true},
		"jwt":            {desc: "The signed ES256 JWT. Sensitive.", kind: kindString, computed: true, sensitive: true},
		"jti":            {desc: "The JWT's unique ID; a new one at every read.", kind: kindString, computed: true},
		"expires_at":     {desc: "When the JWT expires (RFC 3339).", kind: kindString, computed: true},
		"url":            {desc: fmt.Sprintf("The single-use portal URL; it expires %g seconds after creation. Null without `exchange`. Sensitive.", apirules.DeepLinkTTL.Seconds()), kind: kindString, computed: true, sensitive: true},
		"url_expires_at": {desc: "When the URL expires (RFC 3339); null without `exchange`.", kind: kindString, computed: true},
	}
}

// attributeForms turns the data-source form of an attribute of each kind into one schema's
// attribute type A. The framework declares the data source's and the ephemeral resource's
// attribute types with the same fields, so an attribute is written once, in the data
// source's form, and converted.
type attributeForms[A any] struct {
	stringAttr func(dsschema.StringAttribute) A
	setAttr    func(dsschema.SetAttribute) A
	int64Attr  func(dsschema.Int64Attribute) A
	boolAttr   func(dsschema.BoolAttribute) A
}

// dataSourceForms and ephemeralForms build the attributes of the two deep-link schemas.
var (
	dataSourceForms = attributeForms[dsschema.Attribute]{
		stringAttr: func(a dsschema.StringAttribute) dsschema.Attribute { return a },
		setAttr:    func(a dsschema.SetAttribute) dsschema.Attribute { return a },
		int64Attr:  func(a dsschema.Int64Attribute) dsschema.Attribute { return a },
		boolAttr:   func(a dsschema.BoolAttribute) dsschema.Attribute { return a },
	}
	ephemeralForms = attributeForms[epschema.Attribute]{
		stringAttr: func(a dsschema.StringAttribute) epschema.Attribute { return epschema.StringAttribute(a) },
		setAttr:    func(a dsschema.SetAttribute) epschema.Attribute { return epschema.SetAttribute(a) },
		int64Attr:  func(a dsschema.Int64Attribute) epschema.Attribute { return epschema.Int64Attribute(a) },
		boolAttr:   func(a dsschema.BoolAttribute) epschema.Attribute { return epschema.BoolAttribute(a) },
	}
)

// build makes the schema attribute of a shared deep-link attribute.
func (f attributeForms[A]) build(a deepLinkAttr) A {
	switch a.kind {
	case kindStringSet:
		return f.setAttr(dsschema.SetAttribute{ElementType: types.StringType, MarkdownDescription: a.desc, Required: a.required, Optional: a.optional, Computed: a.computed, Validators: a.sets})
	case kindInt64:
		return f.int64Attr(dsschema.Int64Attribute{MarkdownDescription: a.desc, Required: a.required, Optional: a.optional, Computed: a.computed, Validators: a.ints})
	case kindBool:
		return f.boolAttr(dsschema.BoolAttribute{MarkdownDescription: a.desc, Required: a.required, Optional: a.optional, Computed: a.computed})
	}
	return f.stringAttr(dsschema.StringAttribute{MarkdownDescription: a.desc, Required: a.required, Optional: a.optional, Computed: a.computed, Sensitive: a.sensitive, Validators: a.strings})
}

// makeDeepLink signs a fresh deep-link JWT for m and, with exchange, trades it for a URL.
func (d *providerData) makeDeepLink(ctx context.Context, m *deepLinkModel, s *signer, exchangeDefault bool) diag.Diagnostics {
	var diags diag.Diagnostics
	if m.LifetimeSeconds.IsNull() {
		m.LifetimeSeconds = types.Int64Value(defaultDeepLinkLifetime)
	}
	if m.Exchange.IsNull() {
		m.Exchange = types.BoolValue(exchangeDefault)
	}
	onBehalfOf := m.OnBehalfOf
	if onBehalfOf.IsNull() {
		onBehalfOf = m.AccountID
	}
	checkGrantAccount(ctx, d, m.AccountID, path.Root("account_id"), &diags)
	checkOnBehalfOf(ctx, d, m.AccountID, onBehalfOf, path.Root("on_behalf_of"), &diags)
	var roles, amr []string
	diags.Append(m.Roles.ElementsAs(ctx, &roles, false)...)
	diags.Append(m.AMR.ElementsAs(ctx, &amr, false)...)
	if diags.HasError() {
		return diags
	}
	claims := portalClaims{
		email: m.Email.ValueString(), accountID: m.AccountID.ValueString(), roles: slices.Sorted(slices.Values(roles)), amr: slices.Sorted(slices.Values(amr)),
		lifetime: time.Duration(m.LifetimeSeconds.ValueInt64()) * time.Second,
	}
	if !m.OnBehalfOf.IsNull() {
		claims.onBehalfOf = m.OnBehalfOf.ValueString()
	}
	token, err := d.signPortalJWT(ctx, s, claims)
	if err != nil {
		diags.AddError("Unable to sign the deep-link JWT", err.Error())
		return diags
	}
	m.JWT = types.StringValue(token.token)
	m.JTI = types.StringValue(token.jti)
	m.ExpiresAt = types.StringValue(formatTime(token.expiresAt))
	m.URL, m.URLExpiresAt = types.StringNull(), types.StringNull()
	if !m.Exchange.ValueBool() {
		return diags
	}
	link, err := d.client.CreateDeepLink(ctx, m.AccountID.ValueString(), token.token)
	if err != nil {
		addAPIError(&diags, "create", "deep link", "for "+m.Email.ValueString()+" into "+m.AccountID.ValueString(), err)
		return diags
	}
	m.URL = types.StringValue(link.URL)
	m.URLExpiresAt = types.StringValue(formatTime(link.ExpiresAt))
	return diags
}
