variable "mtls_enforced_from" {
  description = "When the account starts requiring mTLS: \"NOW\", or an RFC 3339 time at most 3 months ahead. Set it once and keep it."
  type        = string
}

# Checked when it is set or changed: not in the past, at most 3 months ahead. Once the
# moment has passed, the unchanged value plans no change. depends_on makes a destroy
# remove the enforcement before revoking the certificate.
resource "klarna_mtls_enforcement" "own" {
  enforced_from = var.mtls_enforced_from
  depends_on    = [klarna_client_certificate.api]
}
