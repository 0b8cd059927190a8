# Terraform 1.12 or later. Without account_id the identity means the provider's own account;
# the identity Terraform stores always holds the account's KRN.
import {
  to = klarna_client_id.storefront
  identity = {
    account_id = "krn:partner:global:account:live:LYABCDEI"
    id         = "d3717f61-6f38-498d-9c37-c662623cf803"
  }
}
