# A certificate of the provider's own account, by <certificate_id> (or
# <account_id>/<certificate_id> with the own account's ID: either form plans no change for a
# configuration with or without account_id).
terraform import klarna_client_certificate.api 5fc0da21-bc57-40c2-960b-d0d8c977da3f

# A certificate of a partner account: <account_id>/<certificate_id>.
terraform import klarna_client_certificate.partner krn:partner:global:account:live:LYABCDEI/5fc0da21-bc57-40c2-960b-d0d8c977da3f

# The API never returns the CSR or the key: csr_pem and private_key_wo_version stay null
# until the configuration sets them, which then only records them (a CSR or key for
# another public key replaces the certificate).
