terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

# Every webhook of the provider's own account, for audits and for adopting webhooks
# registered outside Terraform.
data "klarna_webhooks" "own" {}

output "webhook_urls" {
  value = [for w in data.klarna_webhooks.own.webhooks : w.url]
}
