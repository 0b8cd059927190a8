package mockapi_test

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
)

func TestSizeLimits_payloadTooLarge(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	big := func(n int) string { return strings.Repeat("a", n) }
	manyHeaders := map[string]string{}
	for i := range 4 {
		manyHeaders[fmt.Sprintf("X-Filler-%d", i)] = big(5500)
	}
	tests := []struct {
		name   string
		r      req
		status int
	}{
		{"body over 1 MB", req{method: http.MethodPost, path: pathAPIKey, body: `{"description":"` + big(1<<20) + `"}`}, http.StatusRequestEntityTooLarge},
		{"body of 1 MB plus one byte", req{method: http.MethodPost, path: pathAPIKey, body: `{"description":"` + big(1<<20-17) + `"}`}, http.StatusRequestEntityTooLarge},
		{"body over 1 MB of unknown length", req{method: http.MethodPost, path: pathAPIKey, body: io.MultiReader(strings.NewReader(`{"description":"`), strings.NewReader(big(1<<20)), strings.NewReader(`"}`))}, http.StatusRequestEntityTooLarge},
		{"body of 1 MB is read and judged", req{method: http.MethodPost, path: pathAPIKey, body: `{"description":"` + big(1<<20-18) + `"}`}, http.StatusBadRequest},
		{"one header over 6 KB", req{method: http.MethodGet, path: "/v2/account", header: map[string]string{"X-Filler": big(7 << 10)}}, http.StatusRequestEntityTooLarge},
		{"one header under 6 KB", req{method: http.MethodGet, path: "/v2/account", header: map[string]string{"X-Filler": big(5 << 10)}}, http.StatusOK},
		{"headers over 20 KB in all", req{method: http.MethodGet, path: "/v2/account", header: manyHeaders}, http.StatusRequestEntityTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.r.key = m.b.APIKey
			n := len(m.state(t)[m.b.AccountID].APIKeys)
			r := m.do(t, tc.r)
			switch tc.status {
			case http.StatusRequestEntityTooLarge:
				r.wantError(t, http.StatusRequestEntityTooLarge, klarna.ErrorTypeInput, klarna.CodePayloadTooLarge)
			case http.StatusBadRequest:
				r.wantValidation(t, "description")
			default:
				r.wantStatus(t, tc.status)
			}
			if got := len(m.state(t)[m.b.AccountID].APIKeys); got != n {
				t.Fatalf("the refused request created a key")
			}
		})
	}
}

func TestMalformedBodies_validationError(t *testing.T) {
	t.Parallel()
	m := start(t, mockapi.Options{})
	key := m.createKey(t, m.b.APIKey, "/v2/account", "target").CredentialID
	paths := map[string]string{
		"create key":        pathAPIKey,
		"update key":        pathAPIKey + "/" + key,
		"create client ID":  "/v2/account/credentials/client-ids",
		"create cert":       "/v2/account/credentials/client-certificates",
		"enforce mTLS":      "/v2/account/integration/mtls",
		"grant user access": "/v2/account/portal/user-access",
		"deep link":         acct(m.b.PartnerAccountIDs[0]) + "/portal/deep-links",
	}
	methods := map[string]string{"update key": http.MethodPatch, "enforce mTLS": http.MethodPut}
	bodies := []struct {
		name      string
		body      string
		parameter string
	}{
		{"not JSON", `{"description":`, "body"},
		{"a JSON array", `[{"description":"x"}]`, "body"},
		{"a JSON string", `"text"`, "body"},
		{"null", `null`, "body"},
		{"an unknown field", `{"bogus_field":1}`, "bogus_field"},
		{"two JSON values", `{}{}`, ""}, // refused, naming the body or a field it lacks
		{"binary", "\x00\x01\x02", "body"},
		{"invalid UTF-8 in a string", "{\"description\":\"caf\xe9\"}", ""},
	}
	for route, path := range paths {
		for _, b := range bodies {
			t.Run(route+" with "+b.name, func(t *testing.T) {
				t.Parallel()
				method := methods[route]
				if method == "" {
					method = http.MethodPost
				}
				r := m.do(t, req{method: method, path: path, key: m.b.APIKey, body: b.body})
				eb := r.wantError(t, http.StatusBadRequest, klarna.ErrorTypeInput, klarna.CodeValidation)
				if b.parameter != "" {
					r.wantValidation(t, b.parameter)
				}
				if len(eb.Errors) == 0 {
					t.Fatalf("a 400 without errors[]: %s", r.body)
				}
				for _, e := range eb.Errors {
					if e.Parameter == "" || e.ErrorMessage == "" {
						t.Errorf("incomplete error entry %+v", e)
					}
				}
			})
		}
	}
	t.Run("a content type other than JSON", func(t *testing.T) {
		t.Parallel()
		r := m.do(t, req{method: http.MethodPost, path: pathAPIKey, key: m.b.APIKey, body: `{}`, header: map[string]string{"Content-Type": "text/plain"}})
		r.wantValidation(t, "Content-Type")
	})
	t.Run("invalid UTF-8 in free text", func(t *testing.T) {
		t.Parallel()
		csr := csrFor(t, newKey(t), cn(t, m.b.AccountID))
		body := `{"csr":` + strconv.Quote(csr) + `,"usage":"JWT_SIGNING","description":"caf` + "\xe9" + `"}`
		r := m.do(t, req{method: http.MethodPost, path: "/v2/account/credentials/client-certificates", key: m.b.APIKey, body: body})
		r.wantValidation(t, "body")
	})
	t.Run("a wrong JSON type", func(t *testing.T) {
		t.Parallel()
		r := m.do(t, req{method: http.MethodPost, path: pathAPIKey, key: m.b.APIKey, body: `{"description":5}`})
		r.wantValidation(t, "description")
	})
}

