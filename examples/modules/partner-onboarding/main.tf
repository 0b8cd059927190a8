# Onboards one partner account: its own API key, a client ID for its web origins and
# Partner Portal access for its people. The caller configures the klarna provider,
# including portal_signing, which signs the user-access grants.

# The acquiring partner's own account: the partner's key must never belong to it.
data "klarna_account" "acquirer" {}

locals {
  # Keyed by lower-case email: Klarna compares addresses without regard to case.
  users = { for u in var.users : lower(u.email) => u }
}

resource "klarna_api_key" "partner" {
  account_id  = var.account_id
  description = var.description

  keepers = {
    rotation = var.key_rotation
  }

  lifecycle {
    create_before_destroy = true

    precondition {
      condition     = var.account_id != data.klarna_account.acquirer.account_id
      error_message = "The account_id ${var.account_id} is the provider's own account. This module creates a key for a partner account only: a partner must never hold a key that acts for the acquiring partner or for other partners."
    }
  }
}

resource "klarna_client_id" "partner" {
  account_id      = var.account_id
  description     = var.description
  allowed_origins = var.origins
}

resource "klarna_portal_user" "this" {
  for_each = local.users

  email        = each.key
  account_id   = var.account_id
  on_behalf_of = each.value.on_behalf_of
  roles        = each.value.roles
}
