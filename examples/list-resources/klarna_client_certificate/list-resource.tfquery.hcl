# The ACTIVE mTLS certificates of a partner account (ACTIVE is the default status).
list "klarna_client_certificate" "partner_mtls" {
  provider         = klarna
  include_resource = true
  config {
    account_id = "krn:partner:global:account:live:LYABCDEI"
    usage      = "API"
  }
}

# Revoked and expired certificates of the provider's own account, for an audit.
list "klarna_client_certificate" "revoked" {
  provider = klarna
  config {
    status = "REVOKED"
  }
}
