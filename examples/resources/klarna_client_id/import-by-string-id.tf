import {
  to = klarna_client_id.storefront
  id = "krn:partner:global:account:live:LYABCDEI/d3717f61-6f38-498d-9c37-c662623cf803"
}
