terraform {
  required_version = ">= 1.11" # write-only attributes

  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

# The API key comes from KLARNA_API_KEY. From step 2 on, the provider also presents the
# certificate of step 1, from KLARNA_CLIENT_CERTIFICATE_FILE and KLARNA_CLIENT_PRIVATE_KEY_FILE.
provider "klarna" {}
