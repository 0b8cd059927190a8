variable "receiver_url" {
  description = "The receiver's HTTPS URL, on port 443 or 8443."
  type        = string
}

variable "signing_key_rotation" {
  description = "Change it to rotate the signing key."
  type        = string
  default     = "1"
}

resource "klarna_webhook_signing_key" "events" {
  keepers = {
    rotation = var.signing_key_rotation
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "klarna_webhook" "events" {
  url            = var.receiver_url
  event_types    = ["partner.account.*", "settlement.report.created"]
  signing_key_id = klarna_webhook_signing_key.events.id
}

output "signing_key_id" {
  value = klarna_webhook_signing_key.events.id
}

output "signing_secret" {
  value     = klarna_webhook_signing_key.events.secret
  sensitive = true
}
