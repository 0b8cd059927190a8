package main

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

const testPartner = "krn:partner:global:account:test:PARTNER1"

func TestAddressFromDescription_roundTrip(t *testing.T) {
	t.Parallel()
	own := &account{tag: "own", id: "krn:partner:global:account:test:OWNACCT1", own: true}
	partner := &account{tag: "partner", id: testPartner}
	for _, typ := range []string{typeAPIKey, typeClientID, typeCertificate} {
		for _, a := range []*account{own, partner} {
			for _, gen := range []int{0, 3} {
				s := &spec{typ: typ, acct: a, n: 11, desc: gen}
				got, ok := addressFromDescription(s.description())
				if !ok || got != s.address() {
					t.Errorf("addressFromDescription(%q) = %q, %v; want %q", s.description(), got, ok, s.address())
				}
			}
		}
	}
	for _, desc := range []string{"", "bootstrap key", "chaos api_key", "chaos api_key elsewhere 1", "chaos portal_user own 1", "chaos api_key own x", "chaos api_key own -1"} {
		if got, ok := addressFromDescription(desc); ok {
			t.Errorf("addressFromDescription(%q) = %q, want none", desc, got)
		}
	}
}

func TestConfigJSON_describesEveryPresentResource(t *testing.T) {
	t.Parallel()
	m, err := newModel([]*account{{tag: "own", id: "krn:partner:global:account:test:OWNACCT1", own: true}, {tag: "partner", id: testPartner}})
	if err != nil {
		t.Fatal(err)
	}
	if n := m.present(); n < 50 {
		t.Fatalf("%d resources, want at least 50", n)
	}
	m.find(typeAPIKey, m.accounts[0], 3).present = false
	b, err := m.configJSON()
	if err != nil {
		t.Fatal(err)
	}
	cfg := string(b)
	for _, want := range []string{`"own_2"`, `"partner_3"`, `"account_id": "` + testPartner + `"`, "BEGIN CERTIFICATE REQUEST", `"chaos client_certificate partner 1"`} {
		if !strings.Contains(cfg, want) {
			t.Errorf("the configuration lacks %s", want)
		}
	}
	if strings.Contains(cfg, `"chaos api_key own 3"`) {
		t.Error("the configuration holds a resource that is not present")
	}
}

func TestAudit_classifies(t *testing.T) {
	t.Parallel()
	state := []stateResource{
		{address: "klarna_api_key.own_0", typ: typeAPIKey, id: "k0"},
		{address: "klarna_api_key.own_1", typ: typeAPIKey, id: "k1"},
		{address: "klarna_client_id.partner_0", typ: typeClientID, id: "c0"},
	}
	objects := []serverObject{
		{typ: typeAPIKey, id: "k0", address: "klarna_api_key.own_0"},
		{typ: typeAPIKey, id: "k0b", address: "klarna_api_key.own_0"},        // duplicate
		{typ: typeAPIKey, id: "k2", address: "klarna_api_key.own_2"},         // orphan
		{typ: typeClientID, id: "c0", address: "klarna_client_id.partner_0"}, // in state
	}
	r := audit(state, objects)
	if len(r.duplicates) != 1 || r.duplicates[0].id != "k0b" {
		t.Errorf("duplicates %+v, want k0b", r.duplicates)
	}
	if len(r.orphans) != 1 || r.orphans[0].id != "k2" {
		t.Errorf("orphans %+v, want k2", r.orphans)
	}
	if len(r.missing) != 1 || r.missing[0].id != "k1" {
		t.Errorf("missing %+v, want k1", r.missing)
	}
}

func TestImportCommand_ownAndPartner(t *testing.T) {
	t.Parallel()
	own := "krn:partner:global:account:test:OWNACCT1"
	tests := []struct {
		o    serverObject
		want string
	}{
		{serverObject{id: "k1", accountID: own, address: "klarna_api_key.own_12"}, "terraform import klarna_api_key.own_12 k1"},
		{serverObject{id: "c1", accountID: testPartner, address: "klarna_client_certificate.partner_4"}, "terraform import klarna_client_certificate.partner_4 " + testPartner + "/c1"},
	}
	for _, tc := range tests {
		if got := tc.o.importCommand(own); got != tc.want {
			t.Errorf("importCommand = %q, want %q", got, tc.want)
		}
	}
}

