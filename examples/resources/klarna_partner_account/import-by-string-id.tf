# A partner onboarded earlier (or before a destroy, which only disables its payment
# product) is brought under management by its reference; the import plans no change.
import {
  to = klarna_partner_account.shop
  id = "ref:shop-0042"
}
