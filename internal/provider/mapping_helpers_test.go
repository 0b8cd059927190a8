package provider

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
)

// checkFields fails t once for every field of got that differs from want, naming it. Fields
// of embedded structs are compared one by one; a framework value is compared with Equal, so
// that a null, an unknown, an empty and a known value all differ while the order of a set's
// elements does not matter; anything else with reflect.DeepEqual.
func checkFields[M any](t *testing.T, got, want M) {
	t.Helper()
	checkStructFields(t, "", reflect.ValueOf(got), reflect.ValueOf(want))
}

func checkStructFields(t *testing.T, prefix string, got, want reflect.Value) {
	t.Helper()
	for i := range got.NumField() {
		field := got.Type().Field(i)
		g, w := got.Field(i), want.Field(i)
		name := prefix + field.Name
		if !g.CanInterface() {
			if field.Anonymous && g.Kind() == reflect.Struct {
				checkStructFields(t, name+".", g, w)
				continue
			}
			t.Fatalf("field %s is unexported: compare it another way", name)
		}
		if reflect.DeepEqual(g.Interface(), w.Interface()) {
			continue
		}
		gv, isValue := g.Interface().(attr.Value)
		switch {
		case isValue:
			if wv, _ := w.Interface().(attr.Value); !gv.Equal(wv) {
				t.Errorf("%s = %v, want %v", name, gv, wv)
			}
		case field.Anonymous && g.Kind() == reflect.Struct:
			checkStructFields(t, name+".", g, w)
		default:
			t.Errorf("%s = %#v, want %#v", name, g.Interface(), w.Interface())
		}
	}
}

// asJSON shows a request of the API's types as it goes on the wire, for failure messages.
func asJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}
