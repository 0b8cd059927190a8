terraform {
  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

# Certificates that expire within 60 days, for monitoring.
data "klarna_client_certificates" "active" {
  status = "ACTIVE"
}

locals {
  expiring = [
    for c in data.klarna_client_certificates.active.client_certificates : c
    if timecmp(c.not_after, timeadd(plantimestamp(), "1440h")) < 0
  ]
}

output "expiring_certificates" {
  value = { for c in local.expiring : c.id => "${c.usage} ${c.subject_common_name} expires ${c.not_after}" }
}
