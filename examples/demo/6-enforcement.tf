# Step 6: enforce mTLS for the provider's own account from now on. The provider refuses
# unless its own connection verifies; depends_on makes a destroy remove the enforcement
# before it revokes the certificate.
resource "klarna_mtls_enforcement" "own" {
  enforced_from = "NOW"
  depends_on    = [klarna_client_certificate.api]
}

output "mtls_enforcement" {
  value = {
    status      = klarna_mtls_enforcement.own.status
    enforced_at = klarna_mtls_enforcement.own.enforced_at
  }
}
