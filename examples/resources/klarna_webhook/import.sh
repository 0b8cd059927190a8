# A webhook of the provider's own account, by <webhook_id> (or <account_id>/<webhook_id> with the
# own account's ID).
terraform import klarna_webhook.events krn:partner:global:notification:webhook:0b554535-d9bd-4a43-9bda-9ce1396bad0e

# A webhook of a partner account: <account_id>/<webhook_id>.
terraform import klarna_webhook.partner krn:partner:global:account:live:LYABCDEI/krn:partner:global:notification:webhook:4241cf96-4312-4108-8a70-4c819e10609e
