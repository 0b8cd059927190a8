# Onboarding input is checked at plan, before anything is onboarded. Run with
# `terraform test -test-directory=tests/onboarding`, TF_VAR_payment_profile_id set to one of
# the acquiring partner's payment profiles and TF_VAR_partner_reference to a reference no
# partner account has yet. The plans use that reference with "-plan" appended, which no run
# onboards: a plan refuses a reference already in use.

provider "klarna" {
  # Configured from the KLARNA_* environment variables.
}

variables {
  partner = {
    reference          = "${var.partner_reference}-plan"
    name               = "Example Shop"
    contact_email      = "owner@shop.example.com"
    payment_profile_id = var.payment_profile_id
    stores = [
      { reference = "web", type = "WEBSITE", name = "Web shop", url = "https://shop.example.com/en" },
      { reference = "city", type = "PHYSICAL_STORE", name = "City store" },
    ]
  }
  users = [{ email = "owner@shop.example.com", roles = ["merchant:admin"] }]
}

run "plans_the_onboarding_with_the_stores_origins" {
  command = plan

  assert {
    condition     = klarna_partner_account.this[0].reference == "${var.partner_reference}-plan"
    error_message = "The module must onboard the partner under its reference."
  }

  assert {
    condition     = klarna_client_id.partner.allowed_origins == toset(["https://shop.example.com"])
    error_message = "Without origins, the client ID must allow the origins of the WEBSITE stores."
  }
}

run "waits_five_minutes_for_onboarding_by_default" {
  command = plan

  assert {
    condition     = klarna_partner_account.this[0].timeouts.create == "5m"
    error_message = "Without onboarding_timeout, onboarding must wait 5 minutes, the resource's default."
  }
}

run "passes_onboarding_timeout_to_the_partner_account" {
  command = plan

  variables {
    onboarding_timeout = "1h30m"
  }

  assert {
    condition     = klarna_partner_account.this[0].timeouts.create == "1h30m"
    error_message = "onboarding_timeout must become the partner account's timeouts.create."
  }
}

run "rejects_a_zero_onboarding_timeout" {
  command = plan

  variables {
    onboarding_timeout = "0m"
  }

  expect_failures = [var.onboarding_timeout]
}

run "rejects_a_partner_without_reference" {
  command = plan

  variables {
    partner = {
      reference          = null
      name               = "Example Shop"
      contact_email      = "owner@shop.example.com"
      payment_profile_id = var.payment_profile_id
    }
    origins = ["https://shop.example.com"]
  }

  expect_failures = [var.partner]
}

run "rejects_a_null_store" {
  command = plan

  variables {
    partner = {
      reference          = "${var.partner_reference}-plan"
      name               = "Example Shop"
      contact_email      = "owner@shop.example.com"
      payment_profile_id = var.payment_profile_id
      stores             = [null]
    }
    origins = ["https://shop.example.com"]
  }

  expect_failures = [var.partner]
}

run "rejects_a_store_without_type" {
  command = plan

  variables {
    partner = {
      reference          = "${var.partner_reference}-plan"
      name               = "Example Shop"
      contact_email      = "owner@shop.example.com"
      payment_profile_id = var.payment_profile_id
      stores             = [{ reference = "web", type = null, name = "Web shop", url = "https://shop.example.com" }]
    }
    origins = ["https://shop.example.com"]
  }

  expect_failures = [var.partner]
}

run "plans_the_webhook_with_a_signing_key_of_its_own" {
  command = plan

  variables {
    webhook = {
      url         = "https://hooks.shop.example.com:8443/klarna"
      event_types = ["partner.account.*"]
    }
  }

  assert {
    condition     = klarna_webhook.partner[0].url == "https://hooks.shop.example.com:8443/klarna"
    error_message = "The webhook must deliver to the given url."
  }

  assert {
    condition     = klarna_webhook.partner[0].event_types == toset(["partner.account.*"])
    error_message = "The webhook must deliver the given event types."
  }

  assert {
    condition     = length(klarna_webhook_signing_key.partner) == 1
    error_message = "The webhook must get a signing key of its own."
  }
}

run "plans_no_webhook_by_default" {
  command = plan

  assert {
    condition     = length(klarna_webhook.partner) == 0 && length(klarna_webhook_signing_key.partner) == 0
    error_message = "Without webhook, the module must create no webhook and no signing key."
  }
}

run "rejects_a_webhook_url_that_is_not_https" {
  command = plan

  variables {
    webhook = {
      url         = "http://hooks.shop.example.com/klarna"
      event_types = ["partner.account.*"]
    }
  }

  expect_failures = [var.webhook]
}

run "rejects_a_webhook_url_on_another_port" {
  command = plan

  variables {
    webhook = {
      url         = "https://hooks.shop.example.com:8080/klarna"
      event_types = ["partner.account.*"]
    }
  }

  expect_failures = [var.webhook]
}

run "rejects_a_webhook_without_event_types" {
  command = plan

  variables {
    webhook = {
      url         = "https://hooks.shop.example.com/klarna"
      event_types = []
    }
  }

  expect_failures = [var.webhook]
}

run "rejects_a_malformed_event_type" {
  command = plan

  variables {
    webhook = {
      url         = "https://hooks.shop.example.com/klarna"
      event_types = ["Partner.Account.*"]
    }
  }

  expect_failures = [var.webhook]
}

run "rejects_account_id_and_partner_together" {
  command = plan

  variables {
    account_id = "krn:partner:global:account:test:LYABCDEI"
  }

  expect_failures = [data.klarna_account.acquirer]
}

run "rejects_neither_account_id_nor_partner" {
  command = plan

  variables {
    partner = null
    origins = ["https://shop.example.com"]
    users   = []
  }

  expect_failures = [data.klarna_account.acquirer]
}

run "rejects_a_bad_reference" {
  command = plan

  variables {
    partner = {
      reference          = "shop 42"
      name               = "Example Shop"
      contact_email      = "owner@shop.example.com"
      payment_profile_id = var.payment_profile_id
    }
    origins = ["https://shop.example.com"]
  }

  expect_failures = [var.partner]
}

run "rejects_a_website_store_without_url" {
  command = plan

  variables {
    partner = {
      reference          = "${var.partner_reference}-plan"
      name               = "Example Shop"
      contact_email      = "owner@shop.example.com"
      payment_profile_id = var.payment_profile_id
      stores             = [{ reference = "web", type = "WEBSITE", name = "Web shop" }]
    }
    origins = ["https://shop.example.com"]
  }

  expect_failures = [var.partner]
}

run "rejects_no_origin_at_all" {
  command = plan

  variables {
    partner = {
      reference          = "${var.partner_reference}-plan"
      name               = "Example Shop"
      contact_email      = "owner@shop.example.com"
      payment_profile_id = var.payment_profile_id
      stores             = [{ reference = "city", type = "PHYSICAL_STORE", name = "City store" }]
    }
  }

  expect_failures = [klarna_client_id.partner]
}
