# The CN a CSR for the account must carry: LYABCDEI.
output "csr_subject" {
  value = "/CN=${provider::klarna::account_common_name("krn:partner:global:account:live:LYABCDEI")}"
}
