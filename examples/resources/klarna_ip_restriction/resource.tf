terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

variable "ip_enforcement_mode" {
  description = "\"REPORTING\" first; \"ENFORCED\" in a later apply, once every integration reports ALLOWED."
  type        = string
  default     = "REPORTING"
}

# The addresses the provider's own account's API keys may be used from, the provider's
# own egress address among them.
resource "klarna_ip_restriction" "own" {
  enforcement_mode = var.ip_enforcement_mode
  cidr_blocks = [
    "203.0.113.0/24",
    "2001:db8:1234::/48",
  ]
}
