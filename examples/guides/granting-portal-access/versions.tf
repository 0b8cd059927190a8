terraform {
  required_version = ">= 1.10" # ephemeral resources

  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

# The API key comes from KLARNA_API_KEY; the signing identity from
# KLARNA_SIGNING_CERTIFICATE_FILE and KLARNA_SIGNING_PRIVATE_KEY_FILE, or from a
# portal_signing block here.
provider "klarna" {}

variable "partner_account_id" {
  description = "A partner account onboarded through the provider's account."
  type        = string
}
