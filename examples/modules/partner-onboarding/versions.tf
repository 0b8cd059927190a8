terraform {
  required_version = ">= 1.11"

  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}
