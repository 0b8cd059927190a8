# The demo configuration that `make demo` applies step by step against the mock API: the
# script adds the file of each step that has one (N-*.tf for step N). The provider reads its
# API key, base URL and CA from the KLARNA_* environment variables the script sets; the keys
# and the CSR come from openssl.
terraform {
  required_version = ">= 1.11"

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

variable "keys_dir" {
  description = "The directory holding the keys and the CSR made with openssl: jwt-signing.key, jwt-signing.csr, api.key, and api.pem once the API certificate is issued."
  type        = string
}

variable "present_api_certificate" {
  description = "Whether the provider presents the API client certificate (api.pem and api.key) on every request."
  type        = bool
  default     = false
}

# Until step 5 the provider authenticates with its API key only; from then on it also presents
# the API certificate it issued, for mTLS.
provider "klarna" {
  client_certificate_pem = var.present_api_certificate ? file("${var.keys_dir}/api.pem") : null
  client_private_key_pem = var.present_api_certificate ? sensitive(file("${var.keys_dir}/api.key")) : null
}

data "klarna_account" "me" {}
