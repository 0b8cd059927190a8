# The enforcement of an account, by <account_id>. An account with no enforcement set has nothing
# to import: create the resource instead.
terraform import klarna_mtls_enforcement.own krn:partner:global:account:live:PSPACCT1

# enforced_from is imported as the time the API stored; a configuration that says "NOW"
# for an enforcement already in effect only records it.
