# The API returns every attribute of a webhook: an import with the same configuration plans
# no change.
import {
  to = klarna_webhook.events
  id = "krn:partner:global:notification:webhook:0b554535-d9bd-4a43-9bda-9ce1396bad0e"
}
