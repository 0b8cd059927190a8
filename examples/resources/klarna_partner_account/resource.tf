terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

data "klarna_payment_profiles" "available" {}

resource "klarna_partner_account" "shop" {
  reference          = "shop-0042" # your own unique reference of the partner
  name               = "Example Shop"
  contact_email      = "owner@shop.example.com"
  payment_profile_id = data.klarna_payment_profiles.available.payment_profiles[0].id

  business_entities = [
    { reference = "shop-0042-ab", legal_name = "Example Shop AB", country = "SE" },
  ]
  brands = [
    { reference = "shop-0042-brand", name = "Example Shop" },
  ]
  stores = [
    { reference = "shop-0042-web", type = "WEBSITE", name = "Web shop", url = "https://shop.example.com" },
    { reference = "shop-0042-city", type = "PHYSICAL_STORE", name = "City store" },
  ]

  # Onboarding usually completes within seconds; when the wait runs out the account is
  # kept (PARTIALLY_OPERATIONAL) with a warning, never tainted.
  timeouts {
    create = "10m"
  }
}

# The new account is usable in the same apply: its web shop's origin goes into a client ID.
resource "klarna_client_id" "web" {
  account_id      = klarna_partner_account.shop.id
  description     = "web shop"
  allowed_origins = [for s in klarna_partner_account.shop.stores : s.url if s.type == "WEBSITE"]
}

output "partner_account_id" {
  value = klarna_partner_account.shop.id
}
