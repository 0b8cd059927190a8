package main

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// attributeShape is what the benchmark needs two attributes to share: everything that
// makes Terraform and the framework do work, descriptions aside.
type attributeShape struct {
	typ                                     attr.Type
	required, optional, computed, sensitive bool
	defaultValue                            attr.Value // nil without a default
	planModifiers                           []string   // their Go types
	validators                              int
}

func shapeOf(t *testing.T, name string, a schema.Attribute) attributeShape {
	t.Helper()
	ctx := t.Context()
	s := attributeShape{
		typ: a.GetType(), required: a.IsRequired(), optional: a.IsOptional(), computed: a.IsComputed(), sensitive: a.IsSensitive(),
	}
	typeNames := func(ms []any) []string {
		out := make([]string, len(ms))
		for i, m := range ms {
			out[i] = fmt.Sprintf("%T", m)
		}
		return out
	}
	switch a := a.(type) {
	case schema.StringAttribute:
		if a.Default != nil {
			var resp defaults.StringResponse
			a.Default.DefaultString(ctx, defaults.StringRequest{}, &resp)
			s.defaultValue = resp.PlanValue
		}
		s.planModifiers, s.validators = typeNames(toAny(a.PlanModifiers)), len(a.Validators)
	case schema.BoolAttribute:
		if a.Default != nil {
			var resp defaults.BoolResponse
			a.Default.DefaultBool(ctx, defaults.BoolRequest{}, &resp)
			s.defaultValue = resp.PlanValue
		}
		s.planModifiers, s.validators = typeNames(toAny(a.PlanModifiers)), len(a.Validators)
	case schema.MapAttribute:
		if a.Default != nil {
			t.Fatalf("%s: a map default is not compared", name)
		}
		s.planModifiers, s.validators = typeNames(toAny(a.PlanModifiers)), len(a.Validators)
	default:
		t.Fatalf("%s: attribute type %T is not compared", name, a)
	}
	return s
}

func toAny[T any](s []T) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func wideThingSchema(t *testing.T) schema.Schema {
	t.Helper()
	var resp resource.SchemaResponse
	newWideThingResource().Schema(t.Context(), resource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema of noop_wide_thing: %v", resp.Diagnostics)
	}
	return resp.Schema
}

func TestWideThingSchema_isKlarnaAPIKeysWithoutValidators(t *testing.T) {
	t.Parallel()
	klarna, err := klarnaResourceSchema(t.Context(), "klarna_api_key")
	if err != nil {
		t.Fatal(err)
	}
	wide := wideThingSchema(t)

	var klarnaNames, wideNames []string
	for name := range klarna.Attributes {
		klarnaNames = append(klarnaNames, name)
	}
	slices.Sort(klarnaNames)
	for name := range wide.Attributes {
		wideNames = append(wideNames, name)
	}
	slices.Sort(wideNames)
	if !slices.Equal(klarnaNames, wideNames) || !slices.Contains(wideNames, "api_key") {
		t.Fatalf("noop_wide_thing has attributes %v; klarna_api_key has %v", wideNames, klarnaNames)
	}
	validated := 0
	for _, name := range klarnaNames {
		k, w := shapeOf(t, name, klarna.Attributes[name]), shapeOf(t, name, wide.Attributes[name])
		validated += k.validators
		switch {
		case !k.typ.Equal(w.typ):
			t.Errorf("%s: type %s, klarna_api_key's is %s", name, w.typ, k.typ)
		case k.required != w.required || k.optional != w.optional || k.computed != w.computed || k.sensitive != w.sensitive:
			t.Errorf("%s: required/optional/computed/sensitive %v/%v/%v/%v, klarna_api_key's are %v/%v/%v/%v",
				name, w.required, w.optional, w.computed, w.sensitive, k.required, k.optional, k.computed, k.sensitive)
		case (k.defaultValue == nil) != (w.defaultValue == nil) || (k.defaultValue != nil && !k.defaultValue.Equal(w.defaultValue)):
			t.Errorf("%s: default %v, klarna_api_key's is %v", name, w.defaultValue, k.defaultValue)
		case !slices.Equal(k.planModifiers, w.planModifiers):
			t.Errorf("%s: plan modifiers %v, klarna_api_key's are %v", name, w.planModifiers, k.planModifiers)
		case w.validators != 0:
			t.Errorf("%s: noop_wide_thing has %d validators, want none", name, w.validators)
		}
	}
	// Otherwise the check of the validators above proves nothing.
	if validated == 0 {
		t.Error("klarna_api_key has no validators at all")
	}
}

