# The lasting configuration: the provider, and the adopted credentials that
# terraform query -generate-config-out writes beside it.
terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

# The API key comes from KLARNA_API_KEY.
provider "klarna" {}
