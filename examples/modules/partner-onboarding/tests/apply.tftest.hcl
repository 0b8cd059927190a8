# Applies the module against the API named by the KLARNA_* environment variables, checks
# its outputs, and destroys what it made when the file is done.

provider "klarna" {
  # Configured from the KLARNA_* environment variables.
}

variables {
  account_id = var.partner_account_id
  origins    = ["https://partner.example.com", "http://localhost:8080"]
  users = [
    { email = "Owner@Partner.example", roles = ["merchant:admin"] },
    { email = "dev@partner.example", roles = ["merchant:developer"], on_behalf_of = var.partner_account_id },
  ]
}

run "onboards_the_partner" {
  assert {
    condition     = can(regex("^klarna_(live|test)_client_", output.client_id))
    error_message = "client_id must be a Klarna client ID (klarna_<env>_client_...)."
  }

  assert {
    condition     = can(regex("^klarna_(live|test)_api_", output.api_key))
    error_message = "api_key must be the partner's new secret API key."
  }

  assert {
    condition     = output.api_key_id == klarna_api_key.partner.id && output.api_key_id != ""
    error_message = "api_key_id must be the credential ID of the partner's key."
  }

  assert {
    condition     = keys(output.portal_users) == ["dev@partner.example", "owner@partner.example"]
    error_message = "portal_users must hold every user, keyed by lower-case email."
  }

  assert {
    condition     = alltrue([for status in values(output.portal_users) : status == "INVITED"])
    error_message = "Every portal user must be INVITED until first sign-in."
  }
}

run "plans_no_replacement_after_apply" {
  command = plan

  # A replacement would leave the IDs unknown in the plan, which fails the assertion.
  assert {
    condition     = klarna_api_key.partner.id != "" && klarna_client_id.partner.id != ""
    error_message = "A second plan must keep the partner's API key and client ID."
  }

  assert {
    condition     = alltrue([for u in klarna_portal_user.this : u.id != ""])
    error_message = "A second plan must keep every portal user."
  }
}
