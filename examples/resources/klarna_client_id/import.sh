# A client ID of the provider's own account, by <credential_id> (or <account_id>/<credential_id>
# with the own account's ID: either form plans no change for a configuration with or without
# account_id).
terraform import klarna_client_id.storefront d3717f61-6f38-498d-9c37-c662623cf803

# A client ID of a partner account: <account_id>/<credential_id>.
terraform import klarna_client_id.storefront krn:partner:global:account:live:LYABCDEI/d3717f61-6f38-498d-9c37-c662623cf803

# The API never returns keepers: they stay null until the configuration sets them, which
# then only records them.
