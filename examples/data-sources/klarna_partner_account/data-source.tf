terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

data "klarna_partner_account" "shop" {
  reference = "shop-0042"
}

output "shop" {
  value = {
    id              = data.klarna_partner_account.shop.id
    state           = data.klarna_partner_account.shop.state
    payment_enabled = data.klarna_partner_account.shop.payment_enabled
    websites        = [for s in data.klarna_partner_account.shop.stores : s.url if s.type == "WEBSITE"]
  }
}
