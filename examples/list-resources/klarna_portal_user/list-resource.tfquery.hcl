# Every Partner Portal grant the provider's account made, in every account.
list "klarna_portal_user" "all" {
  provider         = klarna
  include_resource = true
}

# One person's grants that are still invitations.
list "klarna_portal_user" "jane_invited" {
  provider = klarna
  config {
    email  = "jane@example.com"
    status = "INVITED"
  }
}
