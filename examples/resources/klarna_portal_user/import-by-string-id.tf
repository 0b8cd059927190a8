import {
  to = klarna_portal_user.developer
  id = "krn:partner:global:account:live:LYABCDEI/krn:partner:global:account:live:LYABCDEI/dev@partner.example"
}
