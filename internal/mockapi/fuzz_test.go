package mockapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

// FuzzPortalJWT sends arbitrary tokens to the two routes that verify portal JWTs: the mock
// must refuse each with a client error and never fail or panic.
func FuzzPortalJWT(f *testing.F) {
	srv, err := mockapi.New(mockapi.Options{})
	if err != nil {
		f.Fatal(err)
	}
	b := srv.Bootstrap()
	for _, seed := range []string{
		"", "a.b.c", "eyJhbGciOiJFUzI1NiJ9.e30.AAAA", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
		"eyJhbGciOiJFUzI1NiIsIng1YyI6WyJBQUFBIl19.eyJpc3MiOiJrcm4ifQ.c2ln", "....",
	} {
		f.Add(seed, true)
		f.Add(seed, false)
	}
	f.Fuzz(func(t *testing.T, token string, deepLink bool) {
		path := "/v2/account/portal/user-access"
		if deepLink {
			path = "/v2/accounts/" + b.PartnerAccountIDs[0] + "/portal/deep-links"
		}
		body, err := json.Marshal(map[string]string{"jwt": token})
		if err != nil {
			t.Skip()
		}
		req := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "https://127.0.0.1"+path, bytes.NewReader(body))
		req.Header.Set("Authorization", "Basic "+b.APIKey)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code < 400 || rec.Code >= 500 {
			t.Fatalf("token %q: status %d, want a client error; body %s", token, rec.Code, rec.Body)
		}
		if len(srv.Violations()) > 0 {
			t.Fatalf("token %q broke the contract: %v", token, srv.Violations())
		}
	})
}
