terraform {
  required_version = ">= 1.8" # provider-defined functions

  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

variable "signing_certificate_pem" {
  type = string
}

# The x5c header value for JWTs signed outside Terraform.
output "x5c" {
  value = provider::klarna::certificate_x5c(var.signing_certificate_pem)
}
