package provider

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// stateRequest is a state check's request for a state with one resource of the given values.
func stateRequest(t *testing.T, address string, values map[string]any) statecheck.CheckStateRequest {
	t.Helper()
	raw, err := json.Marshal(map[string]any{
		"format_version": "1.0",
		"values": map[string]any{"root_module": map[string]any{"resources": []any{
			map[string]any{"address": address, "mode": "managed", "type": "klarna_api_key", "name": "k", "values": values},
		}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var req statecheck.CheckStateRequest
	if err := json.Unmarshal(raw, &req.State); err != nil {
		t.Fatal(err)
	}
	return req
}

func TestAttrOf_missingOrNonStringIsAnError(t *testing.T) {
	t.Parallel()
	values := map[string]any{"id": "k-1", "enabled": true, "expires_at": nil, "count": 3}
	for _, tc := range []struct {
		name, address, attr string
		want                string
		wantErr             string
	}{
		{"a string", "klarna_api_key.k", "id", "k-1", ""},
		{"a missing attribute", "klarna_api_key.k", "jti", "", "has no attribute jti"},
		{"a null attribute", "klarna_api_key.k", "expires_at", "", "want a string"},
		{"a bool", "klarna_api_key.k", "enabled", "", "want a string"},
		{"a number", "klarna_api_key.k", "count", "", "want a string"},
		{"a missing resource", "klarna_api_key.other", "id", "", "not in state"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := attrOf(stateRequest(t, "klarna_api_key.k", values), tc.address, tc.attr)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("attrOf: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("attrOf = %q, %v; want an error with %q", got, err, tc.wantErr)
			case got != tc.want:
				t.Fatalf("attrOf = %q, want %q", got, tc.want)
			}
		})
	}
	if _, err := attrOf(statecheck.CheckStateRequest{}, "klarna_api_key.k", "id"); err == nil {
		t.Fatal("attrOf of no state gave no error")
	}
}

func TestExpectBefore_missingAttributeFails(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		before  any
		check   expectBefore
		wantErr string
	}{
		{"equal", map[string]any{"ready_for_renewal": true}, expectBefore{"klarna_client_certificate.c", "ready_for_renewal", true}, ""},
		{"different", map[string]any{"ready_for_renewal": false}, expectBefore{"klarna_client_certificate.c", "ready_for_renewal", true}, "want true"},
		{"null wanted, attribute missing", map[string]any{}, expectBefore{"klarna_client_certificate.c", "ready_for_renewal", nil}, "has no attribute ready_for_renewal"},
		{"null wanted, null held", map[string]any{"ready_for_renewal": nil}, expectBefore{"klarna_client_certificate.c", "ready_for_renewal", nil}, ""},
		{"no value before a create", nil, expectBefore{"klarna_client_certificate.c", "ready_for_renewal", nil}, "no value before the change"},
		{"another resource", map[string]any{}, expectBefore{"klarna_client_certificate.other", "ready_for_renewal", nil}, "no change for"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			raw, err := json.Marshal(map[string]any{
				"format_version": "1.2",
				"resource_changes": []any{map[string]any{
					"address": "klarna_client_certificate.c", "mode": "managed", "type": "klarna_client_certificate", "name": "c",
					"change": map[string]any{"actions": []string{"update"}, "before": tc.before},
				}},
			})
			if err != nil {
				t.Fatal(err)
			}
			var req plancheck.CheckPlanRequest
			if err := json.Unmarshal(raw, &req.Plan); err != nil {
				t.Fatal(err)
			}
			var resp plancheck.CheckPlanResponse
			tc.check.CheckPlan(t.Context(), req, &resp)
			switch {
			case tc.wantErr == "" && resp.Error != nil:
				t.Fatalf("CheckPlan: %v", resp.Error)
			case tc.wantErr != "" && (resp.Error == nil || !strings.Contains(resp.Error.Error(), tc.wantErr)):
				t.Fatalf("CheckPlan gave %v; want an error with %q", resp.Error, tc.wantErr)
			}
		})
	}
}

func TestCheckDestroyed_requiresAResourceOfTheType(t *testing.T) {
	t.Parallel()
	found := func(string, string) error { return nil }
	for _, tc := range []struct {
		name      string
		resources map[string]*terraform.ResourceState
		get       func(accountID, id string) error
		wantErr   string
	}{
		{"none of the type", map[string]*terraform.ResourceState{
			"klarna_api_key.k": {Type: "klarna_api_key", Primary: &terraform.InstanceState{ID: "k-1"}},
		}, found, "holds no klarna_client_id"},
		{"still there", map[string]*terraform.ResourceState{
			"klarna_client_id.c": {Type: "klarna_client_id", Primary: &terraform.InstanceState{ID: "c-1"}},
		}, found, "still exists"},
		{"another error", map[string]*terraform.ResourceState{
			"klarna_client_id.c": {Type: "klarna_client_id", Primary: &terraform.InstanceState{ID: "c-1"}},
		}, func(string, string) error { return errors.New("boom") }, "boom"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := &terraform.State{Modules: []*terraform.ModuleState{{Path: []string{"root"}, Resources: tc.resources}}}
			err := (&accEnv{t: t}).checkDestroyed("klarna_client_id", tc.get)(s)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("checkDestroyed gave %v; want an error with %q", err, tc.wantErr)
			}
		})
	}
}
