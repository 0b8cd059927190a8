terraform {
  required_version = ">= 1.8" # provider-defined functions

  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

locals {
  account = provider::klarna::parse_account_id("krn:partner:global:account:test:AB12CD34")
}

# "test" and "AB12CD34".
output "environment" {
  value = local.account.environment
}

output "id" {
  value = local.account.id
}
