# Adopt every API key of an account that was made outside Terraform, in one plan.
#
# Leave out the key the provider itself authenticates with and keys that another
# configuration manages: once adopted, removing a key from this configuration deletes it.
terraform {
  required_version = ">= 1.7" # import blocks with for_each
}

variable "excluded_api_key_ids" {
  description = "Credential IDs not to adopt: the provider's own key, keys managed elsewhere."
  type        = set(string)
}

data "klarna_api_keys" "existing" {
  status = "ENABLED"
}

locals {
  adopted_api_keys = {
    for k in data.klarna_api_keys.existing.api_keys : k.id => k
    if !contains(var.excluded_api_key_ids, k.id)
  }
}

import {
  for_each = local.adopted_api_keys
  to       = klarna_api_key.adopted[each.key]
  id       = each.key
}

resource "klarna_api_key" "adopted" {
  for_each    = local.adopted_api_keys
  description = each.value.description
}
