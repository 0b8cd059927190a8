terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

variable "partner_account_id" {
  description = "A partner account onboarded through the provider's account."
  type        = string
}

resource "klarna_client_id" "storefront" {
  account_id  = var.partner_account_id
  description = "storefront"
  allowed_origins = [
    "https://shop.example.com",
    "https://checkout.example.com:8443",
    "http://localhost:3000", # http:// is allowed for localhost only
  ]
}

output "client_id" {
  value = klarna_client_id.storefront.client_id
}
