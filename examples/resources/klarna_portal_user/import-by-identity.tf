# Terraform 1.12 or later. on_behalf_of may be left out when it is account_id; the email is
# matched without regard to case and stored in the identity in lower case.
import {
  to = klarna_portal_user.developer
  identity = {
    account_id = "krn:partner:global:account:live:LYABCDEI"
    email      = "dev@partner.example"
  }
}
