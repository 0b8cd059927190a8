# The IP allow-list of the provider's own account, by the account ID. An allow-list that is
# NOT_ENABLED has nothing to import: create the resource instead.
terraform import klarna_ip_restriction.own krn:partner:global:account:live:PSPACCT1
