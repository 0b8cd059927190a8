# Finds what to adopt; terraform query reads this file, plan and apply do not.
variable "partner_account_ids" {
  description = "The partner accounts (KRNs) whose credentials to adopt, besides the provider's own account."
  type        = set(string)
  default     = []
}

# The provider's own account: its API keys (the provider's own among them), client IDs and
# ACTIVE certificates.
list "klarna_api_key" "own" {
  provider         = klarna
  include_resource = true
}

list "klarna_client_id" "own" {
  provider         = klarna
  include_resource = true
}

list "klarna_client_certificate" "own" {
  provider         = klarna
  include_resource = true
}

# The same for each partner account.
list "klarna_api_key" "partner" {
  for_each         = var.partner_account_ids
  provider         = klarna
  include_resource = true
  config {
    account_id = each.value
  }
}

list "klarna_client_id" "partner" {
  for_each         = var.partner_account_ids
  provider         = klarna
  include_resource = true
  config {
    account_id = each.value
  }
}

list "klarna_client_certificate" "partner" {
  for_each         = var.partner_account_ids
  provider         = klarna
  include_resource = true
  config {
    account_id = each.value
  }
}

# Every Partner Portal grant the provider's account made, in every account.
list "klarna_portal_user" "all" {
  provider         = klarna
  include_resource = true
}
