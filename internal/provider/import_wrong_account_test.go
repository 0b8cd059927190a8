package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/partnerops/terraform-provider-klarna/internal/klarna"
	"github.com/partnerops/terraform-provider-klarna/internal/krn"
	"github.com/partnerops/terraform-provider-klarna/internal/pki"
)

// An import that names an object the account does not hold (a partner's object in the own
// account's form, or the own account's under a partner's KRN) is refused naming the account
// and the form that imports it, for every resource whose import ID is an account's object.
func TestAccImport_objectOfAnotherAccount(t *testing.T) {
	e := newAccEnv(t)
	ctx := t.Context()
	partner := e.partner(0)
	ownKey, err := e.client.CreateAPIKey(ctx, "", klarna.CreateAPIKeyRequest{Description: "own"})
	if err != nil {
		t.Fatal(err)
	}
	theirKey, err := e.client.CreateAPIKey(ctx, partner, klarna.CreateAPIKeyRequest{Description: "theirs"})
	if err != nil {
		t.Fatal(err)
	}
	theirClientID, err := e.client.CreateClientID(ctx, partner, klarna.CreateClientIDRequest{AllowedOrigins: []string{"https://shop.example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	theirSigningKey, err := e.client.CreateSigningKey(ctx, partner)
	if err != nil {
		t.Fatal(err)
	}
	p, err := krn.Parse(partner)
	if err != nil {
		t.Fatal(err)
	}
	key, _ := newKeyPEM(t)
	csr, err := pki.BuildCSR(key, p.CommonName())
	if err != nil {
		t.Fatal(err)
	}
	theirCert, err := e.client.CreateClientCertificate(ctx, partner, klarna.CreateClientCertificateRequest{CSR: string(csr), Usage: "API"})
	if err != nil {
		t.Fatal(err)
	}
	config := e.config(`
resource "klarna_api_key" "x" {
  description = "x"
}

resource "klarna_client_id" "x" {
  allowed_origins = ["https://shop.example.com"]
}

resource "klarna_webhook_signing_key" "x" {}

resource "klarna_client_certificate" "x" {
  usage = "API"
}
`)
	importStep := func(addr, id string, want ...string) resource.TestStep {
		return resource.TestStep{Config: config, ResourceName: addr, ImportState: true, ImportStateId: id, ExpectError: errorRegexp(want...)}
	}
	const ownForm = "An object of a partner account is imported as <account_id>/"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: e.factories(),
		Steps: []resource.TestStep{
			importStep("klarna_api_key.x", theirKey.CredentialID, "Cannot import API key",
				"The provider's own account holds no API key "+theirKey.CredentialID, ownForm+"<credential_id>"),
			importStep("klarna_api_key.x", partner+"/"+ownKey.CredentialID, "Cannot import API key",
				"Account "+partner+" holds no API key "+ownKey.CredentialID, "own account is imported as <credential_id> alone"),
			importStep("klarna_client_id.x", theirClientID.CredentialID, "Cannot import client ID", ownForm+"<credential_id>"),
			importStep("klarna_webhook_signing_key.x", theirSigningKey.SigningKeyID, "Cannot import webhook signing key", ownForm+"<signing_key_id>"),
			importStep("klarna_client_certificate.x", theirCert.CertificateID, "Cannot import client certificate", ownForm+"<certificate_id>"),
		},
	})
}
