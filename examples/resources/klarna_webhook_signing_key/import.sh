# A signing key of the provider's own account, by <signing_key_id> (or <account_id>/<signing_key_id>
# with the own account's ID).
terraform import klarna_webhook_signing_key.events 6c0f4a1e-2b7d-4e9a-8f31-0d5c2b9e7a14

# A signing key of a partner account: <account_id>/<signing_key_id>.
terraform import klarna_webhook_signing_key.partner krn:partner:global:account:live:LYABCDEI/1d7e3f2a-9c4b-4a8e-b6d5-3e2f1a0c9b87
