# Declares where the klarna provider comes from; terraform query (Terraform 1.14 or later)
# reads the list blocks of list-resource.tfquery.hcl beside it.
terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

provider "klarna" {}
