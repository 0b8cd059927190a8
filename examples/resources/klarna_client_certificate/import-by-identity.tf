# Terraform 1.12 or later. Without account_id the identity means the provider's own account;
# the identity Terraform stores always holds the account's KRN.
import {
  to = klarna_client_certificate.api
  identity = {
    id = "5fc0da21-bc57-40c2-960b-d0d8c977da3f"
  }
}
