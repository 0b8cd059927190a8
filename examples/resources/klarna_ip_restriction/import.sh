# An account's IP allow-list, by the account ID.
terraform import klarna_ip_restriction.own krn:partner:global:account:live:LYABCDEI
