# The API shows a signing key's secret only when it is created: an imported key has
# secret = null (it cannot be recovered), and keepers = null until the configuration sets
# them, which then only records them. Import only keys whose secret you hold elsewhere.
import {
  to = klarna_webhook_signing_key.events
  id = "6c0f4a1e-2b7d-4e9a-8f31-0d5c2b9e7a14"
}
