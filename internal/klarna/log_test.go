package klarna_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi"
	"github.com/partnerops/terraform-provider-klarna/internal/mockapi/mocktest"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

func TestClient_logsMaskSecrets(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mockapi.Options{})
	c := mocktest.Client(t, m)
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(t.Context(), &out)

	created, err := c.CreateAPIKey(ctx, "", klarna.CreateAPIKeyRequest{Description: "logged"})
	if err != nil {
		t.Fatal(err)
	}
	cid, err := c.CreateClientID(ctx, "", klarna.CreateClientIDRequest{AllowedOrigins: []string{"https://a.example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	// A request body that carries a private key (as a mistaken CSR would) is masked too.
	key, _ := pki.EncodePrivateKeyPEM(newKey(t))
	_, _ = c.CreateClientCertificate(ctx, "", klarna.CreateClientCertificateRequest{CSR: string(key), Usage: "API"})

	logs := out.String()
	for _, want := range []string{"Sending API request", "Received API response", "partner_correlation_id", "klarna_correlation_id", `"status":201`, "API response body"} {
		if !strings.Contains(logs, want) {
			t.Errorf("the logs lack %q", want)
		}
	}
	for name, secret := range map[string]string{
		"the provider's API key": m.Bootstrap().APIKey,
		"the created API key":    created.Secret,
		"the client ID":          cid.ClientID,
		"a private key":          "PRIVATE KEY-----",
	} {
		if strings.Contains(logs, secret) {
			t.Errorf("%s reached the logs", name)
		}
	}
}

func TestRedact(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{`{"api_key":"klarna_test_api_AbC123_x"}`, `{"api_key":"***"}`},
		{`{"signing_key_id":"k","secret":"Zm9vYmFyYmF6cXV4LXF1dXgtd2VibG9vay1zZWNyZXQ"}`, `{"signing_key_id":"k","secret":"***"}`},
		{"Basic klarna_live_api_xyz", "Basic ***"},
		{"Authorization: Basic a2xhcm5hX3Rlc3Q=", "Authorization: Basic ***"},
		{`"url":"https://h/_mock/portal/login?token=abcDEF123"`, `"url":"https://h/_mock/portal/login?token=***"`},
		{"jwt eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl end", "jwt *** end"},
		{"-----BEGIN EC PRIVATE KEY-----\nMHcCAQ\n-----END EC PRIVATE KEY-----", "***"},
		{"nothing secret here", "nothing secret here"},
	} {
		if got := klarna.Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestClient_payloadTooLarge(t *testing.T) {
	t.Parallel()
	m := mocktest.Start(t, mockapi.Options{})
	c := mocktest.Client(t, m)
	_, err := c.CreateClientCertificate(t.Context(), "", klarna.CreateClientCertificateRequest{CSR: strings.Repeat("A", 1<<20), Usage: "API"})
	apiErr, ok := klarna.AsAPIError(err)
	if !ok || apiErr.StatusCode != 413 {
		t.Fatalf("want 413, got %v", err)
	}
	if n := m.Requests().ByRoute["POST /v2/account/credentials/client-certificates"]; n != 1 {
		t.Fatalf("a 413 must not be retried; the mock saw %d requests", n)
	}
}
