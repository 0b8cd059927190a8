terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

data "klarna_account" "me" {}

output "account_id" {
  value = data.klarna_account.me.account_id
}

# VALID once the provider presents an ACTIVE API client certificate of the account.
output "mtls_verification_status" {
  value = data.klarna_account.me.mtls_verification_status
}
