# Onboards a new partner from nothing against the API named by the KLARNA_* environment
# variables: its account (waiting until it is OPERATIONAL), API key, client ID with the
# stores' origins, portal user and webhook with its signing key; then destroys what it
# made, which disables the account's payment product (Klarna keeps the account). The
# webhook's url is a loopback address, the only kind the in-repo mock API registers (it
# never delivers off the machine); against Klarna, give the partner's own receiver. Run with
# `terraform test -test-directory=tests/onboarding`, TF_VAR_payment_profile_id set and
# TF_VAR_partner_reference set to a reference no partner account has yet: Klarna keeps an
# onboarded account (and its reference) after destroy, so every run needs a new one.

provider "klarna" {
  # Configured from the KLARNA_* environment variables.
}

variables {
  partner = {
    reference          = var.partner_reference
    name               = "Example Shop"
    contact_email      = "owner@shop.example.com"
    payment_profile_id = var.payment_profile_id
    business_entities  = [{ reference = "${var.partner_reference}-ab", legal_name = "Example Shop AB", country = "SE" }]
    stores = [
      { reference = "web", type = "WEBSITE", name = "Web shop", url = "https://shop.example.com" },
      { reference = "city", type = "PHYSICAL_STORE", name = "City store" },
    ]
  }
  users = [{ email = "owner@shop.example.com", roles = ["merchant:admin"] }]
  webhook = {
    url         = "https://127.0.0.7:8443/klarna/events"
    event_types = ["partner.account.*", "settlement.report.created"]
  }
}

run "onboards_a_new_partner" {
  assert {
    condition     = output.account_state == "OPERATIONAL"
    error_message = "The onboarded account must be OPERATIONAL when the apply ends."
  }

  assert {
    condition     = can(regex("^krn:partner:global:account:(live|test):[A-Z0-9]+$", output.account_id))
    error_message = "account_id must be the onboarded account's KRN."
  }

  assert {
    condition     = klarna_api_key.partner.account_id == output.account_id && klarna_client_id.partner.account_id == output.account_id
    error_message = "The API key and the client ID must belong to the onboarded account."
  }

  assert {
    condition     = klarna_client_id.partner.allowed_origins == toset(["https://shop.example.com"])
    error_message = "The client ID must allow the web shop's origin."
  }

  assert {
    condition     = output.portal_users == { "owner@shop.example.com" = "INVITED" }
    error_message = "The partner's owner must be invited to the portal."
  }

  assert {
    condition     = startswith(output.webhook_id, "krn:partner:global:notification:webhook:")
    error_message = "webhook_id must be the registered webhook's ID."
  }

  assert {
    condition     = klarna_webhook.partner[0].account_id == klarna_partner_account.this[0].id && klarna_webhook_signing_key.partner[0].account_id == klarna_partner_account.this[0].id
    error_message = "The webhook and its signing key must belong to the onboarded account."
  }

  assert {
    condition     = klarna_webhook.partner[0].signing_key_id == output.webhook_signing_key_id && output.webhook_signing_key_id != ""
    error_message = "The webhook must be signed with the module's signing key."
  }

  assert {
    condition     = length(output.webhook_signing_secret) > 0
    error_message = "webhook_signing_secret must be the signing key's secret."
  }

  assert {
    condition     = klarna_webhook.partner[0].enabled && klarna_webhook.partner[0].url == "https://127.0.0.7:8443/klarna/events"
    error_message = "The webhook must be enabled and deliver to the given url."
  }
}

run "plans_no_change_after_apply" {
  command = plan

  # A replacement would leave the ID unknown in this plan, which fails the assertion.
  assert {
    condition     = startswith(klarna_partner_account.this[0].id, "krn:partner:global:account:")
    error_message = "A second plan must keep the onboarded account."
  }

  assert {
    condition     = startswith(klarna_webhook.partner[0].id, "krn:partner:global:notification:webhook:") && klarna_webhook_signing_key.partner[0].id != ""
    error_message = "A second plan must keep the webhook and its signing key."
  }
}

run "moves_the_webhook_to_a_new_url" {
  # The new webhook is registered before the old one is deleted (create_before_destroy):
  # the partner receives its events throughout.
  variables {
    webhook = {
      url         = "https://127.0.0.7:8443/klarna/events-v2"
      event_types = ["partner.account.*", "settlement.report.created"]
    }
  }

  assert {
    condition     = klarna_webhook.partner[0].url == "https://127.0.0.7:8443/klarna/events-v2" && startswith(output.webhook_id, "krn:partner:global:notification:webhook:")
    error_message = "The webhook must deliver to the new url."
  }

  assert {
    condition     = klarna_webhook.partner[0].signing_key_id == output.webhook_signing_key_id && klarna_webhook.partner[0].enabled
    error_message = "The new webhook must be enabled and signed with the module's signing key."
  }
}
