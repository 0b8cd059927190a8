# The enabled client IDs of each partner account.
variable "partner_account_ids" {
  type    = set(string)
  default = ["krn:partner:global:account:live:LYABCDEI"]
}

list "klarna_client_id" "partner" {
  for_each         = var.partner_account_ids
  provider         = klarna
  include_resource = true
  config {
    account_id = each.value
    status     = "ENABLED"
  }
}
