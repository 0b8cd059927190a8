terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

# A signing key of the provider's own account, rotated whenever `rotation` changes. With
# create_before_destroy the new key exists, and the webhooks name it, before the old one is
# deleted: no delivery goes unsigned.
resource "klarna_webhook_signing_key" "events" {
  keepers = {
    rotation = "1"
  }

  lifecycle {
    create_before_destroy = true
  }
}

# Hand the secret to the receiver (here as a sensitive output; a secret store is better).
output "webhook_signing_secret" {
  value     = klarna_webhook_signing_key.events.secret
  sensitive = true
}
