# The module refuses to make a key of the acquiring partner's own account. The helper
# module in tests/acquirer finds that account (install it first with `terraform get`).

provider "klarna" {
  # Configured from the KLARNA_* environment variables.
}

variables {
  account_id = var.partner_account_id
  origins    = ["https://shop.example.com"]
}

run "find_the_acquirers_account" {
  module {
    source = "./tests/acquirer"
  }

  assert {
    condition     = output.account_id != var.partner_account_id
    error_message = "The partner account must not be the provider's own account."
  }
}

run "refuses_the_providers_own_account" {
  command = plan

  variables {
    account_id = run.find_the_acquirers_account.account_id
  }

  expect_failures = [klarna_api_key.partner]
}

run "accepts_the_partner_account" {
  command = plan

  assert {
    condition     = klarna_api_key.partner.account_id == var.partner_account_id
    error_message = "The API key must belong to the partner account."
  }
}
