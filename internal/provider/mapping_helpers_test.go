package provider

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
)

// checkFields fails t once for every field of got that differs from want, naming it. Fields
// of embedded structs are compared one by one; a framework value is compared with Equal, so
// that a null, an unknown, an empty and a known value all differ while the order of a set's
// elements does not matter; anything else with reflect.DeepEqual.
// checkItems checks a data source's list attribute (name) item by item; an empty list reads
// as empty, never as null.
func checkItems[M any](t *testing.T, name string, got, want []M) {
	t.Helper()
	if got == nil || len(got) != len(want) {
		t.Fatalf("%s = %#v, want %d", name, got, len(want))
	}
	for i := range want {
		checkFields(t, got[i], want[i])
	}
}

// credentialItemOf is the data-source item of a credential's model: the attributes every
// credential has.
func credentialItemOf(m credentialModel) credentialItem {
	return credentialItem{ID: m.ID, Description: m.Description, Environment: m.Environment, Status: m.Status,
		DisabledReason: m.DisabledReason, CreatedAt: m.CreatedAt, LastUsedAt: m.LastUsedAt}
}

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
				if wv != nil && gv.String() == wv.String() { // the same text, of another type
					t.Errorf("%s = %#v, want %#v", name, gv, wv)
					continue
				}
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

// mappedOwnAccount is the provider's own account in the tests of list and data-source mapping.
const mappedOwnAccount = "krn:partner:global:account:test:OWN00001"

// cannedAPI answers a request whose path ends in one of its keys with that key's value as
// JSON (or a cannedResponse), and every other request with 404. A key answers GET, or the
// method it starts with ("POST /portal/deep-links").
type cannedAPI map[string]any

// cannedResponse is a JSON body with response headers.
type cannedResponse struct {
	body   any
	header http.Header
}

func (c cannedAPI) RoundTrip(req *http.Request) (*http.Response, error) {
	status, body := http.StatusNotFound, []byte(`{"error_id":"e","error_type":"RESOURCE_ERROR","error_code":"NOT_FOUND","error_message":"not found"}`)
	header := http.Header{"Content-Type": {"application/json"}, "Date": {mappingNow.Format(http.TimeFormat)}}
	for key, v := range c {
		method, suffix, found := strings.Cut(key, " ")
		if !found {
			method, suffix = http.MethodGet, key
		}
		if req.Method != method || !strings.HasSuffix(req.URL.Path, suffix) {
			continue
		}
		if r, ok := v.(cannedResponse); ok {
			for name, values := range r.header {
				header[name] = values
			}
			v = r.body
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		status, body = http.StatusOK, b
	}
	return &http.Response{
		StatusCode: status, Request: req, ContentLength: int64(len(body)), Body: io.NopCloser(strings.NewReader(string(body))), Header: header,
	}, nil
}

// mappingNow is the API's time in the tests of list and data-source mapping.
var mappingNow = time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)

// recordingAPI answers as its cannedAPI does and records each request other than a GET as
// "METHOD path body".
type recordingAPI struct {
	cannedAPI
	mu   sync.Mutex
	sent []string
}

func (r *recordingAPI) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodGet {
		var body []byte
		if req.Body != nil {
			var err error
			if body, err = io.ReadAll(req.Body); err != nil {
				return nil, err
			}
		}
		r.mu.Lock()
		r.sent = append(r.sent, req.Method+" "+req.URL.Path+" "+string(body))
		r.mu.Unlock()
	}
	return r.cannedAPI.RoundTrip(req)
}

// requests are the requests other than GETs sent so far.
func (r *recordingAPI) requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.sent)
}

// cannedData is a configured provider whose API answers as api does.
func cannedData(t *testing.T, api http.RoundTripper) *providerData {
	t.Helper()
	client, err := klarna.New(klarna.Config{BaseURL: "https://api.example.test", APIKey: "klarna_test_api_x", Transport: api, Clock: fixedClock(mappingNow)})
	if err != nil {
		t.Fatal(err)
	}
	return &providerData{client: client, environment: "test", accountID: mappedOwnAccount, clock: fixedClock(mappingNow)}
}

// objectOf is a value of typ with the given attributes and every other attribute null.
func objectOf(t *testing.T, typ tftypes.Type, set map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	obj, ok := typ.(tftypes.Object)
	if !ok {
		t.Fatalf("%s is not an object type", typ)
	}
	values := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		values[name] = tftypes.NewValue(at, nil)
		if v, ok := set[name]; ok {
			values[name] = v
		}
	}
	for name := range set {
		if _, ok := obj.AttributeTypes[name]; !ok {
			t.Fatalf("no attribute %s", name)
		}
	}
	return tftypes.NewValue(typ, values)
}

