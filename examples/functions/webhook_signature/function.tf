terraform {
  required_version = ">= 1.8" # provider-defined functions

  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

variable "signing_secret" {
  description = "The secret of a klarna_webhook_signing_key."
  type        = string
  sensitive   = true
}

variable "delivery_body_file" {
  description = "A file holding a delivery's raw body, byte for byte."
  type        = string
}

# The Klarna-Signature the delivery must carry: lower-case hex HMAC-SHA256 of the raw body.
output "expected_signature" {
  value     = provider::klarna::webhook_signature(var.signing_secret, file(var.delivery_body_file))
  sensitive = true
}
