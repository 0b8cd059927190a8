variable "ip_enforcement_mode" {
  description = "\"REPORTING\" in the first apply, \"ENFORCED\" in the second."
  type        = string
  default     = "REPORTING"
}

variable "allowed_cidr_blocks" {
  description = "Every address your integrations, and Terraform, call Klarna from."
  type        = set(string)
}

resource "klarna_ip_restriction" "own" {
  enforcement_mode = var.ip_enforcement_mode
  cidr_blocks      = var.allowed_cidr_blocks
}
