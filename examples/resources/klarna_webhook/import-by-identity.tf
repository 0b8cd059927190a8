# Terraform 1.12 or later. Without account_id the identity means the provider's own account;
# the identity Terraform stores always holds the account's KRN.
import {
  to = klarna_webhook.events
  identity = {
    id = "krn:partner:global:notification:webhook:0b554535-d9bd-4a43-9bda-9ce1396bad0e"
  }
}

import {
  to = klarna_webhook.partner
  identity = {
    account_id = "krn:partner:global:account:live:LYABCDEI"
    id         = "krn:partner:global:notification:webhook:4241cf96-4312-4108-8a70-4c819e10609e"
  }
}
