# Onboards one partner: its Klarna partner account (when `partner` is given; else the
# existing account_id), its own API key, a client ID for its web origins, Partner Portal
# access for its people and, when `webhook` is given, a webhook with its signing key. The caller configures the klarna provider, including
# portal_signing, which signs the user-access grants.

# The acquiring partner's own account: the partner's key must never belong to it.
data "klarna_account" "acquirer" {
  lifecycle {
    precondition {
      condition     = (var.partner == null) != (var.account_id == null)
      error_message = "Give exactly one of partner (to onboard a new partner account) and account_id (a partner account onboarded earlier)."
    }
  }
}

resource "klarna_partner_account" "this" {
  count = var.partner == null ? 0 : 1

  reference          = var.partner.reference
  name               = var.partner.name
  contact_email      = var.partner.contact_email
  payment_profile_id = var.partner.payment_profile_id
  business_entities  = var.partner.business_entities
  brands             = var.partner.brands
  stores             = var.partner.stores

  timeouts {
    create = var.onboarding_timeout
  }
}

locals {
  # Keyed by lower-case email: Klarna compares addresses without regard to case.
  users = { for u in var.users : lower(u.email) => u if(u == null ? false : u.email != null) }

  account_id = var.partner == null ? var.account_id : klarna_partner_account.this[0].id

  # Without origins, the client ID serves the origins of the partner's website stores.
  store_origins = var.partner == null ? [] : distinct([
    for s in var.partner.stores : lower(regex("^https://[^/?#]+", s.url))
    if(s == null ? false : s.type == "WEBSITE" && can(regex("^https://[^/?#]+", s.url)))
  ])
  origins = var.origins != null ? var.origins : local.store_origins
}

resource "klarna_api_key" "partner" {
  account_id  = local.account_id
  description = var.description

  keepers = {
    rotation = var.key_rotation
  }

  lifecycle {
    create_before_destroy = true

    precondition {
      condition     = local.account_id != data.klarna_account.acquirer.account_id
      error_message = "The account_id ${local.account_id} is the provider's own account. This module creates a key for a partner account only: a partner must never hold a key that acts for the acquiring partner or for other partners."
    }
  }
}

resource "klarna_client_id" "partner" {
  account_id      = local.account_id
  description     = var.description
  allowed_origins = local.origins

  lifecycle {
    precondition {
      condition     = length(local.origins) > 0
      error_message = "The client ID needs at least one web origin: give origins, or a WEBSITE store with its url in partner.stores."
    }
  }
}

resource "klarna_portal_user" "this" {
  for_each = local.users

  email        = each.key
  account_id   = local.account_id
  on_behalf_of = each.value.on_behalf_of
  roles        = each.value.roles
}

# The partner's webhook, when asked for: its own signing key, so that the partner checks
# deliveries with a secret no other partner holds.
resource "klarna_webhook_signing_key" "partner" {
  count = var.webhook == null ? 0 : 1

  account_id = local.account_id

  # A replacement key is created, and the webhook pointed at it, before the old key is
  # deleted: Klarna refuses to delete a key that a webhook still signs with.
  lifecycle {
    create_before_destroy = true
  }
}

resource "klarna_webhook" "partner" {
  count = var.webhook == null ? 0 : 1

  account_id     = local.account_id
  url            = var.webhook.url
  event_types    = var.webhook.event_types
  signing_key_id = klarna_webhook_signing_key.partner[0].id

  # A new url replaces the webhook: the new one is registered before the old one is deleted,
  # so no event goes undelivered in between. Klarna refuses only a second webhook with the
  # same url and the same event types, which a replacement (a new url) never is.
  lifecycle {
    create_before_destroy = true
  }
}
