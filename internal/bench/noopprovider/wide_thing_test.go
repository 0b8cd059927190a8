package main

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partnerops/terraform-provider-klarna/internal/provider"
)

// resourceSchema is the schema of the provider's resource typeName.
func resourceSchema(t *testing.T, p fwprovider.Provider, typeName string) schema.Schema {
	t.Helper()
	ctx := context.Background()
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
			t.Fatalf("schema of %s: %v", typeName, resp.Diagnostics)
		}
		return resp.Schema
	}
	t.Fatalf("the provider %s has no resource %s", meta.TypeName, typeName)
	return schema.Schema{}
}

// attributeShape is what the benchmark needs two attributes to share: everything that
// makes Terraform and the framework do work, validators and descriptions aside.
type attributeShape struct {
	typ                                     attr.Type
	required, optional, computed, sensitive bool
	defaultValue                            attr.Value // nil without a default
	planModifiers                           []string   // their Go types
}

func shapeOf(t *testing.T, name string, a schema.Attribute) attributeShape {
	t.Helper()
	ctx := context.Background()
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
		s.planModifiers = typeNames(toAny(a.PlanModifiers))
	case schema.BoolAttribute:
		if a.Default != nil {
			var resp defaults.BoolResponse
			a.Default.DefaultBool(ctx, defaults.BoolRequest{}, &resp)
			s.defaultValue = resp.PlanValue
		}
		s.planModifiers = typeNames(toAny(a.PlanModifiers))
	case schema.MapAttribute:
		if a.Default != nil {
			t.Fatalf("%s: a map default is not compared", name)
		}
		s.planModifiers = typeNames(toAny(a.PlanModifiers))
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

func TestWideThingSchema_hasKlarnaAPIKeysAttributes(t *testing.T) {
	t.Parallel()
	klarna := resourceSchema(t, provider.New("test")(), "klarna_api_key")
	wide := resourceSchema(t, newProvider(), "noop_wide_thing")

	var klarnaNames, wideNames []string
	for name := range klarna.Attributes {
		klarnaNames = append(klarnaNames, name)
	}
	for name := range wide.Attributes {
		wideNames = append(wideNames, name)
	}
	slices.Sort(klarnaNames)
	slices.Sort(wideNames)
	if !slices.Equal(klarnaNames, wideNames) {
		t.Fatalf("noop_wide_thing has attributes %v; klarna_api_key has %v", wideNames, klarnaNames)
	}
	if len(klarna.Blocks) != 0 || len(wide.Blocks) != 0 {
		t.Errorf("blocks are not compared: klarna_api_key has %d, noop_wide_thing %d", len(klarna.Blocks), len(wide.Blocks))
	}
	for _, name := range klarnaNames {
		k, w := shapeOf(t, name, klarna.Attributes[name]), shapeOf(t, name, wide.Attributes[name])
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
		}
	}
}

func TestRequiresReplaceIfPriorKnown_replacesOnlyAKnownValue(t *testing.T) {
	t.Parallel()
	known := func(v string) types.Map {
		return types.MapValueMust(types.StringType, map[string]attr.Value{"k": types.StringValue(v)})
	}
	null := types.MapNull(types.StringType)
	tests := []struct {
		name        string
		state, plan types.Map
		want        bool
	}{
		{"changed", known("a"), known("b"), true},
		{"removed", known("a"), null, true},
		{"set after import", null, known("b"), false},
		{"unchanged", known("a"), known("a"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			req := planmodifier.MapRequest{StateValue: tt.state, PlanValue: tt.plan, ConfigValue: tt.plan}
			// The state and plan must not be null as a whole for the modifier to run.
			req.State.Raw, req.Plan.Raw = nonNullObject(), nonNullObject()
			var resp planmodifier.MapResponse
			requiresReplaceIfPriorKnown().PlanModifyMap(context.Background(), req, &resp)
			if resp.RequiresReplace != tt.want {
				t.Errorf("RequiresReplace = %v, want %v", resp.RequiresReplace, tt.want)
			}
		})
	}
}

// nonNullObject is a known, empty object: a resource that exists.
func nonNullObject() tftypes.Value {
	return tftypes.NewValue(tftypes.Object{AttributeTypes: map[string]tftypes.Type{}}, map[string]tftypes.Value{})
}
