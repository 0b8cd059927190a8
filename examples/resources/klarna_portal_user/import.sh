# A grant, by <account_id>/<on_behalf_of>/<email>.
terraform import klarna_portal_user.developer krn:partner:global:account:live:LYABCDEI/krn:partner:global:account:live:LYABCDEI/dev@partner.example

# The signing inputs are never returned: they stay null until the configuration sets them,
# which then only records them.
