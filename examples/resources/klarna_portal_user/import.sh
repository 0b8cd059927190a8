# A grant, by <account_id>/<on_behalf_of>/<email>: all three are required. Account KRNs
# never contain a slash, so the email is everything after the second slash and may contain
# slashes itself. The email is matched without regard to case; only the grant of exactly
# that person, account and on_behalf_of is imported, never another person's.
# Write the email in the case the configuration uses: an import in another case plans an
# in-place update that only records the configuration's case (no call to Klarna).
terraform import klarna_portal_user.developer krn:partner:global:account:live:LYABCDEI/krn:partner:global:account:live:LYABCDEI/dev@partner.example

# An address with a slash in it.
terraform import klarna_portal_user.ops krn:partner:global:account:live:LYABCDEI/krn:partner:global:account:live:LYABCDEI/team/ops@partner.example

# The signing inputs are never returned: they stay null until the configuration sets them,
# which then only records them. Importing, refreshing and destroying a grant need no
# signing identity.
