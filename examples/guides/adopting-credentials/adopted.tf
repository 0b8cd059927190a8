# Written by the scratch configuration, with literal IDs; rename the resources as you like
# before the first apply. Delete the import blocks once that apply has imported them.
import {
  to = klarna_api_key.key_0b554535_d9bd_4a43_9bda_9ce1396bad0e
  id = "0b554535-d9bd-4a43-9bda-9ce1396bad0e"
}

resource "klarna_api_key" "key_0b554535_d9bd_4a43_9bda_9ce1396bad0e" {
  description = "checkout backend"
  enabled     = true
}

import {
  to = klarna_client_id.client_d3717f61_6f38_498d_9c37_c662623cf803
  id = "d3717f61-6f38-498d-9c37-c662623cf803"
}

resource "klarna_client_id" "client_d3717f61_6f38_498d_9c37_c662623cf803" {
  description     = "storefront"
  allowed_origins = ["https://shop.example.com"]
  enabled         = true
}