func TestWithoutValidators_refusesWhatItCannotCopy(t *testing.T) {
	t.Parallel()
	tests := map[string]schema.Schema{
		"a block": {Blocks: map[string]schema.Block{"b": schema.SingleNestedBlock{}}},
		"a nested attribute": {Attributes: map[string]schema.Attribute{
			"n": schema.SingleNestedAttribute{Optional: true, Attributes: map[string]schema.Attribute{"x": schema.StringAttribute{Optional: true}}},
		}},
	}
	for name, s := range tests {
		if _, err := withoutValidators(s); err == nil {
			t.Errorf("withoutValidators accepted a schema with %s", name)
		}
	}
}

// planned is the plan of a noop_wide_thing: every computed attribute the configuration does
// not set is unknown, as Terraform sends it, and the defaults are applied.
func planned(t *testing.T, s schema.Schema, enabled bool) tfsdk.Plan {
	t.Helper()
	typ, ok := s.Type().TerraformType(t.Context()).(tftypes.Object)
	if !ok {
		t.Fatalf("the schema's type is %T, not an object", s.Type().TerraformType(t.Context()))
	}
	values := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		a := s.Attributes[name]
		switch {
		case name == "enabled":
			values[name] = tftypes.NewValue(at, enabled)
		case name == "description":
			values[name] = tftypes.NewValue(at, "bench key 1")
		case a.IsComputed():
			values[name] = tftypes.NewValue(at, tftypes.UnknownValue)
		default:
			values[name] = tftypes.NewValue(at, nil)
		}
	}
	return tfsdk.Plan{Schema: s, Raw: tftypes.NewValue(typ, values)}
}

func TestWideThing_createAndUpdateSetEveryComputedValue(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := wideThingSchema(t)
	r := newWideThingResource()

	created := resource.CreateResponse{State: tfsdk.State{Schema: s, Raw: tftypes.NewValue(s.Type().TerraformType(ctx), nil)}}
	r.Create(ctx, resource.CreateRequest{Plan: planned(t, s, true)}, &created)
	if created.Diagnostics.HasError() {
		t.Fatalf("Create: %v", created.Diagnostics)
	}
	if !created.State.Raw.IsFullyKnown() {
		t.Fatalf("Create left unknown values: %v", created.State.Raw)
	}
	get := func(st tfsdk.State, name string) string {
		t.Helper()
		var v *string
		if d := st.GetAttribute(ctx, path.Root(name), &v); d.HasError() {
			t.Fatalf("%s: %v", name, d)
		}
		if v == nil {
			return "<null>"
		}
		return *v
	}
	id := get(created.State, "id")
	for name, want := range map[string]string{"status": "ENABLED", "disabled_reason": "<null>", "environment": "TEST", "last_used_at": "<null>", "description": "bench key 1"} {
		if got := get(created.State, name); got != want {
			t.Errorf("after Create, %s = %q, want %q", name, got, want)
		}
	}
	if key := get(created.State, "api_key"); !strings.HasPrefix(key, "klarna_test_api_") || len(key) != len("klarna_test_api_")+40 {
		t.Errorf("after Create, api_key = %q, want a test API key", key)
	}

	updated := resource.UpdateResponse{State: tfsdk.State{Schema: s, Raw: created.State.Raw}}
	r.Update(ctx, resource.UpdateRequest{Plan: planned(t, s, false), State: created.State}, &updated)
	if updated.Diagnostics.HasError() {
		t.Fatalf("Update: %v", updated.Diagnostics)
	}
	for name, want := range map[string]string{"status": "DISABLED", "disabled_reason": "MANUAL", "id": id, "api_key": get(created.State, "api_key")} {
		if got := get(updated.State, name); got != want {
			t.Errorf("after Update, %s = %q, want %q", name, got, want)
		}
	}
}
