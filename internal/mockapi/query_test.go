package mockapi_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/openapi"
)

// stateSummary counts what every account holds, to see that a refused request changed nothing.
func (m *mock) stateSummary(t *testing.T) string {
	t.Helper()
	var lines []string
	for id, a := range m.state(t) {
		lines = append(lines, fmt.Sprintf("%s keys=%d ids=%d certs=%d grants=%d mtls=%s", id,
			len(a.APIKeys), len(a.ClientIDs), len(a.ClientCertificates), len(a.UserAccess), a.MTLS.Status))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func TestUserAccessRevoke_badFilterRevokesNothing(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	own, p1, p2 := m.b.AccountID, m.b.PartnerAccountIDs[0], m.b.PartnerAccountIDs[1]
	signer := m.issue(t, m.b.APIKey, "/v2/account", own, "JWT_SIGNING")
	m.grant(t, m.claims("alice@example.com", p1), signer).wantStatus(t, http.StatusCreated)
	m.grant(t, m.claims("bob@example.com", p2), signer).wantStatus(t, http.StatusCreated)

	tests := []struct {
		name      string
		query     string
		parameter string
	}{
		{"misspelt filter", "principle=alice%40example.com", "principle"},
		{"misspelt filter beside a good one", "account_id=" + url.QueryEscape(p1) + "&onbehalfof=" + url.QueryEscape(p1), "onbehalfof"},
		{"a filter given twice", "principal=alice%40example.com&principal=bob%40example.com", "principal"},
		{"a filter given twice, once empty", "principal=&principal=alice%40example.com", "principal"},
		{"a value that is not validly escaped", "principal=alice%zz", "principal"},
		{"a semicolon", "principal=alice%40example.com;account_id=x", "principal"},
		{"a name that is not validly escaped", "princ%zzipal=alice%40example.com", "princ%zzipal"},
		{"a name that differs in case", "Principal=alice%40example.com", "Principal"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Not parallel: each case must find both grants still there.
			m.del(t, m.b.APIKey, pathUserAccess+"?"+tc.query).wantValidation(t, tc.parameter)
			if got := m.listAccess(t, nil); len(got) != 2 {
				t.Fatalf("after a refused DELETE ?%s: %d grants left, want 2", tc.query, len(got))
			}
		})
	}
	// The list route refuses the same way.
	m.get(t, m.b.APIKey, pathUserAccess+"?principle=alice%40example.com").wantValidation(t, "principle")
	// A correct filter still revokes exactly what it names.
	m.del(t, m.b.APIKey, pathUserAccess+"?principal=alice%40example.com").wantStatus(t, http.StatusNoContent)
	if got := keysOf(m.listAccess(t, nil)); len(got) != 1 || !strings.HasPrefix(got[0], "bob@example.com ") {
		t.Fatalf("after revoking alice: %q", got)
	}
}

// concretePath fills a document path template with the accounts and IDs of the mock.
func concretePath(m *mock, template string) string {
	return strings.NewReplacer(
		"/v2/accounts/{account_id}", acct(m.b.PartnerAccountIDs[0]),
		"{credential_id}", uuid.NewString(),
		"{certificate_id}", uuid.NewString(),
	).Replace(template)
}

func TestQueryParameters_refusedOnEveryRoute(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	ops, err := openapi.Operations()
	if err != nil {
		t.Fatal(err)
	}
	params, err := openapi.QueryParameters()
	if err != nil {
		t.Fatal(err)
	}
	before := m.stateSummary(t)
	for _, op := range ops {
		path := concretePath(m, op.Path)
		body := validBody(t, op.Method, path, m.b.PartnerAccountIDs[0])
		send := func(query string) resp {
			return m.do(t, req{method: op.Method, path: path + "?" + query, key: m.b.APIKey, body: body,
				header: map[string]string{hdrIdem: uuid.NewString()}})
		}
		t.Run(op.OperationID+" "+op.Path+" unknown", func(t *testing.T) {
			send("bogus=1").wantValidation(t, "bogus")
			send("bogus").wantValidation(t, "bogus")
		})
		for _, name := range params[op.Method+" "+op.Path] {
			t.Run(op.OperationID+" "+op.Path+" repeated "+name, func(t *testing.T) {
				send(name+"=alice%40example.com&"+name+"=bob%40example.com").wantValidation(t, name)
			})
		}
	}
	if after := m.stateSummary(t); after != before {
		t.Fatalf("refused requests changed the mock's state:\n%s\nwas\n%s", after, before)
	}
}

func TestQueryParameters_controlPlane(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	tests := []struct {
		name, method, path, parameter string
	}{
		{"clock", http.MethodGet, "/_mock/clock?advance=1h", "advance"},
		{"state", http.MethodGet, "/_mock/state?account_id=x", "account_id"},
		{"clear faults", http.MethodDelete, "/_mock/faults?method=GET", "method"},
		{"portal login, token twice", http.MethodGet, "/_mock/portal/login?token=a&token=b", "token"},
		{"portal login, misspelt token", http.MethodGet, "/_mock/portal/login?tokn=a", "tokn"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// The control plane is not the API: it sends no correlation IDs, but refuses in
			// the API's shape.
			r := m.control(t, tc.method, tc.path, nil)
			r.wantStatus(t, http.StatusBadRequest)
			var eb klarna.ErrorBody
			r.decode(t, &eb)
			if eb.ErrorCode != klarna.CodeValidation || len(eb.Errors) != 1 || eb.Errors[0].Parameter != tc.parameter {
				t.Fatalf("body %s, want a VALIDATION_ERROR naming %s", r.body, tc.parameter)
			}
		})
	}
	m.control(t, http.MethodGet, "/_mock/clock", nil).wantStatus(t, http.StatusOK)
}

func TestHeaderParameters_repeatedRefused(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	send := func(t *testing.T, method, path, name string, values ...string) resp {
		t.Helper()
		hr, err := http.NewRequestWithContext(t.Context(), method, m.URL+path, strings.NewReader(`{"description":"x"}`))
		if err != nil {
			t.Fatal(err)
		}
		hr.Header.Set("Authorization", "Basic "+m.b.APIKey)
		hr.Header.Set("Content-Type", "application/json")
		for _, v := range values {
			hr.Header.Add(name, v)
		}
		res, err := m.client.Do(hr)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = res.Body.Close() }()
		b, _ := io.ReadAll(res.Body)
		return resp{status: res.StatusCode, header: res.Header, body: b}
	}
	keys := func() int { return len(m.state(t)[m.b.AccountID].APIKeys) }
	stored := uuid.NewString()
	send(t, http.MethodPost, pathAPIKey, hdrIdem, stored).wantStatus(t, http.StatusCreated)
	before := keys()

	send(t, http.MethodPost, pathAPIKey, hdrIdem, uuid.NewString(), uuid.NewString()).wantValidation(t, hdrIdem)
	// A stored key followed by another is not a repeat of the stored request.
	send(t, http.MethodPost, pathAPIKey, hdrIdem, stored, uuid.NewString()).wantValidation(t, hdrIdem)
	send(t, http.MethodPost, pathAPIKey, klarna.HeaderPartnerCorrelationID, "abc", "def").wantValidation(t, klarna.HeaderPartnerCorrelationID)
	send(t, http.MethodGet, "/v2/account", klarna.HeaderPartnerCorrelationID, "abc", "abc").wantValidation(t, klarna.HeaderPartnerCorrelationID)
	if got := keys(); got != before {
		t.Fatalf("refused requests created %d keys", got-before)
	}
}
