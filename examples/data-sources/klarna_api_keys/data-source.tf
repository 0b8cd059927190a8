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

# Keys Klarna disabled, for an audit.
data "klarna_api_keys" "disabled" {
  account_id = var.partner_account_id
  status     = "DISABLED"
}

output "disabled_keys" {
  value = {
    for k in data.klarna_api_keys.disabled.api_keys : k.id => "${k.description}: ${k.disabled_reason}"
  }
}
