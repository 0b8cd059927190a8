terraform {
  # Actions need Terraform 1.14 or later.
  required_version = ">= 1.14"
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

variable "credential_type" {
  description = "What leaked: api_key or client_id."
  type        = string
  default     = "api_key"
}

variable "credential_id" {
  description = "The credential ID (a UUID) of the leaked API key or client ID."
  type        = string
}

variable "account_id" {
  description = "The account (KRN) the credential belongs to; null for the provider's own."
  type        = string
  default     = null
}

# The incident kill switch, declared once and run on demand, whether Terraform manages the
# credential or not:
#
#   terraform apply -invoke=action.klarna_credential_disable.incident \
#     -var credential_id=0b554535-d9bd-4a43-9bda-9ce1396bad0e
#
# A klarna_api_key or klarna_client_id that the configuration wants enabled is replaced
# with a new credential by the next apply, never enabled again.
action "klarna_credential_disable" "incident" {
  config {
    type       = var.credential_type
    id         = var.credential_id
    account_id = var.account_id
  }
}
