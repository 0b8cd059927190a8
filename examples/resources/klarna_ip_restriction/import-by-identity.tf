# Terraform 1.12 or later. An empty identity means the provider's own account; the identity
# Terraform stores always holds the account's KRN.
import {
  to       = klarna_ip_restriction.own
  identity = {}
}

import {
  to = klarna_ip_restriction.partner
  identity = {
    account_id = "krn:partner:global:account:live:LYABCDEI"
  }
}
