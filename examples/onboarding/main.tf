# Onboarding every partner of an acquiring partner with the partner-onboarding module: one
# module instance per partner, keyed by account ID, from one map.
terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

variable "signing_certificate_pem" {
  description = "A JWT_SIGNING certificate of the acquiring partner's account."
  type        = string
}

variable "signing_private_key_pem" {
  description = "The private key of the JWT_SIGNING certificate that signs portal grants."
  type        = string
  sensitive   = true
}

provider "klarna" {
  # The acquiring partner's API key comes from KLARNA_API_KEY.
  portal_signing {
    certificate_pem = var.signing_certificate_pem
    private_key_pem = var.signing_private_key_pem
  }
}

locals {
  partners = {
    "krn:partner:global:account:live:LYABCDEI" = {
      origins = ["https://shop.example.com"]
      users = [
        { email = "owner@shop.example", roles = ["merchant:admin"] },
        { email = "dev@shop.example", roles = ["merchant:developer"] },
      ]
    }
    "krn:partner:global:account:live:QW12ER34" = {
      origins = ["https://store.example.org", "https://checkout.example.org"]
      users = [
        { email = "admin@example.org", roles = ["merchant:admin", "merchant:developer"] },
      ]
    }
  }
}

module "partner" {
  source   = "../modules/partner-onboarding"
  for_each = local.partners

  account_id = each.key
  origins    = each.value.origins
  users      = each.value.users
}

# What each partner needs: hand the API key over through a secret store, never in the clear.
output "client_ids" {
  value = { for account, m in module.partner : account => m.client_id }
}

output "api_keys" {
  value     = { for account, m in module.partner : account => m.api_key }
  sensitive = true
}
