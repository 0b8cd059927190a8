# Bad inputs fail at plan with the module's own messages, before any API call that
# changes anything.

provider "klarna" {
  # Configured from the KLARNA_* environment variables.
}

variables {
  account_id = var.partner_account_id
  origins    = ["https://shop.example.com"]
  users      = [{ email = "ada@example.com", roles = ["merchant:admin"] }]
}

run "rejects_an_account_id_that_is_not_a_krn" {
  command = plan

  variables {
    account_id = "LYABCDEI"
  }

  expect_failures = [var.account_id]
}

run "rejects_a_lower_case_account_id" {
  command = plan

  variables {
    account_id = "krn:partner:global:account:live:lyabcdei"
  }

  expect_failures = [var.account_id]
}

run "rejects_http_origins_other_than_localhost" {
  command = plan

  variables {
    origins = ["http://shop.example.com"]
  }

  expect_failures = [var.origins]
}

run "rejects_origins_with_a_path" {
  command = plan

  variables {
    origins = ["https://shop.example.com/"]
  }

  expect_failures = [var.origins]
}

run "rejects_no_origins" {
  command = plan

  variables {
    origins = []
  }

  expect_failures = [var.origins]
}

run "rejects_a_user_without_roles" {
  command = plan

  variables {
    users = [{ email = "ada@example.com", roles = [] }]
  }

  expect_failures = [var.users]
}

run "rejects_an_unknown_role" {
  command = plan

  variables {
    users = [{ email = "ada@example.com", roles = ["merchant:owner"] }]
  }

  expect_failures = [var.users]
}

run "rejects_the_same_email_twice" {
  command = plan

  variables {
    users = [
      { email = "ada@example.com", roles = ["merchant:admin"] },
      { email = "ADA@example.com", roles = ["merchant:agent"] },
    ]
  }

  expect_failures = [var.users]
}
