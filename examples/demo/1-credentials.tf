# Step 1: an API key and a client ID for the provider's own account and for a partner account.
resource "klarna_api_key" "own" {
  description = "demo backend"
}

resource "klarna_client_id" "own" {
  description     = "demo storefront"
  allowed_origins = ["https://shop.example.com", "http://localhost:3000"]
}

resource "klarna_api_key" "partner" {
  account_id  = var.partner_account_id
  description = "partner backend"
}

resource "klarna_client_id" "partner" {
  account_id      = var.partner_account_id
  description     = "partner storefront"
  allowed_origins = ["https://partner.example.com"]
}

# The API keys are secrets: Terraform prints them as <sensitive>.
output "own_api_key" {
  value     = klarna_api_key.own.api_key
  sensitive = true
}

output "partner_api_key" {
  value     = klarna_api_key.partner.api_key
  sensitive = true
}

output "credentials" {
  value = {
    own = {
      account     = data.klarna_account.me.account_id
      api_key_id  = klarna_api_key.own.id
      client_id   = klarna_client_id.own.client_id
      environment = data.klarna_account.me.environment
    }
    partner = {
      account    = var.partner_account_id
      api_key_id = klarna_api_key.partner.id
      client_id  = klarna_client_id.partner.client_id
    }
  }
}

# The subject a CSR for the provider's own account must carry, from a provider function.
output "csr_subject" {
  value = "/CN=${provider::klarna::account_common_name(data.klarna_account.me.account_id)}"
}