// Every request the provider can send on the campaign's accounts matches at most one fault
// route, so the faults pending on that route are all it can meet; and every fault route
// is a route of the client.
func TestCampaignRoutes_neverOverlap(t *testing.T) {
	t.Parallel()
	routes := campaignRoutes(testPartner)
	used := make([]bool, len(routes))
	fill := strings.NewReplacer("{account_id}", testPartner, "{credential_id}", "0b554535-d9bd-4a43-9bda-9ce1396bad0e",
		"{certificate_id}", "5fc0da21-bc57-40c2-960b-d0d8c977da3f")
	for _, rt := range klarna.Routes() {
		path := fill.Replace(rt.Path)
		var matched []string
		for i, r := range routes {
			if r.matches(rt.Method, path) {
				matched = append(matched, r.String())
				used[i] = true
			}
		}
		if len(matched) > 1 {
			t.Errorf("%s %s matches %d fault routes: %v", rt.Method, path, len(matched), matched)
		}
	}
	for i, u := range used {
		if !u {
			t.Errorf("fault route %s matches no route of the client", routes[i])
		}
	}
}

func TestCooldownFor_outlastsTheClientsWait(t *testing.T) {
	t.Parallel()
	for n := 1; n <= klarna.DefaultMaxRetries/2; n++ {
		longestWait := max(klarna.DefaultRetryBaseDelay<<(n-1), time.Second) // backoff ceiling after n failures, or Retry-After 1 s
		if got := cooldownFor(n); got < longestWait+time.Second {
			t.Errorf("cooldownFor(%d) = %s, want at least a second more than %s", n, got, longestWait)
		}
	}
}

func TestAttributeServed_creditsTheFirstPendingEpisode(t *testing.T) {
	t.Parallel()
	routes := campaignRoutes(testPartner)
	find := func(method, path string) int {
		for i, r := range routes {
			if r.method == method && r.path == path {
				return i
			}
		}
		t.Fatalf("no route %s %s", method, path)
		return -1
	}
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation(logTimeLayout, s, time.Local)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	postCerts := find("POST", "/v2/accounts/"+testPartner+"/credentials/client-certificates")
	getKeys := find("GET", "/v2/account/credentials/api-keys/*")
	episodes := []*episode{
		{route: postCerts, variant: variantIndex(mockapi.FaultCommitThenDrop, 0), count: 1, armedAt: at("2026/01/02 10:00:00.000000")},
		{route: postCerts, variant: variantIndex(mockapi.FaultTimeout, 0), count: 2, armedAt: at("2026/01/02 10:00:00.000100")},
		{route: getKeys, variant: variantIndex(mockapi.FaultRateLimited, 1), count: 3, armedAt: at("2026/01/02 10:00:00.000000"),
			clearedAt: at("2026/01/02 10:00:05.000000")},
	}
	escaped := "/v2/accounts/krn%3Apartner%3Aglobal%3Aaccount%3Atest%3APARTNER1/credentials/client-certificates"
	log := strings.Join([]string{
		"mockapi: 2026/01/02 09:59:59.000000 serving https://127.0.0.1:1234 (state in /tmp/x)",
		"mockapi: 2026/01/02 10:00:01.000000 POST " + escaped + ": fault commit_then_drop after status 201",
		"mockapi: 2026/01/02 10:00:01.500000 POST " + escaped + " 500 90µs",
		"mockapi: 2026/01/02 10:00:02.000000 POST " + escaped + " 500 90µs",
		"mockapi: 2026/01/02 10:00:02.500000 POST " + escaped + " 201 1.1ms",
		"mockapi: 2026/01/02 10:00:03.000000 GET /v2/account/credentials/api-keys/0b554535 429 80µs",
		"mockapi: 2026/01/02 10:00:03.100000 GET /v2/account/credentials/api-keys/0b554535 503 80µs", // another kind
		"mockapi: 2026/01/02 10:00:06.000000 GET /v2/account/credentials/api-keys/0b554535 429 80µs", // after the clear
		"mockapi: 2026/01/02 10:00:07.000000 DELETE /v2/account/credentials/api-keys/0b554535: fault drop",
	}, "\n")
	tally, err := attributeServed(strings.NewReader(log), routes, episodes)
	if err != nil {
		t.Fatal(err)
	}
	if got := []int{episodes[0].served, episodes[1].served, episodes[2].served}; fmt.Sprint(got) != "[1 2 1]" {
		t.Errorf("served %v, want [1 2 1]", got)
	}
	if tally.lines != 7 || tally.mismatched != 1 || tally.unattributed != 2 {
		t.Errorf("tally %+v, want 7 lines, 1 mismatched, 2 unattributed", tally)
	}
}

