# Every API key of the provider's own account.
list "klarna_api_key" "own" {
  provider         = klarna
  include_resource = true
}

# The disabled checkout keys of a partner account.
list "klarna_api_key" "partner_checkout_disabled" {
  provider = klarna
  config {
    account_id        = "krn:partner:global:account:live:LYABCDEI"
    status            = "DISABLED"
    description_regex = "^checkout"
  }
}
