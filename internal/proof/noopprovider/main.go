// Command noopprovider is a Terraform provider that does nothing, built on the same
// terraform-plugin-framework version as terraform-provider-klarna. `make bench` runs it
// beside the real provider as the framework's floor: the cost of a plugin process, gRPC and
// the framework's own work per resource, with no API behind it.
//
// It serves registry.terraform.io/partnerops/noop with two resources: noop_thing, two
// attributes, and noop_wide_thing, which has klarna_api_key's schema, read from the Klarna
// provider's own Schema when it runs (see wide_thing.go), so that the cost of that schema
// can be told apart from the cost of the provider behind it. Only the schema is linked in:
// no Klarna code runs for a noop_wide_thing but its Schema.
//
// Like the Klarna provider, it turns the plugin loggers off when the user asked Terraform
// for no logs (pluginlog.SilenceUnread), so that both run with the same logging.
//
// With BENCH_CPUPROFILE_DIR set, each provider process writes a CPU profile named
// noop-<pid>.pprof into that directory when Terraform stops it.
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/pprof"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/partnerops/terraform-provider-klarna/internal/pluginlog"
)

// profileDirEnv names the directory CPU profiles are written to; unset, none are.
const profileDirEnv = "BENCH_CPUPROFILE_DIR"

func main() {
	stop, err := startCPUProfile()
	if err != nil {
		log.Fatal(err.Error())
	}
	pluginlog.SilenceUnread("TF_LOG_PROVIDER_NOOP")
	err = providerserver.Serve(context.Background(), newProvider, providerserver.ServeOpts{
		Address: "registry.terraform.io/partnerops/noop",
	})
	if stopErr := stop(); stopErr != nil && err == nil {
		err = stopErr
	}
	if err != nil {
		log.Fatal(err.Error())
	}
}

// startCPUProfile starts a CPU profile when profileDirEnv is set; the returned function
// stops it and closes the file, and fails when the profile could not be written.
func startCPUProfile() (func() error, error) {
	dir := os.Getenv(profileDirEnv)
	if dir == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("noop-%d.pprof", os.Getpid()))) //nolint:gosec // a directory the benchmark chose
	if err != nil {
		return nil, fmt.Errorf("creating the CPU profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close() // nothing was written; the error that matters is the one returned
		return nil, fmt.Errorf("starting the CPU profile: %w", err)
	}
	return func() error {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			return fmt.Errorf("writing the CPU profile: %w", err)
		}
		return nil
	}, nil
}

var _ provider.Provider = (*noopProvider)(nil)

func newProvider() provider.Provider { return &noopProvider{} }

type noopProvider struct{}

func (p *noopProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "noop"
	resp.Version = "bench"
}

func (p *noopProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerschema.Schema{
		MarkdownDescription: "A provider that does nothing, for measuring the framework's own cost.",
	}
}

func (p *noopProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *noopProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{newThingResource, newWideThingResource}
}

func (p *noopProvider) DataSources(context.Context) []func() datasource.DataSource {
	return nil
}

var _ resource.Resource = (*thingResource)(nil)

func newThingResource() resource.Resource { return &thingResource{} }

type thingResource struct{}

type thingModel struct {
	ID          types.String `tfsdk:"id"`
	Description types.String `tfsdk:"description"`
}

func (r *thingResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_thing"
}

func (r *thingResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A thing that exists only in Terraform's state.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "A random ID, fixed at create.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"description": schema.StringAttribute{
				MarkdownDescription: "Any text; updated in place.",
				Optional:            true,
			},
		},
	}
}

func (r *thingResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan thingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := randomID()
	if err != nil {
		resp.Diagnostics.AddError("Unable to create thing", err.Error())
		return
	}
	plan.ID = types.StringValue(id)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *thingResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state thingModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *thingResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan thingModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *thingResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// randomID is 16 random bytes in hex.
func randomID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("reading random bytes: %w", err)
	}
	return hex.EncodeToString(b[:]), nil
}
