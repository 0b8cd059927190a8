package provider

import (
	"strings"
	"testing"
)

func TestParseImportID(t *testing.T) {
	t.Parallel()
	const id = "0b554535-d9bd-4a43-9bda-9ce1396bad0e"
	const account = "krn:partner:global:account:test:AB12CD34"
	for _, tc := range []struct {
		in, account, id, err string
	}{
		{in: id, id: id},
		{in: account + "/" + id, account: account, id: id},
		{in: "not-a-uuid", err: "is not a UUID"},
		{in: "not-a-uuid", err: "must be <credential_id> for the provider's own account or <account_id>/<credential_id> for any account"},
		{in: "krn:bad/" + id, err: "must be an account ID (<account_id>)"},
		{in: account + "/", err: "is not a UUID"},
		{in: account + "/" + id + "/", err: "holds more than one /: it must be <credential_id> for the provider's own account or <account_id>/<credential_id>"},
		{in: account + "//" + id, err: "holds more than one /"},
		{in: "0b554535d9bd4a439bda9ce1396bad0e", err: "is not a UUID (8-4-4-4-12"},
		{in: "{" + id + "}", err: "is not a UUID (8-4-4-4-12"},
		{in: account + "/urn:uuid:" + id, err: "is not a UUID (8-4-4-4-12"},
		{in: "0B554535-D9BD-4A43-9BDA-9CE1396BAD0E", id: "0B554535-D9BD-4A43-9BDA-9CE1396BAD0E"},
	} {
		gotAccount, gotID, diags := parseImportID(tc.in, credentialIDForm)
		if tc.err != "" {
			if !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), tc.err) {
				t.Errorf("parseImportID(%q): want an error containing %q, got %v", tc.in, tc.err, diags)
			}
			continue
		}
		if diags.HasError() || gotAccount != tc.account || gotID != tc.id {
			t.Errorf("parseImportID(%q) = %q, %q, %v", tc.in, gotAccount, gotID, diags)
		}
	}
}
