terraform {
  required_version = ">= 1.8" # provider-defined functions

  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

# The API key comes from KLARNA_API_KEY.
provider "klarna" {}