func TestRateLimit_perAccountBucket(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		rate float64
	}{
		// One token every 10 s: the second request is refused whatever the machine's speed.
		{"burst of one", 0.1},
		{"burst of three", 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := start(t, mockapi.Options{RateLimit: tc.rate})
			burst := max(1, int(tc.rate))
			for range burst {
				m.get(t, m.b.APIKey, "/v2/account").wantStatus(t, http.StatusOK)
			}
			var limited resp
			for range 20 {
				limited = m.get(t, m.b.APIKey, "/v2/account")
				if limited.status != http.StatusOK {
					break
				}
			}
			limited.wantError(t, http.StatusTooManyRequests, klarna.ErrorTypeTechnical, klarna.CodeRateLimited)
			ra := limited.header.Get(klarna.HeaderRetryAfter)
			secs, err := strconv.Atoi(ra)
			if err != nil || secs < 1 {
				t.Fatalf("Retry-After %q, want an integer of at least 1", ra)
			}
			if want := int(1/tc.rate + 0.999); secs > want {
				t.Errorf("Retry-After %d, want at most %d", secs, want)
			}
			// Another account has a bucket of its own.
			m.get(t, m.ForeignAPIKey(), "/v2/account").wantStatus(t, http.StatusOK)
			// The bucket refills on the mock clock.
			m.advance(t, time.Duration(secs)*time.Second)
			m.get(t, m.b.APIKey, "/v2/account").wantStatus(t, http.StatusOK)
		})
	}
	t.Run("off by default", func(t *testing.T) {
		t.Parallel()
		m := start(t, mockapi.Options{})
		for range 30 {
			m.get(t, m.b.APIKey, "/v2/account").wantStatus(t, http.StatusOK)
		}
	})
	t.Run("keys of one account share its bucket", func(t *testing.T) {
		t.Parallel()
		m := start(t, mockapi.Options{RateLimit: 0.1})
		second := m.createKey(t, m.b.APIKey, "/v2/account", "second").Secret // takes the one token
		m.get(t, second, "/v2/account").wantError(t, http.StatusTooManyRequests, klarna.ErrorTypeTechnical, klarna.CodeRateLimited)
		// The limit counts the authenticating account, not the path's account.
		m.get(t, m.b.APIKey, acct(m.b.PartnerAccountIDs[0])+"/credentials/api-keys").wantError(t, http.StatusTooManyRequests, klarna.ErrorTypeTechnical, klarna.CodeRateLimited)
	})
}
