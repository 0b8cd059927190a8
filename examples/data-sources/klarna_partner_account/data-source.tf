terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

# By the acquiring partner's own reference...
data "klarna_partner_account" "shop" {
  reference = "shop-0042"
}

# ...or by the account's ID (KRN).
data "klarna_partner_account" "outlet" {
  id = "krn:partner:global:account:test:AB12CD34"
}

output "shop" {
  value = {
    id              = data.klarna_partner_account.shop.id
    state           = data.klarna_partner_account.shop.state
    payment_enabled = data.klarna_partner_account.shop.payment_enabled
    websites        = [for s in data.klarna_partner_account.shop.stores : s.url if s.type == "WEBSITE"]
  }
}

output "outlet_reference" {
  value = data.klarna_partner_account.outlet.reference
}
