# Terraform 1.12 or later. Without account_id the identity means the provider's own account;
# the identity Terraform stores always holds the account's KRN. An imported key has
# secret = null: import only keys whose secret you hold elsewhere.
import {
  to = klarna_webhook_signing_key.events
  identity = {
    id = "6c0f4a1e-2b7d-4e9a-8f31-0d5c2b9e7a14"
  }
}

import {
  to = klarna_webhook_signing_key.partner
  identity = {
    account_id = "krn:partner:global:account:live:LYABCDEI"
    id         = "1d7e3f2a-9c4b-4a8e-b6d5-3e2f1a0c9b87"
  }
}
