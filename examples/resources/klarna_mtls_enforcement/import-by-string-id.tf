import {
  to = klarna_mtls_enforcement.own
  id = "krn:partner:global:account:live:PSPACCT1"
}
