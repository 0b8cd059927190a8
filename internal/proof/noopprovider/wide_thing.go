package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	klarnaprovider "github.com/partnerops/terraform-provider-klarna/internal/provider"
)

// wideOf is the Klarna provider's resource whose schema noop_wide_thing has.
const wideOf = "klarna_api_key"

var _ resource.Resource = (*wideThingResource)(nil)

func newWideThingResource() resource.Resource { return &wideThingResource{} }

// wideThingResource has klarna_api_key's schema, read from the Klarna provider when the
// no-op provider runs: the same attribute names and types, the same Optional, Computed and
// Sensitive flags, defaults and plan modifiers. It has no API, no validators and no
// ModifyPlan, so what it costs beyond noop_thing is what Terraform and the framework pay
// for that schema and the state it makes.
type wideThingResource struct{}

func (r *wideThingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_wide_thing"
}

// wideSchema is read once per process.
var wideSchema = sync.OnceValues(func() (schema.Schema, error) {
	s, err := klarnaResourceSchema(context.Background(), wideOf)
	if err != nil {
		return s, err
	}
	return withoutValidators(s)
})

func (r *wideThingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	s, err := wideSchema()
	if err != nil {
		resp.Diagnostics.AddError("Unable to read "+wideOf+"'s schema", err.Error())
		return
	}
	resp.Schema = s
}

// klarnaResourceSchema is the schema of the Klarna provider's resource typeName, as the
// provider itself declares it.
func klarnaResourceSchema(ctx context.Context, typeName string) (schema.Schema, error) {
	p := klarnaprovider.New("bench")()
	var meta fwprovider.MetadataResponse
	p.Metadata(ctx, fwprovider.MetadataRequest{}, &meta)
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var rm resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &rm)
		if rm.TypeName != typeName {
			continue
		}
		var resp resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &resp)
		if resp.Diagnostics.HasError() {
			return schema.Schema{}, fmt.Errorf("the schema of %s: %s", typeName, diagnosticsText(resp.Diagnostics))
		}
		return resp.Schema, nil
	}
	return schema.Schema{}, fmt.Errorf("the provider %s has no resource %s", meta.TypeName, typeName)
}

func diagnosticsText(diags diag.Diagnostics) string {
	var s string
	for _, d := range diags.Errors() {
		s += d.Summary() + ": " + d.Detail() + "; "
	}
	return s
}

// withoutValidators is s with no validators: its attributes keep their types, flags,
// defaults and plan modifiers. Blocks and nested attributes are refused: the no-op
// resource fills only top-level values.
func withoutValidators(s schema.Schema) (schema.Schema, error) {
	if len(s.Blocks) > 0 {
		return s, fmt.Errorf("%s has blocks, which noop_wide_thing does not copy", wideOf)
	}
	out := schema.Schema{
		MarkdownDescription: "A thing with " + wideOf + "'s attributes that exists only in Terraform's state.",
		Attributes:          make(map[string]schema.Attribute, len(s.Attributes)),
	}
	for name, a := range s.Attributes {
		switch a := a.(type) {
		case schema.StringAttribute:
			a.Validators = nil
			out.Attributes[name] = a
		case schema.BoolAttribute:
			a.Validators = nil
			out.Attributes[name] = a
		case schema.Int64Attribute:
			a.Validators = nil
			out.Attributes[name] = a
		case schema.Float64Attribute:
			a.Validators = nil
			out.Attributes[name] = a
		case schema.MapAttribute:
			a.Validators = nil
			out.Attributes[name] = a
		case schema.ListAttribute:
			a.Validators = nil
			out.Attributes[name] = a
		case schema.SetAttribute:
			a.Validators = nil
			out.Attributes[name] = a
		default:
			return s, fmt.Errorf("%s's attribute %s is a %T, which noop_wide_thing does not copy", wideOf, name, a)
		}
	}
	return out, nil
}

func (r *wideThingResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	state, err := settle(req.Plan.Raw, tftypes.Value{})
	if err != nil {
		resp.Diagnostics.AddError("Unable to create wide thing", err.Error())
		return
	}
	resp.State.Raw = state
}

// Read keeps the state as it is.
func (r *wideThingResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *wideThingResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	state, err := settle(req.Plan.Raw, req.State.Raw)
	if err != nil {
		resp.Diagnostics.AddError("Unable to update wide thing", err.Error())
		return
	}
	resp.State.Raw = state
}

func (r *wideThingResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}

// settle is the plan with a value for every attribute it leaves unknown, as klarna_api_key
// would set them: status and disabled_reason after enabled; on update, the prior state's
// value; on create, a random ID and API key, the fixed account and environment, the time
// of creation, and null for anything else.
func settle(plan, prior tftypes.Value) (tftypes.Value, error) {
	var attrs, before map[string]tftypes.Value
	if err := plan.As(&attrs); err != nil {
		return plan, fmt.Errorf("reading the plan: %w", err)
	}
	if !prior.IsNull() && prior.IsKnown() {
		if err := prior.As(&before); err != nil {
			return plan, fmt.Errorf("reading the state: %w", err)
		}
	}
	enabled := true
	if v, ok := attrs["enabled"]; ok && v.IsKnown() && !v.IsNull() {
		if err := v.As(&enabled); err != nil {
			return plan, fmt.Errorf("reading enabled: %w", err)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(attrs)) {
		v := attrs[name]
		if v.IsKnown() {
			continue
		}
		value, err := settledValue(name, v.Type(), enabled, before)
		if err != nil {
			return plan, err
		}
		attrs[name] = value
	}
	return tftypes.NewValue(plan.Type(), attrs), nil
}

func settledValue(name string, typ tftypes.Type, enabled bool, before map[string]tftypes.Value) (tftypes.Value, error) {
	null := tftypes.NewValue(typ, nil)
	if !typ.Is(tftypes.String) {
		if v, ok := before[name]; ok {
			return v, nil
		}
		return null, nil
	}
	str := func(s string) tftypes.Value { return tftypes.NewValue(typ, s) }
	switch name {
	case "status":
		if enabled {
			return str("ENABLED"), nil
		}
		return str("DISABLED"), nil
	case "disabled_reason":
		if enabled {
			return null, nil
		}
		return str("MANUAL"), nil
	}
	if v, ok := before[name]; ok {
		return v, nil
	}
	switch name {
	case "id":
		return str(uuid.NewString()), nil
	case "account_id":
		return str("krn:partner:global:account:test:NOOP0000"), nil
	case "environment":
		return str("TEST"), nil
	case "created_at":
		return str(time.Now().UTC().Format(time.RFC3339)), nil
	case "api_key":
		key, err := randomAPIKey()
		if err != nil {
			return null, err
		}
		return str(key), nil
	}
	return null, nil
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
