terraform {
  required_version = ">= 1.10" # ephemeral resources

  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

variable "partner_account_id" {
  type = string
}

# A single-use portal URL, valid for 60 seconds, that never reaches the plan or the state.
ephemeral "klarna_portal_deep_link" "login" {
  email      = "dev@partner.example"
  account_id = var.partner_account_id
  roles      = ["merchant:admin"]
  amr        = ["mfa"]
}

# Ephemeral values feed provider blocks, write-only attributes and other ephemeral
# resources, for example a secret store's write-only secret value.
locals {
  login_url = ephemeral.klarna_portal_deep_link.login.url
}
