# Every webhook of the provider's own account.
list "klarna_webhook" "own" {
  provider         = klarna
  include_resource = true
}

# The disabled webhooks of a partner account that deliver to one URL.
list "klarna_webhook" "partner_orders_disabled" {
  provider = klarna
  config {
    account_id = "krn:partner:global:account:live:LYABCDEI"
    url        = "https://hooks.example.com/klarna/orders"
    enabled    = false
  }
}
