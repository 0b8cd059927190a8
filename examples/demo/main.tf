# The demo configuration: an API key and a client ID for the provider's own account and
# for one partner account. The provider reads its settings from the KLARNA_* environment
# variables that `make demo` sets for the mock API.
terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

provider "klarna" {}

variable "partner_account_id" {
  description = "A partner account onboarded through the provider's account."
  type        = string
}

data "klarna_account" "me" {}

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

output "account_id" {
  value = data.klarna_account.me.account_id
}

output "own_api_key_id" {
  value = klarna_api_key.own.id
}

output "own_api_key" {
  value     = klarna_api_key.own.api_key
  sensitive = true
}

output "own_client_id" {
  value = klarna_client_id.own.client_id
}

output "partner_api_key_id" {
  value = klarna_api_key.partner.id
}

output "partner_api_key" {
  value     = klarna_api_key.partner.api_key
  sensitive = true
}

output "partner_client_id" {
  value = klarna_client_id.partner.client_id
}
