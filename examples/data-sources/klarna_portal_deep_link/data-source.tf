terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

variable "partner_account_id" {
  type = string
}

# A signed JWT for a portal that exchanges it with Klarna itself. Read at every plan with a
# new jti, and kept in state: prefer the ephemeral klarna_portal_deep_link.
data "klarna_portal_deep_link" "jwt" {
  email            = "dev@partner.example"
  account_id       = var.partner_account_id
  roles            = ["merchant:developer"]
  amr              = ["pwd", "mfa"]
  lifetime_seconds = 120
}

output "deep_link_jwt" {
  value     = data.klarna_portal_deep_link.jwt.jwt
  sensitive = true
}
