variable "acquirer_account_id" {
  description = "The provider's own account."
  type        = string
}

# A developer at the partner, acting as the partner (on_behalf_of defaults to account_id).
resource "klarna_portal_user" "developer" {
  email      = "dev@partner.example"
  account_id = var.partner_account_id
  roles      = ["merchant:developer"]
}

# The acquiring partner's support agent inside the partner's account, with reduced rights.
resource "klarna_portal_user" "support" {
  email        = "support@psp.example"
  account_id   = var.partner_account_id
  on_behalf_of = var.acquirer_account_id
  roles        = ["merchant:agent"]
}
