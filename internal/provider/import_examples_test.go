package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

var placeholderRE = regexp.MustCompile(`<[A-Za-z_]+>`)

// TestImportExamples_placeholdersMatchErrors checks that the import examples (import.sh,
// import-by-string-id.tf and import-by-identity.tf, from which the docs are made) name the
// parts of an import ID exactly as the resource's error for a bad import ID does.
func TestImportExamples_placeholdersMatchErrors(t *testing.T) {
	t.Parallel()
	for _, newResource := range New("test")().Resources(t.Context()) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(t.Context(), resource.MetadataRequest{ProviderTypeName: "klarna"}, &meta)
		t.Run(meta.TypeName, func(t *testing.T) {
			t.Parallel()
			var sch resource.SchemaResponse
			r.Schema(t.Context(), resource.SchemaRequest{}, &sch)
			resp := resource.ImportStateResponse{State: tfsdk.State{
				Schema: sch.Schema, Raw: tftypes.NewValue(sch.Schema.Type().TerraformType(t.Context()), nil),
			}}
			importer, ok := r.(resource.ResourceWithImportState)
			if !ok {
				t.Fatalf("%s cannot be imported", meta.TypeName)
			}
			importer.ImportState(t.Context(), resource.ImportStateRequest{ID: "not-an-id"}, &resp)
			if !resp.Diagnostics.HasError() {
				t.Fatalf("import ID %q was accepted", "not-an-id")
			}
			inError := placeholderRE.FindAllString(resp.Diagnostics.Errors()[0].Detail(), -1)
			if len(inError) == 0 {
				t.Fatalf("the import error names no placeholder: %s", resp.Diagnostics.Errors()[0].Detail())
			}
			for _, name := range []string{"import.sh", "import-by-string-id.tf", "import-by-identity.tf"} {
				b, err := os.ReadFile(filepath.Join("..", "..", "examples", "resources", meta.TypeName, name)) //nolint:gosec // the repository's own examples
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range placeholderRE.FindAllString(string(b), -1) {
					if !slices.Contains(inError, p) {
						t.Errorf("%s names %s, but the import error names only %v", name, p, inError)
					}
				}
			}
		})
	}
}
