# Step 4: an API client certificate for mTLS. The provider builds the CSR from a key given
# write-only. Step 5 saves the certificate as api.pem and applies again with
# present_api_certificate = true, so that the provider presents it on every request.
resource "klarna_client_certificate" "api" {
  usage                  = "API"
  description            = "demo provider mTLS"
  private_key_pem_wo     = file("${var.keys_dir}/api.key")
  private_key_wo_version = 1
}

# Read after the certificate is issued: NOT_PRESENT while the provider presents nothing,
# VALID once it presents the certificate.
data "klarna_account" "after_certificate" {
  depends_on = [klarna_client_certificate.api]
}

output "api_certificate_pem" {
  value = klarna_client_certificate.api.certificate_pem
}

output "mtls" {
  value = {
    certificate         = "${klarna_client_certificate.api.usage} CN=${klarna_client_certificate.api.subject_common_name} SHA-256 ${substr(klarna_client_certificate.api.fingerprint_sha256, 0, 16)}..."
    provider_presents   = var.present_api_certificate
    verification_status = data.klarna_account.after_certificate.mtls_verification_status
  }
}