func TestOperationStats_fromProviderLog(t *testing.T) {
	t.Parallel()
	line := func(attempt int, id, key string) string {
		s := fmt.Sprintf("2026-11-23T15:27:58.907Z [DEBUG] provider.terraform-provider-klarna: Sending API request: path=/v2/account/credentials/api-keys attempt=%d", attempt)
		if key != "" {
			s += " idempotency_key=" + key
		}
		return s + " partner_correlation_id=" + id + " @module=klarna.klarna_http method=POST route=/v2/account/credentials/api-keys"
	}
	log := strings.Join([]string{
		line(1, "aaa", "k-1"), line(1, "aaa", "k-1"), line(2, "aaa", "k-1"), line(3, "aaa", "k-1"),
		line(1, "bbb", "k-2"), line(2, "bbb", "k-3"),
		line(1, "ccc", ""),
		"2026-11-23T15:27:58.907Z [DEBUG] provider.terraform-provider-klarna: Received API response: attempt=7 partner_correlation_id=ccc",
	}, "\n")
	s := newOperationStats()
	if err := s.read(strings.NewReader(log)); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(s.histogram()); got != "[0 1 1 1]" {
		t.Errorf("histogram %s, want [0 1 1 1]", got)
	}
	if n, route := s.most(); n != 3 || route != "POST /v2/account/credentials/api-keys" {
		t.Errorf("most = %d %q", n, route)
	}
	if n := s.keyChanges(); n != 1 {
		t.Errorf("keyChanges = %d, want 1", n)
	}
}

func TestGuidanceProblem_requiresEveryPart(t *testing.T) {
	t.Parallel()
	own := &account{tag: "own", id: "krn:partner:global:account:test:OWNACCT1", own: true}
	partner := &account{tag: "partner", id: testPartner}
	c := &campaign{model: &model{accounts: []*account{own, partner}}}
	if _, err := c.model.add(typeAPIKey, own, 12); err != nil {
		t.Fatal(err)
	}
	if _, err := c.model.add(typeClientID, partner, 10); err != nil {
		t.Fatal(err)
	}
	guidance := func(typ, prefix string) string {
		return "The request may or may not have been carried out: the API did not answer before the retries ran out.\n\n...\n\n" +
			"The thing may exist ... import it instead of creating another:\n  terraform import " + typ + ".<name> " + prefix + "<id>"
	}
	tests := []struct {
		name string
		d    diagnostic
		want string
	}{
		{"own account", diagnostic{Summary: "Unable to create API key", Address: "klarna_api_key.own_12", Detail: guidance(typeAPIKey, "")}, ""},
		{"partner account", diagnostic{Summary: "Unable to create client ID", Address: "klarna_client_id.partner_10", Detail: guidance(typeClientID, testPartner+"/")}, ""},
		{"partner account not named", diagnostic{Summary: "Unable to create client ID", Address: "klarna_client_id.partner_10", Detail: guidance(typeClientID, "")}, "partner account"},
		{"not a create", diagnostic{Summary: "Unable to update API key", Address: "klarna_api_key.own_12", Detail: guidance(typeAPIKey, "")}, "not a failed create"},
		{"outcome not unknown", diagnostic{Summary: "Unable to create API key", Address: "klarna_api_key.own_12", Detail: "HTTP 429"}, "outcome is unknown"},
		{"no import", diagnostic{Summary: "Unable to create API key", Address: "klarna_api_key.own_12", Detail: "the outcome is unknown"}, "import"},
	}
	for _, tc := range tests {
		got := c.guidanceProblem(tc.d)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: guidanceProblem = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestParseFlags_defaultsAndRefusals(t *testing.T) {
	t.Parallel()
	if o, err := parseFlags(nil, io.Discard); err != nil || o.timeout != 20*time.Minute || o.burst != 3 || o.faults != 1000 {
		t.Fatalf("defaults %+v, %v", o, err)
	}
	for _, args := range [][]string{{"-burst", "0"}, {"-burst", "5"}, {"-timeout", "0s"}, {"-faults", "0"}, {"extra"}, {"-bogus"}} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("parseFlags(%q) accepted", args)
		}
	}
}
