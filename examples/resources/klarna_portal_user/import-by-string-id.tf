# <account_id>/<on_behalf_of>/<email>; the email is everything after the second slash.
import {
  to = klarna_portal_user.developer
  id = "krn:partner:global:account:live:LYABCDEI/krn:partner:global:account:live:LYABCDEI/dev@partner.example"
}
