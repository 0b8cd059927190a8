# Terraform 1.12 or later. The identity is the partner account's ID (KRN); to import by the
# partner's reference, use the import ID "ref:<reference>" instead.
import {
  to = klarna_partner_account.shop
  identity = {
    id = "krn:partner:global:account:live:LYABCDEI"
  }
}
