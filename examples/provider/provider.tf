terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

# The API key comes from KLARNA_API_KEY; the environment (live or test) from its prefix.
provider "klarna" {}

variable "klarna_client_certificate_pem" {
  description = "An ACTIVE API client certificate of the provider's account."
  type        = string
}

variable "klarna_client_private_key_pem" {
  description = "The certificate's private key."
  type        = string
  sensitive   = true
}

# Once the account enforces mTLS, the provider also presents an API client certificate.
provider "klarna" {
  alias                  = "mtls"
  client_certificate_pem = var.klarna_client_certificate_pem
  client_private_key_pem = var.klarna_client_private_key_pem
}
