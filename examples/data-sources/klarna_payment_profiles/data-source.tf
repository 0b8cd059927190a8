terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

data "klarna_payment_profiles" "available" {}

output "eur_profile_ids" {
  value = [for p in data.klarna_payment_profiles.available.payment_profiles : p.id if p.currency == "EUR"]
}
