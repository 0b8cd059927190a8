terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

variable "partner_account_id" {
  type = string
}

variable "mtls_enforced_from" {
  description = "When the provider's own account starts requiring mTLS: \"NOW\", or an RFC 3339 time at most 3 months ahead, set once and kept."
  type        = string
}

variable "partner_mtls_enforced_from" {
  description = "The moment agreed with the partner: \"NOW\", or an RFC 3339 time at most 3 months ahead, set once and kept."
  type        = string
}

variable "api_csr_pem" {
  description = "A CSR for the provider's own mTLS certificate."
  type        = string
}

variable "partner_api_csr_pem" {
  description = "The partner's CSR for its own mTLS certificate."
  type        = string
}

# The provider's own account: enforced from a planned moment, once data.klarna_account
# reports the provider's connection as VALID. The time is checked when it is set or
# changed; once it has passed, the unchanged value plans no change. depends_on makes a
# destroy remove the enforcement before revoking the certificate.
data "klarna_account" "me" {}

resource "klarna_mtls_enforcement" "own" {
  enforced_from = var.mtls_enforced_from
  depends_on    = [klarna_client_certificate.api]
}

# create_before_destroy: on an enforced account a renewal must issue the successor before
# the old certificate is revoked, or the lock-out guard refuses the revocation.
resource "klarna_client_certificate" "api" {
  usage   = "API"
  csr_pem = var.api_csr_pem

  lifecycle {
    create_before_destroy = true
  }
}

# A partner account: constrains the partner's own keys. The provider checks the account
# holds an ACTIVE API certificate; agree the date with the partner.
resource "klarna_client_certificate" "partner_api" {
  account_id = var.partner_account_id
  usage      = "API"
  csr_pem    = var.partner_api_csr_pem

  lifecycle {
    create_before_destroy = true
  }
}

resource "klarna_mtls_enforcement" "partner" {
  account_id    = var.partner_account_id
  enforced_from = var.partner_mtls_enforced_from
  depends_on    = [klarna_client_certificate.partner_api]
}
