terraform {
  required_version = ">= 1.8" # provider-defined functions

  required_providers {
    klarna = {
      source = "partnerops/klarna"
    }
  }
}

# The CN a CSR for the account must carry: LYABCDEI.
output "csr_subject" {
  value = "/CN=${provider::klarna::account_common_name("krn:partner:global:account:live:LYABCDEI")}"
}
