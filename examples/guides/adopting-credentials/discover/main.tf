# A scratch configuration, used once: it lists the account's credentials and writes the
# configuration that adopts them. It manages nothing.
terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

provider "klarna" {}

variable "account_id" {
  description = "The partner account (KRN) whose credentials to adopt; null for the provider's own account."
  type        = string
  default     = null
}

variable "excluded_ids" {
  description = "Credential IDs not to adopt: the API key the provider authenticates with, and credentials another configuration manages."
  type        = set(string)
  default     = []
}

# Every credential, enabled or not: a key Klarna disabled for inactivity is adopted too.
data "klarna_api_keys" "all" {
  account_id = var.account_id
}

data "klarna_client_ids" "all" {
  account_id = var.account_id
}

locals {
  import_prefix = var.account_id == null ? "" : "${var.account_id}/"
  account_line  = var.account_id == null ? "" : "account_id = ${jsonencode(var.account_id)}\n  "
  api_keys      = [for k in data.klarna_api_keys.all.api_keys : k if !contains(var.excluded_ids, k.id)]
  client_ids    = [for c in data.klarna_client_ids.all.client_ids : c if !contains(var.excluded_ids, c.id)]

  # A credential disabled by hand or for security stays disabled; one disabled for
  # inactivity is enabled again by the first apply, as every managed credential is.
  api_key_blocks = [for k in local.api_keys : <<-EOT
    import {
      to = klarna_api_key.key_${replace(k.id, "-", "_")}
      id = "${local.import_prefix}${k.id}"
    }

    resource "klarna_api_key" "key_${replace(k.id, "-", "_")}" {
      ${local.account_line}description = ${jsonencode(k.description)}
      enabled     = ${k.status == "ENABLED" || k.disabled_reason == "INACTIVITY"}
    }
    EOT
  ]
  client_id_blocks = [for c in local.client_ids : <<-EOT
    import {
      to = klarna_client_id.client_${replace(c.id, "-", "_")}
      id = "${local.import_prefix}${c.id}"
    }

    resource "klarna_client_id" "client_${replace(c.id, "-", "_")}" {
      ${local.account_line}description     = ${jsonencode(c.description)}
      allowed_origins = ${jsonencode(sort(c.allowed_origins))}
      enabled         = ${c.status == "ENABLED" || c.disabled_reason == "INACTIVITY"}
    }
    EOT
  ]
}

# terraform output -raw adopted_tf > ../adopted.tf, then terraform fmt in that directory.
output "adopted_tf" {
  value = join("\n", concat(local.api_key_blocks, local.client_id_blocks))
}
