# An API key of the provider's own account, by <credential_id> (or <account_id>/<credential_id>
# with the own account's ID: either form plans no change for a configuration with or without
# account_id).
terraform import klarna_api_key.backend 0b554535-d9bd-4a43-9bda-9ce1396bad0e

# An API key of a partner account: <account_id>/<credential_id>.
terraform import klarna_api_key.partner krn:partner:global:account:live:LYABCDEI/4241cf96-4312-4108-8a70-4c819e10609e

# The API never returns the secret or keepers: an imported key has api_key = null (its
# secret cannot be recovered) and keepers = null until the configuration sets them, which
# then only records them.
