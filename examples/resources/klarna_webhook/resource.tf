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

resource "klarna_webhook_signing_key" "events" {
  lifecycle {
    create_before_destroy = true
  }
}

# Account and settlement events of the provider's own account, delivered to port 8443.
resource "klarna_webhook" "events" {
  url = "https://hooks.example.com:8443/klarna"
  event_types = [
    "partner.account.*",
    "settlement.report.created",
  ]
  signing_key_id = klarna_webhook_signing_key.events.id
}

# A partner's webhook, signed with a key of the partner's account.
resource "klarna_webhook_signing_key" "partner" {
  account_id = var.partner_account_id
}

resource "klarna_webhook" "partner" {
  account_id = var.partner_account_id
  url        = "https://hooks.example.com/klarna/partners"
  event_types = [
    "partner.account.product.payment.state-change.enabled",
    "partner.account.product.payment.state-change.disabled",
  ]
  signing_key_id = klarna_webhook_signing_key.partner.id
}
