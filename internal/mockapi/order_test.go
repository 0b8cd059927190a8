package mockapi

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/partnerops/terraform-provider-klarna/internal/apirules"
)

// TestCheckHeaderSizes_namesTheFirstByName: of several headers too large, the error names
// the first in name order, every time.
func TestCheckHeaderSizes_namesTheFirstByName(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("x", apirules.MaxHeaderBytes)
	for range 20 {
		r := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/", nil)
		for _, name := range []string{"X-Zulu", "X-Echo", "X-Alpha", "X-Mike", "X-Bravo"} {
			r.Header.Set(name, big)
		}
		rep, ok := checkHeaderSizes(r)
		if ok || !strings.Contains(fmt.Sprint(rep.body), "header X-Alpha is larger") {
			t.Fatalf("got %v %+v; want the error to name X-Alpha", ok, rep.body)
		}
	}
}

// TestCheckFilter_fieldOrder: a grant outside several filters gets its errors in the
// order of the fields, every time.
func TestCheckFilter_fieldOrder(t *testing.T) {
	t.Parallel()
	in := response{query: map[string][]string{"account_id": {"a"}, "on_behalf_of": {"b"}, "principal": {"c@example.com"}}}
	g := UserAccess{AccountID: "x", OnBehalfOf: "y", Principal: "z@example.com"}
	for range 20 {
		errs := in.checkFilter("", g)
		var names []string
		for _, err := range errs {
			names = append(names, strings.Fields(err.Error())[0])
		}
		if strings.Join(names, ",") != "account_id,on_behalf_of,principal" {
			t.Fatalf("errors %v, want account_id, on_behalf_of, principal in that order", errs)
		}
	}
}