// readDataSource runs the data source's Read with the given configuration and returns the
// state it wrote; any error fails t.
func readDataSource(t *testing.T, ds datasource.DataSource, config map[string]tftypes.Value) tfsdk.State {
	t.Helper()
	ctx := t.Context()
	var schemaResp datasource.SchemaResponse
	ds.Schema(ctx, datasource.SchemaRequest{}, &schemaResp)
	typ := schemaResp.Schema.Type().TerraformType(ctx)
	raw := objectOf(t, typ, config)
	// As the framework does, the state starts as the configuration.
	req := datasource.ReadRequest{Config: tfsdk.Config{Schema: schemaResp.Schema, Raw: raw}}
	resp := datasource.ReadResponse{State: tfsdk.State{Schema: schemaResp.Schema, Raw: raw.Copy()}}
	ds.Read(ctx, req, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("Read: %v", resp.Diagnostics)
	}
	return resp.State
}

// findListed runs a list resource's find with the given configuration; any error fails t.
func findListed(t *testing.T, lr list.ListResource, find func(context.Context, list.ListRequest, *diag.Diagnostics) []listedObject,
	config map[string]tftypes.Value) []listedObject {
	t.Helper()
	ctx := t.Context()
	var schemaResp list.ListResourceSchemaResponse
	lr.ListResourceConfigSchema(ctx, list.ListResourceSchemaRequest{}, &schemaResp)
	typ := schemaResp.Schema.Type().TerraformType(ctx)
	var diags diag.Diagnostics
	found := find(ctx, list.ListRequest{Config: tfsdk.Config{Schema: schemaResp.Schema, Raw: objectOf(t, typ, config)}}, &diags)
	if diags.HasError() {
		t.Fatalf("find: %v", diags)
	}
	return found
}

// checkListed fails t unless a listed object has the display name and identity given.
func checkListed(t *testing.T, got listedObject, displayName string, identity ...[2]string) {
	t.Helper()
	if got.displayName != displayName {
		t.Errorf("display name %q, want %q", got.displayName, displayName)
	}
	asMap := func(pairs [][2]string) map[string]string {
		m := map[string]string{}
		for _, p := range pairs {
			m[p[0]] = p[1]
		}
		return m
	}
	if len(got.identity) != len(identity) || !reflect.DeepEqual(asMap(got.identity), asMap(identity)) {
		t.Errorf("identity %v, want %v", got.identity, identity)
	}
}

// listAccountCases are the list resources' account_id arguments a find test takes: omitted,
// which lists the provider's own account, and a partner's; want is the account_id listed.
var listAccountCases = []struct {
	name    string
	account tftypes.Value
	want    string
}{
	{"own account", tftypes.NewValue(tftypes.String, nil), mappedOwnAccount},
	{"partner account", tftypes.NewValue(tftypes.String, mappedPartnerID), mappedPartnerID},
}

// checkCredentialListFind lists two credentials (the mapped one and the other) from the
// canned answer at route, for the own account and for a partner, and checks each listed
// object's display name, identity and model: want gives the model expected for the i-th
// credential in the account.
func checkCredentialListFind[M any](t *testing.T, newList func() list.ListResource, route string, answer any,
	noun string, want func(i int, account string) M) {
	t.Helper()
	for _, tc := range listAccountCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r, ok := newList().(*credentialListResource)
			if !ok {
				t.Fatalf("the list resource is %T, want *credentialListResource", newList())
			}
			r.data = cannedData(t, cannedAPI{route: answer})
			found := findListed(t, r, r.find, map[string]tftypes.Value{"account_id": tc.account})
			if len(found) != 2 {
				t.Fatalf("found %d %s, want 2", len(found), noun)
			}
			checkListed(t, found[0], "checkout ("+mappedCredentialID+")", [2]string{"account_id", tc.want}, [2]string{"id", mappedCredentialID})
			checkListed(t, found[1], otherCredentialID, [2]string{"account_id", tc.want}, [2]string{"id", otherCredentialID})
			for i, f := range found {
				m, ok := f.resource.(*M)
				if !ok {
					t.Fatalf("resource %d is %T, want *%T", i, f.resource, *new(M))
				}
				checkFields(t, *m, want(i, tc.want))
			}
		})
	}
}
