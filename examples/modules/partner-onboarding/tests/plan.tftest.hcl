# Plans the module against the API named by the KLARNA_* environment variables and checks
# what it would create. Nothing is applied.

provider "klarna" {
  # api_key, base_url, the CA and portal_signing come from KLARNA_API_KEY,
  # KLARNA_BASE_URL, KLARNA_CA_CERTIFICATE_FILE, KLARNA_SIGNING_CERTIFICATE_FILE and
  # KLARNA_SIGNING_PRIVATE_KEY_FILE.
}

variables {
  account_id = var.partner_account_id
  origins    = ["https://shop.example.com", "http://localhost:3000"]
  users = [
    { email = "Ada.Admin@Example.com", roles = ["merchant:admin"] },
    { email = "dev@example.com", roles = ["merchant:developer", "merchant:agent"], on_behalf_of = var.partner_account_id },
  ]
}

run "plans_the_partners_credentials_and_users" {
  command = plan

  assert {
    condition     = klarna_api_key.partner.account_id == var.partner_account_id
    error_message = "The API key must belong to the partner account."
  }

  assert {
    condition     = klarna_api_key.partner.keepers == tomap({ rotation = "" })
    error_message = "The API key's keepers must hold the rotation value."
  }

  assert {
    condition     = klarna_client_id.partner.account_id == var.partner_account_id
    error_message = "The client ID must belong to the partner account."
  }

  assert {
    condition     = klarna_client_id.partner.allowed_origins == toset(["https://shop.example.com", "http://localhost:3000"])
    error_message = "The client ID must allow exactly the given origins."
  }

  assert {
    condition     = keys(klarna_portal_user.this) == ["ada.admin@example.com", "dev@example.com"]
    error_message = "There must be one portal user per person, keyed by lower-case email."
  }

  assert {
    condition     = alltrue([for u in klarna_portal_user.this : u.account_id == var.partner_account_id])
    error_message = "Every portal user must get access to the partner account."
  }

  assert {
    condition     = klarna_portal_user.this["ada.admin@example.com"].on_behalf_of == var.partner_account_id
    error_message = "A user without on_behalf_of must act as the partner account."
  }

  assert {
    condition     = klarna_portal_user.this["dev@example.com"].roles == toset(["merchant:developer", "merchant:agent"])
    error_message = "A portal user must get exactly the given roles."
  }
}

run "rotation_value_reaches_the_keepers" {
  command = plan

  variables {
    key_rotation = "2026-11"
  }

  assert {
    condition     = klarna_api_key.partner.keepers["rotation"] == "2026-11"
    error_message = "key_rotation must be fed to the API key's keepers."
  }
}
