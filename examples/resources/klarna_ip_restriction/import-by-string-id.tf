# The API returns the mode and the blocks: an import with the same configuration plans no
# change (require_verified_connection is set to its default, true).
import {
  to = klarna_ip_restriction.own
  id = "krn:partner:global:account:live:PSPACCT1"
}
