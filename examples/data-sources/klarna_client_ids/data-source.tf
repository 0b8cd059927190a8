terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

data "klarna_client_ids" "storefronts" {
  description_regex = "^storefront"
}

output "storefront_origins" {
  value = { for c in data.klarna_client_ids.storefronts.client_ids : c.client_id => c.allowed_origins }
}
