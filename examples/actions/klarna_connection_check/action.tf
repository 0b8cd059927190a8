terraform {
  # Actions need Terraform 1.14 or later.
  required_version = ">= 1.14"
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

# Checks that the provider's own connection presents a VALID API certificate; on demand with
#
#   terraform apply -invoke=action.klarna_connection_check.mtls
#
# and before the enforcement is created, which would otherwise lock the provider out.
action "klarna_connection_check" "mtls" {}

resource "klarna_mtls_enforcement" "own" {
  enforced_from = "NOW"

  lifecycle {
    action_trigger {
      events  = [before_create]
      actions = [action.klarna_connection_check.mtls]
    }
  }
}
