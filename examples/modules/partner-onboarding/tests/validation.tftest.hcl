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

# Null parts of an input get the rule's own message, never a raw evaluation error.

run "rejects_a_null_origin" {
  command = plan

  variables {
    origins = [null]
  }

  expect_failures = [var.origins]
}

run "rejects_a_null_user" {
  command = plan

  variables {
    users = [null]
  }

  expect_failures = [var.users]
}

run "rejects_a_user_without_email" {
  command = plan

  variables {
    users = [{ email = null, roles = ["merchant:admin"] }]
  }

  expect_failures = [var.users]
}

run "rejects_a_user_with_null_roles" {
  command = plan

  variables {
    users = [{ email = "ada@example.com", roles = null }]
  }

  expect_failures = [var.users]
}

run "rejects_a_null_role" {
  command = plan

  variables {
    users = [{ email = "ada@example.com", roles = [null] }]
  }

  expect_failures = [var.users]
}

run "rejects_a_webhook_without_url" {
  command = plan

  variables {
    webhook = { url = null, event_types = ["partner.account.*"] }
  }

  expect_failures = [var.webhook]
}

run "rejects_a_webhook_with_null_event_types" {
  command = plan

  variables {
    webhook = { url = "https://hooks.example.com/klarna", event_types = null }
  }

  expect_failures = [var.webhook]
}

run "rejects_a_null_event_type" {
  command = plan

  variables {
    webhook = { url = "https://hooks.example.com/klarna", event_types = [null] }
  }

  expect_failures = [var.webhook]
}

# Lengths are counted in characters (code points), as Klarna counts them: 1100 times "x"
# with a combining accent is 1100 letters as displayed but 2200 characters.

run "rejects_a_webhook_url_of_more_than_2048_characters" {
  command = plan

  variables {
    webhook = {
      url         = "https://hooks.example.com/${join("", [for i in range(11) : join("", [for j in range(100) : "x\u0301"])])}"
      event_types = ["partner.account.*"]
    }
  }

  expect_failures = [var.webhook]
}

run "accepts_a_webhook_url_of_2048_characters" {
  command = plan

  variables {
    webhook = {
      # 26 characters, then 1011 times two.
      url         = "https://hooks.example.com/${join("", [for i in range(1011) : "x\u0301"])}"
      event_types = ["partner.account.*"]
    }
  }

  assert {
    condition     = length(regexall("(?s).", klarna_webhook.partner[0].url)) == 2048
    error_message = "A webhook url of 2048 characters must be accepted."
  }
}
