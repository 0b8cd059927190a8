# VALID once the provider presents an ACTIVE API certificate of the account.
data "klarna_account" "me" {}

output "mtls_verification_status" {
  value = data.klarna_account.me.mtls_verification_status
}
