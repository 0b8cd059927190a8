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

# An API key of the provider's own account, rotated whenever `rotation` changes. With
# create_before_destroy the new key exists before the old one is deleted.
resource "klarna_api_key" "backend" {
  description = "checkout backend"
  keepers = {
    rotation = "2026-11"
  }

  lifecycle {
    create_before_destroy = true
  }
}

# A partner's own API key, for the partner's integration.
resource "klarna_api_key" "partner" {
  account_id  = var.partner_account_id
  description = "partner integration"
}

output "backend_api_key" {
  value     = klarna_api_key.backend.api_key
  sensitive = true
}
