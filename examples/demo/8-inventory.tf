# Step 8: what the accounts hold now, from list data sources, and the provider functions.
data "klarna_client_certificates" "own" {
  status = "ACTIVE"
}

data "klarna_api_keys" "partner" {
  account_id = var.partner_account_id
}

locals {
  partner = provider::klarna::parse_account_id(var.partner_account_id)
}

output "inventory" {
  value = {
    own_certificates = [
      for c in data.klarna_client_certificates.own.client_certificates : "${c.usage} ${c.status} CN=${c.subject_common_name} until ${c.not_after}"
    ]
    partner_api_keys = [for k in data.klarna_api_keys.partner.api_keys : "${k.description}: ${k.status}"]
    partner_account  = "${local.partner.id} in the ${local.partner.environment} environment"
    jwt_x5c_prefix   = "${substr(provider::klarna::certificate_x5c(klarna_client_certificate.jwt_signing.certificate_pem), 0, 24)}..."
    # ACTIVE since the developer signed in through the deep link.
    portal_user_status = klarna_portal_user.developer.status
  }
}
