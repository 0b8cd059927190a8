# Step 2: a JWT_SIGNING certificate issued from a CSR made with openssl, and a portal user
# granted with a JWT it signs. The key goes to a write-only argument: never in the state.
resource "klarna_client_certificate" "jwt_signing" {
  usage       = "JWT_SIGNING"
  description = "demo portal signing"
  csr_pem     = file("${var.keys_dir}/jwt-signing.csr")
}

resource "klarna_portal_user" "developer" {
  email      = "dev@partner.example"
  account_id = var.partner_account_id
  roles      = ["merchant:developer"]

  signing_certificate_pem    = klarna_client_certificate.jwt_signing.certificate_pem
  signing_private_key_pem_wo = file("${var.keys_dir}/jwt-signing.key")
}

output "portal_user" {
  value = {
    grant               = klarna_portal_user.developer.id
    status              = klarna_portal_user.developer.status
    signing_certificate = "${klarna_client_certificate.jwt_signing.usage} CN=${klarna_client_certificate.jwt_signing.subject_common_name} until ${klarna_client_certificate.jwt_signing.not_after}"
  }
}
