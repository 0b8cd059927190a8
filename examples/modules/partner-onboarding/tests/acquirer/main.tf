# A helper module for the tests: reads the provider's own account, the acquiring partner's.
terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

data "klarna_account" "this" {}

output "account_id" {
  description = "The provider's own account ID (KRN)."
  value       = data.klarna_account.this.account_id
}
