variable "sample_delivery_file" {
  description = "A delivery body your receiver stored, to check its signature by hand."
  type        = string
  default     = null
}

# The Klarna-Signature the stored delivery must carry, computed as a receiver computes it.
output "sample_signature" {
  value     = var.sample_delivery_file == null ? null : provider::klarna::webhook_signature(klarna_webhook_signing_key.events.secret, file(var.sample_delivery_file))
  sensitive = true
}
