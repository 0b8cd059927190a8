# By the acquiring partner's own reference of the partner (Klarna's resolvePartnerAccountId).
terraform import klarna_partner_account.shop ref:shop-0042

# By the partner account's ID (KRN).
terraform import klarna_partner_account.shop krn:partner:global:account:live:LYABCDEI
