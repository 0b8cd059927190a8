terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

# The signing keys of the provider's own account (an account holds at most 50).
data "klarna_webhook_signing_keys" "own" {}

output "signing_key_count" {
  value = length(data.klarna_webhook_signing_keys.own.signing_keys)
}
