variable "api_private_key_pem" {
  description = "An ECDSA P-256 key (openssl ecparam -genkey -name prime256v1). Never stored in state."
  type        = string
  sensitive   = true
  ephemeral   = true
}

# The provider's own mTLS certificate, from a write-only key: the provider builds the CSR.
# create_before_destroy makes renewal two applies: the successor is issued first, and the
# old certificate is revoked once the provider presents the successor.
resource "klarna_client_certificate" "api" {
  usage                  = "API"
  description            = "provider mTLS"
  private_key_pem_wo     = var.api_private_key_pem
  private_key_wo_version = 1
  early_renewal_days     = 30

  lifecycle {
    create_before_destroy = true
  }
}

# Write it where the provider reads it: terraform output -raw api_certificate_pem > klarna-client.pem
output "api_certificate_pem" {
  value = klarna_client_certificate.api.certificate_pem
}

output "api_certificate_not_after" {
  value = klarna_client_certificate.api.not_after
}
